import { NextRequest } from 'next/server';
import { eq } from 'drizzle-orm';
import { expect, it, vi } from 'vitest';
import { describeEachDriver } from '@/db/testing';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { participations, responses } from '@/db/schema';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import { openOneOffCycle } from './cycles';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/session', () => ({ getSessionUserId: async () => session.userId }));
const { POST } = await import('@/app/api/v1/orgs/[orgId]/checkins/route');

const answers = {
  proqol: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [String(i + 1), 3])),
  vr: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [String(i + 1), 4])),
  selfCare: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), 2])),
  profile: null,
};

function post(orgId: string, body: unknown, contentType = 'application/json') {
  const req = new NextRequest(`http://localhost/api/v1/orgs/${orgId}/checkins`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': contentType },
  });
  return POST(req, { params: Promise.resolve({ orgId }) });
}

describeEachDriver('POST /api/v1/orgs/{orgId}/checkins', (ctx) => {
  it('accepts one check-in (201, no ids in the answer), refuses the second (409), counts once', async () => {
    const org = await makeOrg(ctx.db);
    const team = await makeTeam(ctx.db, org.id);
    const director = await makeMember(ctx.db, org.id, 'director');
    const staff = await makeMember(ctx.db, org.id, 'staff', { teamId: team.id });
    const cycleId = await openOneOffCycle(ctx.db, await authorizeOrgRole(ctx.db, director.user.id, org.id, 'director'), {
      durationDays: 14,
      vrInstrument: 'brief-vr',
      includeSelfCare: true,
    });
    session.userId = staff.user.id;
    const first = await post(org.id, { cycleId, answers });
    expect(first.status).toBe(201);
    const body = await first.text();
    expect(body).not.toContain(staff.user.id);
    expect(JSON.parse(body)).toEqual({ cycleId, status: 'submitted' });
    const second = await post(org.id, { cycleId, answers });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { message: string } }).error.message).toMatch(/already checked in/);
    expect(await ctx.db.select().from(responses).where(eq(responses.orgId, org.id))).toHaveLength(1);
    expect(await ctx.db.select().from(participations).where(eq(participations.orgId, org.id))).toHaveLength(1);
  });

  it("a director on a team who checks in counts in the agency total only, never in the team's cell", async () => {
    const org = await makeOrg(ctx.db);
    const team = await makeTeam(ctx.db, org.id);
    const director = await makeMember(ctx.db, org.id, 'director', { teamId: team.id });
    const cycleId = await openOneOffCycle(ctx.db, await authorizeOrgRole(ctx.db, director.user.id, org.id, 'director'), {
      durationDays: 14,
      vrInstrument: 'brief-vr',
      includeSelfCare: true,
    });
    session.userId = director.user.id;
    expect((await post(org.id, { cycleId, answers })).status).toBe(201);
    const [row] = await ctx.db.select({ teamId: responses.teamId }).from(responses).where(eq(responses.orgId, org.id));
    expect(row!.teamId).toBeNull();
    const [p] = await ctx.db.select({ teamId: participations.teamId }).from(participations).where(eq(participations.orgId, org.id));
    expect(p!.teamId).toBeNull();
  });

  it('refuses other agencies (404), no session (401), non-JSON and bad answers (422)', async () => {
    const org = await makeOrg(ctx.db);
    const director = await makeMember(ctx.db, org.id, 'director');
    const cycleId = await openOneOffCycle(ctx.db, await authorizeOrgRole(ctx.db, director.user.id, org.id, 'director'), {
      durationDays: 14,
      vrInstrument: 'brief-vr',
      includeSelfCare: true,
    });
    const other = await makeOrg(ctx.db);
    const outsider = await makeMember(ctx.db, other.id, 'staff');
    session.userId = outsider.user.id;
    expect((await post(org.id, { cycleId, answers })).status).toBe(404);
    session.userId = null;
    expect((await post(org.id, { cycleId, answers })).status).toBe(401);
    session.userId = director.user.id;
    expect((await post(org.id, 'cycleId=x', 'application/x-www-form-urlencoded')).status).toBe(422);
    const bad = await post(org.id, { cycleId, answers: { ...answers, proqol: { ...answers.proqol, '7': 6 } } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/item 7/);
    expect(await ctx.db.select().from(responses).where(eq(responses.orgId, org.id))).toHaveLength(0);
  });
});
