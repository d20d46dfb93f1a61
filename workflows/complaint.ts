// The complaint workflow (效能铜都): one per complaint, id `complaint-<id>`. A thin shell around the
// complaint's engine (domain/engine/complaint.ts): updates and calendar changes go through one
// mailbox, the contact window is the one timer, and the engine's effects are carried out here.
import { proxyActivities, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  complaintEngine,
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
import { carryJob, type Untimed } from '../domain/engine/driver.js';
import { DeadlineProvisionalKey, calendarChangedSignal, complaintCloseUpdate, complaintContactUpdate, complaintStateQuery } from './definitions.js';
import { Mailbox, serve } from './mailbox.js';
import { fail, lookups, type Activities } from './shared.js';

const store = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', maximumInterval: '30s' },
});

type Job = ComplaintMessage | { type: 'calendarChanged'; change: CalendarChange };

export async function complaintWorkflow(input: ComplaintInput): Promise<ComplaintState> {
  let s: ComplaintEngineState = initialComplaint(input);
  const mailbox = new Mailbox<Job>();
  const now = () => new Date().toISOString();

  /** The contact window, counted by the calendar activity. */
  async function answer(_st: ComplaintEngineState, fx: ComplaintEffect): Promise<Untimed<ComplaintEvent>> {
    if (fx.type === 'startWindow') {
      const from = now();
      const d = await lookups.computeDeadline({ window: { kind: 'complaintContact' }, from });
      return { type: 'windowSet', from, deadlineAt: d.deadlineAt, provisional: d.provisional };
    }
    if (fx.type !== 'recountWindow') throw new Error(`${fx.type} is not a look-up`);
    const d = await lookups.computeDeadline({ window: { kind: 'complaintContact' }, from: fx.from });
    return { type: 'windowRecounted', deadlineAt: d.deadlineAt, provisional: d.provisional, change: fx.change };
  }

  /** Each effect, with the state it was asked in: that state is what queries and validators see meanwhile. */
  async function carry(st: ComplaintEngineState, fx: ComplaintEffect): Promise<unknown> {
    s = st;
    setCurrentDetails(describeComplaint(st));
    const id = st.id;
    switch (fx.type) {
      case 'notifyFiled':
        return store.notifyComplaintFiled({ complaintId: id, group: fx.group });
      case 'recordDeadline':
        return store.recordComplaintDeadline({ complaintId: id, contactDueAt: fx.contactDueAt, provisional: fx.provisional });
      case 'searchProvisional':
        return upsertSearchAttributes([{ key: DeadlineProvisionalKey, value: fx.value }]);
      case 'recordLapsed':
        return store.complaintContactLapsed({ complaintId: id, at: fx.at });
      case 'recordContact':
        return store.recordComplaintContact({ complaintId: id, by: fx.by, note: fx.note, at: fx.at });
      case 'recordClosed':
        return store.recordComplaintClosed({ complaintId: id, by: fx.by, upheld: fx.upheld, findings: fx.findings, officerIds: fx.officerIds, at: fx.at });
      case 'recordRetimed': {
        const { type: _type, ...r } = fx;
        return store.recordDeadlineRetimed({ workflowId: workflowInfo().workflowId, subjectKind: 'complaint', subjectId: id, window: 'complaintContact', ...r, holder: { unitId: st.unitId }, subjectText: `投诉${id}的联系` });
      }
      case 'startWindow':
      case 'recountWindow':
        throw new Error(`the look-up ${fx.type} reached the shell`);
    }
  }

  async function run(job: Untimed<ComplaintEvent>): Promise<{ error?: { code: string; message: string } }> {
    const r = await carryJob(complaintEngine, s, { ...job, at: now() } as ComplaintEvent, { answer, carry });
    if (!r.error) {
      s = r.state;
      setCurrentDetails(describeComplaint(s));
    }
    return { error: r.error };
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

  await run({ type: 'started' });
  // Until a supervisor closes it, then until the messages that raced the close are answered.
  await serve({
    mailbox,
    open: () => s.status !== 'closed',
    wake: () => complaintWake(s),
    // The complaint may have moved since the validator ran.
    handle: async (job) => (job.type === 'calendarChanged' ? run(job) : { error: complaintViolation(s, job) ?? (await run(job)).error }),
    timer: () => run({ type: 'timer' }),
    leftOver: 'drain',
  });
  return complaintView(s);
}
