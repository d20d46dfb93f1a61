// A running case whose tier window reaches into 2027, computed provisionally (the 2027 notice was not
// out), is re-timed when an administrator loads the notice: the step is on its timeline, the new
// deadline in the read model and in what Temporal UI says of the case (its current details), and its timer set for the new time. The
// 2027 notice is TEST DATA (tests/support/calendar.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, FAST_POLICY, type Harness } from './support/harness.js';
import { TEST_NOTICE_2027, loadCalendarNotice } from './support/calendar.js';

/** TEST DATA: the synthetic notice without its January make-up day, so that the New Year block costs a day. */
const NOTICE = { ...TEST_NOTICE_2027, workdays: TEST_NOTICE_2027.workdays.filter((d) => typeof d !== 'string') };
import { actions, eventually, getCase, openCase } from './support/cases.js';
import { DeadlineProvisionalKey } from '../workflows/definitions.js';

// Tier 1's window is long enough to end in 2027; no reminder, so the only timer is the deadline.
const TIER1_WORKING_DAYS = 40;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: { ...FAST_POLICY, tiers: { ...FAST_POLICY.tiers, '1': { workingDays: TIER1_WORKING_DAYS } }, reminderAt: 0 } });
});
afterAll(async () => {
  await h?.close();
});

const deadline = async (from: string, workingDays: number) =>
  (await h.app.inject({ method: 'GET', url: `/v1/calendar/deadline?from=${encodeURIComponent(from)}&workingDays=${workingDays}`, headers: h.as('housing.fc1') })).json() as { deadlineAt: string; provisional: boolean };

describe('a running case when the 2027 notice is loaded', () => {
  it('moves its deadline past the new holidays, says so on its timeline, and still wakes in time', async () => {
    const c = await openCase(h, 'housing.fc1');
    const before = await getCase(h, c.id, 'admin');
    expect(before.deadlineAt.startsWith('2027-')).toBe(true);
    expect(before.deadlineProvisional).toBe(true);
    const handle = h.client.workflow.getHandle(c.workflowId);
    expect((await handle.describe()).typedSearchAttributes.get(DeadlineProvisionalKey)).toBe(true);
    const assignedAt = before.timeline.find((s: { action: string }) => s.action === 'assigned').at;

    await loadCalendarNotice(h, 2027, NOTICE);

    const after = await eventually(() => getCase(h, c.id, 'admin'), (x) => actions(x).includes('deadline_retimed'));
    const expected = await deadline(assignedAt, TIER1_WORKING_DAYS);
    expect(expected.provisional).toBe(false);
    // The notice's New Year block (Fri 1 – Sun 3 January) costs a working day: the deadline moves later.
    expect(Date.parse(after.deadlineAt)).toBeGreaterThan(Date.parse(before.deadlineAt));
    expect(after.deadlineAt).toBe(expected.deadlineAt);
    expect(after.deadlineProvisional).toBe(false);
    const step = after.timeline.find((s: { action: string }) => s.action === 'deadline_retimed');
    expect(step).toMatchObject({ actor: 'system', subjectId: 'housing.fc1', data: { from: before.deadlineAt, to: after.deadlineAt, provisional: false } });
    expect(step.elementId).toBe('Task_Tier1');

    // Temporal UI's account of the case follows: its current details name the new deadline, and the
    // DeadlineProvisional flag is off (the attributes go out when the job's workflow task completes).
    const details = await eventually(
      async () => (await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata')).currentDetails,
      (d) => d.includes(`until ${after.deadlineAt}`),
    );
    expect(details).not.toContain(before.deadlineAt);
    expect((await eventually(() => handle.describe(), (d) => d.typedSearchAttributes.get(DeadlineProvisionalKey) === false)).typedSearchAttributes.get(DeadlineProvisionalKey)).toBe(false);
    // The case still wakes in time: the deadline moved later, so the running timer (at the old deadline)
    // is kept, not cancelled; when it fires, the case finds its window still open and sets the timer
    // again for the rest (tests/wake-timer.test.ts shows that lapse on time).
    const firesAt = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null; timerStartedEventAttributes?: { startToFireTimeout?: { seconds?: unknown } | null } | null }) =>
      Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6) + Number(e.timerStartedEventAttributes!.startToFireTimeout!.seconds) * 1000;
    const events = (await handle.fetchHistory()).events ?? [];
    const lastTimer = events.filter((e) => e.timerStartedEventAttributes).at(-1)!;
    expect(Math.abs(firesAt(lastTimer) - Date.parse(before.deadlineAt))).toBeLessThan(2000);
    expect(firesAt(lastTimer)).toBeLessThan(Date.parse(after.deadlineAt));
    expect(events.filter((e) => e.timerCanceledEventAttributes)).toHaveLength(0);

    // Loading the same notice again changes nothing.
    await loadCalendarNotice(h, 2027, NOTICE);
    const again = await getCase(h, c.id, 'admin');
    expect(actions(again).filter((a: string) => a === 'deadline_retimed')).toHaveLength(1);
  });
});
