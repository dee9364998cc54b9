import { describe, expect, it } from 'vitest';
import { PROQOL5 } from './proqol5';
import {
  DEFAULT_ROLE_WORDS,
  getRoleWords,
  renderItemText,
  ROLE_WORD_PRESETS,
  roleWordPresetIds,
  roleWordsForNoun,
  type RoleWords,
} from './role-words';

const item = (id: number) => PROQOL5.items.find((i) => i.id === id)!.text;
const SLOT = /\[(helper|help|helping|helped)\]/;

describe('renderItemText', () => {
  it('keeps the generic words by default, changing nothing but the brackets', () => {
    for (const { text } of PROQOL5.items) {
      expect(renderItemText(text)).toBe(text.replace(/\[(helper|help|helping|helped)\]/g, '$1'));
    }
    expect(DEFAULT_ROLE_WORDS).toEqual({ helper: 'helper', help: 'help', helping: 'helping', helped: 'helped', article: 'a' });
  });

  it('leaves [work] in item 21 as printed, and text without slots unchanged', () => {
    expect(renderItemText(item(21), ROLE_WORD_PRESETS.advocate)).toBe(item(21));
    expect(item(21)).toContain('case [work] load');
    expect(renderItemText('I am happy.', ROLE_WORD_PRESETS.advocate)).toBe('I am happy.');
  });

  it('renders the advocate preset in correct English, article included', () => {
    const advocate = ROLE_WORD_PRESETS.advocate;
    expect(renderItemText(item(10), advocate)).toBe('I feel trapped by my job as an advocate.');
    expect(renderItemText(item(2), advocate)).toBe('I am preoccupied with more than one person I serve.');
    expect(renderItemText(item(24), advocate)).toBe('I am proud of what I can do to serve.');
    expect(renderItemText(item(11), advocate)).toBe('Because of my advocacy, I have felt "on edge" about various things.');
    expect(renderItemText(item(16), advocate)).toBe(
      'I am pleased with how I am able to keep up with advocacy techniques and protocols.',
    );
    expect(renderItemText(item(14), advocate)).toBe('I feel as though I am experiencing the trauma of someone I have served.');
    expect(renderItemText(item(27), advocate)).toBe('I have thoughts that I am a "success" as an advocate.');
  });

  it('renders the case manager and therapist presets', () => {
    expect(renderItemText(item(25), ROLE_WORD_PRESETS['case-manager'])).toBe(
      'As a result of my case management, I have intrusive, frightening thoughts.',
    );
    expect(renderItemText(item(12), ROLE_WORD_PRESETS['case-manager'])).toBe('I like my work as a case manager.');
    expect(renderItemText(item(19), ROLE_WORD_PRESETS.therapist)).toBe('I feel worn out because of my work as a therapist.');
    expect(renderItemText(item(9), ROLE_WORD_PRESETS.therapist)).toBe(
      'I think that I might have been affected by the traumatic stress of those I help.',
    );
  });

  it.each(roleWordPresetIds)('leaves no slot unfilled with the %s preset (items and instructions)', (id) => {
    const words = ROLE_WORD_PRESETS[id];
    for (const { text } of PROQOL5.items) expect(renderItemText(text, words)).not.toMatch(SLOT);
    expect(renderItemText(PROQOL5.instructions!, words)).not.toMatch(SLOT);
    expect(renderItemText(PROQOL5.instructions!, words)).not.toMatch(/\ba [aeiou]/i);
  });

  it('capitalizes the article at the start of a sentence', () => {
    const words: RoleWords = { ...DEFAULT_ROLE_WORDS, helper: 'interpreter', article: 'an' };
    expect(renderItemText('A [helper] listens.', words)).toBe('An interpreter listens.');
  });
});

describe('custom role words', () => {
  it('uses the noun for [helper] only and keeps verbs generic, with the right article', () => {
    const words = roleWordsForNoun('  outreach worker ');
    expect(words).toEqual({ helper: 'outreach worker', help: 'help', helping: 'helping', helped: 'helped', article: 'an' });
    expect(renderItemText(item(7), words)).toBe(
      'I find it difficult to separate my personal life from my life as an outreach worker.',
    );
    expect(renderItemText(item(7), roleWordsForNoun('nurse'))).toMatch(/as a nurse\.$/);
  });

  it('refuses markup or brackets in a custom noun', () => {
    expect(() => roleWordsForNoun('[helper]')).toThrow(/^roleWordsForNoun: /);
    expect(() => roleWordsForNoun('<b>x</b>')).toThrow(/^roleWordsForNoun: /);
    expect(() => roleWordsForNoun('x')).toThrow(/^roleWordsForNoun: /);
  });

  it('getRoleWords maps the organization setting to words', () => {
    expect(getRoleWords('advocate')).toBe(ROLE_WORD_PRESETS.advocate);
    expect(getRoleWords('custom', 'social worker').helper).toBe('social worker');
    expect(() => getRoleWords('custom')).toThrow(/^getRoleWords: /);
    expect(() => getRoleWords('nope' as 'helper')).toThrow(/^getRoleWords: unknown/);
  });
});
