// City leaders' consultation (市级领导会商) as a pure transition function, the same shape as the case
// engine. Ordinary consultations convene at once; key projects wait for the weekly Saturday session
// (重点项目"星期六会商"). Once convened the case is told, and the city leader decides on the case itself;
// the outcome comes back here so the consultation's own record is complete. A case that ends first
// withdraws it.
import type { Consultation } from '../case.js';
import type { Engine } from './driver.js';

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

export interface ConsultationOutcome {
  kind: 'resolved' | 'refused';
  by: string;
  at: string;
  summary: string;
}

export interface ConsultationResult {
  caseId: string;
  session: 'immediate' | 'saturday';
  convenedAt?: string;
  outcome?: ConsultationOutcome;
}

export type ConsultationPhase = 'pending' | 'awaiting_session' | 'convened' | 'resolved' | 'refused' | 'withdrawn';

export interface ConsultationState extends ConsultationResult {
  phase: ConsultationPhase;
}

export type ConsultationEvent = { at: string } & ({ type: 'started' } | { type: 'convene' } | { type: 'outcome'; outcome: ConsultationOutcome } | { type: 'withdrawn' });

export type ConsultationEffect =
  /** What Temporal UI shows and searches (CaseStatus) for the consultation. */
  | { type: 'show'; status: string; words: string }
  /** Tell the case the consultation is convened. */
  | { type: 'tellCase'; session: ConsultationResult['session']; at: string };

export function initialConsultation(input: ConsultationInput): ConsultationState {
  return { caseId: input.caseId, session: input.keyProject ? 'saturday' : 'immediate', phase: 'pending' };
}

/** Still waiting for something: the session or the outcome. */
export function consultationOpen(s: ConsultationState): boolean {
  return s.phase === 'pending' || s.phase === 'awaiting_session' || s.phase === 'convened';
}

export function consultationResult(s: ConsultationState): ConsultationResult {
  const { phase: _phase, ...r } = s;
  return { ...r };
}

export function consultationTransition(state: ConsultationState, e: ConsultationEvent): { state: ConsultationState; effects: ConsultationEffect[] } {
  const s = { ...state };
  const fx: ConsultationEffect[] = [];
  const finish = () => {
    if (s.phase !== 'convened' || !s.outcome) return;
    s.phase = s.outcome.kind;
    fx.push({ type: 'show', status: s.outcome.kind, words: s.outcome.summary });
  };
  const convene = () => {
    s.phase = 'convened';
    s.convenedAt = e.at;
    fx.push({ type: 'show', status: 'convened', words: 'convened; the city leader decides on the case' }, { type: 'tellCase', session: s.session, at: e.at });
    finish();
  };
  switch (e.type) {
    case 'started':
      if (s.phase !== 'pending') break;
      if (s.session === 'immediate') convene();
      else {
        s.phase = 'awaiting_session';
        fx.push({ type: 'show', status: 'awaiting_session', words: 'waiting for the Saturday session (星期六会商)' });
      }
      break;
    case 'convene':
      if (s.phase === 'awaiting_session') convene();
      break;
    case 'outcome':
      // The last word before the consultation closes counts (the case sends one).
      if (!consultationOpen(s)) break;
      s.outcome = e.outcome;
      finish();
      break;
    case 'withdrawn':
      if (!consultationOpen(s)) break;
      s.phase = 'withdrawn';
      fx.push({ type: 'show', status: 'withdrawn', words: 'the case ended before the consultation did' });
      break;
  }
  return { state: s, effects: fx };
}

/** The consultation engine as the driver runs it (domain/engine/driver.ts): it looks nothing up. */
export const consultationEngine: Engine<ConsultationState, ConsultationEvent, ConsultationEffect> = { transition: consultationTransition, isLookup: () => false };
