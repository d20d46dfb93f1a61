// One town's month of the rotating village reception (村干部跑办代访), id
// `village-month-<town>-<YYYY-MM>`: a thin shell around the month's engine
// (domain/engine/village-month.ts), which holds the rules: villages list their residents' problems,
// the host village is chosen by urgency (the town head may override, with a reason), every problem gets
// a path and a case at the reception, the mid-month check and month-end follow-up fall due on durable
// timers, and the month ends with a closed-loop report. The shell takes messages one at a time from
// one mailbox, wakes for the open stage's date, and carries the engine's effects out.
import { condition, setHandler, upsertSearchAttributes, workflowInfo, type defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import { CheckSchema, OverrideHostSchema, ReceptionSchema, SubmitProblemSchema, type Envelope, type VillageMonthView } from '../domain/village.js';
import {
  initialVillageMonth,
  monthView,
  nextWake,
  villageMonthEngine,
  villageViolation,
  type VillageMessage,
  type VillageMonthEvent,
  type VillageMonthInput,
  type VillageMonthState,
} from '../domain/engine/village-month.js';
import { carryJob, type Untimed } from '../domain/engine/driver.js';
import type { CalendarChange } from '../domain/deadline-retiming.js';
import { Mailbox, serve } from './mailbox.js';
import { createVillageMonthEffects } from './village-month-effects.js';
import {
  MonthKey,
  TownKey,
  calendarChangedSignal,
  villageCheckUpdate,
  villageCloseCollectionUpdate,
  villageMonthQuery,
  villageOpenedUpdate,
  villageOverrideHostUpdate,
  villageReceptionUpdate,
  villageSubmitProblemUpdate,
} from './definitions.js';
import { fail } from './shared.js';

export type { VillageMonthInput } from '../domain/engine/village-month.js';

type UpdateDefinition<R, A extends unknown[]> = ReturnType<typeof defineUpdate<R, A>>;
type Job = VillageMessage | { type: 'calendarChanged'; change: CalendarChange };

function parse<T>(schema: z.ZodType<T>, env: Envelope<unknown>): Envelope<T> {
  if (!env || typeof env.actorId !== 'string' || !env.actorId) fail('VALIDATION_FAILED', 'actorId is required');
  const r = schema.safeParse(env.body);
  if (!r.success) fail('VALIDATION_FAILED', r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  return { actorId: env.actorId, body: r.data };
}

export async function villageMonthWorkflow(input: VillageMonthInput): Promise<VillageMonthView> {
  let s: VillageMonthState = initialVillageMonth(input, workflowInfo().workflowId);
  const mailbox = new Mailbox<Job>();
  const now = () => new Date().toISOString();
  /** The last version the read model holds: the month is open for the API once its first version is there. */
  let projected = 0;
  const effects = createVillageMonthEffects({ input, commit: (st) => (s = st), projected: (v) => (projected = Math.max(projected, v)) });

  /** An event through the engine, its effects carried out in order; a refusal anywhere leaves the month as it was. */
  async function run(e: Untimed<VillageMonthEvent>) {
    const r = await carryJob(villageMonthEngine, s, { ...e, at: now() } as VillageMonthEvent, effects);
    if (!r.error) s = r.state;
    return r;
  }

  // ---- messages: each parsed and checked on the month as it stands, then queued ----
  setHandler(villageMonthQuery, () => monthView(s));
  setHandler(villageOpenedUpdate, async () => {
    await condition(() => s.engine.opened && projected > 0);
    return monthView(s);
  });
  /** An update that is checked on the month as it stands, then queued; it answers the month (or what the engine gave back). */
  function update<R, A>(def: UpdateDefinition<R, [A]>, toJob: (raw: A) => VillageMessage) {
    const validator = (raw: A) => {
      const v = villageViolation(s, toJob(raw));
      if (v) fail(v.code, v.message);
    };
    setHandler(def, async (raw: A) => ((await mailbox.submit(toJob(raw))) ?? monthView(s)) as R, { validator });
  }
  update(villageSubmitProblemUpdate, (raw: Envelope<unknown>) => ({ type: 'submitted', env: parse(SubmitProblemSchema, raw) }));
  update(villageCloseCollectionUpdate, (raw: Envelope<{ note?: string } | undefined>) => {
    if (!raw?.actorId) fail('VALIDATION_FAILED', 'actorId is required');
    return { type: 'closeCollection', actorId: raw.actorId, note: raw.body?.note };
  });
  update(villageOverrideHostUpdate, (raw: Envelope<unknown>) => ({ type: 'overridden', env: parse(OverrideHostSchema, raw) }));
  update(villageReceptionUpdate, (raw: Envelope<unknown>) => ({ type: 'reception', env: parse(ReceptionSchema, raw) }));
  update(villageCheckUpdate, (raw: Envelope<unknown>) => ({ type: 'checked', env: parse(CheckSchema, raw) }));
  setHandler(calendarChangedSignal, (c) => {
    if (c && Array.isArray(c.years)) mailbox.post({ type: 'calendarChanged', change: { years: c.years.filter((y) => Number.isInteger(y)), ...(c.documentNo ? { documentNo: c.documentNo } : {}) } });
  });

  // ---- the month ----
  upsertSearchAttributes([
    { key: TownKey, value: input.townUnitId },
    { key: MonthKey, value: input.month },
  ]);
  await run({ type: 'started' });
  // Until the month closes, then until the messages that raced the close are answered.
  await serve({
    mailbox,
    open: () => s.phase !== 'closed',
    wake: () => nextWake(s),
    handle: run,
    timer: () => run({ type: 'timer' }),
    leftOver: 'drain',
  });
  return monthView(s);
}
