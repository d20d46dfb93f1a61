// A flood against the public complaint form (效能铜都), measured: does one address, or one network,
// close a unit's door for the day, and what does a flood cost in verification SMS? It builds the API
// over a fresh store with the demo directory and a throw-away Temporal dev server (filed complaints
// start their workflows; no worker is needed), sends the floods below through the API itself
// (app.inject), and prints what got through, what was refused and why, and what was sent.
//
//   npm run flood:complaints            the door's defaults (README, "Configuration")
//   FLOOD_ATTEMPTS=5000 npm run flood:complaints
//
// A flood "every few seconds" stays under the per-address per-minute limit (20), so the script lifts
// that one limit (COMPLAINT_LIMIT_PER_ADDRESS_PER_MINUTE) and sends back to back: what is measured are
// the daily counts, which do not care how the requests were paced.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { openDb } from '../db/client.js';
import { loadDemoDirectory } from '../db/demo.js';
import { buildApp } from '../api/server.js';
import { complaintDoorConfig, smsBudgetFromEnv } from '../api/public-limits.js';
import { newKeyFile, parseKeyList } from '../security/keys.js';
import { startDevServer } from './dev-server.js';

const ATTEMPTS = Number(process.env.FLOOD_ATTEMPTS) || 2000;

let phoneSeq = 0;
/** A new, made-up mobile number each time: the phone limit never bites a flood of invented numbers. */
const randomPhone = () => `1${3 + (phoneSeq % 7)}${String(100_000_000 + ((++phoneSeq * 7_919_993) % 900_000_000))}`;

interface Tally {
  sent: number;
  accepted: number;
  refused: Record<string, number>;
}

async function flood(app: FastifyInstance, attempts: number, addressOf: (i: number) => string, windowCode: string): Promise<Tally> {
  const t: Tally = { sent: 0, accepted: 0, refused: {} };
  for (let i = 0; i < attempts; i++) {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/complaints',
      remoteAddress: addressOf(i),
      payload: { windowCode, contact: { name: '某某', phone: randomPhone() }, content: '窗口说办不了。' },
    });
    t.sent++;
    if (r.statusCode === 201 || r.statusCode === 202) t.accepted++;
    else {
      const code = (r.json() as { code?: string }).code ?? String(r.statusCode);
      t.refused[code] = (t.refused[code] ?? 0) + 1;
    }
  }
  return t;
}

const refusals = (t: Tally) =>
  Object.entries(t.refused)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ') || 'none';

async function main() {
  const server = await startDevServer({ logLevel: 'error', headless: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'complaint-flood-'));
  const db = openDb(join(dataDir, 'cases.sqlite'));
  await loadDemoDirectory(db, { dataDir });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const key = newKeyFile('flood');
  const keyRing = parseKeyList(`flood:${key.keys.flood}`);
  const apps: FastifyInstance[] = [];
  /** The API as production builds it, with the door's settings from the environment plus these. */
  const api = async (env: Record<string, string>) => {
    const saved = { ...process.env };
    Object.assign(process.env, { COMPLAINT_LIMIT_PER_ADDRESS_PER_MINUTE: '100000' }, env);
    try {
      const app = await buildApp({
        db,
        client,
        keyRing,
        trackingSecret: 'flood',
        config: { taskQueue: 'complaint-flood', temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: false },
      });
      apps.push(app);
      return app;
    } finally {
      process.env = saved;
    }
  };
  const smsSent = async () => (await db.get<{ n: number }>(sql`select count(*) as n from outbox where key like 'complaint-verify:%'`))!.n;
  const unitCount = async (unitId: string) => (await db.get<{ n: number }>(sql`select count(*) as n from complaints where unit_id = ${unitId}`))!.n;
  const citizen = async (app: FastifyInstance, windowCode: string) =>
    (await app.inject({ method: 'POST', url: '/v1/complaints', remoteAddress: '198.18.77.1', payload: { windowCode, contact: { name: '市民', phone: '13905620077' }, content: '确实办不了。' } })).statusCode;

  const door = complaintDoorConfig();
  const budget = smsBudgetFromEnv();
  const lines: string[] = [];
  const say = (s: string) => {
    lines.push(s);
    console.log(s);
  };
  try {
    say(`Complaint door: unit ${door.perUnitPerDay}/day; unverified per address ${door.unverifiedPerAddressPerDay}/day, per network ${door.unverifiedPerNetworkPerDay}/day; phone ${door.perPhonePerDay}/day`);
    say(`SMS budget: ${budget.perHour}/hour, ${budget.perDay}/day, ${budget.perPrefixPerDay} per number block/day; ${ATTEMPTS} attempts per flood`);
    say('');

    const off = await api({ COMPLAINT_VERIFICATION: 'off' });
    const t0 = Date.now();
    const a = await flood(off, ATTEMPTS, () => '203.0.113.50', 'W-market-01');
    say(`A. verification off, one address, random phones, against 市场监管局 (market): ${a.accepted} filed, refused: ${refusals(a)}`);
    say(`   the unit's day: ${(await unitCount('market'))} of ${door.perUnitPerDay} used; a citizen from another network files: ${await citizen(off, 'W-market-01')}  (${((Date.now() - t0) / ATTEMPTS).toFixed(2)} ms a request)`);

    const b = await flood(off, ATTEMPTS, (i) => `198.51.100.${1 + (i % 254)}`, 'W-gas-01');
    say(`B. verification off, every address of one /24, random phones, against 燃气公司 (gas): ${b.accepted} filed, refused: ${refusals(b)}`);
    say(`   the unit's day: ${(await unitCount('gas'))} of ${door.perUnitPerDay} used; a citizen from another network files: ${await citizen(off, 'W-gas-01')}`);

    let networks = 0;
    let closed = false;
    for (let net = 0; net < 1000 && !closed; net++) {
      networks++;
      // Each address of the network files its most, address after address, until the network's most.
      const perAddress = door.unverifiedPerAddressPerDay;
      const t = await flood(off, door.unverifiedPerNetworkPerDay, (i) => `100.${64 + (net >> 8)}.${net & 255}.${1 + Math.floor(i / perAddress)}`, 'W-finance-01');
      closed = (t.refused.COMPLAINT_LIMIT_UNIT ?? 0) > 0;
    }
    say(`C. verification off, network after network, against 财政局 (finance): the unit's cap was reached after ${networks} networks (${(await unitCount('finance'))} filed); then a citizen gets: ${await citizen(off, 'W-finance-01')}`);

    const on = await api({ COMPLAINT_VERIFICATION: 'all' });
    const before = (await smsSent());
    const d = await flood(on, ATTEMPTS, () => '203.0.113.60', 'W-market-01');
    say(`D. verification on, one address, random phones: ${d.accepted} held for a code, refused: ${refusals(d)}; SMS sent: ${(await smsSent()) - before}`);

    const before2 = (await smsSent());
    const e = await flood(on, ATTEMPTS, (i) => `10.${(i >> 8) & 255}.${i & 255}.1`, 'W-market-01');
    say(`E. verification on, every request from another network, random phones: ${e.accepted} held for a code, refused: ${refusals(e)}; SMS sent: ${(await smsSent()) - before2}`);
    say(`   the SMS a flood can cost: at most ${budget.perHour} an hour and ${budget.perDay} a day, whatever it sends`);
  } finally {
    for (const app of apps) await app.close();
    await connection.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
