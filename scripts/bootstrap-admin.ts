// Creates the first administrator of a production directory and prints its bearer token, once: the
// store keeps only the token's hash. From there the admin builds the directory through the API
// (/v1/units, /v1/principals, /v1/directory/import) and issues everyone's tokens (/v1/tokens).
//
//   npm run bootstrap:admin -- [--id admin] [--name 系统管理员]
//   npm run bootstrap:admin -- --reissue [--id admin]   # a new token for an existing admin (lost or expired)
//
// Refuses to create a second admin while one is active: further admins come from the API.
// The token goes alone to stdout (so `TOKEN=$(npm run -s bootstrap:admin)` works); the rest to stderr.
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { openStore } from '../db/client.js';
import { join } from 'node:path';
import { principals } from '../db/schema.js';
import { issueToken } from '../db/tokens.js';
import { audit, DirectoryId } from '../services/directory-admin.js';
import { first } from '../db/store.js';

function fail(message: string): never {
  process.stderr.write(`bootstrap:admin: ${message}\n`);
  process.exit(1);
}

const { values } = parseArgs({
  options: { id: { type: 'string', default: 'admin' }, name: { type: 'string', default: '系统管理员 Administrator' }, reissue: { type: 'boolean', default: false } },
});
const id = values.id!;
if (!DirectoryId.safeParse(id).success) fail(`"${id}" is no valid principal id`);
const config = loadConfig();
const db = await openStore({ dataDir: config.dataDir, storeUrl: config.storeUrl });

const issued = (await db.tx(async () => {
    const admins = (await db.select().from(principals).where(eq(principals.role, 'admin'))).filter((p) => p.active);
    const existing = (await first(db.select().from(principals).where(eq(principals.id, id))));
    if (values.reissue) {
      if (!existing || existing.role !== 'admin' || !existing.active) fail(`no active admin ${id} to reissue a token for`);
      const t = (await issueToken(db, existing, { label: 'bootstrap (reissued)' }));
      await audit(db, { actorId: 'bootstrap', action: 'admin_token_reissued', kind: 'principal', id, after: { tokenId: t.row.hash.slice(0, 16), expiresAt: t.row.expiresAt } });
      return t;
    }
    if (admins.length) fail(`an admin exists already (${admins.map((a) => a.id).join(', ')}); add admins through the API, or pass --reissue for a new token`);
    if (existing) fail(`principal ${id} exists with role ${existing.role}; choose another --id`);
    const p = { id, name: values.name!, role: 'admin', unitId: null, sectionId: null, phone: null, standInId: null, active: true };
    await db.insert(principals).values(p);
    await audit(db, { actorId: 'bootstrap', action: 'principal_created', kind: 'principal', id, after: { ...p, deputySectionIds: [] } });
    return issueToken(db, p, { label: 'bootstrap' });
  }));
await db.close();
process.stderr.write(
  `bootstrap:admin: admin "${id}" ${values.reissue ? 'has a new token' : 'created'} in ${config.storeUrl ? 'the PostgreSQL store' : join(config.dataDir, 'cases.sqlite')}.\n` +
    `This token is shown once and only its hash is stored; it expires at ${issued.row.expiresAt}. Rotate it with POST /v1/tokens/rotate.\n`,
);
process.stdout.write(`${issued.token}\n`);
