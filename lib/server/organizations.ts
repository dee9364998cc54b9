import 'server-only';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import { organizations } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import type { orgSettingsSchema } from '@/lib/validation/identity';
import { writeAudit } from './audit';

export interface OrgSettingsDto {
  id: string;
  name: string;
  minGroupSize: number;
  roleWord: string;
  roleWordCustom: string | null;
  supportEapLine: string | null;
  supportCrisisLine: string | null;
  supportText: string | null;
  staffSeeAgencyResults: boolean;
  driverWindowMonths: number;
  timeZone: string;
  auditRetentionDays: number;
  mailRetentionDays: number;
}

const settingsColumns = {
  id: organizations.id,
  name: organizations.name,
  minGroupSize: organizations.minGroupSize,
  roleWord: organizations.roleWord,
  roleWordCustom: organizations.roleWordCustom,
  supportEapLine: organizations.supportEapLine,
  supportCrisisLine: organizations.supportCrisisLine,
  supportText: organizations.supportText,
  staffSeeAgencyResults: organizations.staffSeeAgencyResults,
  driverWindowMonths: organizations.driverWindowMonths,
  timeZone: organizations.timeZone,
  auditRetentionDays: organizations.auditRetentionDays,
  mailRetentionDays: organizations.mailRetentionDays,
};

export async function getOrgSettings(db: Db, member: OrgMember): Promise<OrgSettingsDto> {
  const [row] = await db.select(settingsColumns).from(organizations).where(eq(organizations.id, member.orgId)).limit(1);
  if (!row) throw new AppError('NOT_FOUND', 'Not found.');
  return row;
}

export async function updateOrgSettings(db: Db, admin: OrgMember, input: z.infer<typeof orgSettingsSchema>): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ minGroupSize: organizations.minGroupSize, roleWord: organizations.roleWord, name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, admin.orgId))
      .for('update');
    if (!before) throw new AppError('NOT_FOUND', 'Not found.');
    await tx
      .update(organizations)
      .set({
        name: input.name,
        minGroupSize: input.minGroupSize,
        roleWord: input.roleWord,
        roleWordCustom: input.roleWord === 'custom' ? input.roleWordCustom : null,
        supportEapLine: input.supportEapLine,
        supportCrisisLine: input.supportCrisisLine,
        supportText: input.supportText,
        staffSeeAgencyResults: input.staffSeeAgencyResults,
        driverWindowMonths: input.driverWindowMonths,
        timeZone: input.timeZone,
        auditRetentionDays: input.auditRetentionDays,
        mailRetentionDays: input.mailRetentionDays,
      })
      .where(eq(organizations.id, admin.orgId));
    await writeAudit(tx, {
      orgId: admin.orgId,
      actorUserId: admin.userId,
      action: 'organization.update_settings',
      targetType: 'organization',
      targetId: admin.orgId,
      detail: {
        nameChanged: before.name !== input.name,
        minGroupSizeFrom: before.minGroupSize,
        minGroupSizeTo: input.minGroupSize,
        roleWord: input.roleWord,
        staffSeeAgencyResults: input.staffSeeAgencyResults,
        driverWindowMonths: input.driverWindowMonths,
        timeZone: input.timeZone,
        auditRetentionDays: input.auditRetentionDays,
        mailRetentionDays: input.mailRetentionDays,
      },
    });
  });
}
