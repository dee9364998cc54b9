import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { cycleSchedules, cycles, instrumentPacks } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import { describeJsonShapeProblem, findJsonShapeProblem } from '@/lib/validation/json';
import { BRIEF_VR, parsePack, type InstrumentDefinition } from '@/lib/instruments';
import { writeAudit } from './audit';
import { isUniqueViolation } from './db-errors';
import { isUuid } from '@/lib/auth/authorize';

export const MAX_PACK_BYTES = 512 * 1024;

export interface PackDto {
  id: string;
  packId: string;
  name: string;
  version: string;
  attribution: string;
  itemCount: number;
  subscales: string[];
  installedAt: string;
  /** Disabled packs stay readable for the cycles that used them; new cycles cannot choose them. */
  disabled: boolean;
  /** How many cycles (open or closed) use it: a pack no cycle used can be removed. */
  cyclesUsing: number;
  /** True when the recurring schedule uses it. */
  scheduled: boolean;
}

/**
 * Installs an instrument pack from uploaded JSON. Invalid packs install nothing and
 * report every problem with its path (from the pure validator in lib/instruments).
 */
export async function installPack(db: Db, admin: OrgMember, text: string): Promise<PackDto> {
  if (Buffer.byteLength(text) > MAX_PACK_BYTES) throw new AppError('VALIDATION', 'The pack file is larger than 512 KB.');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('VALIDATION', `The file is not valid JSON: ${err instanceof Error ? err.message : 'parse error'}.`);
  }
  // zod's record drops an own "__proto__" key, and the raw JSON is what we store: refuse
  // reserved keys and hostile nesting before validating (issue 12).
  const shape = findJsonShapeProblem(json);
  if (shape) throw new AppError('VALIDATION', `The pack is not valid, so nothing was installed. ${describeJsonShapeProblem(shape)}`, { pack: [describeJsonShapeProblem(shape)] });
  const parsed = parsePack(json);
  if (!parsed.ok) {
    throw new AppError('VALIDATION', `The pack is not valid, so nothing was installed. ${parsed.errors.length} problem(s) found.`, {
      pack: [...parsed.errors],
    });
  }
  const pack = parsed.pack;
  if (pack.id === BRIEF_VR.id || pack.id === 'proqol5' || pack.id === 'self-care')
    throw new AppError('VALIDATION', `The pack id "${pack.id}" is reserved for a built-in instrument. Give the pack another id.`);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(instrumentPacks)
        .values({
          orgId: admin.orgId,
          packId: pack.id,
          name: pack.name,
          version: pack.version,
          definition: json as object,
          installedBy: admin.userId,
        })
        .returning();
      await writeAudit(tx, {
        orgId: admin.orgId,
        actorUserId: admin.userId,
        action: 'instrument_pack.install',
        targetType: 'instrument_pack',
        targetId: row!.id,
        detail: { packId: pack.id, version: pack.version },
      });
      return toDto(row!.id, row!.installedAt, pack, { disabled: false, cyclesUsing: 0, scheduled: false });
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `Version ${pack.version} of "${pack.id}" is already installed. Change the version to install an update.`);
    throw err;
  }
}

type PackUse = Pick<PackDto, 'disabled' | 'cyclesUsing' | 'scheduled'>;

function toDto(id: string, installedAt: Date, pack: InstrumentDefinition, use: PackUse): PackDto {
  return {
    id,
    packId: pack.id,
    name: pack.name,
    version: pack.version,
    attribution: pack.attribution,
    itemCount: pack.items.length,
    subscales: Object.values(pack.subscales).map((s) => s.name),
    installedAt: installedAt.toISOString(),
    ...use,
  };
}

/** Cycles of the agency per VR instrument id (a pack's row id), and the schedule's choice. */
async function packUse(db: DbOrTx, orgId: string): Promise<{ byPack: Map<string, number>; scheduled: string | null }> {
  const vr = sql<string>`${cycles.instruments}->>'vr'`;
  const [rows, [schedule]] = await Promise.all([
    db
      .select({ vr, n: sql<number>`count(*)::int` })
      .from(cycles)
      .where(eq(cycles.orgId, orgId))
      .groupBy(vr),
    db.select({ vr: cycleSchedules.vrInstrument }).from(cycleSchedules).where(eq(cycleSchedules.orgId, orgId)).limit(1),
  ]);
  return { byPack: new Map(rows.map((r) => [r.vr, Number(r.n)])), scheduled: schedule?.vr ?? null };
}

export async function listPacks(db: DbOrTx, orgId: string): Promise<PackDto[]> {
  const rows = await db
    .select()
    .from(instrumentPacks)
    .where(eq(instrumentPacks.orgId, orgId))
    .orderBy(asc(instrumentPacks.name), asc(instrumentPacks.version));
  const use = await packUse(db, orgId);
  return rows.flatMap((r) => {
    const parsed = parsePack(r.definition);
    const u: PackUse = { disabled: r.disabledAt !== null, cyclesUsing: use.byPack.get(r.id) ?? 0, scheduled: use.scheduled === r.id };
    return parsed.ok ? [toDto(r.id, r.installedAt, parsed.pack, u)] : [];
  });
}

/** Locks one pack of the admin's agency (404 for any other agency's pack). */
async function lockPack(tx: DbOrTx, orgId: string, packRowId: string) {
  const [row] = await tx
    .select({ id: instrumentPacks.id, name: instrumentPacks.name, disabledAt: instrumentPacks.disabledAt })
    .from(instrumentPacks)
    .where(and(eq(instrumentPacks.id, packRowId), eq(instrumentPacks.orgId, orgId)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', 'That pack is not installed in this agency.');
  return row;
}

export const PACK_SCHEDULED_MESSAGE =
  'The check-in schedule uses this pack. Choose another vicarious-resilience measure in the schedule first.';

/**
 * Disables or re-enables a pack. Disabled: new cycles and the schedule cannot choose it,
 * while every cycle that already used it (open or closed) keeps reading it.
 */
export async function setPackDisabled(db: Db, admin: OrgMember, packRowId: string, disabled: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockPack(tx, admin.orgId, packRowId);
    if (disabled && (await packUse(tx, admin.orgId)).scheduled === row.id) throw new AppError('CONFLICT', PACK_SCHEDULED_MESSAGE);
    if (disabled === (row.disabledAt !== null)) return; // already so: a double submit changes nothing
    await tx
      .update(instrumentPacks)
      .set({ disabledAt: disabled ? new Date() : null })
      .where(and(eq(instrumentPacks.id, packRowId), eq(instrumentPacks.orgId, admin.orgId)));
    await writeAudit(tx, {
      orgId: admin.orgId,
      actorUserId: admin.userId,
      action: disabled ? 'instrument_pack.disable' : 'instrument_pack.enable',
      targetType: 'instrument_pack',
      targetId: packRowId,
    });
  });
}

/** Removes a pack that no cycle ever used (and the schedule does not use); otherwise it can only be disabled. */
export async function removePack(db: Db, admin: OrgMember, packRowId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockPack(tx, admin.orgId, packRowId);
    const use = await packUse(tx, admin.orgId);
    if (use.scheduled === row.id) throw new AppError('CONFLICT', PACK_SCHEDULED_MESSAGE);
    const n = use.byPack.get(row.id) ?? 0;
    if (n > 0) {
      throw new AppError(
        'CONFLICT',
        `${n === 1 ? 'A cycle has' : `${n} cycles have`} used this pack, so it is kept for their results. Disable it instead: new cycles then cannot use it.`,
      );
    }
    await tx.delete(instrumentPacks).where(and(eq(instrumentPacks.id, packRowId), eq(instrumentPacks.orgId, admin.orgId)));
    await writeAudit(tx, {
      orgId: admin.orgId,
      actorUserId: admin.userId,
      action: 'instrument_pack.remove',
      targetType: 'instrument_pack',
      targetId: packRowId,
      detail: { name: row.name },
    });
  });
}

/** The definition for a NEW cycle or the schedule: like getVrDefinition, but a disabled pack is refused. */
export async function getUsableVrDefinition(db: DbOrTx, orgId: string, vr: string): Promise<InstrumentDefinition> {
  const definition = await getVrDefinition(db, orgId, vr);
  if (vr === BRIEF_VR.id) return definition;
  const [row] = await db
    .select({ disabledAt: instrumentPacks.disabledAt })
    .from(instrumentPacks)
    .where(and(eq(instrumentPacks.id, vr), eq(instrumentPacks.orgId, orgId)))
    .limit(1);
  if (row?.disabledAt) {
    throw new AppError('VALIDATION', 'That pack is disabled, so new cycles cannot use it. Enable it on the instruments page, or choose another measure.', {
      vrInstrument: ['That pack is disabled. Choose another measure.'],
    });
  }
  return definition;
}

/** The definition of the cycle's VR measure: the built-in brief check, or an installed pack (re-validated on read). */
export async function getVrDefinition(db: DbOrTx, orgId: string, vr: string): Promise<InstrumentDefinition> {
  if (vr === BRIEF_VR.id) return BRIEF_VR;
  if (!isUuid(vr)) throw new AppError('VALIDATION', 'That vicarious-resilience measure does not exist.');
  const [row] = await db
    .select({ definition: instrumentPacks.definition })
    .from(instrumentPacks)
    .where(and(eq(instrumentPacks.id, vr), eq(instrumentPacks.orgId, orgId)))
    .limit(1);
  if (!row) throw new AppError('VALIDATION', 'That vicarious-resilience measure is not installed in this agency.');
  const parsed = parsePack(row.definition);
  if (!parsed.ok) throw new Error(`getVrDefinition: stored pack ${vr} no longer validates`);
  return parsed.pack;
}

/** A pack's first subscale is its headline score, reported as VR. */
export function headlineSubscaleId(definition: InstrumentDefinition): string {
  const first = Object.keys(definition.subscales)[0];
  if (!first) throw new Error(`headlineSubscaleId: ${definition.id} has no subscales`);
  return first;
}
