// Moves a city's store to PostgreSQL (docs/operations.md, "Moving a city over"), with the system stopped:
//
//   npm run store:copy -- --from data/cases.sqlite --to postgres://escalate:…@db:5432/escalate
//
// The target is migrated first and must be empty. Every table is copied and then compared, table by
// table, by row count and checksum; the command prints the comparison and exits 1 if any differs.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { openDb, openStore } from '../db/client.js';
import { copyStore } from '../db/copy-store.js';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
if (!values.from || !values.to || !/^postgres(ql)?:\/\//.test(values.to)) {
  console.error('usage: npm run store:copy -- --from <SQLite file> --to postgres://user:password@host:5432/database');
  process.exit(2);
}
if (!existsSync(values.from)) {
  console.error(`store:copy: no SQLite store at ${values.from}`);
  process.exit(2);
}
const from = openDb(values.from);
const to = await openStore({ dataDir: '', storeUrl: values.to });
try {
  const report = await copyStore(from, to, (m) => console.error(`  ${m}`));
  console.log(JSON.stringify({ ok: report.ok, rows: report.rows, tables: report.tables.filter((t) => t.rows || !t.same) }, null, 2));
  if (!report.ok) {
    console.error(`store:copy: these tables differ after the copy: ${report.tables.filter((t) => !t.same).map((t) => t.table).join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await from.close();
  await to.close();
}
