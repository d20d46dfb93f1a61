// The "bare + edge" yardstick's workflow: what a team would write in a day for the same lifecycle. It
// holds a small case (who holds it, the steps), checks in a synchronous validator that the caller
// holds it, moves it one tier up or closes it, and answers each Update with the whole case. No
// activity, no read model, no notification, no calendar: the holder of each tier is known by name.
import { ApplicationFailure, allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

export interface EdgeStep {
  seq: number;
  at: string;
  tier: number;
  actor: string;
  action: string;
  note?: string;
}
export interface EdgeCase {
  id: string;
  unit: string;
  title: string;
  description: string;
  requester: { kind: string; name: string };
  channel: string;
  category: string | null;
  status: 'in_progress' | 'resolved' | 'closed';
  tier: number;
  assignee: { principalId: string } | null;
  rating?: string;
  createdAt: string;
  timeline: EdgeStep[];
}
export interface EdgeInput {
  id: string;
  unit: string;
  createdBy: string;
  body: { title: string; description: string; requester: { kind: string; name: string }; channel: string; category?: string };
}
export interface EdgeDecision {
  actorId: string;
  decision: { action: string; note?: string; result?: string; reason?: string };
}

export const edgeOpenedUpdate = defineUpdate<EdgeCase>('edgeOpened');
export const edgeDecideUpdate = defineUpdate<EdgeCase, [EdgeDecision]>('edgeDecide');
/** The requester's rating, or (rating `withdrawn`) their withdrawal. */
export const edgeRateUpdate = defineUpdate<EdgeCase, [{ rating: string }]>('edgeRate');

/** The holder of each tier of a unit in the demo directory. */
const HOLDERS = ['fc1', 'chief1', 'deputy', 'head'];

export async function edgeWorkflow(input: EdgeInput): Promise<EdgeCase> {
  const now = () => new Date().toISOString();
  const c: EdgeCase = {
    id: input.id,
    unit: input.unit,
    title: input.body.title,
    description: input.body.description,
    requester: input.body.requester,
    channel: input.body.channel,
    category: input.body.category ?? null,
    status: 'in_progress',
    tier: 1,
    assignee: { principalId: input.createdBy },
    createdAt: now(),
    timeline: [],
  };
  const step = (actor: string, action: string, note?: string) => c.timeline.push({ seq: c.timeline.length + 1, at: now(), tier: c.tier, actor, action, ...(note ? { note } : {}) });
  step(input.createdBy, 'received');
  setHandler(edgeOpenedUpdate, () => c);
  setHandler(
    edgeDecideUpdate,
    ({ actorId, decision }) => {
      if (decision.action === 'escalate') {
        c.tier += 1;
        c.assignee = { principalId: `${c.unit}.${HOLDERS[c.tier - 1]}` };
        step(actorId, 'escalated', decision.note);
      } else {
        c.status = 'resolved';
        c.assignee = null;
        step(actorId, 'resolved', decision.result);
      }
      return c;
    },
    {
      validator: ({ actorId, decision }) => {
        if (c.status !== 'in_progress' || c.assignee?.principalId !== actorId) throw ApplicationFailure.nonRetryable('Only the holder decides.', 'NOT_ASSIGNEE');
        if (decision.action === 'escalate' && c.tier >= HOLDERS.length) throw ApplicationFailure.nonRetryable('No tier above.', 'NO_TIER_ABOVE');
        if (decision.action !== 'escalate' && decision.action !== 'resolve') throw ApplicationFailure.nonRetryable('Unknown action.', 'UNKNOWN_ACTION');
      },
    },
  );
  setHandler(
    edgeRateUpdate,
    ({ rating }) => {
      c.rating = rating;
      c.status = 'closed';
      step('requester', 'rated', rating);
      return c;
    },
    {
      // A rating once the case is resolved; a withdrawal (the same message) while it is open.
      validator: ({ rating }) => {
        if (c.status === 'closed' || (rating !== 'withdrawn' && c.status !== 'resolved')) throw ApplicationFailure.nonRetryable('Not now.', 'NOT_NOW');
      },
    },
  );
  await condition(() => c.status === 'closed');
  await condition(allHandlersFinished);
  return c;
}
