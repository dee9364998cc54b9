/**
 * Personal self-care suggestions for a staff member's private results page.
 * PURE: scores and practice frequencies in, suggestions with their reasons out.
 *
 * Evidence: Corbett-Hone & Johnson (2022, n = 89 anti-trafficking service providers)
 * found personal therapy and advocacy/activism associated with better outcomes, and a
 * wider range of self-care practices with lower burnout and secondary traumatic stress.
 * Level meanings follow the ProQOL 5 manual (Stamm, 2010).
 */
export interface StaffSuggestionInput {
  cs: { value: number | null; level: 'low' | 'moderate' | 'high' | null };
  bo: { value: number | null; level: 'low' | 'moderate' | 'high' | null };
  sts: { value: number | null; level: 'low' | 'moderate' | 'high' | null };
  vr: { value: number | null; level: 'low' | 'moderate' | 'high' | null };
  /** Frequency 0–4 per practice key, null when unanswered; empty when self-care was not asked. */
  practices: Readonly<Record<string, number | null>>;
}

export interface StaffSuggestion {
  id: string;
  title: string;
  body: string;
  /** Why it is shown to this person. */
  reason: string;
  /** Lower ranks first. */
  rank: number;
}

const rarely = (v: number | null | undefined) => v !== null && v !== undefined && v <= 1;

export function suggestForStaff(input: StaffSuggestionInput): StaffSuggestion[] {
  const out: StaffSuggestion[] = [];
  const { cs, bo, sts, vr, practices } = input;
  const stressed = sts.level === 'high' || sts.level === 'moderate' || bo.level === 'high' || bo.level === 'moderate';

  if (sts.level === 'high') {
    out.push({
      id: 'sts-support',
      rank: 1,
      title: 'Talk with someone you trust about what you carry from work',
      body: 'A supervisor, a trusted colleague, your EAP or a therapist can help you process the stories you hold. Reaching out early is a sign of skill, not weakness.',
      reason: `Your secondary traumatic stress score (${sts.value}) is in the high range.`,
    });
  }
  if (stressed && rarely(practices.personalTherapy)) {
    out.push({
      id: 'personal-therapy',
      rank: 2,
      title: 'Consider personal therapy',
      body: 'In a study of anti-trafficking service providers, personal therapy was one of the practices linked with better professional quality of life. Your EAP may offer free sessions.',
      reason: 'You reported personal therapy rarely or never in the last 30 days, and your burnout or secondary traumatic stress is above low.',
    });
  }
  if (stressed && rarely(practices.peerSupport)) {
    out.push({
      id: 'peer-support',
      rank: 3,
      title: 'Debrief with peers',
      body: 'A regular debrief with colleagues who understand the work spreads the weight of difficult cases.',
      reason: 'You reported peer support or debriefing rarely or never in the last 30 days.',
    });
  }
  if (rarely(practices.advocacy) && (cs.level !== 'high' || vr.level !== 'high')) {
    out.push({
      id: 'advocacy',
      rank: 4,
      title: 'Find a way to take part in advocacy or activism',
      body: 'Working for change beyond individual cases, for example policy work or awareness events, was linked with better outcomes among anti-trafficking providers.',
      reason: 'You reported advocacy or activism rarely or never in the last 30 days.',
    });
  }
  if (bo.level === 'moderate' || bo.level === 'high') {
    if (rarely(practices.workHomeBoundaries) || rarely(practices.timeOff)) {
      out.push({
        id: 'boundaries',
        rank: 5,
        title: 'Protect the line between work and home',
        body: 'Small rituals help: a fixed end to the day, no work messages after hours, and planned time off before you need it.',
        reason: `Your burnout score (${bo.value}) is in the ${bo.level} range and you reported boundaries or time off rarely.`,
      });
    }
  }
  const answered = Object.values(practices).filter((v) => v !== null && v !== undefined);
  const regular = answered.filter((v) => (v ?? 0) >= 2).length;
  if (answered.length >= 6 && regular < 4) {
    out.push({
      id: 'range',
      rank: 6,
      title: 'Widen your range of self-care',
      body: 'A wider range of practices (rest, movement, connection, reflection, creativity) was linked with lower burnout and secondary traumatic stress. Pick one you have let slip and plan it into this week.',
      reason: `You do ${regular} of the listed practices about weekly or more.`,
    });
  }
  if (cs.level === 'high' && (vr.level === 'high' || vr.level === 'moderate')) {
    out.push({
      id: 'keep-going',
      rank: 9,
      title: 'Notice what is sustaining you',
      body: 'You are finding real satisfaction in this work. Take a moment to name what helps, so you can return to it when work gets heavier.',
      reason: `Your compassion satisfaction score (${cs.value}) is in the high range.`,
    });
  }
  return out.sort((a, b) => a.rank - b.rank);
}
