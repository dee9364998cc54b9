import { describe, expect, it } from 'vitest';
import { parseInput } from './form';
import { createInvitationSchema, orgSettingsSchema, signUpSchema, updateMemberSchema } from './identity';

const settings = { name: 'Agency', minGroupSize: '5', roleWord: 'helper' };

describe('form validation gives a specific message per case', () => {
  it('k must be a whole number from 3 to 50', () => {
    const low = parseInput(orgSettingsSchema, { ...settings, minGroupSize: '2' });
    expect(!low.success && low.state.fieldErrors?.minGroupSize?.[0]).toMatch(/cannot be below 3: smaller groups could identify individuals/);
    const high = parseInput(orgSettingsSchema, { ...settings, minGroupSize: '51' });
    expect(!high.success && high.state.fieldErrors?.minGroupSize?.[0]).toBe('The minimum reporting group size can be at most 50.');
    const frac = parseInput(orgSettingsSchema, { ...settings, minGroupSize: '4.5' });
    expect(frac.success).toBe(false);
    expect(parseInput(orgSettingsSchema, settings).success).toBe(true);
  });

  it('a custom role word must be given when "custom" is chosen', () => {
    const r = parseInput(orgSettingsSchema, { ...settings, roleWord: 'custom' });
    expect(!r.success && r.state.fieldErrors?.roleWordCustom?.[0]).toMatch(/custom role word/);
    expect(parseInput(orgSettingsSchema, { ...settings, roleWord: 'custom', roleWordCustom: 'navigator' }).success).toBe(true);
  });

  it('sign-up: password length, matching confirmation, email shape; the email is normalized', () => {
    const base = { agencyName: 'A', name: 'N', email: ' Ada@Example.ORG ', password: 'long enough pass', confirmPassword: 'long enough pass' };
    const ok = parseInput(signUpSchema, base);
    expect(ok.success && ok.data.email).toBe('ada@example.org');
    const short = parseInput(signUpSchema, { ...base, password: 'short', confirmPassword: 'short' });
    expect(!short.success && short.state.fieldErrors?.password).toEqual(['Use at least 12 characters.']);
    const mismatch = parseInput(signUpSchema, { ...base, confirmPassword: 'something else!' });
    expect(!mismatch.success && mismatch.state.fieldErrors?.confirmPassword).toEqual(['The passwords do not match.']);
    const email = parseInput(signUpSchema, { ...base, email: 'not-an-email' });
    expect(!email.success && email.state.fieldErrors?.email?.[0]).toMatch(/valid email address/);
  });

  it('invitations: staff need a team; links last 1–30 days (default 14)', () => {
    const noTeam = parseInput(createInvitationSchema, { role: 'staff' });
    expect(!noTeam.success && noTeam.state.fieldErrors?.teamId).toEqual(['Staff members need a team.']);
    const director = parseInput(createInvitationSchema, { role: 'director' });
    expect(director.success && director.data.expiresInDays).toBe(14);
    const long = parseInput(createInvitationSchema, { role: 'director', expiresInDays: '31' });
    expect(!long.success && long.state.fieldErrors?.expiresInDays).toEqual(['Links can last at most 30 days.']);
    const admin = parseInput(createInvitationSchema, { role: 'admin' });
    expect(admin.success).toBe(false);
  });

  it('member updates: staff need a team', () => {
    const r = parseInput(updateMemberSchema, { membershipId: '00000000-0000-4000-8000-000000000000', role: 'staff' });
    expect(!r.success && r.state.fieldErrors?.teamId).toEqual(['Staff members need a team.']);
  });
});
