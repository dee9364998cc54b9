import type { Metadata } from 'next';
import { PackActions } from '@/components/admin/pack-actions';
import { InstallPackForm } from '@/components/forms/cycle-forms';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { listPacks } from '@/lib/server/packs';

export const metadata: Metadata = { title: 'Instruments' };

export default async function InstrumentsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const admin = await requireOrgRole(orgId, 'admin');
  const packs = await listPacks(getDb(), admin.orgId);
  return (
    <>
      <h1>Instruments</h1>
      <p className="lede">
        Every check-in uses the ProQOL 5 (B. Hudnall Stamm, 2009–2012, www.proqol.org). For vicarious resilience, Sustain ships a
        brief 7-question indicator. If your agency is licensed to use another instrument, such as the Vicarious Resilience Scale,
        install it here as a pack and choose it for a cycle.
      </p>
      <section className="card" aria-labelledby="install-heading">
        <h2 id="install-heading">Install a pack</h2>
        <InstallPackForm orgId={orgId} />
        <p className="small muted">
          A pack is a JSON file with an id, name, version, attribution, licence, a response scale, items and subscales (items,
          reverse-keyed items, sum or mean, range, optional cut points).{' '}
          <a href={`/orgs/${orgId}/admin/instruments/example-pack`} download="sustain-example-pack.json">
            Download the example pack
          </a>{' '}
          to start from.
        </p>
      </section>
      <h2>Installed packs</h2>
      <p className="small muted">
        A disabled pack cannot be chosen for new cycles; cycles that used it keep it, with their results. A pack no cycle has
        used can be removed.
      </p>
      {packs.length === 0 ? (
        <p className="muted">No packs installed.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Installed packs" tabIndex={0}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Version</th>
                <th scope="col" className="num">
                  Items
                </th>
                <th scope="col">Subscales</th>
                <th scope="col">Attribution</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {packs.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.version}</td>
                  <td className="num">{p.itemCount}</td>
                  <td>{p.subscales.join(', ')}</td>
                  <td className="small">{p.attribution}</td>
                  <td className="small">
                    {p.disabled ? 'Disabled' : 'Available'}
                    {p.cyclesUsing ? ` · used by ${p.cyclesUsing} cycle${p.cyclesUsing === 1 ? '' : 's'}` : ' · not used yet'}
                    {p.scheduled ? ' · in the schedule' : ''}
                  </td>
                  <td>
                    <PackActions orgId={orgId} pack={p} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
