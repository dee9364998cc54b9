import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { instrumentPacks } from '@/db/schema';
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
      return toDto(row!.id, row!.installedAt, pack);
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `Version ${pack.version} of "${pack.id}" is already installed. Change the version to install an update.`);
    throw err;
  }
}

function toDto(id: string, installedAt: Date, pack: InstrumentDefinition): PackDto {
  return {
    id,
    packId: pack.id,
    name: pack.name,
    version: pack.version,
    attribution: pack.attribution,
    itemCount: pack.items.length,
    subscales: Object.values(pack.subscales).map((s) => s.name),
    installedAt: installedAt.toISOString(),
  };
}

export async function listPacks(db: DbOrTx, orgId: string): Promise<PackDto[]> {
  const rows = await db
    .select()
    .from(instrumentPacks)
    .where(eq(instrumentPacks.orgId, orgId))
    .orderBy(asc(instrumentPacks.name), asc(instrumentPacks.version));
  return rows.flatMap((r) => {
    const parsed = parsePack(r.definition);
    return parsed.ok ? [toDto(r.id, r.installedAt, parsed.pack)] : [];
  });
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
