#!/usr/bin/env node
// npm start: the production server. Needs a build (npm run build) and AUTH_SECRET.
// Listens on 127.0.0.1 (behind a reverse proxy on this machine) unless HOST says otherwise.
import { chooseListenHost } from './lib/host.mjs';
import { serve } from './lib/serve.mjs';

const port = Number(process.env.PORT ?? 3000);
const { host, warning } = chooseListenHost(process.env, 'server');
if (warning) console.warn(warning);
serve({ port, host, env: { NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}` } });
