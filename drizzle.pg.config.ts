import { defineConfig } from 'drizzle-kit';

// PostgreSQL's migrations, from the pg-core copy of db/schema.ts (scripts/generate-pg-schema.ts writes
// it). What drizzle cannot express (the library's search index, pg_trgm, the calendar's triggers) is
// in custom migrations beside the generated ones (drizzle-kit generate --custom).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/pg/schema.ts',
  out: './db/migrations-pg',
});
