/**
 * A private PostgreSQL cluster for fault test 2: initdb under a temp dir, on a free port,
 * started, restarted and removed by the test. The machine's shared server (5432) is never
 * touched. Uses the binaries under /usr/lib/postgresql/<version>/bin (or PG_BIN). PostgreSQL
 * refuses to run as root, so as root every command runs as the `postgres` OS user (runuser).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

function findBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('private-postgres: no PostgreSQL binaries under /usr/lib/postgresql/*/bin (set PG_BIN)');
  return path.join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export interface PrivatePostgres {
  url: string;
  port: number;
  /**
   * A restart with `downMs` of downtime: `pg_ctl stop -m fast` (disconnects every client), a
   * pause, `pg_ctl start` waiting until it accepts connections (3.2 s in all, as the issue's
   * `pg_ctlcluster restart` took on the shared server). Asynchronous, so the load keeps running.
   * Resolves with its duration in ms.
   */
  restart(downMs?: number): Promise<number>;
  /** pg_isready: true when the server accepts connections. */
  isAnswering(): Promise<boolean>;
  stop(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findBin();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sustain-fault-pg-'));
  const data = path.join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(dir, uid, gid);
  }
  const command = (cmd: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = command(cmd, args);
    const result = spawnSync(file, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`private-postgres: ${cmd} failed: ${result.stderr || result.stdout}`);
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60`;
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', 'start']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async restart(downMs = 2500) {
      const t0 = Date.now();
      const pgCtl = (args: string[]) => promisify(execFile)(...command('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), ...args]));
      await pgCtl(['-m', 'fast', '-w', 'stop']);
      await new Promise((r) => setTimeout(r, downMs));
      await pgCtl(['-o', options, '-w', 'start']);
      return Date.now() - t0;
    },
    async isAnswering() {
      const isReady = path.join(bin, 'pg_isready');
      return promisify(execFile)(isReady, ['-q', '-h', '127.0.0.1', '-p', String(port), '-t', '1']).then(
        () => true,
        () => false,
      );
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
