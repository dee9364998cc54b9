import Link from 'next/link';
import type { Role } from '@/db/schema';
import { roleLabels } from '@/lib/auth/roles';
import { NavLinks, type NavItem } from './nav-links';
import { SignOutButton } from './sign-out-button';

export interface HeaderProps {
  orgId: string;
  orgName: string;
  role: Role;
  userName: string;
  organizations: { orgId: string; name: string; role: Role }[];
}

export function navItemsFor(orgId: string, role: Role): NavItem[] {
  const base = `/orgs/${orgId}`;
  const items: NavItem[] = [];
  if (role === 'admin' || role === 'director') {
    items.push({ href: `${base}/dashboard`, label: 'Dashboard', prefix: true, also: [`${base}/teams/`] });
    items.push({ href: `${base}/drivers`, label: 'Drivers' });
    items.push({ href: `${base}/actions`, label: 'Action plan' });
    items.push({ href: `${base}/cycles`, label: 'Cycles' });
  }
  items.push({ href: `${base}/me`, label: 'My check-ins', prefix: true });
  if (role === 'admin') {
    items.push({ href: `${base}/admin/members`, label: 'Members' });
    items.push({ href: `${base}/admin/teams`, label: 'Teams' });
    items.push({ href: `${base}/admin/settings`, label: 'Settings', prefix: true });
  }
  return items;
}

/** The org-area header: navigation for the caller's role, agency switcher, account menu. */
export function SiteHeader({ orgId, orgName, role, userName, organizations }: HeaderProps) {
  const others = organizations.filter((o) => o.orgId !== orgId);
  return (
    <header className="site-header">
      <div className="inner">
        <Link className="brand" href={`/orgs/${orgId}`}>
          Sustain
        </Link>
        <NavLinks items={navItemsFor(orgId, role)} label="Main" />
        <div className="header-end">
          <details>
            <summary aria-label={`Agency: ${orgName}. Switch agency`}>{orgName} ▾</summary>
            <div className="menu">
              <p className="menu-label">Your role here: {roleLabels[role]}</p>
              {others.length ? <p className="menu-label">Switch agency</p> : null}
              {others.map((o) => (
                <Link key={o.orgId} href={`/orgs/${o.orgId}`}>
                  {o.name} <span className="muted small">({roleLabels[o.role]})</span>
                </Link>
              ))}
              <Link href="/orgs">All my agencies</Link>
            </div>
          </details>
          <details>
            <summary aria-label={`Account: ${userName}`}>{userName} ▾</summary>
            <div className="menu">
              <Link href="/account">Account and password</Link>
              <SignOutButton />
            </div>
          </details>
        </div>
      </div>
    </header>
  );
}
