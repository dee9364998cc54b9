/**
 * Test fixture for db/pglite-lock.test.ts: opens the PGlite dir SUSTAIN_DATA_DIR as the server
 * does (owner "server"), prints "held", and keeps it open until killed.
 */
import { openDb } from './client';

const handle = openDb({ dataDir: process.env.SUSTAIN_DATA_DIR, owner: 'server' });
await handle.db.execute('select 1');
console.log('held');
setInterval(() => {}, 60_000);
