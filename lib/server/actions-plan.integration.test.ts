import { and, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeEach, expect, it, vi } from 'vitest';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { describeEachDriver } from '@/db/testing';
import { actionItems, auditLog, cycles, cycleSchedules, instrumentPacks } from '@/db/schema';
import { idleState, type FormState } from '@/lib/validation/form';

/**
 * Issue 14: the action plan (edit, drop with a reason, delete, an owner from the agency,
 * one live action per recommendation), instrument packs (disable, remove, example
 * download) and the teams' below-k count, through the server actions and route a browser
 * calls, with who is refused what.
 */
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/session', () => ({ getSessionUserId: async () => session.userId }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {}, refresh: () => {} }));

const plan = await import('@/lib/actions/plan');
const admin = await import('@/lib/actions/admin');
const cyclesActions = await import('@/lib/actions/cycles');
const { listActionItems, listPlannedRecommendationIds, ALREADY_PLANNED_MESSAGE } = await import('./actions-plan');
const { listPacks } = await import('./packs');
const { listTeams } = await import('./teams');
const { GET: getExamplePack } = await import('@/app/orgs/[orgId]/admin/instruments/example-pack/route');

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
};

/** Runs an action as `userId`; a refusal by requireOrgRole is Next's 404 control flow. */
async function as(userId: string, run: () => Promise<FormState>): Promise<FormState | '404'> {
  session.userId = userId;
  try {
    return await run();
  } catch (err) {
    if (String((err as { digest?: unknown }).digest ?? '').startsWith('NEXT_HTTP_ERROR_FALLBACK;404')) return '404';
    throw err;
  }
}

const base = { title: 'Protected supervision hour', rationale: 'Supervision protects.\nMore detail here.', priority: '2', startedOn: '2026-03-02' };

describeEachDriver('action plan, packs and teams (issue 14)', (ctx) => {
  let orgId: string;
  let otherOrgId: string;
  let directorId: string;
  let staffId: string;
  let adminId: string;
  let otherDirectorId: string;
  let ownerMembershipId: string;
  let otherOrgMembershipId: string;

  beforeEach(async () => {
    const org = await makeOrg(ctx.db, { minGroupSize: 5 });
    const other = await makeOrg(ctx.db);
    orgId = org.id;
    otherOrgId = other.id;
    const team = await makeTeam(ctx.db, orgId, 'Outreach');
    directorId = (await makeMember(ctx.db, orgId, 'director')).user.id;
    adminId = (await makeMember(ctx.db, orgId, 'admin')).user.id;
    const staff = await makeMember(ctx.db, orgId, 'staff', { teamId: team.id, user: { name: 'Ana Owner' } });
    staffId = staff.user.id;
    ownerMembershipId = staff.membership.id;
    for (let i = 0; i < 3; i++) await makeMember(ctx.db, orgId, 'staff', { teamId: team.id });
    otherDirectorId = (await makeMember(ctx.db, otherOrgId, 'director')).user.id;
    otherOrgMembershipId = (await makeMember(ctx.db, otherOrgId, 'staff')).membership.id;
  });

  const create = (userId: string, fields: Record<string, string>, org = orgId) =>
    as(userId, () => plan.createActionItemAction(org, idleState, form(fields)));

  it('adds an action with an owner from the agency and a due date; the owner is shown by name, never by user id', async () => {
    const state = await create(directorId, { ...base, ownerMembershipId, dueOn: '2026-06-30' });
    expect(state).toMatchObject({ status: 'success' });
    const [item] = await listActionItems(ctx.db, orgId);
    expect(item).toMatchObject({ owner: { membershipId: ownerMembershipId, name: 'Ana Owner' }, dueOn: '2026-06-30', status: 'planned' });
    expect(JSON.stringify(item)).not.toContain(staffId);
  });

  it('refuses an owner from another agency or an unknown member, storing nothing', async () => {
    for (const id of [otherOrgMembershipId, '00000000-0000-4000-8000-000000000000']) {
      const state = await create(directorId, { ...base, ownerMembershipId: id });
      expect(state).toMatchObject({ status: 'error', fieldErrors: { ownerMembershipId: [expect.stringMatching(/member of this agency/)] } });
    }
    expect(await ctx.db.select().from(actionItems)).toHaveLength(0);
  });

  it('refuses staff and another agency\u2019s director every plan action (404), changing nothing', async () => {
    expect(await create(directorId, base)).toMatchObject({ status: 'success' });
    const [item] = await listActionItems(ctx.db, orgId);
    const calls: [string, (org: string) => Promise<FormState>][] = [
      ['create', (org) => plan.createActionItemAction(org, idleState, form(base))],
      ['update', (org) => plan.updateActionItemAction(org, idleState, form({ actionId: item!.id, title: 'Changed', rationale: 'x', priority: '1' }))],
      ['drop', (org) => plan.dropActionItemAction(org, idleState, form({ actionId: item!.id, droppedReason: 'No budget' }))],
      ['delete', (org) => plan.deleteActionItemAction(org, idleState, form({ actionId: item!.id }))],
      ['status', (org) => plan.updateActionStatusAction(org, idleState, form({ actionId: item!.id, status: 'done' }))],
    ];
    for (const [name, call] of calls) {
      expect(await as(staffId, () => call(orgId)), `staff: ${name}`).toBe('404');
      expect(await as(otherDirectorId, () => call(orgId)), `other agency: ${name}`).toBe('404');
      // Their own agency's URL does not reach this agency's action either.
      const own = await as(otherDirectorId, () => call(otherOrgId));
      if (name !== 'create') expect(own, `other agency, own URL: ${name}`).toMatchObject({ status: 'error', message: 'That action does not exist.' });
    }
    const [after] = await listActionItems(ctx.db, orgId);
    expect(after).toMatchObject({ title: base.title, status: 'planned' });
  });

  it('edits title, rationale, tasks, priority, owner and due date; a ticked task keeps its tick', async () => {
    await create(directorId, { ...base, tasks: 'Book the room\nTell the team' });
    const [item] = await listActionItems(ctx.db, orgId);
    await as(directorId, () => plan.toggleTaskAction(orgId, idleState, form({ actionId: item!.id, taskIndex: '0' })));
    const state = await as(directorId, () =>
      plan.updateActionItemAction(
        orgId,
        idleState,
        form({ actionId: item!.id, title: 'Supervision hour', rationale: 'Shorter.', priority: '1', tasks: 'Book the room\nAsk HR', ownerMembershipId, dueOn: '2026-05-01' }),
      ),
    );
    expect(state).toMatchObject({ status: 'success' });
    const [edited] = await listActionItems(ctx.db, orgId);
    expect(edited).toMatchObject({
      title: 'Supervision hour',
      rationale: 'Shorter.',
      priority: 1,
      tasks: [
        { text: 'Book the room', done: true },
        { text: 'Ask HR', done: false },
      ],
      owner: { name: 'Ana Owner' },
      dueOn: '2026-05-01',
    });
    const audit = await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(audit.map((a) => a.action)).toContain('action_item.update');
  });

  it('refuses adding a planned recommendation twice with a clear message; once dropped (with a required reason) it can be added again', async () => {
    const rec = { ...base, recommendationId: 'protected-supervision' };
    expect(await create(directorId, rec)).toMatchObject({ status: 'success' });
    expect([...(await listPlannedRecommendationIds(ctx.db, orgId))]).toEqual(['protected-supervision']);
    // A double submit, or a second tab with the old form.
    expect(await create(directorId, rec)).toEqual(expect.objectContaining({ status: 'error', message: ALREADY_PLANNED_MESSAGE }));
    expect(await ctx.db.select().from(actionItems)).toHaveLength(1);

    const [item] = await listActionItems(ctx.db, orgId);
    const noReason = await as(directorId, () => plan.dropActionItemAction(orgId, idleState, form({ actionId: item!.id, droppedReason: '  ' })));
    expect(noReason).toMatchObject({ status: 'error', fieldErrors: { droppedReason: [expect.any(String)] } });
    const dropped = await as(directorId, () => plan.dropActionItemAction(orgId, idleState, form({ actionId: item!.id, droppedReason: 'No budget this year' })));
    expect(dropped).toMatchObject({ status: 'success' });
    expect((await listActionItems(ctx.db, orgId))[0]).toMatchObject({ status: 'dropped', droppedReason: 'No budget this year' });
    expect((await listPlannedRecommendationIds(ctx.db, orgId)).size).toBe(0);

    expect(await create(directorId, rec)).toMatchObject({ status: 'success' });
    // Reopening the dropped one now would make two live copies: refused the same way.
    const reopen = await as(directorId, () => plan.updateActionStatusAction(orgId, idleState, form({ actionId: item!.id, status: 'planned' })));
    expect(reopen).toMatchObject({ status: 'error', message: ALREADY_PLANNED_MESSAGE });
    // A status form cannot drop without a reason.
    const sneaky = await as(directorId, () => plan.updateActionStatusAction(orgId, idleState, form({ actionId: item!.id, status: 'dropped' })));
    expect(sneaky).toMatchObject({ status: 'error' });
  });

  it('deletes an action once; a second delete is a not found and changes nothing', async () => {
    await create(directorId, base);
    const [item] = await listActionItems(ctx.db, orgId);
    expect(await as(directorId, () => plan.deleteActionItemAction(orgId, idleState, form({ actionId: item!.id })))).toMatchObject({ status: 'success' });
    expect(await as(directorId, () => plan.deleteActionItemAction(orgId, idleState, form({ actionId: item!.id })))).toMatchObject({
      status: 'error',
      message: 'That action does not exist.',
    });
    expect(await ctx.db.select().from(actionItems)).toHaveLength(0);
  });

  it('counts a team below k by its staff who never saw results', async () => {
    const [team] = await listTeams(ctx.db, orgId);
    expect(team).toMatchObject({ name: 'Outreach', memberCount: 4, reportableCount: 4 });
  });

  describe_packs();

  function describe_packs() {
    const installExample = async () => {
      const res = await getExamplePack(new NextRequest(`http://localhost/orgs/${orgId}/admin/instruments/example-pack`), {
        params: Promise.resolve({ orgId }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('attachment');
      const text = await res.text();
      const fd = new FormData();
      fd.append('pack', new File([text], 'pack.json', { type: 'application/json' }));
      expect(await as(adminId, () => cyclesActions.installPackAction(orgId, idleState, fd))).toMatchObject({ status: 'success' });
      return (await listPacks(ctx.db, orgId))[0]!;
    };

    it('serves the example pack to admins only, and it installs as it is', async () => {
      session.userId = adminId;
      const pack = await installExample();
      expect(pack).toMatchObject({ disabled: false, cyclesUsing: 0 });
      for (const userId of [directorId, otherDirectorId]) {
        session.userId = userId;
        const res = await getExamplePack(new NextRequest(`http://localhost/orgs/${orgId}/admin/instruments/example-pack`), { params: Promise.resolve({ orgId }) });
        expect(res.status).toBe(404);
      }
    });

    it('a disabled pack cannot be chosen for a new cycle, while a cycle that used it keeps it; a used pack cannot be removed', async () => {
      session.userId = adminId;
      const pack = await installExample();
      const open = await as(adminId, () => cyclesActions.openCycleAction(orgId, idleState, form({ durationDays: '14', vrInstrument: pack.id, includeSelfCare: 'on' })));
      expect(open).toMatchObject({ status: 'success' });
      const disable = await as(adminId, () => admin.setPackDisabledAction(orgId, idleState, form({ packId: pack.id, intent: 'disable' })));
      expect(disable).toMatchObject({ status: 'success' });
      expect((await listPacks(ctx.db, orgId))[0]).toMatchObject({ disabled: true, cyclesUsing: 1 });
      // The open cycle still uses it.
      const [cycle] = await ctx.db.select().from(cycles).where(eq(cycles.orgId, orgId));
      expect(cycle!.instruments.vr).toBe(pack.id);
      const removed = await as(adminId, () => admin.removePackAction(orgId, idleState, form({ packId: pack.id })));
      expect(removed).toMatchObject({ status: 'error', message: expect.stringMatching(/Disable it instead/) });
      // Close it, then a new cycle with the disabled pack is refused.
      await as(adminId, () => cyclesActions.closeCycleAction(orgId, idleState, form({ cycleId: cycle!.id })));
      const again = await as(adminId, () => cyclesActions.openCycleAction(orgId, idleState, form({ durationDays: '14', vrInstrument: pack.id, includeSelfCare: 'on' })));
      expect(again).toMatchObject({ status: 'error', message: expect.stringMatching(/disabled/) });
      expect(await ctx.db.select().from(instrumentPacks)).toHaveLength(1);
    });

    it('removes an unused pack; refuses disabling the schedule\u2019s pack; refuses directors and other agencies', async () => {
      session.userId = adminId;
      const pack = await installExample();
      await ctx.db.insert(cycleSchedules).values({ orgId, vrInstrument: pack.id });
      const disable = await as(adminId, () => admin.setPackDisabledAction(orgId, idleState, form({ packId: pack.id, intent: 'disable' })));
      expect(disable).toMatchObject({ status: 'error', message: expect.stringMatching(/schedule uses this pack/) });
      await ctx.db.delete(cycleSchedules).where(eq(cycleSchedules.orgId, orgId));

      for (const userId of [directorId, otherDirectorId]) {
        expect(await as(userId, () => admin.removePackAction(orgId, idleState, form({ packId: pack.id })))).toBe('404');
        expect(await as(userId, () => admin.setPackDisabledAction(orgId, idleState, form({ packId: pack.id, intent: 'disable' })))).toBe('404');
      }
      // Another agency's admin, through their own agency's URL, cannot reach this pack.
      const otherAdmin = (await makeMember(ctx.db, otherOrgId, 'admin')).user.id;
      expect(await as(otherAdmin, () => admin.removePackAction(otherOrgId, idleState, form({ packId: pack.id })))).toMatchObject({
        status: 'error',
        message: 'That pack is not installed in this agency.',
      });
      expect(await ctx.db.select().from(instrumentPacks).where(and(eq(instrumentPacks.id, pack.id), eq(instrumentPacks.orgId, orgId)))).toHaveLength(1);

      expect(await as(adminId, () => admin.removePackAction(orgId, idleState, form({ packId: pack.id })))).toMatchObject({ status: 'success' });
      expect(await ctx.db.select().from(instrumentPacks)).toHaveLength(0);
    });
  }
});
