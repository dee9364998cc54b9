import { describe, expect, it } from 'vitest';
import { checkInPayloadSchema } from '@/lib/checkin/types';
import { profileAnswersSchema } from '@/lib/instruments';
import { proqol, selfCare, vr } from './test-fixtures';
import {
  EMPTY_ANSWERS,
  buildPayload,
  buildProfileAnswers,
  buildSteps,
  countStep,
  scalePoints,
  setAnswer,
  splitIntoPages,
  unansweredItemIds,
  unansweredMessage,
  type ItemsStep,
} from './wizard-model';

const full = { proqol, vr, selfCare, profileDue: true };

describe('splitIntoPages', () => {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('splits the 30 ProQOL items into pages 1–10, 11–20, 21–30', () => {
    const pages = splitIntoPages(range(30), 12);
    expect(pages.map((p) => [p[0], p[p.length - 1]])).toEqual([
      [1, 10],
      [11, 20],
      [21, 30],
    ]);
  });

  it('keeps 12 on one page, splits 27 into 9/9/9 and 13 into 7/6', () => {
    expect(splitIntoPages(range(12), 12).map((p) => p.length)).toEqual([12]);
    expect(splitIntoPages(range(27), 12).map((p) => p.length)).toEqual([9, 9, 9]);
    expect(splitIntoPages(range(13), 12).map((p) => p.length)).toEqual([7, 6]);
    expect(splitIntoPages([], 12)).toEqual([]);
  });

  it('keeps every item once, in order, and does not mutate its input', () => {
    const items = Object.freeze(range(41));
    expect(splitIntoPages(items, 10).flat()).toEqual(range(41));
  });

  it('names itself when maxPerPage is not a positive whole number', () => {
    expect(() => splitIntoPages([1], 0)).toThrow(/splitIntoPages/);
    expect(() => splitIntoPages([1], 1.5)).toThrow(/splitIntoPages/);
  });
});

describe('buildSteps', () => {
  it('gives 3 ProQOL pages, VR, self-care, profile and review: 7 steps', () => {
    const steps = buildSteps(full);
    expect(steps.map((s) => s.id)).toEqual(['proqol-1', 'proqol-2', 'proqol-3', 'vr-1', 'selfCare-1', 'profile', 'review']);
    expect(steps[0].title).toBe('Professional Quality of Life Scale, version 5 (ProQOL 5): questions 1–10 of 30');
    expect(steps[2].title).toMatch(/questions 21–30 of 30$/);
    expect(steps[3].title).toBe(vr.name);
    expect(steps[4].title).toBe('Self-care in the last 30 days');
    expect(steps.map((s) => s.shortTitle)).toEqual([
      'ProQOL, questions 1–10',
      'ProQOL, questions 11–20',
      'ProQOL, questions 21–30',
      'Vicarious resilience',
      'Self-care',
      'About you',
      'Review',
    ]);
    expect((steps[1] as ItemsStep).items.map((i) => i.id)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it('leaves out self-care when the cycle does not ask it, and the profile when it is not due', () => {
    const steps = buildSteps({ proqol, vr, selfCare: null, profileDue: false });
    expect(steps.map((s) => s.id)).toEqual(['proqol-1', 'proqol-2', 'proqol-3', 'vr-1', 'review']);
  });
});

describe('scalePoints', () => {
  it('labels each ProQOL point with its number and word', () => {
    expect(scalePoints(proqol.scale).map((p) => p.label)).toEqual([
      '1 Never',
      '2 Rarely',
      '3 Sometimes',
      '4 Often',
      '5 Very Often',
    ]);
  });

  it('shows just the number for a point a pack leaves unlabelled', () => {
    const points = scalePoints({ min: 1, max: 3, labels: [{ value: 1, label: 'Low' }, { value: 3, label: 'High' }] });
    expect(points).toEqual([
      { value: 1, label: '1 Low' },
      { value: 2, label: '2' },
      { value: 3, label: '3 High' },
    ]);
  });
});

describe('answers and counts', () => {
  const steps = buildSteps(full);
  const page1 = steps[0] as ItemsStep;

  it('setAnswer sets and clears one item without touching the original', () => {
    const a = setAnswer(EMPTY_ANSWERS, 'proqol', 3, 4);
    expect(a.proqol).toEqual({ '3': 4 });
    expect(EMPTY_ANSWERS.proqol).toEqual({});
    expect(setAnswer(a, 'proqol', 3, undefined).proqol).toEqual({});
  });

  it('lists the unanswered items of a page and counts them', () => {
    let a = EMPTY_ANSWERS;
    for (let id = 1; id <= 7; id++) a = setAnswer(a, 'proqol', id, 3);
    expect(unansweredItemIds(page1, a)).toEqual([8, 9, 10]);
    expect(countStep(page1, a, {})).toEqual({ answered: 7, total: 10 });
    expect(unansweredMessage(3)).toBe('3 items on this page are unanswered.');
    expect(unansweredMessage(1)).toBe('1 item on this page is unanswered.');
  });

  it('counts trauma categories as a profile question only after "yes"', () => {
    const profileStep = steps.find((s) => s.kind === 'profile')!;
    expect(countStep(profileStep, EMPTY_ANSWERS, {})).toEqual({ answered: 0, total: 6 });
    expect(countStep(profileStep, EMPTY_ANSWERS, { traumaHistory: 'no', role: 'advocate' })).toEqual({
      answered: 2,
      total: 6,
    });
    expect(countStep(profileStep, EMPTY_ANSWERS, { traumaHistory: 'yes', traumaCategories: [] })).toEqual({
      answered: 1,
      total: 7,
    });
    expect(
      countStep(profileStep, EMPTY_ANSWERS, { traumaHistory: 'yes', traumaCategories: 'preferNotToSay' }),
    ).toEqual({ answered: 2, total: 7 });
  });
});

describe('buildProfileAnswers', () => {
  it('is null when nothing was answered', () => {
    expect(buildProfileAnswers({})).toBeNull();
    expect(buildProfileAnswers({ traumaCategories: [] })).toBeNull();
  });

  it('drops categories kept from an earlier "yes" and empty category lists', () => {
    expect(buildProfileAnswers({ traumaHistory: 'no', traumaCategories: ['sexualViolence'] })).toEqual({
      traumaHistory: 'no',
    });
    expect(buildProfileAnswers({ traumaHistory: 'yes', traumaCategories: [] })).toEqual({ traumaHistory: 'yes' });
  });

  it('orders categories as the options and removes repeats, so the schema accepts them', () => {
    const built = buildProfileAnswers({
      traumaHistory: 'yes',
      traumaCategories: ['other', 'livedExperienceOfTrafficking', 'other'],
      role: 'preferNotToSay',
    });
    expect(built).toEqual({
      traumaHistory: 'yes',
      traumaCategories: ['livedExperienceOfTrafficking', 'other'],
      role: 'preferNotToSay',
    });
    expect(profileAnswersSchema.safeParse(built).success).toBe(true);
  });

  it('keeps "prefer not to say" for the categories', () => {
    const built = buildProfileAnswers({ traumaHistory: 'yes', traumaCategories: 'preferNotToSay' });
    expect(built).toEqual({ traumaHistory: 'yes', traumaCategories: 'preferNotToSay' });
    expect(profileAnswersSchema.safeParse(built).success).toBe(true);
  });
});

describe('buildPayload', () => {
  it('lists every item id, null when unanswered, and passes the payload schema', () => {
    let a = setAnswer(EMPTY_ANSWERS, 'proqol', 1, 5);
    a = setAnswer(a, 'vr', 7, 0);
    a = setAnswer(a, 'selfCare', 12, 4);
    const payload = buildPayload(full, a, { yearsInField: '3to5' });
    expect(Object.keys(payload.proqol)).toHaveLength(30);
    expect(payload.proqol['1']).toBe(5);
    expect(payload.proqol['2']).toBeNull();
    expect(Object.keys(payload.vr)).toHaveLength(7);
    expect(payload.vr['7']).toBe(0);
    expect(Object.keys(payload.selfCare!)).toHaveLength(12);
    expect(payload.selfCare!['12']).toBe(4);
    expect(payload.profile).toEqual({ yearsInField: '3to5' });
    expect(checkInPayloadSchema.safeParse(payload).success).toBe(true);
  });

  it('sends an all-null check-in (every item skipped) in the accepted shape', () => {
    const payload = buildPayload(full, EMPTY_ANSWERS, {});
    expect(Object.values(payload.proqol).every((v) => v === null)).toBe(true);
    expect(payload.profile).toBeNull();
    expect(checkInPayloadSchema.safeParse(payload).success).toBe(true);
  });

  it('sends selfCare null when not asked, and profile null when not due even if answered', () => {
    const payload = buildPayload({ proqol, vr, selfCare: null, profileDue: false }, EMPTY_ANSWERS, {
      role: 'advocate',
    });
    expect(payload.selfCare).toBeNull();
    expect(payload.profile).toBeNull();
    expect(checkInPayloadSchema.safeParse(payload).success).toBe(true);
  });

  it('ignores stray answers to item ids the instrument does not have', () => {
    const payload = buildPayload(full, setAnswer(EMPTY_ANSWERS, 'vr', 99, 3), {});
    expect(payload.vr['99']).toBeUndefined();
  });
});

describe('the organizational check step (issue 15)', () => {
  // Imported here so the earlier blocks stay as they were.
  const withOrg = async () => {
    const { orgCheck } = await import('./test-fixtures');
    const { answerOptions, missingOptionValue } = await import('./wizard-model');
    return { orgCheck, answerOptions, missingOptionValue };
  };

  it('comes after self-care and before the profile, as two pages (statements 1–8 and 9–15)', async () => {
    const { orgCheck } = await withOrg();
    const steps = buildSteps({ ...full, orgCheck });
    const ids = steps.map((s) => s.id);
    expect(ids.indexOf('orgCheck-1')).toBe(ids.indexOf('selfCare-1') + 1);
    expect(ids.indexOf('profile')).toBe(ids.indexOf('orgCheck-2') + 1);
    expect((steps.find((s) => s.id === 'orgCheck-1') as ItemsStep).items).toHaveLength(8);
    expect(buildSteps(full).some((s) => s.id.startsWith('orgCheck'))).toBe(false);
  });

  it('offers "Don\'t know" after the 1–5 scale and sends it, like a skipped item, as null', async () => {
    const { orgCheck, answerOptions, missingOptionValue } = await withOrg();
    const options = answerOptions(orgCheck);
    expect(options.map((o) => o.label)).toEqual([
      '1 Strongly disagree', '2 Disagree', '3 Neither agree nor disagree', '4 Agree', '5 Strongly agree', "Don't know",
    ]);
    let answers = setAnswer(EMPTY_ANSWERS, 'orgCheck', 4, 2);
    answers = setAnswer(answers, 'orgCheck', 5, missingOptionValue(orgCheck));
    const payload = buildPayload({ ...full, orgCheck }, answers, {});
    expect(payload.orgCheck).toMatchObject({ '4': 2, '5': null, '6': null });
    expect(Object.keys(payload.orgCheck!)).toHaveLength(15);
    expect(checkInPayloadSchema.safeParse(payload).success).toBe(true);
    // "Don't know" is a choice: it counts as answered on the page.
    const step = buildSteps({ ...full, orgCheck }).find((s) => s.id === 'orgCheck-1')!;
    expect(countStep(step, answers, {})).toEqual({ answered: 2, total: 8 });
    expect(buildPayload(full, answers, {})).not.toHaveProperty('orgCheck');
  });
});
