// The complaint door under a flood (issue 32, item 7) and its verification route (item 8). With
// verification off, one address filing with random phones must not use up a unit's daily cap and lock
// citizens out: anonymous filings not confirmed by a code count per address and per network (an IPv4
// /24, an IPv6 /48), below the unit's cap. With verification on, nobody may make us send codes without
// bound: verification messages count against the city's SMS budget, per hour, per day and per number
// block. And /v1/complaints/{id}/verify tells nothing of a complaint without the code that filed it.
// The flood itself, with its figures, is scripts/complaint-flood.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { appOver, startHarness, type Harness } from './support/harness.js';
import { complaints, outbox, pendingComplaints } from '../db/schema.js';
import { networkBucket } from '../api/public-limits.js';
import { first } from '../db/store.js';

let h: Harness;
const saved = { ...process.env };
beforeAll(async () => {
  h = await startHarness({ withWorker: false }); // filing needs no worker
});
afterAll(async () => {
  await h?.close();
  process.env = saved;
});

/** An app built with these limits (the complaint routes read them when they register). */
async function appWith(env: Record<string, string>, extra: Parameters<typeof appOver>[1] = {}): Promise<FastifyInstance> {
  const before = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await appOver(h, extra);
  } finally {
    process.env = before;
  }
}

let n = 0;
/** A random-looking mobile number, never the same twice: what a flood of invented phones sends. */
const randomPhone = () => `1${3 + (n % 7)}${String(1_000_000_000 + ((++n * 7_919_993) % 900_000_000)).slice(1)}`;
const file = (app: FastifyInstance, remoteAddress: string, over: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url: '/v1/complaints', remoteAddress, payload: { windowCode: 'W-market-01', contact: { name: '某某', phone: randomPhone() }, content: '窗口说办不了。', ...over } });
const stored = async () => (await first(h.db.select({ n: sql<number>`count(*)` }).from(complaints)))!.n + (await first(h.db.select({ n: sql<number>`count(*)` }).from(pendingComplaints)))!.n;

describe('item 7: one address cannot close a unit\'s door', () => {
  it('stops an address filing with random phones at its own daily count, long before the unit\'s; a citizen elsewhere still files', async () => {
    const app = await appWith({ COMPLAINT_LIMIT_PER_UNIT_PER_DAY: '12', COMPLAINT_UNVERIFIED_PER_ADDRESS_PER_DAY: '4', COMPLAINT_UNVERIFIED_PER_NETWORK_PER_DAY: '8' });
    try {
      const answers: (string | number)[] = [];
      for (let i = 0; i < 15; i++) {
        const r = await file(app, '203.0.113.50', { windowCode: 'W-gas-01' });
        answers.push(r.statusCode === 201 ? 201 : r.json().code);
      }
      expect(answers.slice(0, 4)).toEqual([201, 201, 201, 201]);
      expect(new Set(answers.slice(4))).toEqual(new Set(['COMPLAINT_LIMIT_ADDRESS']));
      // Refused ones left nothing behind, and the unit's day is mostly still open.
      expect((await h.db.select().from(complaints).where(eq(complaints.unitId, 'gas')))).toHaveLength(4);
      const citizen = await file(app, '198.51.100.77', { windowCode: 'W-gas-01' });
      expect(citizen.statusCode, citizen.body).toBe(201);
      const refused = await file(app, '203.0.113.50', { windowCode: 'W-gas-01' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(86_400);
    } finally {
      await app.close();
    }
  });

  it('counts an address\'s neighbours together: an IPv4 /24 or an IPv6 /48, apart from other networks', async () => {
    expect(networkBucket('203.0.113.9')).toBe(networkBucket('203.0.113.200'));
    expect(networkBucket('203.0.113.9')).not.toBe(networkBucket('203.0.114.9'));
    expect(networkBucket('2001:db8:aa:1::1')).toBe(networkBucket('2001:db8:aa:ffff::2'));
    expect(networkBucket('2001:db8:aa::1')).not.toBe(networkBucket('2001:db8:ab::1'));
    expect(networkBucket('::ffff:203.0.113.9')).toBe(networkBucket('203.0.113.9'));
    const app = await appWith({ COMPLAINT_UNVERIFIED_PER_ADDRESS_PER_DAY: '2', COMPLAINT_UNVERIFIED_PER_NETWORK_PER_DAY: '3' });
    try {
      for (const [ip, want] of [
        ['192.0.2.1', 201],
        ['192.0.2.1', 201],
        ['192.0.2.1', 'COMPLAINT_LIMIT_ADDRESS'],
        ['192.0.2.2', 201],
        ['192.0.2.3', 'COMPLAINT_LIMIT_NETWORK'],
        ['192.0.3.1', 201],
        ['2001:db8:cc:1::1', 201],
        ['2001:db8:cc:2::1', 201],
        ['2001:db8:cc:3::1', 201],
        ['2001:db8:cc:4::1', 'COMPLAINT_LIMIT_NETWORK'],
        ['2001:db8:cd:1::1', 201],
      ] as const) {
        const r = await file(app, ip);
        expect(r.statusCode === 201 ? 201 : r.json().code, ip).toBe(want);
      }
      // A 12345 integrator filing for citizens is held by its own limits, not by an address's.
      const hotline = await app.inject({ method: 'POST', url: '/v1/complaints', remoteAddress: '192.0.2.3', headers: h.as('int-12345'), payload: { windowCode: 'W-market-01', contact: { name: '某某', phone: randomPhone() }, content: '热线转来' } });
      expect(hotline.statusCode, hotline.body).toBe(201);
    } finally {
      await app.close();
    }
  });
});

describe('item 7: the SMS cost of a flood is bounded', () => {
  const codes = async () => (await first(h.db.select({ n: sql<number>`count(*)` }).from(outbox).where(like(outbox.key, 'complaint-verify:%'))))!.n;

  it('sends no more verification codes than the hourly budget, whoever asks from wherever', async () => {
    const sent = (await codes());
    // The budget is counted in the shared store: give this app room for exactly three more.
    const used = (await h.db.all<{ count: number }>(sql`select count from rate_counters where bucket = 'sms:all:hour'`)).reduce((a, r) => a + r.count, 0);
    const app = await appWith({ COMPLAINT_VERIFICATION: 'all' }, { smsBudget: { perHour: used + 3, perDay: 1000, perPrefixPerDay: 1000 } });
    try {
      const before = (await stored());
      const answers: (string | number)[] = [];
      // Each from its own network, each with a new number: the address and phone limits never bite.
      for (let i = 0; i < 8; i++) {
        const r = await file(app, `10.${20 + i}.0.1`);
        answers.push(r.statusCode === 202 ? 202 : r.json().code);
      }
      expect(answers).toEqual([202, 202, 202, 'SMS_BUDGET_EXHAUSTED', 'SMS_BUDGET_EXHAUSTED', 'SMS_BUDGET_EXHAUSTED', 'SMS_BUDGET_EXHAUSTED', 'SMS_BUDGET_EXHAUSTED']);
      expect((await codes())).toBe(sent + 3);
      expect((await stored())).toBe(before + 3); // refused ones hold nobody's data
    } finally {
      await app.close();
    }
  });

  it('sends a number block no more codes a day than its share', async () => {
    const app = await appWith({ COMPLAINT_VERIFICATION: 'all' }, { smsBudget: { perHour: 1000, perDay: 1000, perPrefixPerDay: 2 } });
    try {
      const sent = (await codes());
      const block = ['13600001111', '136-0000-2222', '+86 136 0000 3333'];
      const answers: (string | number)[] = [];
      for (const [i, phone] of block.entries()) {
        const r = await file(app, `10.${40 + i}.0.1`, { contact: { name: '某某', phone } });
        answers.push(r.statusCode === 202 ? 202 : r.json().code);
      }
      expect(answers).toEqual([202, 202, 'SMS_PREFIX_LIMIT']);
      // Another block is not affected.
      expect((await file(app, '10.43.0.1', { contact: { name: '某某', phone: '13700003333' } })).statusCode).toBe(202);
      expect((await codes())).toBe(sent + 3);
    } finally {
      await app.close();
    }
  });

  it('counts waiting complaints per address too, so one address cannot buy codes for any number', async () => {
    const app = await appWith({ COMPLAINT_VERIFICATION: 'all', COMPLAINT_UNVERIFIED_PER_ADDRESS_PER_DAY: '3' });
    try {
      const sent = (await codes());
      const answers: (string | number)[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await file(app, '10.60.0.9');
        answers.push(r.statusCode === 202 ? 202 : r.json().code);
      }
      expect(answers).toEqual([202, 202, 202, 'COMPLAINT_LIMIT_ADDRESS', 'COMPLAINT_LIMIT_ADDRESS', 'COMPLAINT_LIMIT_ADDRESS']);
      expect((await codes())).toBe(sent + 3);
    } finally {
      await app.close();
    }
  });
});

describe('item 8: /v1/complaints/{id}/verify', () => {
  it('tells nothing of a complaint without the code that filed it', async () => {
    const plain = await file(h.app, '10.70.0.1', { windowCode: 'W-civil-01' });
    expect(plain.statusCode, plain.body).toBe(201);
    const id = plain.json().id as string;
    for (const code of ['000000', '123456']) {
      const r = await h.app.inject({ method: 'POST', url: `/v1/complaints/${id}/verify`, remoteAddress: '10.70.0.2', payload: { code } });
      expect([r.statusCode, r.json().code], code).toEqual([404, 'VERIFICATION_NOT_FOUND']);
      expect(r.body).not.toContain('civil');
      expect(r.body).not.toContain('"open"');
    }
    // An unknown id answers alike.
    const unknown = await h.app.inject({ method: 'POST', url: '/v1/complaints/C-20260101-NOPE00/verify', remoteAddress: '10.70.0.2', payload: { code: '000000' } });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'VERIFICATION_NOT_FOUND']);

    // A verified complaint answers again only to its own code.
    const app = await appWith({ COMPLAINT_VERIFICATION: 'all' });
    try {
      const pending = await file(app, '10.70.0.3');
      expect(pending.statusCode).toBe(202);
      const pid = pending.json().id as string;
      const code = ((await first(h.db.select().from(outbox).where(eq(outbox.key, `complaint-verify:${pid}`))))!.vars as Record<string, string>).code;
      const ok = await app.inject({ method: 'POST', url: `/v1/complaints/${pid}/verify`, remoteAddress: '10.70.0.4', payload: { code } });
      expect(ok.statusCode, ok.body).toBe(201);
      const again = await app.inject({ method: 'POST', url: `/v1/complaints/${pid}/verify`, remoteAddress: '10.70.0.4', payload: { code } });
      expect([again.statusCode, again.json().id]).toEqual([200, pid]);
      const guess = await app.inject({ method: 'POST', url: `/v1/complaints/${pid}/verify`, remoteAddress: '10.70.0.5', payload: { code: code === '000000' ? '000001' : '000000' } });
      expect([guess.statusCode, guess.json().code]).toEqual([404, 'VERIFICATION_NOT_FOUND']);
      // The store keeps the code's hash, never the code.
      expect(JSON.stringify((await first(h.db.select().from(complaints).where(eq(complaints.id, pid)))))).not.toContain(`"${code}"`);
    } finally {
      await app.close();
    }
  });
});
