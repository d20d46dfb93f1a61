// Stable BPMN element ids, shared by the process model (domain/process.ts) and the step vocabulary
// (domain/steps.ts). The workflow stores them on timeline steps: never rename one lightly.

/** `1` → `Tier1`, `city` → `City`: the part of an element id that names a tier. */
export function tierKey(tier: string): string {
  return tier === 'city' ? 'City' : `Tier${tier}`;
}

/** Stable element ids. The workflow stores them on timeline steps: never rename one lightly. */
export const ELEMENT = {
  start: 'StartEvent_Received',
  task: (t: string) => `Task_${tierKey(t)}`,
  gateway: (t: string) => `Gateway_${tierKey(t)}`,
  deadline: (t: string) => `Timer_${tierKey(t)}_Deadline`,
  reminder: (t: string) => `Timer_${tierKey(t)}_Reminder`,
  reminded: (t: string) => `EndEvent_${tierKey(t)}_Reminded`,
  overdue: (t: string) => `EndEvent_${tierKey(t)}_Overdue`,
  materials: (t: string) => `Task_${tierKey(t)}_Materials`,
  materialsTimer: (t: string) => `Timer_${tierKey(t)}_Materials`,
  materialsReminder: (t: string) => `Timer_${tierKey(t)}_MaterialsReminder`,
  materialsReminded: (t: string) => `EndEvent_${tierKey(t)}_MaterialsReminded`,
  coordination: 'CallActivity_Coordination',
  coordinationGateway: 'Gateway_Coordination',
  coordinationTimer: 'Timer_Coordination',
  /** No longer drawn: the coordination's timer is its backstop, which goes to the city. Kept for old links. */
  coordinationOverdue: 'EndEvent_CoordinationOverdue',
  consultCity: 'CallActivity_ConsultCity',
  directives: 'Task_Directives',
  directivesTimer: 'Timer_Directives',
  directivesOverdue: 'EndEvent_DirectivesOverdue',
  resolved: 'Event_Resolved',
  refused: 'Event_Refused',
  rating: 'Task_Rating',
  ratingTimer: 'Timer_Rating',
  ratingGateway: 'Gateway_Rating',
  reopen: 'Gateway_Reopen',
  closed: 'EndEvent_Closed',
  noRating: 'EndEvent_NoRating',
  review: 'Event_ReviewRequested',
  reviewEnd: 'EndEvent_Review',
  withdraw: 'SubProcess_Withdraw',
  withdrawStart: 'StartEvent_Withdrawn',
  withdrawEnd: 'EndEvent_Withdrawn',
  // The unit-part process (one per coordinated unit).
  partStart: 'StartEvent_PartRequested',
  partTask: (t: string) => `Task_Part_${tierKey(t)}`,
  partDeadline: (t: string) => `Timer_Part_${tierKey(t)}_Deadline`,
  partOverdue: (t: string) => `EndEvent_Part_${tierKey(t)}_Overdue`,
  partCanDo: 'EndEvent_PartCanDo',
  partCannot: 'EndEvent_PartCannot',
  partWithdraw: 'SubProcess_PartWithdraw',
  partWithdrawStart: 'StartEvent_PartWithdrawn',
  partWithdrawEnd: 'EndEvent_PartWithdrawn',
} as const;

