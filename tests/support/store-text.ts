// What a store holds, as text, for tests that check nothing secret is kept in the clear: on SQLite
// they read the file's bytes; on PostgreSQL, where there is no file to read, every row of every table.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../db/client.js';

/** Every row of every table of a PostgreSQL store, as text: all it holds, where no file can be read. */
export async function pgStoreText(db: Db): Promise<string> {
  const tables = await db.all<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  );
  expect(tables.map((t) => t.name)).toContain('tokens');
  let text = '';
  for (const { name } of tables) {
    const r = await db.get<{ t: string | null }>(sql`select string_agg(x::text, chr(10)) as t from ${sql.identifier(name)} x`);
    text += `${r?.t ?? ''}\n`;
  }
  return text;
}
