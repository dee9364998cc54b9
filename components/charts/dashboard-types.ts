/**
 * The dashboard's chart contracts, defined in lib/dashboard/chart-types.ts (lib never imports
 * from components, so the types live there) and re-exported for the components.
 */
export type * from '@/lib/dashboard/chart-types';
