import { describe, expect, it } from 'vitest';
import { actionItemSchema, isCalendarDate, toggleTaskSchema, updateActionStatusSchema } from './actions';
import { cycleIdSchema, openCycleSchema, scheduleSchema } from './cycles';
import { formDataToObject, parseFormData } from './form';
import {
  createInvitationSchema,
  createTeamSchema,
  invitationIdSchema,
  membershipIdSchema,
  orgSettingsSchema,
  renameTeamSchema,
  teamIdSchema,
  updateMemberSchema,
} from './identity';

const UUID = '3f2b8a9e-4c1d-4e6f-9a7b-1c2d3e4f5a6b';

/** One valid submission per form schema (issue 12: each must refuse one more field). */
const VALID: [string, { safeParse(v: unknown): { success: boolean } }, Record<string, string>][] = [
  ['createTeamSchema', createTeamSchema, { name: 'Outreach' }],
  ['renameTeamSchema', renameTeamSchema, { teamId: UUID, name: 'Outreach' }],
  ['teamIdSchema', teamIdSchema, { teamId: UUID, intent: 'restore' }],
  ['membershipIdSchema', membershipIdSchema, { membershipId: UUID, intent: 'reactivate' }],
  ['invitationIdSchema', invitationIdSchema, { invitationId: UUID }],
  ['createInvitationSchema', createInvitationSchema, { role: 'staff', teamId: UUID, email: '', expiresInDays: '7' }],
  ['updateMemberSchema', updateMemberSchema, { membershipId: UUID, role: 'director', teamId: '' }],
  ['orgSettingsSchema', orgSettingsSchema, { name: 'Harbor House', minGroupSize: '5', roleWord: 'helper', supportText: 'Line 1\r\nLine 2' }],
  ['scheduleSchema', scheduleSchema, { cadence: 'monthly', openDay: '1', durationDays: '14', vrInstrument: 'brief-vr', reminderDaysBeforeClose: '2' }],
  ['openCycleSchema', openCycleSchema, { durationDays: '14', vrInstrument: UUID }],
  ['cycleIdSchema', cycleIdSchema, { cycleId: UUID }],
  ['actionItemSchema', actionItemSchema, { title: 'Debriefs', rationale: 'Why', priority: '1', startedOn: '2026-01-05' }],
  ['updateActionStatusSchema', updateActionStatusSchema, { actionId: UUID, status: 'done' }],
  ['toggleTaskSchema', toggleTaskSchema, { actionId: UUID, taskIndex: '0' }],
];

describe('form schemas (issue 12)', () => {
  it.each(VALID)('%s accepts its form and refuses any field the form does not send', (_name, schema, fields) => {
    expect(schema.safeParse(fields).success).toBe(true);
    for (const extra of ['orgId', 'role_', '__proto__', 'constructor']) {
      expect(schema.safeParse(Object.fromEntries([...Object.entries(fields), [extra, 'x']])).success, extra).toBe(false);
    }
  });

  it.each(VALID)('%s refuses a NUL byte in any of its fields', (_name, schema, fields) => {
    for (const key of Object.keys(fields)) {
      expect(schema.safeParse({ ...fields, [key]: `${fields[key] || 'x'}\u0000x` }).success, key).toBe(false);
    }
  });

  it('dates must be real calendar days (the database used to refuse them with a 500)', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    for (const bad of ['2023-02-29', '2024-02-30', '2024-13-01', '2024-00-10', '0000-01-01', '9999-12-31', '2024-1-1', '2024-01-01T00:00']) {
      expect(isCalendarDate(bad), bad).toBe(false);
    }
    const base = { title: 'x', rationale: 'y', priority: '1', startedOn: '2026-01-05' };
    expect(actionItemSchema.safeParse({ ...base, dueOn: '2026-02-30' }).success).toBe(false);
  });

  it('the VR measure is the built-in one or an installed pack id, nothing else', () => {
    for (const bad of ['proqol5', 'brief-vr\u0000', 'x'.repeat(10_000), "'; drop table cycles; --"]) {
      expect(openCycleSchema.safeParse({ durationDays: '14', vrInstrument: bad }).success, bad).toBe(false);
    }
  });

  it('multi-line texts keep line breaks, single-line texts refuse them', () => {
    expect(orgSettingsSchema.parse({ name: 'A', minGroupSize: '5', roleWord: 'helper', supportText: 'a\r\nb' }).supportText).toBe('a\nb');
    expect(createTeamSchema.safeParse({ name: 'a\nb' }).success).toBe(false);
    const tasks = actionItemSchema.parse({ title: 'x', rationale: 'y', priority: '1', startedOn: '2026-01-05', tasks: 'one\r\n\ntwo\t' }).tasks;
    expect(tasks).toEqual(['one', 'two']);
  });
});

describe('parseFormData (issue 12)', () => {
  it('refuses anything that is not FormData instead of throwing', () => {
    for (const junk of [null, undefined, 'name=x', 1, {}, [], new Map([['name', 'x']])]) {
      const r = parseFormData(createTeamSchema, junk);
      expect(r.success).toBe(false);
    }
  });

  it('refuses a file where a text field belongs (it used to be dropped, so optional fields read as empty)', () => {
    const fd = new FormData();
    fd.set('name', new File(['Outreach'], 'name.txt'));
    const r = parseFormData(createTeamSchema, fd);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.state.fieldErrors?.name?.[0]).toMatch(/not a file/);
  });

  it('keeps a "__proto__" field as a field (refused by the strict schema), never as the prototype', () => {
    const fd = new FormData();
    fd.append('__proto__', 'a');
    fd.append('__proto__', 'b');
    fd.set('name', 'Outreach');
    const obj = formDataToObject(fd);
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.hasOwn(obj, '__proto__')).toBe(true);
    const r = parseFormData(createTeamSchema, fd);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.state.message).toMatch(/fields this page does not use/);
  });
});
