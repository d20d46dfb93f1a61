// Repairs an operator makes in Temporal, with the real CLI: a reset to the first workflow task, a reset
// to the middle (with the later updates reapplied, and without), a termination. Each time the store
// catches up by itself (reconcile/sweeper.ts): within a minute the read model, the inbox and the audit
// copy agree with the workflow, the holder the read model names can act, what the workflow no longer
// has is in the audit as superseded with its reason, and no workflow ends FAILED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { decide, eventually, noticesReleased, openCase } from './support/cases.js';
import { compareCase } from './support/agreement.js';
import { cases, outbox, supersededSteps } from '../db/schema.js';
import { caseWorkflowId } from '../workflows/definitions.js';
// @ts-expect-error plain ESM script without types
import { ensureTemporalCli } from '../scripts/temporal-cli.mjs';
import { first } from '../db/store.js';

let h: Harness;
const cli: string = ensureTemporalCli({ log: () => {} });
const temporal = (...args: string[]) => execFileSync(cli, [...args, '--address', h.address, '--namespace', 'default'], { encoding: 'utf8' });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A case escalated twice: at tier 3 with the deputy. */
async function atTier3(officer = 'housing.fc1') {
  const c = await openCase(h, officer);
  const unit = officer.split('.')[0];
  expect((await decide(h, c.id, officer, { action: 'escalate', reason: 'unsure', note: '请科长研判' })).statusCode).toBe(200);
  const chief = (await decide(h, c.id, `${unit}.chief1`, { action: 'escalate', reason: 'cross_department', note: '请分管领导审核' })).json();
  expect(chief.tier).toBe('3');
  return c;
}

const inboxOf = async (who: string) => (await h.app.inject({ method: 'GET', url: '/v1/inbox', headers: h.as(who) })).json().items.map((i: { id: string }) => i.id) as string[];
const status = async (caseId: string) => (await h.client.workflow.getHandle(caseWorkflowId(caseId)).describe()).status.name;
const agrees = (caseId: string) => eventually(async () => (await compareCase(h.db, h.client, caseId)), (d) => d.differences.length === 0, 60_000);

describe('the store after an operator repairs a case in Temporal', () => {
  it('follows a reset to the first workflow task: back at tier 1 with the first-contact officer', async () => {
    const c = await atTier3();
    temporal('workflow', 'reset', '--workflow-id', caseWorkflowId(c.id), '--type', 'FirstWorkflowTask', '--reason', 'test: bad deploy');
    const { workflow } = await agrees(c.id);
    expect(workflow).toMatchObject({ tier: '1', assignee: { principalId: 'housing.fc1' } });
    expect(await inboxOf('housing.fc1')).toContain(c.id);
    expect(await inboxOf('housing.deputy')).not.toContain(c.id);
    const gone = (await h.db.select().from(supersededSteps).where(eq(supersededSteps.caseId, c.id)));
    expect(gone.map((s) => s.action)).toEqual(expect.arrayContaining(['escalated', 'escalated']));
    expect(gone.every((s) => s.reason === 'reset')).toBe(true);
    // The holder the read model names can act, and the store follows.
    const again = await decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'unsure', note: '重新提级' });
    expect(again.statusCode, again.body).toBe(200);
    expect((await agrees(c.id)).workflow.tier).toBe('2');
    expect(await status(c.id)).toBe('RUNNING');
  });

  it('follows a reset to the middle, with the later decision reapplied (and rejected as of then) and without it', async () => {
    // Decisions sent as signals (Prefer: respond-async): a reset reapplies signals after its point, and
    // `--reapply-exclude All` drops them (updates after the point are never reapplied by this server).
    for (const exclude of [[], ['--reapply-exclude', 'All']]) {
      const c = await openCase(h, 'civil.fc1');
      const signal = (who: string, key: string) => decide(h, c.id, who, { action: 'escalate', reason: 'unsure', note: key }, { prefer: 'respond-async', 'idempotency-key': `${c.id}-${key}` });
      expect((await signal('civil.fc1', 'first')).statusCode).toBe(202);
      await eventually(async () => (await compareCase(h.db, h.client, c.id)), (d) => d.workflow.tier === '2');
      expect((await signal('civil.chief1', 'second')).statusCode).toBe(202);
      await eventually(async () => (await compareCase(h.db, h.client, c.id)), (d) => d.workflow.tier === '3' && d.differences.length === 0);
      // The requester has been told of both escalations before the operator resets (their messages went out).
      await noticesReleased(h.db, c.id);
      const events = (await h.client.workflow.getHandle(caseWorkflowId(c.id)).fetchHistory()).events ?? [];
      const signals = events.filter((e) => e.workflowExecutionSignaledEventAttributes).map((e) => Number(e.eventId));
      // The task that took the first decision: the first task completed after the first signal.
      const task = events.find((e) => e.workflowTaskCompletedEventAttributes && Number(e.eventId) > signals[0] && Number(e.eventId) < signals[1])!;
      temporal('workflow', 'reset', '--workflow-id', caseWorkflowId(c.id), '--event-id', String(task.eventId), '--reason', 'test: middle', ...exclude);
      // Reapplied, the second decision reaches the re-run task together with the first, and is checked
      // against the case as it stood then (tier 1): it is recorded as rejected. Excluded, it is gone.
      const expected = { tier: '2', holder: 'civil.chief1' };
      const { workflow } = await eventually(async () => (await compareCase(h.db, h.client, c.id)), (d) => d.differences.length === 0 && d.workflow.tier === expected.tier, 50_000);
      expect(workflow.assignee?.principalId).toBe(expected.holder);
      expect(workflow.timeline.slice(3).map((x) => x.action)).toEqual(exclude.length ? [] : ['rejected']);
      expect(await inboxOf(expected.holder)).toContain(c.id);
      expect(await inboxOf('civil.deputy')).not.toContain(c.id);
      const gone = (await h.db.select().from(supersededSteps).where(eq(supersededSteps.caseId, c.id)));
      expect(gone.length).toBeGreaterThan(0);
      expect(gone.every((s) => s.reason === 'reset')).toBe(true);
      // The one who holds it now decides, and the requester's answer is the store's too.
      const done = await decide(h, c.id, expected.holder, { action: 'resolve', result: '已出具证明' });
      expect(done.statusCode, done.body).toBe(200);
      const settled = await agrees(c.id);
      expect(settled.workflow.status).toBe('resolved');
      // Once: sent at once, or in the next morning's digest when the messages the requester was
      // already sent today (the superseded run's among them: they went out) reach the daily cap.
      await noticesReleased(h.db, c.id);
      const answers = (await h.db.select().from(outbox).where(eq(outbox.caseId, c.id))).filter((r) => r.body.includes(`您的诉求${c.id}已办结`) && !r.supersededAt);
      expect(answers).toHaveLength(1);
      expect(await status(c.id)).toBe('RUNNING');
    }
  }, 240_000);

  it('takes a terminated case out of every inbox and says it halted', async () => {
    const c = await atTier3('market.fc1');
    await h.client.workflow.getHandle(caseWorkflowId(c.id)).terminate('test: operator');
    const row = await eventually(async () => (await first(h.db.select().from(cases).where(eq(cases.id, c.id))))!, (r) => !!r.haltedAt, 60_000);
    expect(row).toMatchObject({ haltedReason: 'TERMINATED', assigneeId: null });
    expect(await inboxOf('market.deputy')).not.toContain(c.id);
    expect((await decide(h, c.id, 'market.deputy', { action: 'resolve', result: 'x' })).statusCode).toBe(409);
    expect(await status(c.id)).toBe('TERMINATED');
  });
});
