import type { Metadata } from 'next';
import Link from 'next/link';
import { SettingsForm } from '@/components/forms/settings-form';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { getOrgSettings } from '@/lib/server/organizations';

export const metadata: Metadata = { title: 'Agency settings' };

export default async function SettingsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const admin = await requireOrgRole(orgId, 'admin');
  const settings = await getOrgSettings(getDb(), admin);
  return (
    <>
      <h1>Agency settings</h1>
      <nav aria-label="Settings sections">
        <p>
          <Link href={`/orgs/${orgId}/admin/instruments`}>Instruments and packs</Link> ·{' '}
          <Link href={`/orgs/${orgId}/admin/outbox`}>Outbox (invitations and reminders)</Link> ·{' '}
          <Link href={`/orgs/${orgId}/cycles`}>Check-in schedule</Link> ·{' '}
          <Link href={`/orgs/${orgId}/admin/jobs`}>Background jobs</Link>
        </p>
      </nav>
      <div className="card">
        <SettingsForm orgId={orgId} settings={settings} timeZones={['UTC', ...Intl.supportedValuesOf('timeZone')]} />
      </div>
    </>
  );
}
