// How the village month's shell answers the engine's look-ups (directory, calendar, case statuses,
// and starting the problems' cases through the normal intake) and carries its other effects out (the
// read model, re-timings, search attributes).
import { ActivityFailure, ApplicationFailure, proxyActivities, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { describeMonth, monthView, type VillageMonthEffect, type VillageMonthEvent, type VillageMonthInput, type VillageMonthState } from '../domain/engine/village-month.js';
import type { Untimed } from '../domain/engine/driver.js';
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

export function createVillageMonthEffects(c: { input: VillageMonthInput; commit: (st: VillageMonthState) => void; projected: (version: number) => void }) {
  const { input } = c;

  async function answer(_st: VillageMonthState, fx: VillageMonthEffect): Promise<Untimed<VillageMonthEvent>> {
    switch (fx.type) {
      case 'prepare': {
        const prep = await lookups.prepareVillageMonth({ townUnitId: input.townUnitId });
        return { type: 'prepared', townName: prep.townName, villages: prep.villages };
      }
      case 'stageDue': {
        const answers = [];
        for (const r of fx.requests) answers.push({ ...r, ...(await lookups.villageStageDue({ month: input.month, stage: r.stage, from: r.from, timing: input.timing })) });
        return { type: 'stagesDue', answers, then: fx.then };
      }
      case 'loadCarried':
        return { type: 'carriedLoaded', carried: await lookups.loadCarriedProblems({ townUnitId: input.townUnitId, month: input.month }), actorId: fx.actorId, note: fx.note };
      case 'caseStatuses':
        return { type: 'caseStatuses', status: await lookups.caseStatuses({ caseIds: fx.caseIds }), then: fx.then };
      case 'checkUnits':
        return { type: 'unitsChecked', unknown: await lookups.unknownUnits({ unitIds: fx.unitIds }), env: fx.env };
      case 'startCases': {
        const started: Record<string, { caseId: string; workflowId: string; reused: boolean }> = {};
        for (const [problemId, caseId] of Object.entries(fx.reused)) started[problemId] = { caseId, workflowId: caseWorkflowId(caseId), reused: true };
        for (const r of fx.requests) {
          try {
            started[r.problemId] = { ...(await intake.startVillageCase(r)), reused: false };
          } catch (err) {
            if (!(err instanceof ActivityFailure)) throw err;
            const cause = err.cause instanceof ApplicationFailure ? err.cause : null;
            return { type: 'intakeFailed', code: cause?.type ?? 'INTAKE_FAILED', message: cause?.message ?? 'The case could not be started; try again.' };
          }
        }
        return { type: 'casesStarted', started, env: fx.env };
      }
      default:
        throw new Error(`${fx.type} is not a look-up`);
    }
  }

  async function carry(st: VillageMonthState, fx: VillageMonthEffect): Promise<unknown> {
    switch (fx.type) {
      case 'searchProvisional':
        return upsertSearchAttributes([{ key: DeadlineProvisionalKey, value: fx.value }]);
      case 'retimed':
        return store.recordDeadlineRetimed({ workflowId: st.workflowId, ...fx.record });
      case 'record':
        setCurrentDetails(describeMonth(st));
        // What the read model is about to show is what validators and queries see from now on.
        c.commit(st);
        await store.recordVillageMonth({ view: monthView(st), notifications: fx.notifications });
        return c.projected(st.version);
      default:
        throw new Error(`the look-up ${fx.type} reached the shell`);
    }
  }
  return { answer, carry };
}
