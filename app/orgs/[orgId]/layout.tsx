import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/ui/site-header';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { getUserProfile, listMyOrganizations } from '@/lib/server/accounts';

/** The layout checks membership for the header only; each page authorizes itself again. */
export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const member = await requireOrgRole(orgId, 'staff');
  const db = getDb();
  const [organizations, profile] = await Promise.all([listMyOrganizations(db, member.userId), getUserProfile(db, member.userId)]);
  return (
    <>
      <SiteHeader
        orgId={orgId}
        orgName={member.orgName}
        role={member.role}
        userName={profile?.name ?? 'Account'}
        organizations={organizations}
      />
      <main id="main">{children}</main>
      <footer className="site-footer">
        Sustain keeps check-ins confidential: only you see your own answers and scores. Your agency sees anonymized totals for
        groups of several people.
      </footer>
    </>
  );
}
