import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { describeEachDriver, rowsOf } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import { runInRequestScope } from '@/lib/testing/request-scope';
import { idleState } from '@/lib/validation/form';
import { createActionItem } from './actions-plan';
import { openOneOffCycle } from './cycles';
import { createInvitation } from './invitations';

/**
 * Issue 12: every route handler and every server action, fed hostile input with fast-check.
 *
 * For each entry point: no 5xx (route handlers answer < 500; actions return a well-formed
 * state and never throw anything but Next's 404/redirect control flow, and never fall back
 * to "Something went wrong on our side"), and input that must be refused (a hostile
 * character, an unknown field, a repeated field, a reserved key, a wrong type, a missing or
 * wrongly typed body) is refused with nothing stored: a checksum of every table is the same
 * before and after. Rate-limit counters are left out of the checksum: counting an attempt
 * that is then refused is what they are for.
 *
 * The first tests fail when a route handler or server action appears that this file does
 * not cover. FUZZ_RUNS scales the number of runs (default 8; each entry point gets a multiple).
 */

// Before any Next module loads (they read it once); Next's server sets this global too.
vi.hoisted(() => {
  (globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= process.getBuiltinModule('node:async_hooks').AsyncLocalStorage;
});
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/session', () => ({ getSessionUserId: async () => session.userId }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {}, refresh: () => {} }));

const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const ROOT = process.cwd();
const ORIGIN = 'http://localhost:3000';
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/* ───────────────────────── what exists ───────────────────────── */

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Every route handler file and the HTTP methods it exports. */
function discoverRoutes(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of walk(path.join(ROOT, 'app')).filter((f) => /\/route\.(ts|tsx|js|mjs)$/.test(f))) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const methods = new Set<string>();
    for (const m of text.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g)) {
      if ((HTTP_METHODS as readonly string[]).includes(m[1]!)) methods.add(m[1]!);
    }
    for (const m of text.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const name of m[1]!.split(',').map((s) => s.trim().split(/\s+as\s+/).pop()!)) {
        if ((HTTP_METHODS as readonly string[]).includes(name)) methods.add(name);
      }
    }
    out[file] = [...methods].sort();
  }
  return out;
}

/** Every module with a file-level 'use server', and files with an inline one. */
function discoverServerActionFiles(): { modules: string[]; inline: string[] } {
  const files = ['app', 'components', 'lib'].flatMap((d) => walk(path.join(ROOT, d))).filter((f) => /\.(ts|tsx)$/.test(f));
  const modules: string[] = [];
  const inline: string[] = [];
  for (const file of files) {
    if (/\.test\.tsx?$/.test(file)) continue;
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    if (/^\s*['"]use server['"]/.test(code)) modules.push(file);
    else if (/['"]use server['"]/.test(code)) inline.push(file);
  }
  return { modules: modules.sort(), inline };
}

/* ───────────────────────── fixtures and checks ───────────────────────── */

interface Fixtures {
  orgId: string;
  otherOrgId: string;
  teamId: string;
  adminUserId: string;
  adminMembershipId: string;
  staffMembershipId: string;
  cycleId: string;
  invitationId: string;
  invitationToken: string;
  actionId: string;
}

async function makeFixtures(db: Db): Promise<Fixtures> {
  const org = await makeOrg(db);
  const other = await makeOrg(db);
  const team = await makeTeam(db, org.id);
  const admin = await makeMember(db, org.id, 'admin', { user: { email: 'fuzz-admin@example.test' } });
  const staff = await makeMember(db, org.id, 'staff', { teamId: team.id });
  const adminMember: OrgMember = await authorizeOrgRole(db, admin.user.id, org.id, 'admin');
  const cycleId = await openOneOffCycle(db, adminMember, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true });
  const invitation = await createInvitation(db, adminMember, { role: 'staff', teamId: team.id, email: null, expiresInDays: 7 });
  const actionId = await createActionItem(db, adminMember, {
    title: 'Protected supervision hour',
    recommendationId: null,
    rationale: 'Supervision is protective.',
    priority: 1,
    tasks: ['Book the room', 'Tell the team'],
    lead: null,
    dueOn: null,
    status: 'planned',
    measure: null,
    startedOn: '2026-01-05',
  });
  return {
    orgId: org.id,
    otherOrgId: other.id,
    teamId: team.id,
    adminUserId: admin.user.id,
    adminMembershipId: admin.membership.id,
    staffMembershipId: staff.membership.id,
    cycleId,
    invitationId: invitation.invitationId,
    invitationToken: invitation.token,
    actionId,
  };
}

/** Tables whose content may change on a refused request (see the file comment). */
const NOT_CHECKSUMMED = new Set(['rate_limit_counters', 'login_failures']);

/**
 * Snapshots for one test: `before()` reuses the previous `after()` (a refused request
 * changed nothing, so it is still current), halving the cost of the checks.
 */
let lastSnapshot: string | null = null;
async function before(db: Db): Promise<string> {
  return (lastSnapshot ??= await snapshot(db));
}
async function after(db: Db): Promise<string> {
  return (lastSnapshot = await snapshot(db));
}

async function snapshot(db: Db): Promise<string> {
  const tables = rowsOf<{ tablename: string }>(
    await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`),
  )
    .map((r) => r.tablename)
    .filter((t) => !NOT_CHECKSUMMED.has(t) && !t.startsWith('__drizzle'));
  const parts = tables.map(
    (t) => `select '${t}' as t, count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x`,
  );
  return JSON.stringify(rowsOf(await db.execute(sql.raw(parts.join(' union all ')))));
}

const GENERIC_500 = /something went wrong on our side/i;

function isNextControlFlow(err: unknown, allow: readonly ('404' | 'redirect')[]): boolean {
  const digest = (err as { digest?: unknown } | null)?.digest;
  if (typeof digest !== 'string') return false;
  return (allow.includes('404') && digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;404')) || (allow.includes('redirect') && digest.startsWith('NEXT_REDIRECT'));
}

function expectFormState(state: unknown): asserts state is { status: string; message?: string; fieldErrors?: Record<string, string[]> } {
  expect(state).toBeTypeOf('object');
  const s = state as Record<string, unknown>;
  expect(['idle', 'error', 'success']).toContain(s.status);
  if (s.message !== undefined) {
    expect(typeof s.message).toBe('string');
    expect(s.message).not.toMatch(GENERIC_500);
  }
  if (s.fieldErrors !== undefined) {
    for (const v of Object.values(s.fieldErrors as object)) expect(Array.isArray(v) && v.every((m) => typeof m === 'string')).toBe(true);
  }
}

async function expectApiResponse(res: Response, label: string) {
  expect(res.status, label).toBeLessThan(500);
  if (res.status >= 400 && res.status !== 401 && (res.headers.get('content-type') ?? '').includes('json')) {
    const body = (await res.clone().json()) as { error?: { code?: unknown; message?: unknown } };
    // next-auth's own 401 for a failed sign-in carries { url } for its client; everything else
    // uses the API error shape.
    expect(typeof body.error?.code, `${label}: error shape`).toBe('string');
    expect(typeof body.error?.message, `${label}: error shape`).toBe('string');
  }
}

/* ───────────────────────── hostile values ───────────────────────── */

const CONTROL = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u000E', '\u001B', '\u001F', '\u007F', '\u0085', '\u009F');
const LONE_SURROGATE = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF');
const word = fc.string({ maxLength: 10, unit: fc.constantFrom(...'abcXYZ0129-_.@ '.split('')) }).map((s) => `x${s}x`);
const HUGE = 'x'.repeat(100_001);

/** A string no text field may accept (FormData turns lone surrogates into U+FFFD, so none here). */
const hostileFormString = fc.oneof(
  fc.tuple(word, CONTROL, word).map(([a, c, b]) => `${a}${c}${b}`),
  fc.constant(HUGE),
  fc.tuple(word, CONTROL).map(([a, c]) => `${c}${a}${c}${a}`),
);
/** A string no JSON text field may accept. */
const hostileJsonString = fc.oneof(hostileFormString, fc.tuple(word, LONE_SURROGATE, word).map(([a, s, b]) => `${a}${s}${b}`));
const RESERVED = fc.constantFrom('__proto__', 'constructor', 'prototype');
const fieldName = fc.oneof(RESERVED, fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('orgId', 'role', 'userId', 'id', 'admin', 'status'));

const deepArray = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  // fast-check prints counterexamples recursively; give it a short name instead.
  Object.defineProperty(v, fc.toStringMethod, { value: () => `deepArray(${depth})` });
  return v;
};

/** Values a hostile client can send where a FormData belongs (React can serialize all of them). */
const notAForm = fc.oneof(
  fc.constantFrom(null, undefined, '', 'name=x', 0, 42, true, [], {}, deepArray(5000)),
  fc.jsonValue(),
  fc.dictionary(fieldName, fc.string()),
  fc.constant(new Map([['name', 'x']])),
  fc.constant(new Blob(['name=x'])),
);

/** A leaf value no item answer or id accepts. */
const badLeaf = fc.oneof(
  hostileJsonString,
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
  fc.integer({ min: 7, max: 2 ** 31 }),
  fc.integer({ min: -(2 ** 31), max: -1 }),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, true, false),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1, maxKeys: 3 }),
  fc.constant(deepArray(3000)),
);

function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  // An own property even for "__proto__", as JSON.parse (and React's decodeReply) creates it.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/* ───────────────────────── form actions ───────────────────────── */

type FormFields = Record<string, string>;

interface FormActionSpec {
  /** Calls the action; `orgId` is the fixture's org unless a hostile one is given. */
  call(fx: Fixtures, form: unknown, orgId?: unknown): Promise<unknown>;
  /** A valid submission (the fuzz mutates it into an invalid one). */
  base(fx: Fixtures): FormFields;
  /** File fields of the valid submission. */
  files?(fx: Fixtures): Record<string, File>;
  /** Whose session calls it. */
  as: 'admin' | 'nobody';
  /** Takes the org id from the URL (so a hostile org id must be a 404). */
  org: boolean;
  /** Ignores its form (a button): only "no 5xx" applies to form mutations. */
  ignoresForm?: boolean;
}

const examplePack = fs.readFileSync(path.join(ROOT, 'lib/instruments/examples/example-pack.json'), 'utf8');

/* The action modules, loaded once. */
const admin = await import('@/lib/actions/admin');
const plan = await import('@/lib/actions/plan');
const cyclesActions = await import('@/lib/actions/cycles');
const checkin = await import('@/lib/actions/checkin');
const accounts = await import('@/lib/actions/accounts');
const invitations = await import('@/lib/actions/invitations');
const accountSecurity = await import('@/lib/actions/account-security');

type OrgFormAction = (orgId: string, prev: typeof idleState, form: FormData) => Promise<unknown>;
const orgForm = (fn: OrgFormAction, base: FormActionSpec['base'], extra: Partial<FormActionSpec> = {}): FormActionSpec => ({
  call: (fx, form, orgId = fx.orgId) => fn(orgId as string, idleState, form as FormData),
  base,
  as: 'admin',
  org: true,
  ...extra,
});

const PASSWORD = 'correct horse battery staple';

/** Every server action that takes a form. Keyed "file#export". */
const FORM_ACTIONS: Record<string, FormActionSpec> = {
  'lib/actions/admin.ts#updateSettingsAction': orgForm(admin.updateSettingsAction, () => ({
    name: 'Harbor House',
    minGroupSize: '5',
    roleWord: 'helper',
    supportEapLine: '0800 123 456',
    supportCrisisLine: '988',
    supportText: 'Talk to us.\nAny time.',
    staffSeeAgencyResults: 'on',
    driverWindowMonths: '12',
  })),
  'lib/actions/admin.ts#createTeamAction': orgForm(admin.createTeamAction, () => ({ name: 'Night shift' })),
  'lib/actions/admin.ts#renameTeamAction': orgForm(admin.renameTeamAction, (fx) => ({ teamId: fx.teamId, name: 'Day shift' })),
  'lib/actions/admin.ts#archiveTeamAction': orgForm(admin.archiveTeamAction, (fx) => ({ teamId: fx.teamId, intent: 'archive' })),
  'lib/actions/admin.ts#createInvitationAction': orgForm(admin.createInvitationAction, (fx) => ({
    role: 'staff',
    teamId: fx.teamId,
    email: 'new.person@example.test',
    expiresInDays: '7',
  })),
  'lib/actions/admin.ts#revokeInvitationAction': orgForm(admin.revokeInvitationAction, (fx) => ({ invitationId: fx.invitationId })),
  'lib/actions/admin.ts#updateMemberAction': orgForm(admin.updateMemberAction, (fx) => ({
    membershipId: fx.staffMembershipId,
    role: 'director',
    teamId: fx.teamId,
  })),
  'lib/actions/admin.ts#setMemberActiveAction': orgForm(admin.setMemberActiveAction, (fx) => ({
    membershipId: fx.staffMembershipId,
    intent: 'deactivate',
  })),
  'lib/actions/invitations.ts#reissueInvitationAction': orgForm(invitations.reissueInvitationAction, (fx) => ({ invitationId: fx.invitationId })),
  'lib/actions/plan.ts#createActionItemAction': orgForm(plan.createActionItemAction, () => ({
    title: 'Peer debriefs',
    recommendationId: '',
    rationale: 'Debriefing helps.\nStart monthly.',
    priority: '2',
    tasks: 'Pick a day\nInvite everyone',
    lead: 'Ana',
    dueOn: '2026-06-30',
    startedOn: '2026-02-01',
    status: 'planned',
    measure: 'sts',
  })),
  'lib/actions/plan.ts#updateActionStatusAction': orgForm(plan.updateActionStatusAction, (fx) => ({ actionId: fx.actionId, status: 'done' })),
  'lib/actions/plan.ts#toggleTaskAction': orgForm(plan.toggleTaskAction, (fx) => ({ actionId: fx.actionId, taskIndex: '1' })),
  'lib/actions/plan.ts#updateActionItemAction': orgForm(plan.updateActionItemAction, (fx) => ({
    actionId: fx.actionId,
    title: 'Supervision hour',
    rationale: 'Shorter.\nStill protective.',
    priority: '1',
    tasks: 'Book the room',
    ownerMembershipId: fx.staffMembershipId,
    dueOn: '2026-07-01',
  })),
  'lib/actions/plan.ts#dropActionItemAction': orgForm(plan.dropActionItemAction, (fx) => ({ actionId: fx.actionId, droppedReason: 'No budget.\nMaybe next year.' })),
  'lib/actions/plan.ts#deleteActionItemAction': orgForm(plan.deleteActionItemAction, (fx) => ({ actionId: fx.actionId })),
  // No pack is installed in the fixtures: a valid form for a pack that is not there is refused too.
  'lib/actions/admin.ts#setPackDisabledAction': orgForm(admin.setPackDisabledAction, () => ({ packId: '7d1f3c2a-5b6e-4f80-9a1b-2c3d4e5f6a7b', intent: 'disable' })),
  'lib/actions/admin.ts#removePackAction': orgForm(admin.removePackAction, () => ({ packId: '7d1f3c2a-5b6e-4f80-9a1b-2c3d4e5f6a7b' })),
  'lib/actions/cycles.ts#updateScheduleAction': orgForm(cyclesActions.updateScheduleAction, () => ({
    enabled: 'on',
    cadence: 'quarterly',
    openDay: '3',
    durationDays: '14',
    vrInstrument: 'brief-vr',
    includeSelfCare: 'on',
    reminderDaysBeforeClose: '3',
  })),
  'lib/actions/cycles.ts#openCycleAction': orgForm(cyclesActions.openCycleAction, () => ({
    durationDays: '14',
    vrInstrument: 'brief-vr',
    includeSelfCare: 'on',
  })),
  'lib/actions/cycles.ts#closeCycleAction': orgForm(cyclesActions.closeCycleAction, (fx) => ({ cycleId: fx.cycleId })),
  'lib/actions/cycles.ts#remindNowAction': orgForm(cyclesActions.remindNowAction, (fx) => ({ cycleId: fx.cycleId })),
  'lib/actions/cycles.ts#installPackAction': orgForm(cyclesActions.installPackAction, () => ({}), {
    files: () => ({ pack: new File([examplePack], 'pack.json', { type: 'application/json' }) }),
  }),
  'lib/actions/checkin.ts#eraseMyDataAction': orgForm(checkin.eraseMyDataAction, () => ({ confirm: 'DELETE' })),
  'lib/actions/accounts.ts#signUpAction': {
    call: (_fx, form) => accounts.signUpAction(form as FormData),
    base: () => ({
      agencyName: 'New Agency',
      name: 'Nia Admin',
      email: 'nia@example.test',
      password: PASSWORD,
      confirmPassword: PASSWORD,
    }),
    as: 'nobody',
    org: false,
  },
  'lib/actions/accounts.ts#acceptInvitationNewUserAction': {
    call: (fx, form) => accounts.acceptInvitationNewUserAction(fx.invitationToken, form as FormData),
    base: () => ({ name: 'Sam Staff', email: 'sam@example.test', password: PASSWORD, confirmPassword: PASSWORD }),
    as: 'nobody',
    org: false,
  },
  'lib/actions/account-security.ts#requestPasswordResetAction': {
    call: (_fx, form) => accountSecurity.requestPasswordResetAction(idleState, form as FormData),
    base: () => ({ email: 'fuzz-admin@example.test' }),
    as: 'nobody',
    org: false,
  },
  'lib/actions/account-security.ts#resetPasswordAction': {
    // A token that was never issued: whatever the form says, nothing may change.
    call: (_fx, form) => accountSecurity.resetPasswordAction('not-a-real-token', idleState, form as FormData),
    base: () => ({ password: PASSWORD, confirmPassword: PASSWORD }),
    as: 'nobody',
    org: false,
  },
  'lib/actions/account-security.ts#changePasswordAction': {
    call: (_fx, form) => accountSecurity.changePasswordAction(idleState, form as FormData),
    base: () => ({ currentPassword: 'the wrong current password', newPassword: PASSWORD, confirmPassword: PASSWORD }),
    as: 'admin',
    org: false,
  },
  'lib/actions/account-security.ts#signOutEverywhereAction': {
    call: (_fx, form) => accountSecurity.signOutEverywhereAction(idleState, form as FormData),
    base: () => ({}),
    as: 'admin',
    org: false,
    ignoresForm: true,
  },
};


type FormMutation =
  | { kind: 'hostile-value'; field: string; value: string }
  | { kind: 'unknown-field'; name: string; value: string }
  | { kind: 'repeated-field'; field: string }
  | { kind: 'file-for-text'; field: string }
  | { kind: 'hostile-file'; content: string }
  | { kind: 'not-a-form'; value: unknown }
  | { kind: 'random'; entries: [string, string][] };

function formMutations(spec: FormActionSpec, fx: Fixtures, strict: boolean): fc.Arbitrary<FormMutation> {
  const fields = Object.keys(spec.base(fx));
  const fileFields = Object.keys(spec.files?.(fx) ?? {});
  const known = new Set([...fields, ...fileFields]);
  const options: fc.Arbitrary<FormMutation>[] = [
    notAForm.map((value) => ({ kind: 'not-a-form' as const, value })),
    fc.array(fc.tuple(fieldName, fc.oneof(fc.string(), hostileFormString)), { maxLength: 6 }).map((entries) => ({ kind: 'random' as const, entries })),
  ];
  if (strict) {
    options.push(
      fc
        .tuple(fieldName.filter((n) => !known.has(n) && !n.startsWith('$ACTION')), fc.string({ maxLength: 20 }))
        .map(([name, value]) => ({ kind: 'unknown-field' as const, name, value })),
    );
  }
  if (fields.length) {
    options.push(
      fc.tuple(fc.constantFrom(...fields), hostileFormString).map(([field, value]) => ({ kind: 'hostile-value' as const, field, value })),
      fc.constantFrom(...fields).map((field) => ({ kind: 'repeated-field' as const, field })),
      fc.constantFrom(...fields).map((field) => ({ kind: 'file-for-text' as const, field })),
    );
  }
  if (fileFields.length) {
    const pack = JSON.parse(examplePack) as Record<string, unknown>;
    options.push(
      fc
        .oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          hostileJsonString.map((s) => JSON.stringify({ ...pack, name: s })),
          hostileJsonString.map((s) => JSON.stringify({ ...pack, items: [{ id: 1, text: s }] })),
          RESERVED.map((k) => examplePack.replace('"subscales": {', `"subscales": {"${k}": {"name": "x"},`)),
          fc.constant(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
          fc.constant('x'.repeat(600 * 1024)),
        )
        .map((content) => ({ kind: 'hostile-file' as const, content })),
    );
  }
  return fc.oneof(...options);
}

function buildForm(spec: FormActionSpec, fx: Fixtures, m: FormMutation): unknown {
  if (m.kind === 'not-a-form') return m.value;
  const fd = new FormData();
  if (m.kind === 'random') {
    for (const [k, v] of m.entries) fd.append(k, v);
    return fd;
  }
  for (const [k, v] of Object.entries(spec.base(fx))) fd.append(k, v);
  for (const [k, v] of Object.entries(spec.files?.(fx) ?? {})) fd.append(k, v);
  switch (m.kind) {
    case 'hostile-value':
      fd.set(m.field, m.value);
      break;
    case 'unknown-field':
      fd.append(m.name, m.value);
      break;
    case 'repeated-field':
      fd.append(m.field, fd.get(m.field) as string);
      break;
    case 'file-for-text':
      fd.set(m.field, new File([String(fd.get(m.field))], 'x.txt'));
      break;
    case 'hostile-file':
      for (const name of Object.keys(spec.files?.(fx) ?? {})) fd.set(name, new File([m.content], 'pack.json', { type: 'application/json' }));
      break;
  }
  return fd;
}

/* ───────────────────────── the check-in action (JSON-like payload) ───────────────────────── */

function validAnswers() {
  const items = (n: number, v: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i + 1), v]));
  return { proqol: items(30, 3), vr: items(7, 4), selfCare: items(12, 2), profile: null as unknown };
}

type PayloadMutation =
  | { kind: 'extra-key'; where: 'root' | 'proqol' | 'vr' | 'selfCare'; key: string; value: unknown }
  | { kind: 'bad-leaf'; where: 'proqol' | 'vr' | 'selfCare'; item: number; value: unknown }
  | { kind: 'bad-section'; where: 'proqol' | 'vr' | 'selfCare' | 'profile'; value: unknown }
  | { kind: 'random'; value: unknown };

const payloadMutation: fc.Arbitrary<PayloadMutation> = fc.oneof(
  fc
    .tuple(fc.constantFrom('root', 'proqol', 'vr', 'selfCare') as fc.Arbitrary<'root' | 'proqol' | 'vr' | 'selfCare'>, fc.oneof(RESERVED, fc.string({ minLength: 1 })), fc.jsonValue())
    .filter(([where, key]) => (where === 'root' ? !['proqol', 'vr', 'selfCare', 'profile'].includes(key) : !/^([1-9]|[12]\d|30)$/.test(key)))
    .map(([where, key, value]) => ({ kind: 'extra-key' as const, where, key, value })),
  fc
    .tuple(fc.constantFrom('proqol', 'vr', 'selfCare') as fc.Arbitrary<'proqol' | 'vr' | 'selfCare'>, fc.integer({ min: 1, max: 7 }), badLeaf)
    .map(([where, item, value]) => ({ kind: 'bad-leaf' as const, where, item, value })),
  fc
    .tuple(
      fc.constantFrom('proqol', 'vr', 'selfCare', 'profile') as fc.Arbitrary<'proqol' | 'vr' | 'selfCare' | 'profile'>,
      fc.oneof(hostileJsonString, fc.array(fc.integer(), { minLength: 1 }), fc.constant(deepArray(4000)), fc.integer(), fc.dictionary(fc.oneof(RESERVED, fc.string()), badLeaf, { minKeys: 1 })),
    )
    .map(([where, value]) => ({ kind: 'bad-section' as const, where, value })),
  fc.oneof(fc.jsonValue(), notAForm).map((value) => ({ kind: 'random' as const, value })),
);

function buildPayload(m: PayloadMutation): unknown {
  if (m.kind === 'random') return m.value;
  const a = validAnswers() as Record<string, unknown>;
  if (m.kind === 'extra-key') setOwn(m.where === 'root' ? a : (a[m.where] as Record<string, unknown>), m.key, m.value);
  if (m.kind === 'bad-leaf') setOwn(a[m.where] as Record<string, unknown>, String(m.item), m.value);
  if (m.kind === 'bad-section') a[m.where] = m.value;
  return a;
}

/* ───────────────────────── route handlers ───────────────────────── */

const checkinsRoute = await import('@/app/api/v1/orgs/[orgId]/checkins/route');
const aggregatesRoute = await import('@/app/api/v1/orgs/[orgId]/aggregates/route');
const driversRoute = await import('@/app/api/v1/orgs/[orgId]/drivers/route');
const authRoute = await import('@/app/api/auth/[...nextauth]/route');
const examplePackRoute = await import('@/app/orgs/[orgId]/admin/instruments/example-pack/route');
const healthRoute = await import('@/app/api/health/route');
const readyRoute = await import('@/app/api/ready/route');

const hostileOrgId = (fx: Fixtures) =>
  fc.oneof(fc.string(), hostileJsonString, fc.constant(fx.otherOrgId), fc.uuid(), fc.constantFrom('..%2F..', '%00', `${fx.orgId}\u0000`, ` ${fx.orgId}`));

/** Percent-encodes like encodeURIComponent, but writes a lone surrogate as invalid UTF-8 instead of throwing. */
function encodeHostile(s: string): string {
  return Array.from(s)
    .map((ch) => (/^[\uD800-\uDFFF]$/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch)))
    .join('');
}

const CONTENT_TYPES = [
  'application/json',
  'APPLICATION/JSON; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  '',
];

interface BodyCase {
  contentType: string | null;
  body: string | null;
}

const jsonBody = (value: unknown) => ({ contentType: 'application/json', body: JSON.stringify(value) ?? 'null' });

/** Bodies for a JSON POST: random types, hostile JSON text, valid JSON with hostile content. */
const hostileBody = (valid: () => Record<string, unknown>): fc.Arbitrary<BodyCase> =>
  fc.oneof(
    fc.record({ contentType: fc.constantFrom(...CONTENT_TYPES, null), body: fc.oneof(fc.string(), fc.constant(null)) }),
    fc.jsonValue().map(jsonBody),
    fc.constantFrom('{', '{"a":', '[1,2', 'nul', '\u0000', '{"__proto__":{"x":1}}', '"\\ud800"', `{"x":"${'\\u0000'.repeat(10)}"}`).map((body) => ({ contentType: 'application/json', body })),
    fc.constant({ contentType: 'application/json', body: `${'['.repeat(200_000)}${']'.repeat(200_000)}` }),
    fc.constant({ contentType: 'application/json', body: JSON.stringify({ pad: 'x'.repeat(200_000) }) }),
    fc
      .tuple(fc.oneof(RESERVED, fc.string({ minLength: 1 })), fc.jsonValue())
      .filter(([k]) => !Object.hasOwn(valid(), k))
      .map(([k, v]) => {
        const b = valid();
        setOwn(b, k, v);
        return jsonBody(b);
      }),
    payloadMutation.map((m) => jsonBody({ ...valid(), answers: buildPayload(m) })),
    badLeaf.map((v) => jsonBody({ ...valid(), cycleId: v })),
  );

const queryString = fc
  .array(fc.tuple(fc.oneof(fieldName, fc.constantFrom('cycle', 'measure', 'by', 'format', 'team', 'callbackUrl')), fc.oneof(fc.string(), hostileJsonString, fc.constantFrom('latest', 'all', 'csv', 'team', '%00', '\\\\evil.example'))), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeHostile(k)}=${encodeHostile(v)}`).join('&'));

function apiRequest(method: string, orgId: string, suffix: string, query: string, body?: BodyCase) {
  const headers = new Headers();
  if (body?.contentType) headers.set('content-type', body.contentType);
  return new NextRequest(`${ORIGIN}/api/v1/orgs/${encodeHostile(orgId)}/${suffix}${query ? `?${query}` : ''}`, {
    method,
    headers,
    body: body?.body ?? undefined,
  });
}

const CALLBACK_PAYLOADS = [
  '\\\\evil.example',
  '/\\evil.example',
  '//evil.example',
  '/x/..//evil.example',
  '/.//evil.example',
  'https://evil.example',
  'javascript:alert(1)',
  '%2F%2Fevil.example',
  'http://localhost:3000@evil.example',
  '\u0000',
  '',
  'http://[::1',
];

const AUTH_ACTIONS = [
  ['csrf'],
  ['session'],
  ['providers'],
  ['signin'],
  ['signin', 'credentials'],
  ['signout'],
  ['callback', 'credentials'],
  ['callback', 'nope'],
  ['error'],
  ['_log'],
  ['verify-request'],
  [],
  ['nope'],
];

interface AuthCase {
  method: 'GET' | 'POST';
  action: string[];
  query: string;
  cookie: string | null;
  body: BodyCase | null;
}

const formBody = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('email', 'password', 'csrfToken', 'callbackUrl', 'json', 'redirect'), fieldName),
      fc.oneof(fc.string(), hostileJsonString, fc.constantFrom(...CALLBACK_PAYLOADS), fc.constantFrom('a@b.co', 'true', 'admin@example.test\u0000')),
    ),
    { maxLength: 7 },
  )
  .map((pairs) => ({ contentType: 'application/x-www-form-urlencoded', body: pairs.map(([k, v]) => `${encodeHostile(k)}=${encodeHostile(v)}`).join('&') }));

const authCase: fc.Arbitrary<AuthCase> = fc.record({
  method: fc.constantFrom('GET', 'POST') as fc.Arbitrary<'GET' | 'POST'>,
  action: fc.oneof(fc.constantFrom(...AUTH_ACTIONS), fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 })),
  query: fc.oneof(queryString, fc.constantFrom(...CALLBACK_PAYLOADS).map((v) => `callbackUrl=${encodeHostile(v)}`)),
  cookie: fc.oneof(
    fc.constant(null),
    fc.constantFrom(...CALLBACK_PAYLOADS).map((v) => `next-auth.callback-url=${encodeHostile(v)}`),
    fc.string().map((s) => `next-auth.csrf-token=${encodeHostile(s)}; next-auth.session-token=${encodeHostile(s)}`),
  ),
  body: fc.oneof(fc.constant(null), formBody, hostileBody(() => ({ email: 'a@b.co', password: 'x' }))),
});

function callAuth(c: AuthCase) {
  const headers = new Headers();
  if (c.body?.contentType) headers.set('content-type', c.body.contentType);
  if (c.cookie) headers.set('cookie', c.cookie);
  const pathPart = c.action.map(encodeHostile).join('/');
  const req = new NextRequest(`${ORIGIN}/api/auth/${pathPart}${c.query ? `?${c.query}` : ''}`, {
    method: c.method,
    headers,
    body: c.method === 'POST' ? (c.body?.body ?? undefined) : undefined,
  });
  const ctx = { params: Promise.resolve({ nextauth: c.action }) };
  return runInRequestScope(req, '/api/auth/[...nextauth]', () => (c.method === 'GET' ? authRoute.GET(req, ctx) : authRoute.POST(req, ctx)));
}

/** Every route handler and method, with its fuzz. */
type RouteFuzz = (ctx: { db: Db; fx: Fixtures }) => Promise<void>;

const ROUTES: Record<string, Record<string, RouteFuzz>> = {
  'app/api/v1/orgs/[orgId]/checkins/route.ts': {
    POST: async ({ db, fx }) => {
      const valid = () => ({ cycleId: fx.cycleId, answers: validAnswers() }) as Record<string, unknown>;
      await fc.assert(
        fc.asyncProperty(hostileBody(valid), fc.option(hostileOrgId(fx), { nil: undefined }), async (body, orgId) => {
          const snapBefore = await before(db);
          const res = await checkinsRoute.POST(apiRequest('POST', orgId ?? fx.orgId, 'checkins', '', body), {
            params: Promise.resolve({ orgId: orgId ?? fx.orgId }),
          });
          await expectApiResponse(res, 'POST checkins');
          expect(res.status, 'a hostile check-in is refused').toBeGreaterThanOrEqual(400);
          expect(await after(db), 'nothing stored').toBe(snapBefore);
        }),
        { numRuns: RUNS * 6, seed: 1201 },
      );
    },
  },
  'app/api/v1/orgs/[orgId]/aggregates/route.ts': {
    GET: async ({ db, fx }) => {
      await fc.assert(
        fc.asyncProperty(queryString, fc.option(hostileOrgId(fx), { nil: undefined }), async (query, orgId) => {
          const snapBefore = await before(db);
          const res = await aggregatesRoute.GET(apiRequest('GET', orgId ?? fx.orgId, 'aggregates', query), {
            params: Promise.resolve({ orgId: orgId ?? fx.orgId }),
          });
          await expectApiResponse(res, `GET aggregates?${query}`);
          expect(await after(db)).toBe(snapBefore);
        }),
        { numRuns: RUNS * 3, seed: 1202 },
      );
    },
  },
  'app/api/v1/orgs/[orgId]/drivers/route.ts': {
    GET: async ({ db, fx }) => {
      await fc.assert(
        fc.asyncProperty(queryString.filter((q) => q !== ''), fc.option(hostileOrgId(fx), { nil: undefined }), async (query, orgId) => {
          const snapBefore = await before(db);
          const res = await driversRoute.GET(apiRequest('GET', orgId ?? fx.orgId, 'drivers', query), {
            params: Promise.resolve({ orgId: orgId ?? fx.orgId }),
          });
          await expectApiResponse(res, `GET drivers?${query}`);
          expect(res.status, 'drivers take no query parameters').toBeGreaterThanOrEqual(400);
          expect(await after(db)).toBe(snapBefore);
        }),
        { numRuns: RUNS * 3, seed: 1203 },
      );
    },
  },
  'app/orgs/[orgId]/admin/instruments/example-pack/route.ts': {
    GET: async ({ db, fx }) => {
      await fc.assert(
        fc.asyncProperty(queryString.filter((q) => q !== ''), fc.option(hostileOrgId(fx), { nil: undefined }), async (query, orgId) => {
          const snapBefore = await before(db);
          const res = await examplePackRoute.GET(apiRequest('GET', orgId ?? fx.orgId, 'example-pack', query), {
            params: Promise.resolve({ orgId: orgId ?? fx.orgId }),
          });
          await expectApiResponse(res, `GET example-pack?${query}`);
          expect(res.status, 'the example pack takes no query parameters').toBeGreaterThanOrEqual(400);
          expect(await after(db)).toBe(snapBefore);
        }),
        { numRuns: RUNS * 2, seed: 1214 },
      );
    },
  },
  // Health and readiness take no request (a query or body cannot reach them); they answer
  // from the process and the database alone, disclose nothing, and write nothing.
  'app/api/health/route.ts': {
    GET: async ({ db }) => {
      const snapBefore = await before(db);
      const res = healthRoute.GET();
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
      expect(await after(db)).toBe(snapBefore);
    },
  },
  'app/api/ready/route.ts': {
    GET: async ({ db }) => {
      const snapBefore = await before(db);
      const res = await readyRoute.GET();
      expect(res.status, 'the test database is migrated and answers').toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['migrations', 'status']);
      expect(JSON.stringify(body)).not.toMatch(/@|postgres:|password/i);
      expect(await after(db)).toBe(snapBefore);
    },
  },
  'app/api/auth/[...nextauth]/route.ts': {
    GET: async ({ db }) => {
      await fc.assert(
        fc.asyncProperty(authCase.map((c) => ({ ...c, method: 'GET' as const })), async (c) => {
          const snapBefore = await before(db);
          await expectApiResponse(await callAuth(c), `GET /api/auth/${c.action.join('/')}?${c.query}`);
          expect(await after(db)).toBe(snapBefore);
        }),
        { numRuns: RUNS * 4, seed: 1204 },
      );
    },
    POST: async ({ db }) => {
      await fc.assert(
        fc.asyncProperty(authCase.map((c) => ({ ...c, method: 'POST' as const })), async (c) => {
          const snapBefore = await before(db);
          await expectApiResponse(await callAuth(c), `POST /api/auth/${c.action.join('/')} ${c.body?.contentType}`);
          expect(await after(db)).toBe(snapBefore);
        }),
        { numRuns: RUNS * 6, seed: 1205 },
      );
    },
  },
};

/** Server actions that take something other than a form. */
type ArgsFuzz = (ctx: { db: Db; fx: Fixtures }) => Promise<void>;

async function settle<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

const OTHER_ACTIONS: Record<string, ArgsFuzz> = {
  'lib/actions/checkin.ts#submitCheckInAction': async ({ db, fx }) => {
    session.userId = fx.adminUserId;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          payloadMutation.map((m) => ({ orgId: fx.orgId as unknown, cycleId: fx.cycleId as unknown, payload: buildPayload(m) })),
          badLeaf.map((cycleId) => ({ orgId: fx.orgId as unknown, cycleId, payload: validAnswers() as unknown })),
          hostileOrgId(fx).map((orgId) => ({ orgId: orgId as unknown, cycleId: fx.cycleId as unknown, payload: validAnswers() as unknown })),
        ),
        async ({ orgId, cycleId, payload }) => {
          const snapBefore = await before(db);
          const out = await settle(() => checkin.submitCheckInAction(orgId as string, cycleId as string, payload));
          if (!out.ok) expect(isNextControlFlow(out.error, ['404']) && orgId !== fx.orgId, String(out.error)).toBe(true);
          else {
            expectFormState(out.value);
            expect(out.value.status).toBe('error');
          }
          expect(await after(db)).toBe(snapBefore);
        },
      ),
      { numRuns: RUNS * 6, seed: 1206 },
    );
  },
  'lib/actions/accounts.ts#acceptInvitationExistingUserAction': async ({ db, fx }) => {
    session.userId = fx.adminUserId;
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileJsonString, fc.string(), fc.constant(HUGE)), async (token) => {
        const snapBefore = await before(db);
        const out = await settle(() => accounts.acceptInvitationExistingUserAction(token as string));
        expect(out.ok, out.ok ? '' : String(out.error)).toBe(true);
        if (out.ok) {
          expectFormState(out.value);
          expect(out.value.status).toBe('error');
        }
        expect(await after(db)).toBe(snapBefore);
      }),
      { numRuns: RUNS * 2, seed: 1207 },
    );
  },
};

/**
 * Found by this fuzz: the invitation and reset actions called String(token) on the client's
 * value, which throws for an object such as {"toString": "x"} (valid JSON, so any client can
 * send it): a 500. They now refuse anything but a short string.
 */
const NON_STRING_TOKEN_ACTIONS: Record<string, (token: unknown) => Promise<unknown>> = {
  'lib/actions/accounts.ts#acceptInvitationExistingUserAction': (t) => accounts.acceptInvitationExistingUserAction(t as string),
  'lib/actions/accounts.ts#acceptInvitationNewUserAction': (t) => accounts.acceptInvitationNewUserAction(t as string, new FormData()),
  'lib/actions/account-security.ts#resetPasswordAction': (t) => accountSecurity.resetPasswordAction(t as string, idleState, new FormData()),
};

/* ───────────────────────── the tests ───────────────────────── */

const formActionFuzz =
  (key: string, spec: FormActionSpec, onlyUnknownFields = false): ArgsFuzz =>
  async ({ db, fx }) => {
    session.userId = spec.as === 'admin' ? fx.adminUserId : null;
    const strict = true;
    const mutation = onlyUnknownFields
      ? formMutations(spec, fx, true).filter((m) => m.kind === 'unknown-field')
      : formMutations(spec, fx, strict);
    const cases = spec.org
      ? fc.oneof(
          { weight: 5, arbitrary: mutation.map((m) => ({ m, orgId: undefined as unknown })) },
          { weight: 1, arbitrary: hostileOrgId(fx).map((orgId) => ({ m: { kind: 'random', entries: [] } as FormMutation, orgId: orgId as unknown })) },
        )
      : mutation.map((m) => ({ m, orgId: undefined as unknown }));
    await fc.assert(
      fc.asyncProperty(cases, async ({ m, orgId }) => {
        const form = buildForm(spec, fx, m);
        const snapBefore = await before(db);
        const req = new NextRequest(`${ORIGIN}/`, { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.9' } });
        const out = await runInRequestScope(req, '/', () => settle(() => spec.call(fx, form, orgId)));
        const hostileOrg = orgId !== undefined;
        const mustRefuse = hostileOrg || (!spec.ignoresForm && m.kind !== 'random');
        if (!out.ok) {
          const allowed: ('404' | 'redirect')[] = hostileOrg ? ['404'] : mustRefuse ? [] : ['redirect'];
          expect(isNextControlFlow(out.error, allowed), `${key} ${m.kind} threw ${String(out.error)}`).toBe(true);
        } else {
          expectFormState(out.value);
          if (mustRefuse) expect(out.value.status, `${key} ${m.kind}`).toBe('error');
        }
        const snapAfter = await after(db);
        const refused = out.ok && (out.value as { status?: unknown }).status === 'error';
        if (mustRefuse || refused) expect(snapAfter, `${key} ${m.kind}: nothing stored`).toBe(snapBefore);
      }),
      { numRuns: RUNS * 3, seed: 1210 },
    );
  };

describe('the fuzz covers every entry point', () => {
  it('every route handler file and method is fuzzed', () => {
    const found = discoverRoutes();
    expect(Object.keys(found).length).toBeGreaterThan(0);
    const covered = Object.fromEntries(Object.entries(ROUTES).map(([f, m]) => [f, Object.keys(m).sort()]));
    expect(covered).toEqual(found);
  });

  it('every server action is fuzzed', async () => {
    const { modules, inline } = discoverServerActionFiles();
    expect(inline, "inline 'use server' functions: move them to lib/actions and cover them here").toEqual([]);
    const exported: string[] = [];
    for (const file of modules) {
      const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) if (typeof value === 'function') exported.push(`${file}#${name}`);
    }
    expect([...Object.keys(FORM_ACTIONS), ...Object.keys(OTHER_ACTIONS)].sort()).toEqual(exported.sort());
  });
});

describeEachDriver('fuzz: hostile input to every entry point', (ctx) => {
  let fx: Fixtures;
  let errors: MockInstance<typeof console.error>;
  beforeEach(async () => {
    fx = await makeFixtures(ctx.db);
    lastSnapshot = null;
    errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    // A logged server error is a 500 in disguise (errorToFormState, toErrorResponse).
    // next-auth logs a garbage session cookie as JWT_SESSION_ERROR and answers "no session":
    // client noise, not a server fault.
    const logged = errors.mock.calls
      .map((c) => c.map(String).join(' ').slice(0, 300))
      .filter((line) => !line.startsWith('[next-auth][error][JWT_SESSION_ERROR]'));
    errors.mockRestore();
    session.userId = null;
    expect(logged, 'server errors logged').toEqual([]);
  });

  for (const [file, methods] of Object.entries(ROUTES)) {
    for (const [method, fuzz] of Object.entries(methods)) {
      it(`${method} ${file}`, () => fuzz({ db: ctx.db, fx }), 120_000);
    }
  }
  for (const [key, spec] of Object.entries(FORM_ACTIONS)) {
    it(`action ${key}`, () => formActionFuzz(key, spec)({ db: ctx.db, fx }), 120_000);
  }
  for (const [key, fuzz] of Object.entries(OTHER_ACTIONS)) {
    it(`action ${key}`, () => fuzz({ db: ctx.db, fx }), 120_000);
  }
  for (const [key, call] of Object.entries(NON_STRING_TOKEN_ACTIONS)) {
    it(`${key} survives a non-string token`, async () => {
      session.userId = fx.adminUserId;
      await fc.assert(
        fc.asyncProperty(fc.oneof(badLeaf, notAForm, fc.constant({ toString: 'x' })), async (token) => {
          const snapBefore = await before(ctx.db);
          const out = await settle(() => call(token));
          expect(out.ok, out.ok ? '' : String(out.error)).toBe(true);
          if (out.ok) expectFormState(out.value);
          expect(await after(ctx.db)).toBe(snapBefore);
        }),
        { numRuns: RUNS * 2, seed: 1208 },
      );
    }, 120_000);
  }
});
