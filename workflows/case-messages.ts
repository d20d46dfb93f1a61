// The case workflow's messages turned into engine events: updates are checked by the engine's own
// rules in their validators (a rejection writes nothing), then wait in the mailbox for their turn;
// signals go to the mailbox directly, a rule-breaking one marked so the engine records it as rejected.
import { condition, currentUpdateInfo, setHandler } from '@temporalio/workflow';
import {
  AppealDecisionMessageSchema,
  AppealMessageSchema,
  CalendarChangedSchema,
  CallbackMessageSchema,
  ConsultationConvenedSchema,
  DecisionEnvelopeSchema,
  DirectoryChangedSchema,
  ExtensionDecisionMessageSchema,
  ExtensionRequestMessageSchema,
  MaterialsSchema,
  NoticeMessageSchema,
  NoticeWithdrawMessageSchema,
  PartAnswerSchema,
  RatingSchema,
  RectificationCloseMessageSchema,
  RectificationReportMessageSchema,
  WithdrawSchema,
  type DecisionEnvelope,
} from '../domain/messages.js';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { CaseUpdateResult, CaseView } from '../domain/case.js';
import { requesterViolation, violationOf, type CaseEvent, type CaseState } from '../domain/engine/case.js';
import type { Untimed } from '../domain/engine/driver.js';
import { STORE_UNAVAILABLE, type Mailbox } from './mailbox.js';
import { digestOf } from './one-call.js';
import {
  appealUpdate,
  calendarChangedSignal,
  callbackUpdate,
  closeRectificationUpdate,
  consultationConvenedSignal,
  decideAppealUpdate,
  decideExtensionUpdate,
  decideSignal,
  decideUpdate,
  directiveDoneUpdate,
  directoryChangedSignal,
  issueNoticeUpdate,
  openedUpdate,
  partAnsweredSignal,
  rateUpdate,
  reportRectificationUpdate,
  requestExtensionUpdate,
  stateQuery,
  supplyMaterialsUpdate,
  withdrawNoticeUpdate,
  withdrawPartUpdate,
  withdrawUpdate,
} from './definitions.js';
import { fail } from './shared.js';

/** A message as it waits in the mailbox: an event without its time (stamped when it is taken). */
export type CaseJob = Untimed<CaseEvent>;
type SupervisionJob = Extract<CaseJob, { m: unknown }>;

export interface CaseMessageContext {
  /** The committed state (never one half-way through a job). */
  state: () => CaseState;
  view: (s: CaseState, withTimeline?: boolean) => CaseView;
  mailbox: Mailbox<CaseJob>;
  /** Steps the read model already holds. */
  projected: () => number;
  /** The store kept failing and the case waits to be told it answers again: updates are refused at once. */
  storeBehind: () => boolean;
}

export function registerCaseMessages(c: CaseMessageContext): void {
  const now = () => new Date().toISOString();
  /** An update's identity, which keys its store job (a retried attempt of it finds what it committed). */
  const updateId = () => currentUpdateInfo()?.id ?? '';
  const storeUp = () => {
    if (c.storeBehind()) fail(STORE_UNAVAILABLE.code, STORE_UNAVAILABLE.message);
  };
  function validateDecision(raw: DecisionEnvelope) {
    storeUp();
    const parsed = DecisionEnvelopeSchema.safeParse(raw);
    if (!parsed.success) fail('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const v = violationOf(c.state(), parsed.data);
    if (v) fail(v.code, v.message);
  }
  const requesterCheck = (job: CaseJob) => {
    storeUp();
    const v = requesterViolation(c.state(), { ...job, at: now() } as CaseEvent);
    if (v) fail(v.code, v.message);
  };
  const submit = async (job: CaseJob) => {
    await c.mailbox.submit(job, updateId());
    return c.view(c.state());
  };
  /** An update's compact answer: the summary and the steps since it was submitted, not the whole timeline. */
  const submitCompact = async (job: CaseJob): Promise<CaseUpdateResult> => {
    const from = c.state().timeline.length;
    await c.mailbox.submit(job, updateId());
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
    // A fire-and-forget decision is identified by its request id (the API's Idempotency-Key), else by its content.
    const id = `signal:${env?.requestId ?? digestOf(env)}`;
    try {
      validateDecision(env);
      c.mailbox.post({ type: 'decided', env, via: 'signal' }, { id });
    } catch (e) {
      const err = e as { type?: string; message: string };
      c.mailbox.post({ type: 'signalRejected', env, error: { code: err.type ?? 'REJECTED', message: err.message } as never }, { id });
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
  // Supervision's messages: each checked by its schema, then by the engine's rules (supervisionViolation).
  const supervision = <M,>(def: UpdateDefinition<CaseUpdateResult, [M]>, type: SupervisionJob['type'], schema: z.ZodType) =>
    setHandler(def, (m: M) => submitCompact({ type, m } as CaseJob), {
      validator: (m: M) => {
        const parsed = schema.safeParse(m);
        if (!parsed.success) fail('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        requesterCheck({ type, m } as CaseJob);
      },
    });
  supervision(issueNoticeUpdate, 'noticeIssued', NoticeMessageSchema);
  supervision(withdrawNoticeUpdate, 'noticeWithdrawn', NoticeWithdrawMessageSchema);
  supervision(requestExtensionUpdate, 'extensionRequested', ExtensionRequestMessageSchema);
  supervision(decideExtensionUpdate, 'extensionDecided', ExtensionDecisionMessageSchema);
  supervision(reportRectificationUpdate, 'rectificationReported', RectificationReportMessageSchema);
  supervision(closeRectificationUpdate, 'rectificationClosed', RectificationCloseMessageSchema);
  supervision(callbackUpdate, 'callbackRecorded', CallbackMessageSchema);
  supervision(appealUpdate, 'appealFiled', AppealMessageSchema);
  supervision(decideAppealUpdate, 'appealDecided', AppealDecisionMessageSchema);
  setHandler(directiveDoneUpdate, (body) => submitCompact({ type: 'directiveDone', ...body }), { validator: (body) => requesterCheck({ type: 'directiveDone', ...body }) });
  // Signals from our own workflows and broadcasts: a payload that does not parse was not sent by us.
  // Each is identified by its content: the same message again is the same job.
  const post = (job: CaseJob) => void c.mailbox.post(job, { id: `${job.type}:${digestOf(job)}` });
  setHandler(partAnsweredSignal, (answer) => void (PartAnswerSchema.safeParse(answer).success && post({ type: 'partAnswered', answer })));
  setHandler(consultationConvenedSignal, (m) => void (ConsultationConvenedSchema.safeParse(m).success && post({ type: 'consultationConvened', session: m.session, convenedAt: m.at })));
  setHandler(directoryChangedSignal, (m) => void (DirectoryChangedSchema.safeParse(m).success && post({ type: 'directoryChanged', principalIds: m.principalIds })));
  setHandler(calendarChangedSignal, (m) => void (CalendarChangedSchema.safeParse(m).success && post({ type: 'calendarChanged', years: m.years })));
}
