import { agencyOffsetSeconds, type SchedulePlacement } from '@/lib/cycles/schedule';
import { getEnv } from '@/lib/env';

/** Where an agency's scheduled windows sit: its time zone and its offset after local midnight. */
export function placementFor(orgId: string, timeZone: string): SchedulePlacement {
  return { timeZone, offsetSeconds: agencyOffsetSeconds(orgId, getEnv().SUSTAIN_SCHEDULE_SPREAD_MINUTES * 60) };
}
