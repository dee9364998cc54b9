import type { ParticipationDto } from '@/lib/server/dashboard';

/** Participation counts per group (counts only: no answers, no scores). */
export function ParticipationTable({ rows, caption }: { rows: ParticipationDto[]; caption: string }) {
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="data">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="num">
              Checked in
            </th>
            <th scope="col" className="num">
              Invited
            </th>
            <th scope="col" className="num">
              Rate
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group}>
              <th scope="row">{r.groupName}</th>
              <td className="num">{r.participated}</td>
              <td className="num">{r.invited}</td>
              <td className="num">{r.rate === null ? '—' : `${Math.round(r.rate * 100)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
