// The integrators' typed client (client/): its types are generated from the API's /openapi.json with
// openapi-typescript, by this one script.
//   npm run client:generate                  from an API built here (no Temporal needed to describe it)
//   npm run client:generate -- --from URL    from a running API (e.g. http://localhost:3000)
//   npm run client:check [-- --from URL]     fails when client/schema.d.ts is not what the API describes
//   --schema PATH                            another file than client/schema.d.ts (the check's own test)
// tests/client.test.ts runs the check against the API it serves, so a stale client fails CI.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

export const CLIENT_SCHEMA = join(dirname(fileURLToPath(import.meta.url)), '..', 'client', 'schema.d.ts');

const HEADER = `// Generated from the API's /openapi.json by \`npm run client:generate\` (scripts/client.ts, openapi-typescript).
// Do not edit: change the routes' schemas and generate again; tests/client.test.ts fails while this is stale.
`;

/** The client's types for an OpenAPI document. */
export async function clientTypesFor(openapi: object): Promise<string> {
  return HEADER + astToString(await openapiTS(openapi as Parameters<typeof openapiTS>[0]));
}

/** Why the client's types at `schemaPath` are stale for this OpenAPI document, or null when they are what it generates. */
export async function staleness(openapi: object, schemaPath = CLIENT_SCHEMA): Promise<string | null> {
  let current: string;
  try {
    current = readFileSync(schemaPath, 'utf8');
  } catch {
    return `${schemaPath} is missing`;
  }
  const expected = await clientTypesFor(openapi);
  if (current === expected) return null;
  // The first line that differs, so the failure says where.
  const a = current.split('\n');
  const b = expected.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `${schemaPath} is stale from line ${at + 1}: it has ${JSON.stringify(a[at] ?? '(end)')}, the API describes ${JSON.stringify(b[at] ?? '(end)')}`;
}

/** The OpenAPI document of an API built in this process (an in-memory store, Temporal never called). */
async function describeHere(): Promise<object> {
  const { Client, Connection } = await import('@temporalio/client');
  const { openDb } = await import('../db/client.js');
  const { buildApp } = await import('../api/server.js');
  const { newKeyFile, parseKeyList } = await import('../security/keys.js');
  const key = newKeyFile('describe');
  const app = await buildApp({
    db: openDb(':memory:'),
    client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:7233' }) }),
    keyRing: parseKeyList(`describe:${key.keys.describe}`),
    trackingSecret: 'describe',
    config: { taskQueue: 'cases', temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: false },
  });
  try {
    return (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as object;
  } finally {
    await app.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const from = opt('--from');
  const schemaPath = resolve(opt('--schema') ?? CLIENT_SCHEMA);
  const openapi = from ? ((await (await fetch(new URL('/openapi.json', from))).json()) as object) : await describeHere();
  if (args.includes('--check')) {
    const stale = await staleness(openapi, schemaPath);
    if (stale) {
      console.error(`${stale}.\nThe client is not what ${from ?? 'the API'} describes: run npm run client:generate and commit client/schema.d.ts.`);
      process.exit(1);
    }
    console.log(`${schemaPath} matches ${from ?? 'the API'}.`);
    return;
  }
  const types = await clientTypesFor(openapi);
  writeFileSync(schemaPath, types);
  console.log(`wrote ${schemaPath} (${types.length} characters)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
