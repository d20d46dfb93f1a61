// The case workflow's messages turned into engine events: updates are checked by the engine's own
// rules in their validators (a rejection writes nothing), then wait in the mailbox for their turn;
// signals go to the mailbox directly, a rule-breaking one marked so the engine records it as rejected.
import { condition, setHandler } from '@temporalio/workflow';
import {
  CalendarChangedSchema,
  ConsultationConvenedSchema,
  DecisionEnvelopeSchema,
  DirectoryChangedSchema,
  MaterialsSchema,
  PartAnswerSchema,
  RatingSchema,
  WithdrawSchema,
  type DecisionEnvelope,
} from '../domain/messages.js';
import type { CaseUpdateResult, CaseView } from '../domain/case.js';
import { requesterViolation, violationOf, type CaseEvent, type CaseState } from '../domain/engine/case.js';
import type { Mailbox } from './mailbox.js';
import {
  calendarChangedSignal,
  consultationConvenedSignal,
  decideSignal,
  decideUpdate,
  directiveDoneUpdate,
  directoryChangedSignal,
  openedUpdate,
  partAnsweredSignal,
  rateUpdate,
  stateQuery,
  supplyMaterialsUpdate,
  withdrawPartUpdate,
  withdrawUpdate,
} from './definitions.js';
import { fail } from './shared.js';

/** A message as it waits in the mailbox: an event without its time (stamped when it is taken). */
export type CaseJob = DistributiveOmit<CaseEvent, 'at'>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export interface CaseMessageContext {
  /** The committed state (never one half-way through a job). */
  state: () => CaseState;
  view: (s: CaseState, withTimeline?: boolean) => CaseView;
  mailbox: Mailbox<CaseJob>;
  /** Steps the read model already holds. */
  projected: () => number;
}

export function registerCaseMessages(c: CaseMessageContext): void {
  const now = () => new Date().toISOString();
  function validateDecision(raw: DecisionEnvelope) {
    const parsed = DecisionEnvelopeSchema.safeParse(raw);
    if (!parsed.success) fail('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const v = violationOf(c.state(), parsed.data);
    if (v) fail(v.code, v.message);
  }
  const requesterCheck = (job: CaseJob) => {
    const v = requesterViolation(c.state(), { ...job, at: now() } as CaseEvent);
    if (v) fail(v.code, v.message);
  };
  const submit = async (job: CaseJob) => {
    await c.mailbox.submit(job);
    return c.view(c.state());
  };
  /** An update's compact answer: the summary and the steps since it was submitted, not the whole timeline. */
  const submitCompact = async (job: CaseJob): Promise<CaseUpdateResult> => {
    const from = c.state().timeline.length;
    await c.mailbox.submit(job);
    const s = c.state();
    return { summary: { ...c.view(s, false), timeline: [] }, steps: s.timeline.slice(from) };
  };

  setHandler(stateQuery, () => c.view(c.state()));
  setHandler(openedUpdate, async () => {
    await condition(() => c.projected() > 0);
    return c.view(c.state());
  });
  setHandler(decideUpdate, (env) => submitCompact({ type: 'decided', env, via: 'update' }), { validator: validateDecision });
  setHandler(decideSignal, (env) => {
    try {
      validateDecision(env);
      c.mailbox.post({ type: 'decided', env, via: 'signal' });
    } catch (e) {
      const err = e as { type?: string; message: string };
      c.mailbox.post({ type: 'signalRejected', env, error: { code: err.type ?? 'REJECTED', message: err.message } as never });
    }
  });
  setHandler(supplyMaterialsUpdate, (body) => submitCompact({ type: 'materialsSupplied', body }), {
    validator: (body) => {
      if (!MaterialsSchema.safeParse(body).success) fail('VALIDATION_FAILED', 'materials: items are required');
      requesterCheck({ type: 'materialsSupplied', body });
    },
  });
  setHandler(withdrawUpdate, (body) => submitCompact({ type: 'withdrawn', body }), {
    validator: (body) => {
      if (!WithdrawSchema.safeParse(body).success) fail('VALIDATION_FAILED', 'withdraw: invalid body');
      requesterCheck({ type: 'withdrawn', body });
    },
  });
  setHandler(rateUpdate, (body) => submitCompact({ type: 'rated', body }), {
    validator: (body) => {
      if (!RatingSchema.safeParse(body).success) fail('VALIDATION_FAILED', 'rating: invalid body');
      requesterCheck({ type: 'rated', body });
    },
  });
  setHandler(withdrawPartUpdate, (body) => submit({ type: 'partWithdrawn', ...body }), { validator: (body) => requesterCheck({ type: 'partWithdrawn', ...body }) });
  setHandler(directiveDoneUpdate, (body) => submitCompact({ type: 'directiveDone', ...body }), { validator: (body) => requesterCheck({ type: 'directiveDone', ...body }) });
  // Signals from our own workflows and broadcasts: a payload that does not parse was not sent by us.
  setHandler(partAnsweredSignal, (answer) => void (PartAnswerSchema.safeParse(answer).success && c.mailbox.post({ type: 'partAnswered', answer })));
  setHandler(consultationConvenedSignal, (m) => void (ConsultationConvenedSchema.safeParse(m).success && c.mailbox.post({ type: 'consultationConvened', session: m.session, convenedAt: m.at })));
  setHandler(directoryChangedSignal, (m) => void (DirectoryChangedSchema.safeParse(m).success && c.mailbox.post({ type: 'directoryChanged', principalIds: m.principalIds })));
  setHandler(calendarChangedSignal, (m) => void (CalendarChangedSchema.safeParse(m).success && c.mailbox.post({ type: 'calendarChanged', years: m.years })));
}
