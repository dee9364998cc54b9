import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/require';
import { roleLabels } from '@/lib/auth/roles';
import { listMyOrganizations } from '@/lib/server/accounts';
import { SignOutButton } from '@/components/ui/sign-out-button';

export const metadata: Metadata = { title: 'Your agencies' };

export default async function OrganizationsPage() {
  const userId = await requireUser('/orgs');
  const orgs = await listMyOrganizations(getDb(), userId);
  if (orgs.length === 1) redirect(`/orgs/${orgs[0]!.orgId}`);
  return (
    <main id="main" className="narrow">
      <h1>Your agencies</h1>
      {orgs.length === 0 ? (
        <div className="card">
          <p>You are not an active member of any agency. If you expected access, ask your agency admin for a new invitation link.</p>
          <p>
            Or <Link href="/signup">create a new agency</Link>.
          </p>
        </div>
      ) : (
        <ul className="card">
          {orgs.map((o) => (
            <li key={o.orgId}>
              <Link href={`/orgs/${o.orgId}`}>{o.name}</Link> <span className="muted">({roleLabels[o.role]})</span>
            </li>
          ))}
        </ul>
      )}
      <div className="menu-inline">
        <Link href="/account">Account and password</Link>
        <SignOutButton />
      </div>
    </main>
  );
}
