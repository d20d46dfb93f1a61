// Intake is limited per principal (a leaked officer token cannot flood a unit's inbox), and an
// officer opens cases for their own unit only; integrators route anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { appOver, startHarness, type Harness } from './support/harness.js';
import { sampleIntake } from './support/cases.js';
import { cases, principals } from '../db/schema.js';
import { first } from '../db/store.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const countCases = async () => (await first(h.db.select({ n: sql<number>`count(*)` }).from(cases)))!.n;
const intake = (app: Harness['app'], who: string, over: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url: '/v1/cases', headers: h.as(who), payload: sampleIntake(over) });

describe('intake rate limit per principal', () => {
  it('answers 429 INTAKE_RATE_LIMITED with Retry-After past the limit, creates nothing more, and leaves others alone', async () => {
    const saved = { o: process.env.INTAKE_PER_MINUTE, i: process.env.INTAKE_PER_MINUTE_INTEGRATOR };
    process.env.INTAKE_PER_MINUTE = '2';
    process.env.INTAKE_PER_MINUTE_INTEGRATOR = '3';
    const app = await appOver(h);
    for (const [k, v] of [['INTAKE_PER_MINUTE', saved.o], ['INTAKE_PER_MINUTE_INTEGRATOR', saved.i]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    try {
      const before = (await countCases());
      expect((await intake(app, 'market.fc1')).statusCode).toBe(201);
      expect((await intake(app, 'market.fc1')).statusCode).toBe(201);
      const third = await intake(app, 'market.fc1');
      expect(third.statusCode).toBe(429);
      expect(third.headers['content-type']).toContain('application/problem+json');
      expect(third.json()).toMatchObject({ status: 429, code: 'INTAKE_RATE_LIMITED' });
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(third.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect((await countCases())).toBe(before + 2);
      // Per principal: a colleague at the next window is not throttled; an integrator has its own, larger, allowance.
      expect((await intake(app, 'market.fc2')).statusCode).toBe(201);
      const hotline = [];
      for (let i = 0; i < 4; i++) hotline.push((await intake(app, 'int-12345', { firstContactUnitId: 'market', channel: 'api' })).statusCode);
      expect(hotline).toEqual([201, 201, 201, 429]);
      expect((await countCases())).toBe(before + 6);
      // Reads are not intake: the throttled officer still works their inbox.
      expect((await app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as('market.fc1') })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('assignment at intake', () => {
  it('refuses an officer who assigns a case to another unit or its officer, and creates nothing', async () => {
    const before = (await countCases());
    for (const over of [{ firstContactUnitId: 'civil' }, { firstContactOfficerId: 'civil.fc1' }, { firstContactOfficerId: 'civil.fc1', firstContactUnitId: 'housing' }]) {
      const res = await intake(h.app, 'housing.fc1', over);
      expect(res.statusCode, JSON.stringify(over)).toBe(403);
      expect(res.json().code).toBe('ASSIGNMENT_OUTSIDE_UNIT');
    }
    // Even the unit's head cannot place a case in another unit.
    expect((await intake(h.app, 'housing.head', { firstContactUnitId: 'planning' })).json().code).toBe('ASSIGNMENT_OUTSIDE_UNIT');
    expect((await countCases())).toBe(before);
  });

  it('lets an officer assign inside their own unit, and an integrator anywhere', async () => {
    const own = await intake(h.app, 'housing.fc1', { firstContactOfficerId: 'housing.fc2' });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().assignee.principalId).toBe('housing.fc2');
    const routed = await intake(h.app, 'int-12345', { firstContactOfficerId: 'civil.fc1', channel: 'api' });
    expect(routed.statusCode, routed.body).toBe(201);
    expect(routed.json().assignee.principalId).toBe('civil.fc1');
  });

  it('assigns nothing to an officer who has left', async () => {
    await h.db.update(principals).set({ active: false }).where(sql`${principals.id} = 'planning.fc2'`);
    const before = (await countCases());
    const res = await intake(h.app, 'int-12345', { firstContactOfficerId: 'planning.fc2', channel: 'api' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('OFFICER_INACTIVE');
    expect((await countCases())).toBe(before);
  });
});
