import { defineConfig } from 'drizzle-kit';

// Generation only needs the schema; both drivers apply the same SQL migrations.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
