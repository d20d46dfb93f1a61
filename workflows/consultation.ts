// City leaders' consultation (市级领导会商): a child of the case, convened by the city leader who
// oversees the lead unit with every unit involved. A thin shell around the consultation's engine
// (domain/engine/consultation.ts): its signals go through one mailbox, and the engine's effects are
// carried out here (Temporal UI's status, the signal to the case).
import { getExternalWorkflowHandle, isCancellation, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { ConsultationOutcomeSchema, ConveneSchema } from '../domain/messages.js';
import {
  consultationEngine,
  consultationOpen,
  consultationResult,
  initialConsultation,
  type ConsultationEffect,
  type ConsultationEvent,
  type ConsultationInput,
  type ConsultationResult,
  type ConsultationState,
} from '../domain/engine/consultation.js';
import { carryJob, type Untimed } from '../domain/engine/driver.js';
import { Mailbox, serve } from './mailbox.js';
import { CaseStatusKey, CaseUnitsKey, LeadUnitKey, AssigneeKey, consultationConvenedSignal, consultationOutcomeSignal, conveneSignal } from './definitions.js';

export type { ConsultationInput, ConsultationResult } from '../domain/engine/consultation.js';

/** What arrives by signal. */
type Job = Extract<Untimed<ConsultationEvent>, { type: 'convene' | 'outcome' }>;

export async function consultationWorkflow(input: ConsultationInput): Promise<ConsultationResult> {
  let s: ConsultationState = initialConsultation(input);
  const mailbox = new Mailbox<Job>();
  // Only signals that parse count: a payload we did not seal opens as a marker and is dropped.
  setHandler(conveneSignal, (c) => void (ConveneSchema.safeParse(c).success && mailbox.post({ type: 'convene' })));
  setHandler(consultationOutcomeSignal, (o) => void (ConsultationOutcomeSchema.safeParse(o).success && mailbox.post({ type: 'outcome', outcome: o })));

  async function carry(st: ConsultationState, fx: ConsultationEffect) {
    s = st;
    if (fx.type === 'show') {
      upsertSearchAttributes([{ key: CaseStatusKey, value: fx.status }]);
      setCurrentDetails(`Consultation on case ${input.caseId} (${input.reason}), convened by ${input.cityLeaderId} with ${[input.leadUnitId, ...input.unitIds].join(', ')}: ${fx.words}`);
    } else await getExternalWorkflowHandle(input.parentWorkflowId).signal(consultationConvenedSignal, { session: fx.session, at: fx.at });
  }
  async function run(e: Untimed<ConsultationEvent>) {
    const r = await carryJob(consultationEngine, s, { ...e, at: new Date().toISOString() } as ConsultationEvent, { answer: () => { throw new Error('the consultation looks nothing up'); }, carry });
    s = r.state;
    return r;
  }

  upsertSearchAttributes([
    { key: LeadUnitKey, value: input.leadUnitId },
    { key: CaseUnitsKey, value: [input.leadUnitId, ...input.unitIds] },
    { key: AssigneeKey, value: input.cityLeaderId },
  ]);
  try {
    await run({ type: 'started' });
    await serve({ mailbox, open: () => consultationOpen(s), wake: () => null, handle: run, timer: async () => undefined, leftOver: { code: 'CONSULTATION_CLOSED', message: 'The consultation has ended.' } });
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await run({ type: 'withdrawn' });
  }
  return consultationResult(s);
}
