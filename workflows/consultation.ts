// City leaders' consultation (市级领导会商): a child of the case, convened by the city leader who
// oversees the lead unit with every unit involved. A thin shell around the consultation's engine
// (domain/engine/consultation.ts): its signals go through one mailbox, and the engine's effects are
// carried out here (Temporal UI's status, the signal to the case).
import { getExternalWorkflowHandle, isCancellation, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { ConsultationOutcomeSchema, ConveneSchema } from '../domain/messages.js';
import {
  consultationOpen,
  consultationResult,
  consultationTransition,
  initialConsultation,
  type ConsultationEvent,
  type ConsultationInput,
  type ConsultationResult,
  type ConsultationState,
} from '../domain/engine/consultation.js';
import { Mailbox } from './mailbox.js';
import { CaseStatusKey, CaseUnitsKey, LeadUnitKey, AssigneeKey, consultationConvenedSignal, consultationOutcomeSignal, conveneSignal } from './definitions.js';

export type { ConsultationInput, ConsultationResult } from '../domain/engine/consultation.js';

type Ev = ConsultationEvent extends infer E ? (E extends unknown ? Omit<E, 'at'> : never) : never;
/** What arrives by signal. */
type Job = Extract<Ev, { type: 'convene' | 'outcome' }>;

export async function consultationWorkflow(input: ConsultationInput): Promise<ConsultationResult> {
  let s: ConsultationState = initialConsultation(input);
  const mailbox = new Mailbox<Job>();
  // Only signals that parse count: a payload we did not seal opens as a marker and is dropped.
  setHandler(conveneSignal, (c) => void (ConveneSchema.safeParse(c).success && mailbox.post({ type: 'convene' })));
  setHandler(consultationOutcomeSignal, (o) => void (ConsultationOutcomeSchema.safeParse(o).success && mailbox.post({ type: 'outcome', outcome: o })));

  async function run(e: Ev) {
    const t = consultationTransition(s, { ...e, at: new Date().toISOString() } as ConsultationEvent);
    s = t.state;
    for (const fx of t.effects) {
      if (fx.type === 'show') {
        upsertSearchAttributes([{ key: CaseStatusKey, value: fx.status }]);
        setCurrentDetails(`Consultation on case ${input.caseId} (${input.reason}), convened by ${input.cityLeaderId} with ${[input.leadUnitId, ...input.unitIds].join(', ')}: ${fx.words}`);
      } else await getExternalWorkflowHandle(input.parentWorkflowId).signal(consultationConvenedSignal, { session: fx.session, at: fx.at });
    }
  }

  upsertSearchAttributes([
    { key: LeadUnitKey, value: input.leadUnitId },
    { key: CaseUnitsKey, value: [input.leadUnitId, ...input.unitIds] },
    { key: AssigneeKey, value: input.cityLeaderId },
  ]);
  try {
    await run({ type: 'started' });
    while (consultationOpen(s)) {
      const t = await mailbox.take(null);
      if (t) await run(t.job);
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await run({ type: 'withdrawn' });
  }
  return consultationResult(s);
}
