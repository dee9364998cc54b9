import { describe, expect, it } from 'vitest';
import { getProfilePredictors, getProfileRole, profileAnswersSchema } from './profile';

describe('profileAnswersSchema', () => {
  it('accepts an empty profile: every question is optional', () => {
    expect(profileAnswersSchema.parse({})).toEqual({});
  });

  it('accepts "prefer not to say" for every question', () => {
    const all = {
      traumaHistory: 'preferNotToSay',
      yearsInField: 'preferNotToSay',
      role: 'preferNotToSay',
      caseloadShare: 'preferNotToSay',
      weeklyDirectServiceHours: 'preferNotToSay',
      supervisionFrequency: 'preferNotToSay',
    } as const;
    expect(profileAnswersSchema.parse(all)).toEqual(all);
    expect(
      profileAnswersSchema.parse({ traumaHistory: 'yes', traumaCategories: 'preferNotToSay' }).traumaCategories,
    ).toBe('preferNotToSay');
  });

  it('takes categories only after "yes", without repeats, and rejects unknown values and fields', () => {
    expect(profileAnswersSchema.safeParse({ traumaHistory: 'no', traumaCategories: ['sexualViolence'] }).success).toBe(false);
    expect(profileAnswersSchema.safeParse({ traumaCategories: ['sexualViolence'] }).success).toBe(false);
    const repeated = profileAnswersSchema.safeParse({
      traumaHistory: 'yes',
      traumaCategories: ['sexualViolence', 'sexualViolence'],
    });
    expect(repeated.success).toBe(false);
    expect(repeated.error?.issues[0].path).toEqual(['traumaCategories', 1]);
    expect(profileAnswersSchema.safeParse({ traumaHistory: 'yes', traumaCategories: [] }).success).toBe(false);
    expect(profileAnswersSchema.safeParse({ yearsInField: '100' }).success).toBe(false);
    expect(profileAnswersSchema.safeParse({ name: 'Ana' }).success).toBe(false);
  });
});

describe('getProfilePredictors', () => {
  it('turns bands into midpoints and yes/no into 0/1', () => {
    const answers = profileAnswersSchema.parse({
      traumaHistory: 'yes',
      traumaCategories: ['livedExperienceOfTrafficking', 'other'],
      yearsInField: '3to5',
      caseloadShare: '25to49',
      weeklyDirectServiceHours: '20to29',
      supervisionFrequency: 'weekly',
      role: 'advocate',
    });
    expect(getProfilePredictors(answers)).toEqual({
      traumaHistory: 1,
      livedExperienceOfTrafficking: 1,
      yearsInField: 4.5,
      caseloadShare: 0.375,
      weeklyDirectServiceHours: 25,
      supervisionPerMonth: 52 / 12,
    });
    expect(getProfileRole(answers)).toBe('advocate');
  });

  it('gives null for unanswered and "prefer not to say", and 0 where the answer implies it', () => {
    expect(getProfilePredictors({})).toEqual({
      traumaHistory: null,
      livedExperienceOfTrafficking: null,
      yearsInField: null,
      caseloadShare: null,
      weeklyDirectServiceHours: null,
      supervisionPerMonth: null,
    });
    const declined = profileAnswersSchema.parse({
      traumaHistory: 'preferNotToSay',
      yearsInField: 'preferNotToSay',
      caseloadShare: 'none',
      supervisionFrequency: 'never',
      role: 'preferNotToSay',
    });
    expect(getProfilePredictors(declined)).toMatchObject({
      traumaHistory: null,
      livedExperienceOfTrafficking: null,
      yearsInField: null,
      caseloadShare: 0,
      supervisionPerMonth: 0,
    });
    expect(getProfileRole(declined)).toBeNull();
    expect(getProfilePredictors({ traumaHistory: 'no' }).livedExperienceOfTrafficking).toBe(0);
    expect(getProfilePredictors({ traumaHistory: 'yes', traumaCategories: ['sexualViolence'] })).toMatchObject({
      traumaHistory: 1,
      livedExperienceOfTrafficking: 0,
    });
    expect(getProfilePredictors({ traumaHistory: 'yes' }).livedExperienceOfTrafficking).toBeNull();
  });
});
