// Starts `next start` as a child and stops it cleanly: signals are forwarded to the
// server's own process (STACK-NOTES pitfall 6) so it can close PGlite before exiting.
// It listens on `host`: 127.0.0.1 unless the caller chose otherwise (see ./host.mjs).
import { spawn } from 'node:child_process';
import { DEFAULT_HOST } from './host.mjs';

export function serve({ port, env, host = DEFAULT_HOST }) {
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', host], {
    stdio: 'inherit',
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_MANUAL_SIG_HANDLE: 'true',
      PORT: String(port),
    },
  });
  const forward = (signal) => () => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
  return child;
}
