// City leaders' consultation (市级领导会商): a child of the case, convened by the city leader who
// oversees the lead unit with every unit involved. Ordinary consultations convene at once; key
// projects wait for the weekly Saturday session (重点项目"星期六会商"). The city leader then decides on
// the case itself; the outcome comes back here so the consultation's own record is complete.
import { condition, getExternalWorkflowHandle, isCancellation, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Consultation } from './case-state.js';
import { ConsultationOutcomeSchema, ConveneSchema } from '../domain/messages.js';
import { CaseStatusKey, CaseUnitsKey, LeadUnitKey, AssigneeKey, consultationConvenedSignal, consultationOutcomeSignal, conveneSignal } from './definitions.js';

export interface ConsultationInput {
  caseId: string;
  parentWorkflowId: string;
  leadUnitId: string;
  unitIds: string[];
  cityLeaderId: string;
  keyProject: boolean;
  reason: Consultation['reason'];
  note?: string;
}

export interface ConsultationResult {
  caseId: string;
  session: 'immediate' | 'saturday';
  convenedAt?: string;
  outcome?: { kind: 'resolved' | 'refused'; by: string; at: string; summary: string };
}

export async function consultationWorkflow(input: ConsultationInput): Promise<ConsultationResult> {
  const r: ConsultationResult = { caseId: input.caseId, session: input.keyProject ? 'saturday' : 'immediate' };
  let convened = !input.keyProject;
  // Only signals that parse count: a payload we did not seal opens as a marker and is dropped.
  setHandler(conveneSignal, (c) => {
    if (ConveneSchema.safeParse(c).success) convened = true;
  });
  setHandler(consultationOutcomeSignal, (o) => {
    if (ConsultationOutcomeSchema.safeParse(o).success) r.outcome = o;
  });
  const show = (status: string, words: string) => {
    upsertSearchAttributes([{ key: CaseStatusKey, value: status }]);
    setCurrentDetails(`Consultation on case ${input.caseId} (${input.reason}), convened by ${input.cityLeaderId} with ${[input.leadUnitId, ...input.unitIds].join(', ')}: ${words}`);
  };
  upsertSearchAttributes([
    { key: LeadUnitKey, value: input.leadUnitId },
    { key: CaseUnitsKey, value: [input.leadUnitId, ...input.unitIds] },
    { key: AssigneeKey, value: input.cityLeaderId },
  ]);
  try {
    if (!convened) {
      show('awaiting_session', 'waiting for the Saturday session (星期六会商)');
      await condition(() => convened);
    }
    r.convenedAt = new Date().toISOString();
    show('convened', 'convened; the city leader decides on the case');
    await getExternalWorkflowHandle(input.parentWorkflowId).signal(consultationConvenedSignal, { session: r.session, at: r.convenedAt });
    await condition(() => r.outcome !== undefined);
    show(r.outcome!.kind, r.outcome!.summary);
  } catch (err) {
    if (!isCancellation(err)) throw err;
    show('withdrawn', 'the case ended before the consultation did');
  }
  return r;
}
