// The integrators' typed client (client/): the checked-in types are what the running API describes
// (a stale client fails here, and so in CI), and the generated client starts a case by ticket number
// and reads it back over HTTP against the real system (the API, the worker, Temporal).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseClient, type CaseClient, type Intake } from '../client/index.js';
import { CLIENT_SCHEMA, staleness } from '../scripts/client.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
let base: string;
let hotline: CaseClient;
let dir: string;

beforeAll(async () => {
  h = await startHarness();
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  hotline = createCaseClient({ baseUrl: base, token: h.tokens['int-12345'] });
  dir = mkdtempSync(join(tmpdir(), 'client-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h?.close();
});

const run = promisify(execFile);
/** `npm run client:check -- --from <the running API> [--schema path]`, as CI would run it: its exit code and output. */
async function check(schema?: string): Promise<{ code: number; out: string }> {
  const args = ['--import', 'tsx', 'scripts/client.ts', '--check', '--from', base, ...(schema ? ['--schema', schema] : [])];
  try {
    const r = await run(process.execPath, args, { cwd: join(import.meta.dirname, '..') });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe('the checked-in client against the running API', () => {
  it('client/schema.d.ts is what /openapi.json generates', async () => {
    const openapi = (await (await fetch(`${base}/openapi.json`)).json()) as object;
    // null, or where the checked-in file departs from the API: then `npm run client:generate`.
    expect(await staleness(openapi)).toBeNull();
  });

  it('the check fails on a stale client and passes on the current one', { timeout: 120_000 }, async () => {
    // A client made before the change feed existed: one path fewer than the API serves.
    const current = readFileSync(CLIENT_SCHEMA, 'utf8');
    const start = current.indexOf('    "/v1/events": {');
    expect(start).toBeGreaterThan(0);
    const end = current.indexOf('\n    "/', start + 10);
    const stale = join(dir, 'stale.d.ts');
    writeFileSync(stale, current.slice(0, start) + current.slice(end + 1));

    const failed = await check(stale);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('is stale from line');
    expect(failed.out).toContain('npm run client:generate');

    const passed = await check();
    expect(passed.out).toContain('matches');
    expect(passed.code).toBe(0);
  });
});

describe('the generated client against the real system', () => {
  const ticket = `12345-client-${Date.now()}`;
  const intake: Intake = {
    externalId: ticket,
    requester: { kind: 'person', name: '李建国', phone: '13905621234' },
    channel: 'hotline',
    title: '老旧小区加装电梯燃气管道迁改无人受理',
    description: '来电反映：小区加装电梯需迁改燃气管道，燃气公司与住建部门互相推诿。',
    category: 'utilities',
  };

  it('starts a case by ticket number, again without a second case, and reads it back by that number', async () => {
    const made = await hotline.POST('/v1/cases', { body: intake });
    expect(made.response.status, JSON.stringify(made.error)).toBe(201);
    const id = made.data!.id;
    // The category's unit took it (派单): utilities go to the gas company.
    expect(made.data!.assignee?.principalId).toMatch(/^gas\./);

    // A retry of the same ticket (a lost answer, say) is the same case.
    const again = await hotline.POST('/v1/cases', { body: intake });
    expect(again.response.status).toBe(200);
    expect(again.data!.id).toBe(id);

    const found = await hotline.GET('/v1/cases', { params: { query: { externalId: ticket } } });
    expect(found.error).toBeUndefined();
    expect(found.data!.items.map((c) => [c.id, c.externalId, c.category])).toEqual([[id, ticket, 'utilities']]);

    const read = await hotline.GET('/v1/cases/{id}', { params: { path: { id } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toMatchObject({ id, externalId: ticket, category: 'utilities', status: 'in_progress', tier: '1', title: intake.title });
  });

  it('gives the API\'s problem with its code on a refused intake, and starts nothing', async () => {
    const bad = await hotline.POST('/v1/cases', { body: { ...intake, externalId: `${ticket}-x`, category: 'no-such-category' } });
    expect(bad.response.status).toBe(422);
    expect(bad.data).toBeUndefined();
    expect(bad.error).toMatchObject({ code: 'UNKNOWN_CATEGORY' });
    const none = await hotline.GET('/v1/cases', { params: { query: { externalId: `${ticket}-x` } } });
    expect(none.data!.items).toEqual([]);
  });

  it('sends the token it was made with: a wrong one gets 401 and the problem\'s code', async () => {
    const anonymous = createCaseClient({ baseUrl: base, token: 'not-a-token' });
    const denied = await anonymous.GET('/v1/cases', { params: { query: { externalId: ticket } } });
    expect(denied.response.status).toBe(401);
    expect(denied.error).toHaveProperty('code');
  });
});

describe('examples/integrator.ts', () => {
  it('runs end to end against the real system: its receiver verifies the events, the feed has the same ids', { timeout: 120_000 }, async () => {
    const ticket = `12345-example-${Date.now()}`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/integrator.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, API_URL: base, API_TOKEN: h.tokens['int-12345'], TICKET: ticket, TIMEOUT_MS: '60000' },
    });
    const caseId = /^case (\S+) \(new\) for ticket (\S+),/m.exec(stdout);
    expect(caseId?.[2]).toBe(ticket);
    const id = caseId![1];
    expect(stdout).toContain(`webhook  0000000001 case.accepted of ${id} (your ticket ${ticket})`);
    expect(stdout).toContain(`feed     0000000001 case.accepted of ${id}`);
    expect(stdout).toContain(`both ways, in order: ${id}.1 (feed: ${id}.1)`);
    expect(stdout).not.toContain('webhook refused');
    // It cleaned up: its subscription is gone.
    const subs = await hotline.GET('/v1/subscriptions');
    expect(subs.data!.items.filter((s) => s.description === `example ${ticket}`)).toEqual([]);
  });
});
