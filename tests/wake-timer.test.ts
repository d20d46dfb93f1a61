// A case keeps one wake-up timer across decisions: an escalation whose new window ends later than the
// running timer costs no timer events, the early firing sets it again, and the window still lapses on
// time; a window that ends sooner moves the timer, so it lapses on time too. The windows are hours
// long and the test moves the time-skipping server's clock past them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSkippingHarness, type SkippingHarness } from './support/time-skipping.js';
import { asRequester, decide, eventually, getCase, openCase } from './support/cases.js';

let h: SkippingHarness;
beforeAll(async () => {
  h = await startSkippingHarness({
    policy: {
      tiers: { '1': { duration: '30h' }, '2': { duration: '2h' }, '3': { duration: '6h' }, '4': { duration: '7d' }, city: { duration: '7d' } },
      reminderAt: 0,
      // Archived once rated (the aftercare's timer is tests/supervision-live.test.ts's).
      aftercare: { duration: '0s' },
    },
  });
});
afterAll(async () => {
  await h?.close();
});

// Event types as the client's history JSON gives them (numbers of the EventType enum).
const TIMER_STARTED = 17;
const TIMER_CANCELED = 19;
const typesOf = async (workflowId: string): Promise<number[]> =>
  ((await h.client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).map((e) => Number(e.eventType));
const count = (evs: number[], t: number) => evs.filter((e) => e === t).length;
/** The history once it stops growing: what the decision before it wrote after its answer is counted there, not here. */
async function settledTypesOf(workflowId: string): Promise<number[]> {
  let last = await typesOf(workflowId);
  for (let still = 0; still < 2; ) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await typesOf(workflowId);
    still = now.length === last.length ? still + 1 : 0;
    last = now;
  }
  return last;
}

type Step = { action: string; at: string; data?: { reason?: string } };

describe('one wake-up timer across decisions', () => {
  it('moves the timer for a sooner window and keeps it for a later one; both windows lapse on time', async () => {
    const c = await openCase(h, 'housing.fc1');

    // Tier 1's window is 30 h, the chief's 2 h: the wake-up comes nearer, so the timer moves.
    let before = await settledTypesOf(c.workflowId);
    const toChief = await decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' });
    expect(toChief.statusCode, toChief.body).toBe(200);
    let added = (await settledTypesOf(c.workflowId)).slice(before.length);
    expect(count(added, TIMER_CANCELED)).toBe(1);
    expect(count(added, TIMER_STARTED)).toBe(1);
    const chief = toChief.json().assignee.principalId as string;

    // The deputy's window (6 h) ends after the chief's (2 h): the running timer is kept, no timer event.
    before = await settledTypesOf(c.workflowId);
    const toDeputy = await decide(h, c.id, chief, { action: 'escalate', reason: 'unsure', note: '请分管领导研判' });
    expect(toDeputy.statusCode, toDeputy.body).toBe(200);
    added = (await settledTypesOf(c.workflowId)).slice(before.length);
    expect(count(added, TIMER_CANCELED)).toBe(0);
    expect(count(added, TIMER_STARTED)).toBe(0);
    // Besides workflow tasks: the Update accepted and completed, the one local activity's marker, the
    // search attributes. (Workflow-task events are left out: on a busy machine the store call outlasts
    // part of the task's timeout and the SDK heartbeats the task, three events each time; what an
    // Update costs in events is measured in the bench, `events_per_update`.)
    const WORKFLOW_TASK = new Set([5, 6, 7, 8, 9]); // scheduled, started, completed, timed out, failed
    expect(added.filter((t) => !WORKFLOW_TASK.has(t)).length).toBeLessThanOrEqual(4);
    const deputyDeadline = Date.parse(toDeputy.json().deadlineAt as string);

    // The kept timer fires at the chief's old deadline; the deputy's window still runs its 6 h.
    await h.skip('3h');
    expect((await getCase(h, c.id)).tier).toBe('3');

    await h.skip('4h');
    const atHead = await eventually(() => getCase(h, c.id), (x) => x.tier === '4', 15_000);
    const lapse = (atHead.timeline as Step[]).filter((s) => s.action === 'deadline_lapsed').at(-1)!;
    expect(Date.parse(lapse.at)).toBeGreaterThanOrEqual(deputyDeadline);
    expect(Date.parse(lapse.at)).toBeLessThan(deputyDeadline + 3000);
  });

  it('lapses a sooner window on time although a later timer was running', async () => {
    const c = await openCase(h, 'market.fc1');
    const r = await decide(h, c.id, 'market.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' });
    expect(r.statusCode, r.body).toBe(200);
    const chiefDeadline = Date.parse(r.json().deadlineAt as string);
    await h.skip('130m');
    const atDeputy = await eventually(() => getCase(h, c.id), (x) => x.tier === '3', 10_000);
    const lapse = (atDeputy.timeline as Step[]).find((s) => s.action === 'deadline_lapsed')!;
    expect(Date.parse(lapse.at)).toBeGreaterThanOrEqual(chiefDeadline);
    // Tier 1's 30 h timer would have woken the case far later.
    expect(Date.parse(lapse.at)).toBeLessThan(chiefDeadline + 3000);
  });

  it('completes with the timer still running and records no cancellation for it', async () => {
    const c = await openCase(h, 'housing.fc1');
    const r = await decide(h, c.id, 'housing.fc1', { action: 'resolve', result: '已当场办结' });
    expect(r.statusCode, r.body).toBe(200);
    const rate = await asRequester(h, c, 'rating', { rating: 'satisfied' });
    expect(rate.statusCode, rate.body).toBe(200);
    const d = await eventually(() => h.client.workflow.getHandle(c.workflowId).describe(), (x) => x.status.name !== 'RUNNING');
    expect(d.status.name).toBe('COMPLETED');
    const evs = await typesOf(c.workflowId);
    // One timer for tier 1's window, kept through the resolve (the rating window ends later), never cancelled.
    expect(count(evs, TIMER_STARTED)).toBe(1);
    expect(count(evs, TIMER_CANCELED)).toBe(0);
  });
});
