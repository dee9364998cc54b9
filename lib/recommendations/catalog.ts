/**
 * Sustain's recommendation catalog, written by us. Each entry names its audience, what
 * to do, and its evidence. Evidence kinds:
 * - 'study': Corbett-Hone, M., & Johnson, J. (2022), a multiple-regression study of 89
 *   professionals serving survivors of human trafficking: personal therapy and advocacy
 *   were associated with better outcomes, a wider range of self-care with lower burnout
 *   and STS, and personal trauma history acted as a protective factor.
 * - 'proqol': ProQOL 5 manual guidance on interpreting CS, BO and STS (Stamm, 2010).
 * - 'vtorg': the Vicarious Trauma Organizational Readiness Guide (VT-ORG; Office for
 *   Victims of Crime Vicarious Trauma Toolkit), one of its five domains.
 * - 'driver': the agency's own driver analysis (filled in by the engine with the
 *   estimate and CI that triggered it).
 * PURE data.
 */
export type Audience = 'staff' | 'director';

export type VtOrgDomain =
  | 'Leadership & Mission'
  | 'Management & Supervision'
  | 'Employee Empowerment & Work Environment'
  | 'Training & Professional Development'
  | 'Staff Health & Wellness';

export interface Evidence {
  kind: 'study' | 'proqol' | 'vtorg' | 'driver';
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
  /** For director entries: the self-care practice it supports, if any (links to driver results). */
  practice?: string;
  evidence: Evidence[];
}

const STUDY = 'Corbett-Hone & Johnson (2022), 89 anti-trafficking service providers';
const vt = (domain: VtOrgDomain, text: string): Evidence => ({ kind: 'vtorg', domain, text: `VT-ORG, ${domain}: ${text}` });

export const CATALOG: readonly CatalogEntry[] = Object.freeze([
  // ── Director: organizational practices, by VT-ORG domain ──
  {
    id: 'dir-therapy-access',
    audience: 'director',
    title: 'Make personal therapy easy to reach',
    text: 'Publicize the EAP and local trauma-informed therapists, cover or subsidize sessions, and let staff attend during work hours without using leave.',
    measures: ['bo', 'sts'],
    practice: 'personalTherapy',
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
    practice: 'advocacy',
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
    practice: 'clinicalSupervision',
    evidence: [vt('Management & Supervision', 'regular, trauma-informed supervision that addresses vicarious trauma.')],
  },
  {
    id: 'dir-peer-debrief',
    audience: 'director',
    title: 'Create structured peer debriefing',
    text: 'Schedule a facilitated peer debrief after critical incidents and a regular peer support circle.',
    measures: ['sts'],
    practice: 'peerSupport',
    evidence: [vt('Staff Health & Wellness', 'peer support and debriefing after exposure to traumatic material.')],
  },
  {
    id: 'dir-caseload-balance',
    audience: 'director',
    title: 'Balance exposure across caseloads',
    text: 'Review how cases with severe trauma exposure are distributed, and mix caseloads so no one carries only the heaviest stories.',
    measures: ['sts', 'bo'],
    evidence: [
      vt('Management & Supervision', 'workload and caseload management as a protection against vicarious trauma.'),
      { kind: 'proqol', text: 'ProQOL 5 manual: secondary traumatic stress follows exposure to others\u2019 traumatic events at work.' },
    ],
  },
  {
    id: 'dir-workload-review',
    audience: 'director',
    title: 'Review workload and remove low-value tasks',
    text: 'Ask teams which administrative tasks could be dropped or shared, and protect time for documentation within the work week.',
    measures: ['bo'],
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
    practice: 'timeOff',
    evidence: [vt('Staff Health & Wellness', 'policies that encourage leave and recovery time.')],
  },
  {
    id: 'dir-boundaries-policy',
    audience: 'director',
    title: 'Set an after-hours contact policy',
    text: 'Agree when staff are not expected to answer messages, with an on-call rota for real emergencies.',
    measures: ['bo'],
    practice: 'workHomeBoundaries',
    evidence: [vt('Employee Empowerment & Work Environment', 'boundaries between work and personal time.')],
  },
  {
    id: 'dir-vt-training',
    audience: 'director',
    title: 'Train everyone on vicarious trauma and resilience',
    text: 'Offer training on recognizing secondary traumatic stress and on building vicarious resilience, for new and existing staff.',
    measures: ['sts', 'vr'],
    practice: 'professionalTraining',
    evidence: [vt('Training & Professional Development', 'vicarious trauma education for all staff.')],
  },
  {
    id: 'dir-celebrate-impact',
    audience: 'director',
    title: 'Share stories of survivor resilience and team impact',
    text: 'Open team meetings with a moment of progress or a survivor\u2019s strength (with consent), to feed compassion satisfaction and vicarious resilience.',
    measures: ['cs', 'vr'],
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
    evidence: [vt('Leadership & Mission', 'transparent, trustworthy leadership communication about staff wellbeing.')],
  },
  {
    id: 'dir-lived-experience',
    audience: 'director',
    title: 'Value lived experience on the team',
    text: 'Staff with their own trauma histories may bring particular strengths. Offer, never require, ways to use that experience, with supervision that respects it.',
    measures: ['cs', 'vr'],
    evidence: [{ kind: 'study', text: `${STUDY}: personal trauma history acted as a protective factor.` }],
  },
  {
    id: 'dir-team-sts-rising',
    audience: 'director',
    title: 'Check in with a team whose STS is rising',
    text: 'Meet the team to ask what has changed (new case types, staffing gaps, a critical incident) and agree on support.',
    measures: ['sts'],
    evidence: [vt('Management & Supervision', 'monitoring and responding to signs of vicarious trauma in teams.')],
  },
  // ── Staff: personal practices ──
  {
    id: 'staff-therapy',
    audience: 'staff',
    title: 'Consider personal therapy',
    text: 'Personal therapy was one of the practices linked with better professional quality of life among anti-trafficking providers.',
    measures: ['bo', 'sts'],
    practice: 'personalTherapy',
    evidence: [{ kind: 'study', text: `${STUDY}: personal therapy.` }],
  },
  {
    id: 'staff-advocacy',
    audience: 'staff',
    title: 'Take part in advocacy or activism',
    text: 'Working for change beyond individual cases was linked with better outcomes.',
    measures: ['cs', 'vr'],
    practice: 'advocacy',
    evidence: [{ kind: 'study', text: `${STUDY}: advocacy and activism.` }],
  },
  {
    id: 'staff-range',
    audience: 'staff',
    title: 'Widen your range of self-care',
    text: 'Rest, movement, connection, reflection and creativity each help differently; a wider range was linked with lower burnout and STS.',
    measures: ['bo', 'sts'],
    evidence: [{ kind: 'study', text: `${STUDY}: range of self-care practices.` }],
  },
  {
    id: 'staff-peer',
    audience: 'staff',
    title: 'Debrief with peers',
    text: 'Share the weight of difficult cases with colleagues who understand the work.',
    measures: ['sts'],
    practice: 'peerSupport',
    evidence: [vt('Staff Health & Wellness', 'peer support.')],
  },
  {
    id: 'staff-boundaries',
    audience: 'staff',
    title: 'Protect the line between work and home',
    text: 'A fixed end to the day and no work messages after hours help recovery.',
    measures: ['bo'],
    practice: 'workHomeBoundaries',
    evidence: [vt('Employee Empowerment & Work Environment', 'boundaries between work and personal time.')],
  },
  {
    id: 'staff-supervision',
    audience: 'staff',
    title: 'Use supervision for the emotional side of the work',
    text: 'Bring how cases affect you, not only case logistics, to supervision or consultation.',
    measures: ['sts'],
    practice: 'clinicalSupervision',
    evidence: [vt('Management & Supervision', 'supervision that addresses vicarious trauma.')],
  },
  {
    id: 'staff-sts-support',
    audience: 'staff',
    title: 'Talk with someone you trust about what you carry from work',
    text: 'A supervisor, colleague, EAP or therapist can help you process the stories you hold.',
    measures: ['sts'],
    evidence: [{ kind: 'proqol', text: 'ProQOL 5 manual: high secondary traumatic stress is a reason to talk with a supervisor or professional.' }],
  },
] satisfies CatalogEntry[]);

export function getCatalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.id === id);
}
