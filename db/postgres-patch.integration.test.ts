import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * The patch kept in patches/postgres+*.patch (patch-package, applied at `npm install`):
 * postgres.js 3.4.x writes to a connection's socket from a setImmediate callback (nextWrite),
 * after closed() may have set it to null. The TypeError then escapes every try/catch as an
 * uncaught exception and kills the server (porsager/postgres #1154, #1208). The reproduction
 * below is #1208's: a reserved connection whose backend is terminated, queried twice. Unpatched,
 * the child process dies with "Cannot read properties of null (reading 'write')"; patched, both
 * queries reject (the second with CONNECTION_CLOSED) and the process lives on. It runs in a child process
 * because the crash is an uncaught exception that would take the test runner down with it.
 */
const reproduction = `
import postgres from 'postgres';
const url = process.env.REPRO_URL;
const sql = postgres(url, { max: 2, onnotice() {} });
const killer = postgres(url, { max: 1, onnotice() {} });
const reserved = await sql.reserve();
const [{ pid }] = await reserved\`select pg_backend_pid() as pid\`;
await killer\`select pg_terminate_backend(\${pid})\`;
const codes = [];
for (let i = 0; i < 2; i++) {
  await reserved\`select 1\`.then(() => codes.push('ok'), (e) => codes.push(e.code ?? e.message));
  await new Promise((r) => setTimeout(r, 50));
}
const [{ one }] = await sql\`select 1 as one\`;
console.log(JSON.stringify({ codes, poolStillWorks: one === 1 }));
reserved.release();
await Promise.all([sql.end({ timeout: 1 }), killer.end({ timeout: 1 })]);
`;

describe.skipIf(!process.env.DATABASE_URL)('postgres.js patch: nextWrite after the socket closed', () => {
  it('rejects queries on a dead reserved connection instead of crashing the process (#1208)', () => {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', reproduction], {
      env: { ...process.env, REPRO_URL: process.env.DATABASE_URL },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.stderr).not.toContain("reading 'write'");
    expect(child.status).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as { codes: string[]; poolStillWorks: boolean };
    expect(result.codes).toHaveLength(2);
    // The first query sees the termination itself: a close, or on Linux sometimes a reset (RST).
    expect(['CONNECTION_CLOSED', 'ECONNRESET']).toContain(result.codes[0]);
    // The second is the one that crashed the process unpatched: now a catchable rejection.
    expect(result.codes[1]).toBe('CONNECTION_CLOSED');
    expect(result.poolStillWorks).toBe(true);
  });
});
