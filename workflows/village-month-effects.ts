// How the village month's shell carries the engine's effects out: look-ups (answered as follow-up
// events), starting the problems' cases through the normal intake, and the read model.
import { ActivityFailure, ApplicationFailure, proxyActivities, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { describeMonth, monthView, type RuleViolation, type VillageMonthEffect, type VillageMonthEvent, type VillageMonthInput, type VillageMonthState } from '../domain/engine/village-month.js';
import type { VillageProblem } from '../domain/village.js';
import { DeadlineProvisionalKey, caseWorkflowId } from './definitions.js';
import { lookups, type Activities } from './shared.js';

const store = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', maximumInterval: '30s' },
  summary: 'copy the month to the read model and outbox',
});
// Starting a case waits for the case workflow's first assignee: give it room, retry until it lands.
const intake = proxyActivities<Activities>({
  startToCloseTimeout: '60s',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
  summary: 'start the case through the normal intake',
});

export interface Outcome {
  state: VillageMonthState;
  error?: RuleViolation;
  result?: VillageProblem;
}
type Follow = (st: VillageMonthState, e: DistributiveOmit<VillageMonthEvent, 'at'>) => Promise<Outcome>;

export function createVillageMonthEffects(c: { input: VillageMonthInput; follow: Follow; commit: (st: VillageMonthState) => void; projected: (version: number) => void }) {
  const { input, follow } = c;
  const same = (state: VillageMonthState): Outcome => ({ state });

  async function carry(st: VillageMonthState, fx: VillageMonthEffect): Promise<Outcome> {
    switch (fx.type) {
      case 'prepare': {
        const prep = await lookups.prepareVillageMonth({ townUnitId: input.townUnitId });
        return follow(st, { type: 'prepared', townName: prep.townName, villages: prep.villages });
      }
      case 'stageDue': {
        const answers = [];
        for (const r of fx.requests) answers.push({ ...r, ...(await lookups.villageStageDue({ month: input.month, stage: r.stage, from: r.from, timing: input.timing })) });
        return follow(st, { type: 'stagesDue', answers, then: fx.then });
      }
      case 'loadCarried': {
        const carried = await lookups.loadCarriedProblems({ townUnitId: input.townUnitId, month: input.month });
        return follow(st, { type: 'carriedLoaded', carried, actorId: fx.actorId, note: fx.note });
      }
      case 'caseStatuses':
        return follow(st, { type: 'caseStatuses', status: await lookups.caseStatuses({ caseIds: fx.caseIds }), then: fx.then });
      case 'checkUnits':
        return follow(st, { type: 'unitsChecked', unknown: await lookups.unknownUnits({ unitIds: fx.unitIds }), env: fx.env });
      case 'startCases': {
        const started: Record<string, { caseId: string; workflowId: string; reused: boolean }> = {};
        for (const [problemId, caseId] of Object.entries(fx.reused)) started[problemId] = { caseId, workflowId: caseWorkflowId(caseId), reused: true };
        for (const r of fx.requests) {
          try {
            started[r.problemId] = { ...(await intake.startVillageCase(r)), reused: false };
          } catch (err) {
            if (!(err instanceof ActivityFailure)) throw err;
            const cause = err.cause instanceof ApplicationFailure ? err.cause : null;
            return follow(st, { type: 'intakeFailed', code: cause?.type ?? 'INTAKE_FAILED', message: cause?.message ?? 'The case could not be started; try again.' });
          }
        }
        return follow(st, { type: 'casesStarted', started, env: fx.env });
      }
      case 'searchProvisional':
        upsertSearchAttributes([{ key: DeadlineProvisionalKey, value: fx.value }]);
        return same(st);
      case 'retimed':
        await store.recordDeadlineRetimed({ workflowId: st.workflowId, ...fx.record });
        return same(st);
      case 'record':
        setCurrentDetails(describeMonth(st));
        // What the read model is about to show is what validators and queries see from now on.
        c.commit(st);
        await store.recordVillageMonth({ view: monthView(st), notifications: fx.notifications });
        c.projected(st.version);
        return same(st);
    }
  }
  return carry;
}

export type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
