#!/usr/bin/env node
// npm start: the production server. Needs a build (npm run build) and AUTH_SECRET.
import { serve } from './lib/serve.mjs';

const port = Number(process.env.PORT ?? 3000);
serve({ port, env: { NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}` } });
