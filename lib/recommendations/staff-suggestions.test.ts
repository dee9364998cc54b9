import { describe, expect, it } from 'vitest';
import { suggestForStaff, type StaffSuggestionInput } from './staff-suggestions';

const base: StaffSuggestionInput = {
  cs: { value: 40, level: 'moderate' },
  bo: { value: 20, level: 'low' },
  sts: { value: 20, level: 'low' },
  vr: { value: 25, level: 'high' },
  practices: {
    personalTherapy: 3,
    clinicalSupervision: 3,
    peerSupport: 3,
    advocacy: 3,
    physicalActivity: 3,
    sleepAndRest: 3,
    mindfulnessOrSpiritualPractice: 3,
    familyAndFriends: 3,
    hobbiesAndCreativeWork: 3,
    workHomeBoundaries: 3,
    timeOff: 3,
    professionalTraining: 3,
  },
};

describe('suggestForStaff', () => {
  it('suggests nothing pressing to someone low on BO and STS who does everything regularly', () => {
    expect(suggestForStaff(base).map((s) => s.id)).toEqual([]);
  });

  it('high STS comes first, with the score in its reason', () => {
    const s = suggestForStaff({ ...base, sts: { value: 43, level: 'high' }, practices: { ...base.practices, personalTherapy: 0 } });
    expect(s[0]!.id).toBe('sts-support');
    expect(s[0]!.reason).toBe('Your secondary traumatic stress score (43) is in the high range.');
    expect(s.map((x) => x.id)).toContain('personal-therapy');
  });

  it('personal therapy is suggested only when rare AND BO or STS is above low (2022 study)', () => {
    const rare = { ...base.practices, personalTherapy: 1 };
    expect(suggestForStaff({ ...base, practices: rare }).map((s) => s.id)).not.toContain('personal-therapy');
    expect(suggestForStaff({ ...base, bo: { value: 30, level: 'moderate' }, practices: rare }).map((s) => s.id)).toContain('personal-therapy');
  });

  it('boundaries for moderate burnout with rare time off; a narrow range of practices', () => {
    const narrow = Object.fromEntries(Object.keys(base.practices).map((k) => [k, 0]));
    const ids = suggestForStaff({ ...base, bo: { value: 30, level: 'moderate' }, practices: narrow }).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['boundaries', 'range', 'advocacy', 'personal-therapy', 'peer-support']));
  });

  it('no self-care asked: no practice-based suggestions', () => {
    const ids = suggestForStaff({ ...base, bo: { value: 30, level: 'moderate' }, practices: {} }).map((s) => s.id);
    expect(ids).toEqual([]);
  });
});
