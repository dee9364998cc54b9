/**
 * Sustain's recommendation catalog, written by us. Each entry names its audience, what
 * to do, its external evidence with a grade, and the agency signals that make it relevant.
 * PURE data.
 *
 * ## Sources
 * - 'study': Corbett-Hone, M., & Johnson, J. (2022), a multiple-regression study of 89
 *   professionals serving survivors of human trafficking: personal therapy and advocacy
 *   were associated with better outcomes, a wider range of self-care with lower burnout
 *   and STS, and personal trauma history acted as a protective factor.
 * - 'proqol': the ProQOL 5 manual (Stamm, 2010). Its score guidance says a high STS score
 *   is a reason to think about what at work may be frightening and to talk it over with a
 *   supervisor, a colleague or a health-care professional, and that a high burnout score
 *   may reflect feeling ineffective at work or being in need of time off.
 * - 'vtorg': the Vicarious Trauma Organizational Readiness Guide (VT-ORG; Office for
 *   Victims of Crime Vicarious Trauma Toolkit), one of its five domains: Leadership &
 *   Mission; Management & Supervision; Employee Empowerment & Work Environment; Training
 *   & Professional Development; Staff Health & Wellness.
 * The engine adds 'agency' (a published level or within-person change), 'driver' (a
 * flagged favourable association from the agency's joint practice model, with its CI)
 * and 'caution' (reverse causation) items; catalog entries never carry those.
 *
 * ## Evidence grades
 * A grade rates the external evidence for the ACTION, not the agency's need for it.
 * - A: the practice itself went with better outcomes in this workforce (the 2022 study).
 *   It is the most direct evidence there is for anti-trafficking staff, but it is one
 *   cross-sectional study of 89 people: an association, not a trial. Only A entries are
 *   shown when nothing in the agency's results points to them.
 * - B: ProQOL 5 guidance on what a high STS or burnout score calls for, or a study finding
 *   that supports the action only indirectly.
 * - C: VT-ORG organizational guidance alone: expert consensus for victim-services
 *   agencies, not tested against outcomes in this workforce.
 *
 * Director entries and their grades:
 * | entry                      | grade | reason                                                                                      |
 * |----------------------------|-------|---------------------------------------------------------------------------------------------|
 * | dir-therapy-access         | A     | personal therapy was associated with better outcomes (study)                                |
 * | dir-advocacy-time          | A     | advocacy and activism were associated with better outcomes (study)                          |
 * | dir-wellness-time          | A     | a wider range of self-care went with lower burnout and STS (study)                           |
 * | dir-reflective-supervision | B     | ProQOL 5: high STS is a reason to talk with a supervisor; VT-ORG Management & Supervision   |
 * | dir-peer-debrief           | B     | ProQOL 5: high STS is a reason to talk with a colleague; VT-ORG Staff Health & Wellness     |
 * | dir-caseload-balance       | B     | ProQOL 5: STS follows exposure to others' trauma at work; VT-ORG workload management        |
 * | dir-workload-review        | B     | ProQOL 5: burnout goes with feeling ineffective and with workload; VT-ORG work environment  |
 * | dir-time-off               | B     | ProQOL 5: a high burnout score may mean a need for time off; VT-ORG leave policies          |
 * | dir-lived-experience       | B     | trauma history was protective (study), but valuing lived experience was not itself tested   |
 * | dir-boundaries-policy      | C     | VT-ORG Employee Empowerment & Work Environment only                                         |
 * | dir-vt-training            | C     | VT-ORG Training & Professional Development only                                             |
 * | dir-celebrate-impact       | C     | VT-ORG Leadership & Mission; ProQOL 5 defines CS but gives no action for it                  |
 * | dir-participation          | C     | VT-ORG Leadership & Mission (trustworthy communication)                                     |
 * | dir-team-sts-rising        | C     | VT-ORG Management & Supervision (monitor and respond to signs of vicarious trauma)          |
 * | dir-team-worsening         | C     | VT-ORG Management & Supervision (as above)                                                  |
 *
 * ## Triggers
 * A director entry is triggered by unfavourable agency signals on the measures it aims to
 * move and its evidence speaks to: a published level (STS high, burnout above low, CS or VR
 * low) or a flagged within-person change (STS or burnout rose, CS or VR fell). So
 * supervision, peer debriefing and caseload balance answer STS only (their ProQOL evidence
 * is about STS), and advocacy answers CS and VR only (burnout already calls up the entries
 * whose evidence is about burnout; advocacy still appears on the study's strength). Two
 * exceptions, by design: the team check-in entries respond to changes only (a level that
 * has been high for months is not "what has changed"), and the participation entry to low
 * participation only. Staff entries have no triggers here: staff suggestions are chosen in
 * staff-suggestions.ts.
 *
 * ## Reverse causation
 * Entries about therapy and supervision always carry a note: staff under strain seek them
 * more, so an association between them and scores, in the study or in the agency, may run
 * the other way.
 */
import type { PillarCode } from '@/lib/instruments/org-check';

export type Audience = 'staff' | 'director';

export type VtOrgDomain =
  | 'Leadership & Mission'
  | 'Management & Supervision'
  | 'Employee Empowerment & Work Environment'
  | 'Training & Professional Development'
  | 'Staff Health & Wellness';

export type EvidenceGrade = 'A' | 'B' | 'C';

/** What each grade means, in words a director can read. */
export const GRADE_MEANING: Readonly<Record<EvidenceGrade, string>> = Object.freeze({
  A: 'the practice went with better outcomes in research with anti-trafficking service providers',
  B: 'professional guidance on what these scores call for, or indirect research evidence',
  C: 'organizational guidance from the VT-ORG, not tested against outcomes in this workforce',
});

/**
 * An agency signal that can make an entry relevant. Levels come from the latest closed
 * cycle's published cells; changes from flagged within-person changes.
 */
export type AgencySignalKind =
  | 'sts-high'
  | 'bo-above-low'
  | 'cs-low'
  | 'vr-low'
  | 'sts-rose'
  | 'bo-rose'
  | 'cs-fell'
  | 'vr-fell'
  | 'participation-low'
  /** A pillar of the organizational check with a low published agency mean (issue 15); matched by `pillars`, never listed in triggers. */
  | 'pillar-low';

export interface Evidence {
  kind: 'study' | 'proqol' | 'vtorg' | 'agency' | 'driver' | 'caution';
  text: string;
  domain?: VtOrgDomain;
}

export interface CatalogEntry {
  id: string;
  audience: Audience;
  title: string;
  text: string;
  /** The measures it aims to move, for the action plan's "did it help?". */
  measures: ('cs' | 'bo' | 'sts' | 'vr')[];
  /**
   * The pillar(s) of the organizational check it serves (issue 15): the VT-ORG area its
   * evidence names, or for an entry without one, the area whose practice it is. A low
   * published mean of one of them triggers the entry and ranks it first (engine.ts).
   */
  pillars: readonly PillarCode[];
  /** Self-care practices (driver keys) whose agency association may support it. */
  practices: readonly string[];
  grade: EvidenceGrade;
  /** Agency signals that make it relevant (director entries). */
  triggers: readonly AgencySignalKind[];
  /** Plain statement of reverse causation where it applies, else null. */
  reverseCausation: string | null;
  evidence: Evidence[];
}

const STUDY = 'Corbett-Hone & Johnson (2022), 89 anti-trafficking service providers';
const vt = (domain: VtOrgDomain, text: string): Evidence => ({ kind: 'vtorg', domain, text: `VT-ORG, ${domain}: ${text}` });

const THERAPY_REVERSE =
  'Staff under strain seek therapy more, so an agency association between therapy and scores may run the other way.';
const SUPERVISION_REVERSE =
  'Staff under strain seek supervision more, so an agency association between supervision and scores may run the other way.';

const STS_LEVEL_OR_RISE: AgencySignalKind[] = ['sts-high', 'sts-rose'];
const BO_LEVEL_OR_RISE: AgencySignalKind[] = ['bo-above-low', 'bo-rose'];
const CS_VR_LOW_OR_FELL: AgencySignalKind[] = ['cs-low', 'vr-low', 'cs-fell', 'vr-fell'];

export const CATALOG: readonly CatalogEntry[] = Object.freeze([
  // ── Director: organizational practices, by VT-ORG domain ──
  {
    id: 'dir-therapy-access',
    audience: 'director',
    title: 'Make personal therapy easy to reach',
    text: 'Publicize the EAP and local trauma-informed therapists, cover or subsidize sessions, and let staff attend during work hours without using leave.',
    measures: ['bo', 'sts'],
    pillars: ['org_hw'],
    practices: ['personalTherapy'],
    grade: 'A',
    triggers: [...STS_LEVEL_OR_RISE, ...BO_LEVEL_OR_RISE],
    reverseCausation: THERAPY_REVERSE,
    evidence: [
      { kind: 'study', text: `${STUDY}: personal therapy was associated with better professional quality of life.` },
      vt('Staff Health & Wellness', 'access to counseling and wellness resources.'),
    ],
  },
  {
    id: 'dir-advocacy-time',
    audience: 'director',
    title: 'Give staff time for advocacy and systems change',
    text: 'Set aside paid hours for policy work, awareness events or coalition meetings, so staff can act on causes beyond individual cases.',
    measures: ['cs', 'vr', 'bo'],
    pillars: ['org_lm'],
    practices: ['advocacy'],
    grade: 'A',
    triggers: CS_VR_LOW_OR_FELL,
    reverseCausation: null,
    evidence: [
      { kind: 'study', text: `${STUDY}: advocacy and activism were associated with better outcomes.` },
      vt('Leadership & Mission', 'connecting staff to the mission and to social change.'),
    ],
  },
  {
    id: 'dir-reflective-supervision',
    audience: 'director',
    title: 'Guarantee regular reflective supervision',
    text: 'Hold at least twice-monthly supervision that makes room for the emotional impact of cases, not only case logistics.',
    measures: ['sts', 'bo'],
    pillars: ['org_ms'],
    practices: ['clinicalSupervision'],
    grade: 'B',
    triggers: STS_LEVEL_OR_RISE,
    reverseCausation: SUPERVISION_REVERSE,
    evidence: [
      { kind: 'proqol', text: 'ProQOL 5 manual: a high secondary traumatic stress score is a reason to talk it over with a supervisor, a colleague or a health-care professional.' },
      vt('Management & Supervision', 'regular, trauma-informed supervision that addresses vicarious trauma.'),
    ],
  },
  {
    id: 'dir-peer-debrief',
    audience: 'director',
    title: 'Create structured peer debriefing',
    text: 'Schedule a facilitated peer debrief after critical incidents and a regular peer support circle.',
    measures: ['sts'],
    pillars: ['org_hw'],
    practices: ['peerSupport'],
    grade: 'B',
    triggers: STS_LEVEL_OR_RISE,
    reverseCausation: null,
    evidence: [
      { kind: 'proqol', text: 'ProQOL 5 manual: a high secondary traumatic stress score is a reason to talk it over with a colleague, a supervisor or a health-care professional.' },
      vt('Staff Health & Wellness', 'peer support and debriefing after exposure to traumatic material.'),
    ],
  },
  {
    id: 'dir-caseload-balance',
    audience: 'director',
    title: 'Balance exposure across caseloads',
    text: 'Review how cases with severe trauma exposure are distributed, and mix caseloads so no one carries only the heaviest stories.',
    measures: ['sts', 'bo'],
    pillars: ['org_ms'],
    practices: [],
    grade: 'B',
    triggers: STS_LEVEL_OR_RISE,
    reverseCausation: null,
    evidence: [
      { kind: 'proqol', text: 'ProQOL 5 manual: secondary traumatic stress follows exposure to others\u2019 traumatic events at work.' },
      vt('Management & Supervision', 'workload and caseload management as a protection against vicarious trauma.'),
    ],
  },
  {
    id: 'dir-workload-review',
    audience: 'director',
    title: 'Review workload and remove low-value tasks',
    text: 'Ask teams which administrative tasks could be dropped or shared, and protect time for documentation within the work week.',
    measures: ['bo'],
    pillars: ['org_ee'],
    practices: [],
    grade: 'B',
    triggers: BO_LEVEL_OR_RISE,
    reverseCausation: null,
    evidence: [
      { kind: 'proqol', text: 'ProQOL 5 manual: burnout is associated with feelings of hopelessness and difficulty doing the job effectively, often tied to workload and a non-supportive environment.' },
      vt('Employee Empowerment & Work Environment', 'manageable workloads and staff input into how work is organized.'),
    ],
  },
  {
    id: 'dir-time-off',
    audience: 'director',
    title: 'Make taking leave normal',
    text: 'Track leave balances, encourage staff to use them, and arrange coverage so time off is real time off.',
    measures: ['bo'],
    pillars: ['org_hw'],
    practices: ['timeOff'],
    grade: 'B',
    triggers: BO_LEVEL_OR_RISE,
    reverseCausation: null,
    evidence: [
      { kind: 'proqol', text: 'ProQOL 5 manual: a high burnout score may mean that a person is in need of some time off.' },
      vt('Staff Health & Wellness', 'policies that encourage leave and recovery time.'),
    ],
  },
  {
    id: 'dir-boundaries-policy',
    audience: 'director',
    title: 'Set an after-hours contact policy',
    text: 'Agree when staff are not expected to answer messages, with an on-call rota for real emergencies.',
    measures: ['bo'],
    pillars: ['org_ee'],
    practices: ['workHomeBoundaries'],
    grade: 'C',
    triggers: BO_LEVEL_OR_RISE,
    reverseCausation: null,
    evidence: [vt('Employee Empowerment & Work Environment', 'boundaries between work and personal time.')],
  },
  {
    id: 'dir-vt-training',
    audience: 'director',
    title: 'Train everyone on vicarious trauma and resilience',
    text: 'Offer training on recognizing secondary traumatic stress and on building vicarious resilience, for new and existing staff.',
    measures: ['sts', 'vr'],
    pillars: ['org_td'],
    practices: ['professionalTraining'],
    grade: 'C',
    triggers: [...STS_LEVEL_OR_RISE, 'vr-low', 'vr-fell'],
    reverseCausation: null,
    evidence: [vt('Training & Professional Development', 'vicarious trauma education for all staff.')],
  },
  {
    id: 'dir-celebrate-impact',
    audience: 'director',
    title: 'Share stories of survivor resilience and team impact',
    text: 'Open team meetings with a moment of progress or a survivor\u2019s strength (with consent), to feed compassion satisfaction and vicarious resilience.',
    measures: ['cs', 'vr'],
    pillars: ['org_lm'],
    practices: [],
    grade: 'C',
    triggers: CS_VR_LOW_OR_FELL,
    reverseCausation: null,
    evidence: [
      vt('Leadership & Mission', 'leaders who recognize staff contributions and the meaning of the work.'),
      { kind: 'proqol', text: 'ProQOL 5 manual: compassion satisfaction is the pleasure derived from doing the work well.' },
    ],
  },
  {
    id: 'dir-wellness-time',
    audience: 'director',
    title: 'Protect time for wellness during the work day',
    text: 'Allow short breaks after difficult sessions, and offer an hour a week for movement, mindfulness or rest.',
    measures: ['bo', 'sts'],
    pillars: ['org_hw'],
    practices: ['physicalActivity', 'mindfulnessOrSpiritualPractice', 'sleepAndRest'],
    grade: 'A',
    triggers: [...STS_LEVEL_OR_RISE, ...BO_LEVEL_OR_RISE],
    reverseCausation: null,
    evidence: [
      { kind: 'study', text: `${STUDY}: a wider range of self-care practices was associated with lower burnout and STS.` },
      vt('Staff Health & Wellness', 'wellness activities supported during work time.'),
    ],
  },
  {
    id: 'dir-participation',
    audience: 'director',
    title: 'Raise check-in participation by explaining the privacy model',
    text: 'Tell staff who sees what: nobody sees individual answers, results are shown only for groups of several people. Give protected time to complete the check-in.',
    measures: [],
    pillars: ['org_lm'],
    practices: [],
    grade: 'C',
    triggers: ['participation-low'],
    reverseCausation: null,
    evidence: [vt('Leadership & Mission', 'transparent, trustworthy leadership communication about staff wellbeing.')],
  },
  {
    id: 'dir-lived-experience',
    audience: 'director',
    title: 'Value lived experience on the team',
    text: 'Staff with their own trauma histories may bring particular strengths. Offer, never require, ways to use that experience, with supervision that respects it.',
    measures: ['cs', 'vr'],
    pillars: ['org_ee'],
    practices: [],
    grade: 'B',
    triggers: ['cs-low', 'vr-low', 'cs-fell', 'vr-fell'],
    reverseCausation: null,
    evidence: [{ kind: 'study', text: `${STUDY}: personal trauma history acted as a protective factor.` }],
  },
  {
    id: 'dir-team-sts-rising',
    audience: 'director',
    title: 'Check in with a team whose STS is rising',
    text: 'Meet the team to ask what has changed (new case types, staffing gaps, a critical incident) and agree on support.',
    measures: ['sts'],
    pillars: ['org_ms'],
    practices: [],
    grade: 'C',
    triggers: ['sts-rose'],
    reverseCausation: null,
    evidence: [vt('Management & Supervision', 'monitoring and responding to signs of vicarious trauma in teams.')],
  },
  {
    id: 'dir-team-worsening',
    audience: 'director',
    title: 'Check in with a team whose burnout rose or whose satisfaction or resilience fell',
    text: 'Meet the team to ask what has changed (workload, staffing, case types, how the work is organized) and agree on one change to try.',
    measures: ['bo', 'cs', 'vr'],
    pillars: ['org_ms'],
    practices: [],
    grade: 'C',
    triggers: ['bo-rose', 'cs-fell', 'vr-fell'],
    reverseCausation: null,
    evidence: [vt('Management & Supervision', 'monitoring and responding to signs of vicarious trauma and burnout in teams.')],
  },
  // ── Director: added with the organizational check (issue 15) so every pillar has at least 3 entries ──
  {
    id: 'dir-staff-voice',
    audience: 'director',
    title: 'Give staff a real say in how the work is organized',
    text: 'Before changing caseloads, schedules or procedures, ask the people who do the work; agree one change with them each quarter and report back on it.',
    measures: ['bo', 'cs'],
    pillars: ['org_ee'],
    practices: [],
    grade: 'C',
    triggers: BO_LEVEL_OR_RISE,
    reverseCausation: null,
    evidence: [vt('Employee Empowerment & Work Environment', 'staff input into decisions that shape their work.')],
  },
  {
    id: 'dir-onboarding-preparation',
    audience: 'director',
    title: 'Prepare new staff for traumatic material',
    text: 'Make vicarious trauma part of onboarding: what exposure to expect, early signs to notice, and who to go to, before the first difficult case.',
    measures: ['sts'],
    pillars: ['org_td'],
    practices: ['professionalTraining'],
    grade: 'C',
    triggers: STS_LEVEL_OR_RISE,
    reverseCausation: null,
    evidence: [vt('Training & Professional Development', 'orientation that prepares new staff for exposure to trauma.')],
  },
  {
    id: 'dir-supervisor-training',
    audience: 'director',
    title: 'Train supervisors in trauma-informed supervision',
    text: 'Give supervisors training and time to recognize vicarious trauma in their teams and to talk about the emotional impact of cases.',
    measures: ['sts', 'bo'],
    pillars: ['org_td', 'org_ms'],
    practices: [],
    grade: 'C',
    triggers: [...STS_LEVEL_OR_RISE, ...BO_LEVEL_OR_RISE],
    reverseCausation: null,
    evidence: [vt('Training & Professional Development', 'training for supervisors on vicarious trauma and supportive supervision.')],
  },
  // ── Staff: personal practices (chosen by staff-suggestions.ts, not by triggers) ──
  {
    id: 'staff-therapy',
    audience: 'staff',
    title: 'Consider personal therapy',
    text: 'Personal therapy was one of the practices linked with better professional quality of life among anti-trafficking providers.',
    measures: ['bo', 'sts'],
    pillars: ['org_hw'],
    practices: ['personalTherapy'],
    grade: 'A',
    triggers: [],
    reverseCausation: THERAPY_REVERSE,
    evidence: [{ kind: 'study', text: `${STUDY}: personal therapy.` }],
  },
  {
    id: 'staff-advocacy',
    audience: 'staff',
    title: 'Take part in advocacy or activism',
    text: 'Working for change beyond individual cases was linked with better outcomes.',
    measures: ['cs', 'vr'],
    pillars: ['org_lm'],
    practices: ['advocacy'],
    grade: 'A',
    triggers: [],
    reverseCausation: null,
    evidence: [{ kind: 'study', text: `${STUDY}: advocacy and activism.` }],
  },
  {
    id: 'staff-range',
    audience: 'staff',
    title: 'Widen your range of self-care',
    text: 'Rest, movement, connection, reflection and creativity each help differently; a wider range was linked with lower burnout and STS.',
    measures: ['bo', 'sts'],
    pillars: ['org_hw'],
    practices: [],
    grade: 'A',
    triggers: [],
    reverseCausation: null,
    evidence: [{ kind: 'study', text: `${STUDY}: range of self-care practices.` }],
  },
  {
    id: 'staff-peer',
    audience: 'staff',
    title: 'Debrief with peers',
    text: 'Share the weight of difficult cases with colleagues who understand the work.',
    measures: ['sts'],
    pillars: ['org_hw'],
    practices: ['peerSupport'],
    grade: 'B',
    triggers: [],
    reverseCausation: null,
    evidence: [
      { kind: 'proqol', text: 'ProQOL 5 manual: a high secondary traumatic stress score is a reason to talk it over with a colleague.' },
      vt('Staff Health & Wellness', 'peer support.'),
    ],
  },
  {
    id: 'staff-boundaries',
    audience: 'staff',
    title: 'Protect the line between work and home',
    text: 'A fixed end to the day and no work messages after hours help recovery.',
    measures: ['bo'],
    pillars: ['org_ee'],
    practices: ['workHomeBoundaries'],
    grade: 'C',
    triggers: [],
    reverseCausation: null,
    evidence: [vt('Employee Empowerment & Work Environment', 'boundaries between work and personal time.')],
  },
  {
    id: 'staff-supervision',
    audience: 'staff',
    title: 'Use supervision for the emotional side of the work',
    text: 'Bring how cases affect you, not only case logistics, to supervision or consultation.',
    measures: ['sts'],
    pillars: ['org_ms'],
    practices: ['clinicalSupervision'],
    grade: 'B',
    triggers: [],
    reverseCausation: SUPERVISION_REVERSE,
    evidence: [
      { kind: 'proqol', text: 'ProQOL 5 manual: a high secondary traumatic stress score is a reason to talk it over with a supervisor.' },
      vt('Management & Supervision', 'supervision that addresses vicarious trauma.'),
    ],
  },
  {
    id: 'staff-sts-support',
    audience: 'staff',
    title: 'Talk with someone you trust about what you carry from work',
    text: 'A supervisor, colleague, EAP or therapist can help you process the stories you hold.',
    measures: ['sts'],
    pillars: ['org_hw'],
    practices: [],
    grade: 'B',
    triggers: [],
    reverseCausation: null,
    evidence: [{ kind: 'proqol', text: 'ProQOL 5 manual: high secondary traumatic stress is a reason to talk with a supervisor or professional.' }],
  },
] satisfies CatalogEntry[]);

export function getCatalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.id === id);
}
