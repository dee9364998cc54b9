import { z } from 'zod';

/**
 * ProQOL role words. The ProQOL 5 licence allows one change to its items: the bracketed
 * role word. Four slots occur in the items and instructions, each a different part of
 * speech, so a preset must fill each with a form that reads as correct English:
 *
 * | slot        | part of speech | used as (item)                                         |
 * |-------------|----------------|--------------------------------------------------------|
 * | `[helper]`  | noun           | "my job as a [helper]" (7, 10, 12, 19, 27)              |
 * | `[help]`    | verb, both transitive and intransitive | "those I [help]" (2, 6, 8, 9, 13, 20, 23), "to [help] people" (3), "what I can do to [help]." (24) |
 * | `[helping]` | gerund / noun  | "because of my [helping]" (11, 25), "[helping] techniques and protocols" (16) |
 * | `[helped]`  | past participle | "someone I have [helped]" (14)                         |
 *
 * The presets, and why:
 * - helper (default): the generic words, unchanged.
 * - advocate: advocate / serve / advocacy / served. "Advocate for" fails item 24
 *   ("what I can do to advocate for."), so the verb is "serve", which works with and
 *   without an object; "my advocacy" and "advocacy techniques and protocols" read well.
 * - therapist: therapist / help / helping / helped. "Treat" fails item 24 (needs an
 *   object) and "my therapy" in items 11 and 25 reads as therapy the respondent
 *   receives, so the verbs stay generic.
 * - case-manager: case manager / serve / case management / served.
 * - custom: the organization's own noun for `[helper]`; the verbs stay generic, since
 *   we cannot inflect an arbitrary word safely.
 *
 * The indefinite article: "as a [helper]" must read "as an advocate". The article
 * directly before `[helper]` is treated as part of the role word and agrees with it; no
 * other word of an item is changed. `[work]` in item 21 ("case [work] load") is part of
 * the item and is left as printed.
 */

export interface RoleWords {
  /** Noun, e.g. "advocate". */
  readonly helper: string;
  /** Verb, usable with or without an object, e.g. "serve". */
  readonly help: string;
  /** Gerund or noun, e.g. "advocacy". */
  readonly helping: string;
  /** Past participle, e.g. "served". */
  readonly helped: string;
  /** Article for "a [helper]"; derived from the noun's first letter when absent. */
  readonly article?: 'a' | 'an';
}

export type RoleWordPresetId = 'helper' | 'advocate' | 'therapist' | 'case-manager';

export const ROLE_WORD_PRESETS: { readonly [K in RoleWordPresetId]: RoleWords } = Object.freeze({
  helper: Object.freeze({ helper: 'helper', help: 'help', helping: 'helping', helped: 'helped', article: 'a' }),
  advocate: Object.freeze({ helper: 'advocate', help: 'serve', helping: 'advocacy', helped: 'served', article: 'an' }),
  therapist: Object.freeze({ helper: 'therapist', help: 'help', helping: 'helping', helped: 'helped', article: 'a' }),
  'case-manager': Object.freeze({
    helper: 'case manager',
    help: 'serve',
    helping: 'case management',
    helped: 'served',
    article: 'a',
  }),
} as const);

export const DEFAULT_ROLE_WORDS: RoleWords = ROLE_WORD_PRESETS.helper;

export const roleWordPresetIds: readonly RoleWordPresetId[] = Object.freeze(
  Object.keys(ROLE_WORD_PRESETS) as RoleWordPresetId[],
);

export function isRoleWordPresetId(value: string): value is RoleWordPresetId {
  return Object.hasOwn(ROLE_WORD_PRESETS, value);
}

/**
 * An organization's custom role noun: letters (any script), spaces, hyphens and
 * apostrophes, 2–40 characters. No brackets or markup, since it is shown inside items.
 */
export const customRoleNounSchema = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^\p{L}[\p{L}\p{M} '’-]*$/u, 'use letters, spaces, hyphens or apostrophes only');

/**
 * Role words for a custom noun: the noun fills `[helper]`, the verbs stay generic.
 * Throws 'roleWordsForNoun: ...' when the noun is not a plain word or phrase.
 *
 * @example roleWordsForNoun('outreach worker') // { helper: 'outreach worker', help: 'help', ... article: 'an' }
 */
export function roleWordsForNoun(noun: string): RoleWords {
  const parsed = customRoleNounSchema.safeParse(noun);
  if (!parsed.success) {
    throw new Error(`roleWordsForNoun: "${noun}" is not a usable role word (${parsed.error.issues[0].message})`);
  }
  const helper = parsed.data;
  return Object.freeze({ helper, help: 'help', helping: 'helping', helped: 'helped', article: articleFor(helper) });
}

/**
 * Role words for an organization's setting, matching its stored `roleWord` preset and
 * optional custom noun (db: organizations.role_word / role_word_custom).
 *
 * @example getRoleWords('advocate').help === 'serve'
 */
export function getRoleWords(preset: RoleWordPresetId | 'custom', customNoun?: string | null): RoleWords {
  if (preset === 'custom') {
    if (!customNoun) throw new Error('getRoleWords: a custom role word needs its noun');
    return roleWordsForNoun(customNoun);
  }
  const words = ROLE_WORD_PRESETS[preset];
  if (!words) throw new Error(`getRoleWords: unknown role word preset "${String(preset)}"`);
  return words;
}

/** "an" before a vowel letter, else "a". A heuristic; presets state their article. */
function articleFor(noun: string): 'a' | 'an' {
  return /^[aeiou]/i.test(noun) ? 'an' : 'a';
}

const SLOT = /\b([Aa]) \[helper\]|\[(helper|helping|helped|help)\]/g;

/**
 * Replaces the ProQOL role-word slots in an item or the instructions. Only the four
 * slots (and the article "a" directly before `[helper]`) change; any other bracketed
 * text, such as `[work]` in item 21, is left as printed. Text without slots is
 * returned unchanged, so this is safe for any instrument's items. Cost O(length).
 *
 * @example renderItemText('I like my work as a [helper].', ROLE_WORD_PRESETS.advocate)
 *   // 'I like my work as an advocate.'
 * @example renderItemText('those I [help]', DEFAULT_ROLE_WORDS) // 'those I help'
 */
export function renderItemText(text: string, roleWords: RoleWords = DEFAULT_ROLE_WORDS): string {
  return text.replace(SLOT, (_match, article: string | undefined, slot: keyof RoleWords | undefined) => {
    if (article !== undefined) {
      const chosen = roleWords.article ?? articleFor(roleWords.helper);
      const cased = article === 'A' ? chosen[0].toUpperCase() + chosen.slice(1) : chosen;
      return `${cased} ${roleWords.helper}`;
    }
    return roleWords[slot as 'helper' | 'help' | 'helping' | 'helped'];
  });
}
