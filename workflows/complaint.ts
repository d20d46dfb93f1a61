// The complaint workflow (效能铜都): one per complaint, id `complaint-<id>`. A thin shell around the
// complaint's engine (domain/engine/complaint.ts): updates and calendar changes go through one
// mailbox, the contact window is the one timer, and the engine's effects are carried out here.
import { allHandlersFinished, condition, proxyActivities, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  complaintTransition,
  complaintView,
  complaintViolation,
  complaintWake,
  describeComplaint,
  initialComplaint,
  type ComplaintEffect,
  type ComplaintEngineState,
  type ComplaintEvent,
  type ComplaintInput,
  type ComplaintMessage,
  type ComplaintState,
} from '../domain/engine/complaint.js';
import type { CalendarChange } from '../domain/deadline-retiming.js';
import { DeadlineProvisionalKey, calendarChangedSignal, complaintCloseUpdate, complaintContactUpdate, complaintStateQuery } from './definitions.js';
import { Mailbox, type Rejection } from './mailbox.js';
import { fail, lookups, type Activities } from './shared.js';

const store = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', maximumInterval: '30s' },
});

type Job = ComplaintMessage | { type: 'calendarChanged'; change: CalendarChange };
type Ev = DistributiveOmit<ComplaintEvent, 'at'>;

export async function complaintWorkflow(input: ComplaintInput): Promise<ComplaintState> {
  let s: ComplaintEngineState = initialComplaint(input);
  const mailbox = new Mailbox<Job>();
  const now = () => new Date().toISOString();

  async function carry(st: ComplaintEngineState, fx: ComplaintEffect): Promise<ComplaintEngineState> {
    const id = st.id;
    switch (fx.type) {
      case 'notifyFiled':
        await store.notifyComplaintFiled({ complaintId: id, group: fx.group });
        return st;
      case 'startWindow': {
        const from = now();
        const d = await lookups.computeDeadline({ window: { kind: 'complaintContact' }, from });
        return run(st, { type: 'windowSet', from, deadlineAt: d.deadlineAt, provisional: d.provisional });
      }
      case 'recountWindow': {
        const d = await lookups.computeDeadline({ window: { kind: 'complaintContact' }, from: fx.from });
        return run(st, { type: 'windowRecounted', deadlineAt: d.deadlineAt, provisional: d.provisional, change: fx.change });
      }
      case 'recordDeadline':
        await store.recordComplaintDeadline({ complaintId: id, contactDueAt: fx.contactDueAt, provisional: fx.provisional });
        return st;
      case 'searchProvisional':
        upsertSearchAttributes([{ key: DeadlineProvisionalKey, value: fx.value }]);
        return st;
      case 'recordLapsed':
        await store.complaintContactLapsed({ complaintId: id, at: fx.at });
        return st;
      case 'recordContact':
        await store.recordComplaintContact({ complaintId: id, by: fx.by, note: fx.note, at: fx.at });
        return st;
      case 'recordClosed':
        await store.recordComplaintClosed({ complaintId: id, by: fx.by, upheld: fx.upheld, findings: fx.findings, officerIds: fx.officerIds, at: fx.at });
        return st;
      case 'recordRetimed': {
        const { type: _type, ...r } = fx;
        await store.recordDeadlineRetimed({ workflowId: workflowInfo().workflowId, subjectKind: 'complaint', subjectId: id, window: 'complaintContact', ...r, holder: { unitId: st.unitId }, subjectText: `投诉${id}的联系` });
        return st;
      }
    }
  }

  /** An event through the engine; its state is what queries and validators see before its effects run. */
  async function run(st: ComplaintEngineState, e: Ev): Promise<ComplaintEngineState> {
    const t = complaintTransition(st, { ...e, at: now() } as ComplaintEvent);
    if (t.error) return st; // checked before it was taken: nothing to do
    let next = (s = t.state);
    setCurrentDetails(describeComplaint(next));
    for (const fx of t.effects) next = await carry(next, fx);
    return next;
  }

  setHandler(complaintStateQuery, () => complaintView(s));
  const check = (m: ComplaintMessage) => {
    const v = complaintViolation(s, m);
    if (v) fail(v.code, v.message);
  };
  setHandler(complaintContactUpdate, async (req) => (await mailbox.submit({ type: 'contacted', req }), complaintView(s)), { validator: (req) => check({ type: 'contacted', req }) });
  setHandler(complaintCloseUpdate, async (req) => (await mailbox.submit({ type: 'closed', req }), complaintView(s)), { validator: (req) => check({ type: 'closed', req }) });
  setHandler(calendarChangedSignal, (c) => {
    if (c && Array.isArray(c.years)) mailbox.post({ type: 'calendarChanged', change: { years: c.years.filter((y) => Number.isInteger(y)), ...(c.documentNo ? { documentNo: c.documentNo } : {}) } });
  });

  s = await run(s, { type: 'started' });
  // Until a supervisor closes it, then until the messages that raced the close are answered.
  while (s.status !== 'closed' || mailbox.size > 0) {
    const wake = complaintWake(s);
    const t = await mailbox.take(wake);
    if (!t) {
      s = await run(s, { type: 'timer' });
      continue;
    }
    let error: Rejection | undefined;
    if (t.job.type === 'calendarChanged') s = await run(s, t.job);
    else {
      // The complaint may have moved since the validator ran.
      error = complaintViolation(s, t.job) ?? undefined;
      if (!error) s = await run(s, t.job);
    }
    mailbox.settle(t, error);
  }
  await condition(allHandlersFinished);
  return complaintView(s);
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
