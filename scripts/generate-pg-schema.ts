// Writes db/pg/schema.ts (pg-core) from db/schema.ts (sqlite-core), the one definition of every table
// and index. At run time the store uses the sqlite-core table objects on both dialects; the pg-core
// copy exists so that drizzle-kit can generate PostgreSQL's migrations (db/migrations-pg/). The
// mapping keeps what the SQLite column's own driver mapping sends and reads: JSON text → json,
// booleans as 1/0 → boolean, ISO-8601 instants stay text. Anything it cannot map stops the run.
//
//   node --import tsx scripts/generate-pg-schema.ts          writes the file (npm run db:generate)
//   node --import tsx scripts/generate-pg-schema.ts --check  exits 1 when the file differs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { is, SQL, StringChunk } from 'drizzle-orm';
import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as schema from '../db/schema.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SQLITE_SCHEMA_FILE = join(root, 'db', 'schema.ts');
export const PG_SCHEMA_FILE = join(root, 'db', 'pg', 'schema.ts');

/** SQLite's default for "now" as ISO-8601 text, and PostgreSQL's expression for the same text. */
const DEFAULT_EXPRESSIONS: Record<string, string> = {
  "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))": `to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};

class Unmappable extends Error {
  constructor(where: string, what: string) {
    super(`db/schema.ts ${where}: ${what} has no PostgreSQL mapping in scripts/generate-pg-schema.ts`);
  }
}

/** The text of a sql`` fragment that holds only literal text (no parameters, no column objects). */
function literalSql(s: SQL, where: string): string {
  return s.queryChunks
    .map((c) => {
      if (is(c, StringChunk)) return c.value.join('');
      throw new Unmappable(where, 'a sql`` fragment with parameters or column references');
    })
    .join('');
}

/** A single-quoted TypeScript string literal. */
const ts = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** A template literal's body: backquotes, backslashes and ${ escaped. */
const tpl = (s: string) => s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');

interface Table {
  exportName: string;
  table: SQLiteTable;
}

/** The tables db/schema.ts exports, in the order the file declares them (so both files read alike). */
function tablesInSourceOrder(): Table[] {
  const tables = Object.entries(schema)
    .filter(([, v]) => is(v, SQLiteTable))
    .map(([exportName, table]) => ({ exportName, table: table as SQLiteTable }));
  const src = readFileSync(SQLITE_SCHEMA_FILE, 'utf8');
  const order = [...src.matchAll(/^export const (\w+) = sqliteTable\(/gm)].map((m) => m[1]);
  for (const t of tables) {
    if (!order.includes(t.exportName)) throw new Unmappable(t.exportName, 'a table not declared as `export const X = sqliteTable(`');
  }
  return tables.sort((a, b) => order.indexOf(a.exportName) - order.indexOf(b.exportName));
}

export function renderPgSchema(): string {
  const tables = tablesInSourceOrder();
  const exportOf = new Map(tables.map((t) => [getTableConfig(t.table).name, t.exportName]));
  const used = new Set<string>(['pgTable']);
  let usesSql = false;
  let usesBytea = false;

  const renderTable = ({ exportName, table }: Table): string => {
    const cfg = getTableConfig(table);
    const where = (what: string) => `${cfg.name}${what ? `.${what}` : ''}`;
    if (cfg.checks.length) throw new Unmappable(where(''), 'a check constraint');
    if (cfg.uniqueConstraints.length) throw new Unmappable(where(''), 'a unique constraint (use uniqueIndex)');

    // Single-column references become .references() on the column, as db/schema.ts writes them.
    const refs = new Map<string, string>();
    for (const fk of cfg.foreignKeys) {
      const r = fk.reference();
      if (r.columns.length !== 1 || r.name) throw new Unmappable(where(''), 'a composite or named foreign key');
      if (fk.onDelete && fk.onDelete !== 'no action') throw new Unmappable(where(r.columns[0].name), `ON DELETE ${fk.onDelete}`);
      if (fk.onUpdate && fk.onUpdate !== 'no action') throw new Unmappable(where(r.columns[0].name), `ON UPDATE ${fk.onUpdate}`);
      const target = exportOf.get(getTableConfig(r.foreignTable).name);
      if (!target) throw new Unmappable(where(r.columns[0].name), 'a reference to a table db/schema.ts does not export');
      const key = Object.entries(r.foreignTable).find(([, c]) => c === r.foreignColumns[0])?.[0];
      if (!key) throw new Unmappable(where(r.columns[0].name), 'a reference to a column not found on its table');
      refs.set(r.columns[0].name, `.references(() => ${target}.${key})`);
    }

    const keyOf = (col: SQLiteColumn) => Object.entries(table).find(([, c]) => c === col)?.[0];
    const columns = cfg.columns.map((col) => {
      const w = where(col.name);
      const key = keyOf(col);
      if (!key) throw new Unmappable(w, 'a column not reachable as a property of its table');
      if (col.generated) throw new Unmappable(w, 'a generated column');
      if (col.isUnique) throw new Unmappable(w, 'a .unique() column (use uniqueIndex)');
      if (col.enumValues?.length) throw new Unmappable(w, 'a text enum');
      let b: string;
      switch (col.columnType) {
        case 'SQLiteText':
          used.add('text');
          b = `text(${ts(col.name)})`;
          break;
        case 'SQLiteTextJson':
          // json keeps the text as written; the column's own mapping parses it.
          used.add('json');
          b = `json(${ts(col.name)})`;
          break;
        case 'SQLiteBoolean':
          used.add('boolean');
          b = `boolean(${ts(col.name)})`;
          break;
        case 'SQLiteInteger':
          used.add('integer');
          b = `integer(${ts(col.name)})`;
          break;
        case 'SQLiteReal':
          used.add('doublePrecision');
          b = `doublePrecision(${ts(col.name)})`;
          break;
        case 'SQLiteBlobBuffer':
          usesBytea = true;
          b = `bytea(${ts(col.name)})`;
          break;
        default:
          throw new Unmappable(w, `a column of type ${col.columnType}`);
      }
      if (col.primary) {
        b += '.primaryKey()';
        // An integer primary key is SQLite's rowid: assigned when an insert gives none (with or without
        // AUTOINCREMENT, which only forbids reuse). An identity column does both on PostgreSQL.
        if (col.columnType === 'SQLiteInteger') b += '.generatedByDefaultAsIdentity()';
      } else if (col.notNull) b += '.notNull()';
      if (col.hasDefault && col.default !== undefined) {
        const d = col.default;
        if (is(d, SQL)) {
          const text = literalSql(d, w);
          const mapped = DEFAULT_EXPRESSIONS[text];
          if (!mapped) throw new Unmappable(w, `the default ${text}`);
          usesSql = true;
          b += `.default(sql\`${tpl(mapped)}\`)`;
        } else if (typeof d === 'boolean' || typeof d === 'number' || typeof d === 'string') {
          if (col.columnType === 'SQLiteBoolean' && typeof d !== 'boolean') throw new Unmappable(w, 'a non-boolean default of a boolean');
          b += `.default(${typeof d === 'string' ? ts(d) : String(d)})`;
        } else {
          throw new Unmappable(w, `the default ${JSON.stringify(d)}`);
        }
      }
      b += refs.get(col.name) ?? '';
      return `  ${key}: ${b},`;
    });

    const extras: string[] = [];
    for (const pk of cfg.primaryKeys) {
      used.add('primaryKey');
      extras.push(`primaryKey({ columns: [${pk.columns.map((c) => `t.${keyOf(c)}`).join(', ')}] })`);
    }
    for (const ix of cfg.indexes) {
      const c = ix.config;
      const w = where(c.name);
      const cols = c.columns.map((col) => {
        if (is(col, SQL)) throw new Unmappable(w, 'an index on an expression');
        const key = keyOf(col as SQLiteColumn);
        if (!key) throw new Unmappable(w, 'an index on a column of another table');
        return `t.${key}`;
      });
      const fn = c.unique ? 'uniqueIndex' : 'index';
      used.add(fn);
      let s = `${fn}(${ts(c.name)}).on(${cols.join(', ')})`;
      if (c.where) {
        usesSql = true;
        s += `.where(sql\`${tpl(literalSql(c.where, w))}\`)`;
      }
      extras.push(s);
    }
    const body = `{\n${columns.join('\n')}\n}`;
    const third = extras.length ? `, (t) => [\n  ${extras.join(',\n  ')},\n]` : '';
    return `export const ${exportName} = pgTable(${ts(cfg.name)}, ${body}${third});\n`;
  };

  const rendered = tables.map(renderTable);
  if (usesBytea) used.add('customType');
  const imports = [...used].sort();
  const head = [
    '// GENERATED by scripts/generate-pg-schema.ts from db/schema.ts: do not edit. Change db/schema.ts and',
    '// run `npm run db:generate`; tests/pg-schema.test.ts fails when this file is out of date. Only',
    "// drizzle-kit reads it (db/migrations-pg/): the store queries db/schema.ts's tables on both dialects.",
    ...(usesSql ? ["import { sql } from 'drizzle-orm';"] : []),
    `import { ${imports.join(', ')} } from 'drizzle-orm/pg-core';`,
    '',
    ...(usesBytea ? ["const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });", ''] : []),
  ];
  return `${head.join('\n')}\n${rendered.join('\n')}`;
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const text = renderPgSchema();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(PG_SCHEMA_FILE, 'utf8');
    } catch {
      // missing: differs
    }
    if (current !== text) {
      console.error('db/pg/schema.ts is out of date with db/schema.ts: run `npm run db:generate`');
      process.exit(1);
    }
  } else {
    writeFileSync(PG_SCHEMA_FILE, text);
    console.log(`wrote ${PG_SCHEMA_FILE}`);
  }
}
