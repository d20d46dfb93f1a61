// The village month takes its messages one at a time from one mailbox: two officers who record the
// reception at the same moment get one reception (one case per problem), and the other a clear refusal;
// two problems submitted together both land, numbered apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const TOWN = 'shuncheng';
const MONTH = '2026-05';
const url = (rest = '') => `/v1/towns/${TOWN}/months/${MONTH}${rest}`;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
async function post(who: string, path: string, payload: unknown) {
  const res = await h.app.inject({ method: 'POST', url: path, headers: h.as(who), payload: payload as Json });
  return { status: res.statusCode, body: res.json() as Json };
}

describe('village month messages, one at a time', () => {
  it('applies one of two receptions sent together, and both of two problems sent together', async () => {
    const opened = await post('shuncheng.head', `/v1/towns/${TOWN}/months`, { month: MONTH, timing: { collection: '1h', reception: '1h', midCheck: '1h', monthEnd: '1h', closeGrace: '1h' } });
    expect(opened.status).toBe(201);
    const problem = (villageId: string, title: string) => post('shuncheng.fc1', url('/problems'), { villageId, title, description: 'd', urgency: 3, residents: 50 });
    const [a, b] = await Promise.all([problem('shuncheng-fenghuang', '路灯不亮'), problem('shuncheng-changlong', '水渠堵塞')]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(new Set([a.body.id, b.body.id]).size).toBe(2);
    expect((await post('shuncheng.head', url('/close-collection'), {})).status).toBe(200);

    const reception = (who: string) =>
      post(who, url('/reception'), { date: `${MONTH}-06`, leaders: ['镇长'], paths: [a.body.id, b.body.id].map((problemId) => ({ problemId, responsibleUnitId: 'yian', deadline: `${MONTH}-30` })) });
    const both = await Promise.all([reception('shuncheng.fc1'), reception('shuncheng.head')]);
    const ok = both.filter((r) => r.status === 200);
    const refused = both.filter((r) => r.status !== 200);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0].body.code).toBe('RECEPTION_NOT_OPEN');
    const month = (await h.app.inject({ method: 'GET', url: url(), headers: h.as('shuncheng.fc1') })).json();
    expect(month.phase).toBe('in_progress');
    expect(month.events.filter((e: Json) => e.action === 'reception_recorded')).toHaveLength(1);
    const caseIds = month.problems.map((p: Json) => p.path.caseId);
    expect(new Set(caseIds).size).toBe(2);
  });
});
