// The step vocabulary: every action a timeline can record, with its label (Chinese first) and the BPMN
// element it passes through. One table, read by the workflows (which store the element on each step),
// the API (labels) and the process drawing. A step without an element does not compile.
import { ELEMENT } from './elements.js';

export interface StepLike {
  action: string;
  tier: string;
  data?: Record<string, unknown>;
}

type ElementOf = (step: StepLike) => string;
/** Where a step is drawn: on the case process, on the unit-part process, or on both. */
type Drawn = { case: ElementOf; part?: ElementOf } | { case?: ElementOf; part: ElementOf };
interface StepDef {
  label: string;
  labelEn: string;
  element: Drawn;
}

const phaseOf = (s: StepLike) => (typeof s.data?.phase === 'string' ? s.data.phase : undefined);
const atTask: ElementOf = (s) => (phaseOf(s) === 'materials' ? ELEMENT.materials(s.tier) : phaseOf(s) === 'directives' ? ELEMENT.directives : ELEMENT.task(s.tier));
const atPartTask: ElementOf = (s) => ELEMENT.partTask(s.tier);

export const STEPS = {
  received: { label: '受理', labelEn: 'received', element: { case: () => ELEMENT.start } },
  assigned: { label: '分派首问负责人', labelEn: 'assigned', element: { case: atTask, part: atPartTask } },
  escalated: { label: '提级', labelEn: 'escalated', element: { case: atTask, part: atPartTask } },
  deadline_lapsed: {
    label: '超时',
    labelEn: 'deadline lapsed',
    element: {
      case: (s) => {
        if (phaseOf(s) === 'directives' || typeof s.data?.unitId === 'string') return ELEMENT.directivesTimer;
        if (phaseOf(s) === 'coordination' || phaseOf(s) === 'coordinating') return ELEMENT.coordinationTimer;
        return ELEMENT.deadline(s.tier);
      },
      part: (s) => ELEMENT.partDeadline(s.tier),
    },
  },
  reminded: {
    label: '提醒',
    labelEn: 'reminded',
    element: {
      case: (s) => {
        if (phaseOf(s) === 'materials') return ELEMENT.materialsReminder(s.tier);
        if (phaseOf(s) === 'overdue') return ELEMENT.overdue(s.tier);
        if (phaseOf(s) === 'coordination' || phaseOf(s) === 'coordinating') return ELEMENT.coordinationTimer;
        if (phaseOf(s) === 'directives') return ELEMENT.directivesTimer;
        return ELEMENT.reminder(s.tier);
      },
    },
  },
  materials_requested: { label: '补正材料', labelEn: 'materials requested', element: { case: (s) => ELEMENT.materials(s.tier) } },
  materials_supplied: { label: '已补正', labelEn: 'materials supplied', element: { case: (s) => ELEMENT.task(s.tier) } },
  materials_lapsed: { label: '补正逾期', labelEn: 'materials lapsed', element: { case: (s) => ELEMENT.materialsTimer(s.tier) } },
  returned_to_holder: { label: '退回承办人', labelEn: 'returned to holder', element: { case: (s) => ELEMENT.task(s.tier) } },
  resolved: { label: '办结', labelEn: 'resolved', element: { case: () => ELEMENT.resolved } },
  refused: { label: '说"不"并说明理由', labelEn: 'refused with reasons', element: { case: () => ELEMENT.refused } },
  referred_to_city: { label: '提请市级领导研究', labelEn: 'referred to city', element: { case: (s) => ELEMENT.task(s.tier) } },
  consultation_requested: { label: '提请市级领导会商', labelEn: 'consultation requested', element: { case: () => ELEMENT.consultCity } },
  consulted_city: { label: '市级领导会商', labelEn: 'city consulted', element: { case: (s) => ELEMENT.task(s.tier) } },
  awaiting_session: { label: '待星期六会商', labelEn: 'awaiting the Saturday session', element: { case: () => ELEMENT.consultCity } },
  consultation_convened: { label: '会商召开', labelEn: 'consultation convened', element: { case: (s) => ELEMENT.task(s.tier) } },
  consultation_failed: { label: '会商流程中断', labelEn: 'consultation ended abnormally', element: { case: () => ELEMENT.consultCity } },
  directed: { label: '交办', labelEn: 'directed', element: { case: () => ELEMENT.directives } },
  directive_done: { label: '交办事项落实', labelEn: 'directive done', element: { case: () => ELEMENT.directives } },
  rejected: { label: '决定未被接受', labelEn: 'decision rejected', element: { case: atTask } },
  withdrawn: { label: '撤回', labelEn: 'withdrawn', element: { case: () => ELEMENT.withdrawStart } },
  rated: { label: '评价', labelEn: 'rated', element: { case: () => ELEMENT.rating } },
  reopened: { label: '提级重办', labelEn: 'reopened', element: { case: (s) => ELEMENT.task(s.tier) } },
  review_requested: { label: '倒查复盘', labelEn: 'review requested', element: { case: () => ELEMENT.review } },
  closed: { label: '归档', labelEn: 'closed', element: { case: () => ELEMENT.ratingTimer } },
  coordinated: { label: '牵头协调', labelEn: 'coordinated', element: { case: () => ELEMENT.coordination } },
  part_answered: { label: '协办答复', labelEn: 'part answered', element: { case: () => ELEMENT.coordination } },
  // A unit's lapse is its part's answer on the call; only the backstop (no stance: the part never
  // answered) is the coordination's own timer.
  part_lapsed: { label: '协办逾期', labelEn: 'part lapsed', element: { case: (s) => (s.data?.stance === 'lapsed' ? ELEMENT.coordination : ELEMENT.coordinationTimer) } },
  part_failed: { label: '协办流程中断', labelEn: 'part ended abnormally', element: { case: () => ELEMENT.coordination } },
  part_withdrawn: { label: '撤回协办', labelEn: 'part withdrawn', element: { case: () => ELEMENT.coordination, part: () => ELEMENT.partWithdrawStart } },
  coordination_back: { label: '协办意见汇齐', labelEn: 'coordination back', element: { case: () => ELEMENT.coordinationGateway } },
  part_opened: { label: '协办受理', labelEn: 'part opened', element: { part: () => ELEMENT.partStart } },
  answered_can_do: { label: '答复：能办', labelEn: 'answered: can do', element: { part: () => ELEMENT.partCanDo } },
  answered_cannot: { label: '答复：不能办', labelEn: 'answered: cannot', element: { part: () => ELEMENT.partCannot } },
  vacancy: { label: '缺位递补', labelEn: 'vacancy filled', element: { case: atTask, part: atPartTask } },
  handed_over: { label: '工作交接', labelEn: 'handed over', element: { case: atTask, part: atPartTask } },
  deadline_retimed: { label: '时限重算', labelEn: 'deadline re-timed', element: { case: atTask, part: atPartTask } },
  // Supervision while the case is alive, and what follows its feedback (each on its event sub-process).
  supervision_issued: { label: '督办', labelEn: 'supervision notice issued', element: { case: () => ELEMENT.noticeStart } },
  supervision_answered: { label: '督办已办理', labelEn: 'supervision notice answered', element: { case: () => ELEMENT.noticeAnswered } },
  supervision_withdrawn: { label: '撤销督办', labelEn: 'supervision notice withdrawn', element: { case: () => ELEMENT.noticeWithdrawn } },
  supervision_lapsed: { label: '督办逾期', labelEn: 'supervision notice lapsed', element: { case: () => ELEMENT.noticeDue } },
  extension_requested: { label: '延期申请', labelEn: 'extension requested', element: { case: () => ELEMENT.extensionStart } },
  extension_granted: { label: '准予延期', labelEn: 'extension granted', element: { case: () => ELEMENT.extensionGranted } },
  extension_refused: { label: '不予延期', labelEn: 'extension refused', element: { case: () => ELEMENT.extensionRefused } },
  extension_lapsed: { label: '延期申请逾期未批', labelEn: 'extension not decided in time', element: { case: () => ELEMENT.extensionDue } },
  extension_overtaken: { label: '延期申请失效', labelEn: 'extension request overtaken', element: { case: () => ELEMENT.extensionOvertaken } },
  rectification_opened: { label: '差评整改', labelEn: 'rectification opened', element: { case: () => ELEMENT.rectificationStart } },
  rectification_reported: { label: '整改情况报告', labelEn: 'rectification reported', element: { case: () => ELEMENT.rectificationReported } },
  rectification_lapsed: { label: '整改逾期', labelEn: 'rectification overdue', element: { case: () => ELEMENT.rectificationDue } },
  rectification_closed: { label: '整改核实销号', labelEn: 'rectification verified and closed', element: { case: () => ELEMENT.rectificationClosed } },
  rectification_voided: {
    label: '整改撤销（申诉成立）',
    labelEn: 'rectification voided (appeal upheld)',
    element: { case: (s) => (s.data?.reported ? ELEMENT.rectificationVoidedVerify : ELEMENT.rectificationVoidedReport) },
  },
  callback: { label: '回访', labelEn: 'return visit', element: { case: () => ELEMENT.callbackStart } },
  appeal_filed: { label: '差评申诉', labelEn: 'rating appealed', element: { case: () => ELEMENT.appealStart } },
  appeal_upheld: { label: '申诉成立', labelEn: 'appeal upheld', element: { case: () => ELEMENT.appealUpheld } },
  appeal_rejected: { label: '申诉驳回', labelEn: 'appeal rejected', element: { case: () => ELEMENT.appealRejected } },
  appeal_lapsed: { label: '申诉逾期未决', labelEn: 'appeal not decided in time', element: { case: () => ELEMENT.appealDue } },
  aftercare_ended: { label: '回访申诉期满归档', labelEn: 'archived after aftercare', element: { case: () => ELEMENT.aftercare } },
  /** A legacy name of city consultation on early timelines. */
  consult_city: { label: '提请市级领导会商', labelEn: 'consult city leaders', element: { case: () => ELEMENT.consultCity } },
} as const satisfies Record<string, StepDef>;

export type StepAction = keyof typeof STEPS;
export const STEP_ACTIONS = Object.keys(STEPS) as StepAction[];

/**
 * The steps a requester's own view shows (the tracking page): what happened to their request and at
 * which tier. Reminders, rejected attempts, staffing (vacancies, hand-overs) and the units' internal
 * parts are the government's business, and no step ever says who.
 */
export const REQUESTER_STEP_ACTIONS: readonly StepAction[] = [
  'received', 'assigned', 'escalated', 'deadline_lapsed', 'materials_requested', 'materials_supplied', 'materials_lapsed',
  'resolved', 'refused', 'referred_to_city', 'consultation_requested', 'consult_city', 'consulted_city', 'awaiting_session',
  'consultation_convened', 'directed', 'directive_done', 'coordinated', 'coordination_back', 'withdrawn', 'rated', 'reopened',
  'review_requested', 'closed', 'deadline_retimed', 'extension_granted', 'aftercare_ended',
];

/** Label of any action, with the action itself for one this table does not know (old rows). */
export function stepLabel(action: string): { label: string; labelEn: string } {
  const d = (STEPS as Record<string, StepDef>)[action];
  return d ? { label: d.label, labelEn: d.labelEn } : { label: action, labelEn: action };
}

/** The element of a case step, or null for an action the vocabulary does not know. */
export function elementForStep(step: StepLike): string | null {
  const d = (STEPS as Record<string, StepDef>)[step.action];
  const f = d?.element.case;
  return f ? f(step) : null;
}

/** The element of a step on a unit's part. */
export function elementForPartStep(step: StepLike): string | null {
  const d = (STEPS as Record<string, StepDef>)[step.action];
  const f = d?.element.part;
  return f ? f(step) : null;
}

/** Every case-process action, for the drawing's legend and its tests. */
export const DRAWN_STEP_ACTIONS = STEP_ACTIONS.filter((a) => (STEPS[a].element as Drawn).case);
/** How the timeline names each step, Chinese first. */
export const STEP_LABELS: Record<StepAction, { label: string; labelEn: string }> = Object.fromEntries(
  STEP_ACTIONS.map((a) => [a, { label: STEPS[a].label, labelEn: STEPS[a].labelEn }]),
) as Record<StepAction, { label: string; labelEn: string }>;
