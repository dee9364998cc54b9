import type { Metadata } from 'next';
import Link from 'next/link';
import { JobsPanel } from '@/components/ui/jobs-panel';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { getJobsPanel } from '@/lib/jobs/status';

export const metadata: Metadata = { title: 'Background jobs' };

export default async function JobsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const admin = await requireOrgRole(orgId, 'admin');
  const panel = await getJobsPanel(getDb(), admin);
  return (
    <>
      <h1>Background jobs</h1>
      <p className="lede">
        What the servers are doing for your agency in the background. Counts only: no names, addresses or results.{' '}
        <Link href={`/orgs/${orgId}/admin/settings`}>Back to settings</Link>
      </p>
      <JobsPanel panel={panel} />
    </>
  );
}
