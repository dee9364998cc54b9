import { describe, expect, it } from 'vitest';
import { draftStorageKey } from '@/lib/checkin/types';
import {
  DRAFT_VERSION,
  clearDraft,
  hasAnyAnswer,
  loadDraft,
  newDraft,
  parseDraft,
  sanitizeProfile,
  saveDraft,
  serializeDraft,
  type DraftShape,
  type DraftStorage,
} from './draft';
import { EMPTY_ANSWERS, setAnswer } from './wizard-model';

const shape: DraftShape = {
  sections: {
    proqol: { itemIds: Array.from({ length: 30 }, (_, i) => i + 1), min: 1, max: 5 },
    vr: { itemIds: [1, 2, 3, 4, 5, 6, 7], min: 0, max: 5 },
    selfCare: null,
    orgCheck: null,
  },
  stepIds: ['proqol-1', 'proqol-2', 'proqol-3', 'vr-1', 'profile', 'review'],
  profileDue: true,
};

/** An in-memory Storage, optionally failing like a full or disabled one. */
function fakeStorage(fail: { get?: boolean; set?: boolean; remove?: boolean } = {}) {
  const data = new Map<string, string>();
  const storage: DraftStorage = {
    getItem: (k) => {
      if (fail.get) throw new Error('SecurityError');
      return data.get(k) ?? null;
    },
    setItem: (k, v) => {
      if (fail.set) throw new Error('QuotaExceededError');
      data.set(k, v);
    },
    removeItem: (k) => {
      if (fail.remove) throw new Error('SecurityError');
      data.delete(k);
    },
  };
  return { storage, data };
}

describe('serializeDraft / parseDraft', () => {
  it('round-trips answers, profile and step', () => {
    let answers = setAnswer(EMPTY_ANSWERS, 'proqol', 1, 5);
    answers = setAnswer(answers, 'vr', 7, 0);
    const draft = newDraft('vr-1', answers, { traumaHistory: 'yes', traumaCategories: ['sexualViolence'] });
    const parsed = parseDraft(serializeDraft(draft), shape);
    expect(parsed).toEqual({ ...draft, answers: { proqol: { '1': 5 }, vr: { '7': 0 }, selfCare: {}, orgCheck: {} } });
  });

  it('returns null for nothing, non-JSON, a non-object, or another version', () => {
    expect(parseDraft(null, shape)).toBeNull();
    expect(parseDraft('', shape)).toBeNull();
    expect(parseDraft('{"version":1,', shape)).toBeNull();
    expect(parseDraft('[1,2]', shape)).toBeNull();
    expect(parseDraft('"text"', shape)).toBeNull();
    expect(parseDraft(JSON.stringify({ version: 99, answers: {} }), shape)).toBeNull();
  });

  it('drops answers that no longer fit the form, keeping the rest', () => {
    const raw = JSON.stringify({
      version: DRAFT_VERSION,
      stepId: 'proqol-2',
      answers: {
        proqol: { '1': 3, '2': 6, '3': 0, '4': 2.5, '5': '4', '31': 3, x: 1, '6': null },
        vr: [1, 2],
        selfCare: { '1': 2 },
        extra: { '1': 1 },
      },
      profile: { role: 'advocate', yearsInField: 'forever', name: 'Ana' },
      savedAt: 42,
    });
    expect(parseDraft(raw, shape)).toEqual({
      version: DRAFT_VERSION,
      stepId: 'proqol-2',
      answers: { proqol: { '1': 3 }, vr: {}, selfCare: {}, orgCheck: {} },
      profile: { role: 'advocate' },
      savedAt: '',
    });
  });

  it('goes back to the first step when the stored step no longer exists', () => {
    const raw = JSON.stringify({ version: 1, stepId: 'selfCare-1', answers: { proqol: { '1': 1 } } });
    expect(parseDraft(raw, shape)?.stepId).toBe('proqol-1');
  });

  it('ignores a stored profile when the profile is not due', () => {
    const raw = serializeDraft(newDraft('review', EMPTY_ANSWERS, { role: 'advocate' }));
    expect(parseDraft(raw, { ...shape, profileDue: false })?.profile).toEqual({});
  });
});

describe('sanitizeProfile', () => {
  it('keeps valid option values only, and categories in option order without repeats', () => {
    expect(
      sanitizeProfile({
        traumaHistory: 'yes',
        traumaCategories: ['other', 'bogus', 'sexualViolence', 'other'],
        caseloadShare: '25to49',
        weeklyDirectServiceHours: 12,
        supervisionFrequency: 'preferNotToSay',
      }),
    ).toEqual({
      traumaHistory: 'yes',
      traumaCategories: ['sexualViolence', 'other'],
      caseloadShare: '25to49',
      supervisionFrequency: 'preferNotToSay',
    });
    expect(sanitizeProfile({ traumaCategories: 'preferNotToSay' })).toEqual({ traumaCategories: 'preferNotToSay' });
    expect(sanitizeProfile({ traumaCategories: 'nope' })).toEqual({});
    expect(sanitizeProfile(null)).toEqual({});
    expect(sanitizeProfile('x')).toEqual({});
  });
});

describe('loadDraft / saveDraft / clearDraft', () => {
  const key = draftStorageKey('cycle-1', 'owner-1');

  it('saves, restores and clears a draft', () => {
    const { storage, data } = fakeStorage();
    expect(loadDraft(storage, key, shape)).toEqual({ status: 'none' });
    const draft = newDraft('proqol-3', setAnswer(EMPTY_ANSWERS, 'proqol', 25, 2));
    expect(saveDraft(storage, key, draft)).toBe(true);
    expect(data.has('sustain:checkin:cycle-1:owner-1')).toBe(true);
    const loaded = loadDraft(storage, key, shape);
    expect(loaded.status).toBe('restored');
    if (loaded.status === 'restored') expect(loaded.draft.answers.proqol).toEqual({ '25': 2 });
    clearDraft(storage, key);
    expect(loadDraft(storage, key, shape)).toEqual({ status: 'none' });
  });

  it('reports corrupt JSON as corrupt, and a draft with no answers as none', () => {
    const { storage, data } = fakeStorage();
    data.set(key, '{not json');
    expect(loadDraft(storage, key, shape)).toEqual({ status: 'corrupt' });
    data.set(key, serializeDraft(newDraft('vr-1')));
    expect(loadDraft(storage, key, shape)).toEqual({ status: 'none' });
  });

  it('never throws when storage is missing, disabled or full', () => {
    expect(loadDraft(null, key, shape)).toEqual({ status: 'unavailable' });
    expect(saveDraft(null, key, newDraft('proqol-1'))).toBe(false);
    expect(() => clearDraft(null, key)).not.toThrow();
    const broken = fakeStorage({ get: true, set: true, remove: true }).storage;
    expect(loadDraft(broken, key, shape)).toEqual({ status: 'unavailable' });
    expect(saveDraft(broken, key, newDraft('proqol-1'))).toBe(false);
    expect(() => clearDraft(broken, key)).not.toThrow();
  });

  it('keeps drafts of different cycles apart', () => {
    const { storage } = fakeStorage();
    saveDraft(storage, draftStorageKey('a', 'owner-1'), newDraft('proqol-1', setAnswer(EMPTY_ANSWERS, 'proqol', 1, 1)));
    expect(loadDraft(storage, draftStorageKey('b', 'owner-1'), shape)).toEqual({ status: 'none' });
  });

  it('keeps drafts of different people apart (a shared computer)', () => {
    const { storage } = fakeStorage();
    saveDraft(storage, draftStorageKey('a', 'alice'), newDraft('proqol-1', setAnswer(EMPTY_ANSWERS, 'proqol', 1, 1)));
    expect(loadDraft(storage, draftStorageKey('a', 'bob'), shape)).toEqual({ status: 'none' });
  });
});

describe('hasAnyAnswer', () => {
  it('is true for one item answer or one profile answer', () => {
    expect(hasAnyAnswer({ answers: EMPTY_ANSWERS, profile: {} })).toBe(false);
    expect(hasAnyAnswer({ answers: setAnswer(EMPTY_ANSWERS, 'vr', 1, 0), profile: {} })).toBe(true);
    expect(hasAnyAnswer({ answers: EMPTY_ANSWERS, profile: { role: 'other' } })).toBe(true);
  });
});
