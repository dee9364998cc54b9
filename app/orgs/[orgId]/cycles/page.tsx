import type { Metadata } from 'next';
import { CloseCycleDialog } from '@/components/cycles/close-cycle-dialog';
import { RemindNowButton } from '@/components/cycles/remind-now-button';
import { OpenCycleForm, ScheduleForm, type VrOption } from '@/components/forms/cycle-forms';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { getSchedule, listCycles } from '@/lib/server/cycles';
import { shouldIncludeOrgCheck } from '@/lib/server/org-check';
import { listPacks } from '@/lib/server/packs';

export const metadata: Metadata = { title: 'Check-in cycles' };

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function CyclesPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const member = await requireOrgRole(orgId, 'director');
  const db = getDb();
  const [schedule, cycleList, packs] = await Promise.all([getSchedule(db, member.orgId), listCycles(db, member.orgId), listPacks(db, member.orgId)]);
  const vrOptions: VrOption[] = [
    { value: 'brief-vr', label: 'Sustain brief VR indicator (7 questions)' },
    ...packs.filter((p) => !p.disabled).map((p) => ({ value: p.id, label: `${p.name} (v${p.version}, installed pack)` })),
  ];
  // Past cycles keep the name of a pack disabled since.
  const vrName = (v: string) => vrOptions.find((o) => o.value === v)?.label ?? packs.find((p) => p.id === v)?.name ?? 'Removed pack';
  const open = cycleList.find((c) => c.status === 'open');
  // A one-off cycle's checkbox starts from the agency's setting (twice a year: ticked when due).
  const orgCheckDue = open ? false : await shouldIncludeOrgCheck(db, member.orgId, schedule.orgCheck, new Date());
  return (
    <>
      <h1>Check-in cycles</h1>
      <p className="lede">
        A cycle is a window when staff check in. Directors see participation while it is open; results are published for groups
        of at least the minimum size when it closes.
      </p>

      <section className="card" aria-labelledby="current-heading">
        <h2 id="current-heading">Current cycle</h2>
        {open ? (
          <>
            <p>
              Open from {dateFormat.format(new Date(open.opensAt))} until {dateFormat.format(new Date(open.closesAt))}.{' '}
              {open.participated ?? 0} of {open.invited ?? 0} people have checked in
              {open.invited ? ` (${Math.round(((open.participated ?? 0) / open.invited) * 100)}%)` : ''}.
            </p>
            <RemindNowButton orgId={orgId} cycleId={open.id} />
            <CloseCycleDialog orgId={orgId} cycleId={open.id} participated={open.participated ?? 0} invited={open.invited ?? 0} />
          </>
        ) : (
          <>
            <p>No cycle is open.{schedule.nextOpening ? ` The next scheduled cycle opens ${dateFormat.format(new Date(schedule.nextOpening))}.` : ''}</p>
            <OpenCycleForm orgId={orgId} vrOptions={vrOptions} defaultVr={schedule.vrInstrument} defaultOrgCheck={orgCheckDue} />
          </>
        )}
      </section>

      {member.role === 'admin' ? (
        <section className="card" aria-labelledby="schedule-heading">
          <h2 id="schedule-heading">Schedule</h2>
          <ScheduleForm orgId={orgId} schedule={schedule} vrOptions={vrOptions} />
        </section>
      ) : null}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">All cycles</h2>
        {cycleList.length === 0 ? (
          <p className="card empty">No cycles yet. Open one above{member.role === 'admin' ? ' or set a schedule' : ''}.</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Opened</th>
                  <th scope="col">Closes / closed</th>
                  <th scope="col">Status</th>
                  <th scope="col">Measures</th>
                  <th scope="col" className="num">
                    Checked in
                  </th>
                </tr>
              </thead>
              <tbody>
                {cycleList.map((c) => (
                  <tr key={c.id}>
                    <td>{dateFormat.format(new Date(c.opensAt))}</td>
                    <td>{dateFormat.format(new Date(c.closesAt))}</td>
                    <td>
                      <span className={`badge ${c.status === 'open' ? 'low' : ''}`}>{c.status === 'open' ? 'Open' : 'Closed'}</span>
                      {c.scheduled ? <span className="muted small"> scheduled</span> : <span className="muted small"> one-off</span>}
                    </td>
                    <td className="small">
                      ProQOL 5; {vrName(c.vrInstrument)}
                      {c.selfCare ? '; self-care' : ''}
                    </td>
                    <td className="num">{c.invited !== null ? `${c.participated} of ${c.invited}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
