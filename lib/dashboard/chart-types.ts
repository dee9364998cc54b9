/**
 * Props contracts for the dashboard's charts and heatmap. Plain JSON: built on the
 * server from the privacy layer's published cells (lib/server/dashboard.ts) by lib/dashboard,
 * drawn by components/charts. They live in lib because lib never imports from components.
 */
import type { MeasureKey } from '@/lib/measures';
import type { Level } from '@/lib/instruments';

export type { MeasureKey };
export type LevelKey = Level;

export interface TrendPoint {
  cycleId: string;
  /** ISO date the cycle opened. */
  date: string;
  /** null when the cell is suppressed or empty. */
  mean: number | null;
  ci95: [number, number] | null;
  n: number | null;
  /** e.g. "fewer than 5 responses"; null when shown. */
  suppressed: string | null;
}

export interface TrendSeries {
  /** 'org' or a team id. */
  groupId: string;
  label: string;
  points: TrendPoint[];
}

export interface TrendMarker {
  /** ISO date an action started. */
  date: string;
  label: string;
}

export interface TrendChartProps {
  measure: MeasureKey;
  /** "Burnout (10–50)" etc., from lib/measures. */
  title: string;
  range: { min: number; max: number };
  /** Cut points drawn as faint reference lines (low ≤ lowMax, high ≥ highMin). */
  cutPoints: { lowMax: number; highMin: number } | null;
  series: TrendSeries[];
  markers: TrendMarker[];
}

export interface LevelBarsRow {
  measure: MeasureKey;
  label: string;
  n: number | null;
  levelCounts: { low: number; moderate: number; high: number } | null;
  /** Why the level breakdown is withheld (privacy rule 9), when it is. */
  levelsWithheld?: string | null;
  suppressed: string | null;
}

export interface HeatmapCell {
  mean: number | null;
  ci95: [number, number] | null;
  n: number | null;
  level: LevelKey | null;
  suppressed: string | null;
  /**
   * The within-person change since the previous cycle, among the people who answered both,
   * only when flagged (Benjamini–Yekutieli q < .05 across every change of the release).
   */
  change: { direction: 'increase' | 'decrease'; difference: number; ci95: [number, number]; nPairs: number; qValue: number } | null;
}

export interface HeatmapRow {
  groupId: string;
  groupName: string;
  /** Link to the team page (null for the agency row). */
  href: string | null;
  cells: Record<MeasureKey, HeatmapCell>;
}
