// The notice vocabulary: every notification a transition may ask for, as an SMS-style template.
// Government SMS in China carry a signature in 【】 first, then a registered template whose variables
// are filled in per message. Every outbox row (notify/) stores the template id, its variables and the
// rendered body, so a message can be re-rendered or audited. Pure, so the engines' notices name their
// template by a type checked against this list.

/** The SMS signature (短信签名) put in front of every message. */
export const SMS_SIGNATURE = '【铜陵效能】';

export interface TemplateDef {
  /** The template text (Chinese), without the signature; variables as {name}. */
  text: string;
  /** What the message is for and who gets it (English, for docs and admins). */
  description: string;
  /**
   * The delivery queue: 'complaints' goes behind the case queue (deadlines, assignments), so a flood
   * of complaints never delays a deadline notice. Default 'cases'.
   */
  queue?: NotificationQueue;
}

export const NOTIFICATION_QUEUES = ['cases', 'complaints'] as const;
export type NotificationQueue = (typeof NOTIFICATION_QUEUES)[number];

export const TEMPLATES = {
  case_assigned: {
    text: '您有新办件{caseId}「{title}」，当前层级：{tier}，请于{deadline}前办理。',
    description: 'To an officer: a case is now theirs (tier label, deadline).',
  },
  vacancy: {
    text: '办件{caseId}「{title}」的{tier}岗位无人在岗，已按缺位递补转交办理，请及时补位。',
    description: 'To the unit head and the efficiency office: a tier had no active holder, so the case went to the stand-in or the tier above (缺位递补).',
  },
  case_reminder: {
    text: '办件{caseId}「{title}」将于{deadline}到期，请抓紧办理，逾期将自动提级。',
    description: "To the assigned officer: the case's deadline is approaching.",
  },
  deadline_lapsed_unit_head: {
    text: '办件{caseId}「{title}」在{officerName}处超时未办，已自动提级至{newAssigneeName}。',
    description: 'To the unit head: a window lapsed and the case went up to the next tier.',
  },
  materials_requested: {
    text: '您的诉求{caseId}需补充材料：{items}。材料齐全后将继续办理。',
    description: 'To the requester: which materials are still needed.',
  },
  materials_reminder: {
    text: '您的诉求{caseId}仍待补充材料，请尽快提交，以免影响办理。',
    description: 'To the requester: materials are still outstanding.',
  },
  feedback_resolved: {
    text: '您的诉求{caseId}已办结：{result}。{citation}欢迎对办理情况进行评价。',
    description: 'To the requester: the case was resolved (the "yes"), with the result and, when it cites precedents, which ones (another city\'s practice said as such); citation may be empty.',
  },
  feedback_refused: {
    text: '您的诉求{caseId}经逐级研判，依据{legalBasis}暂不能办理。说明：{explanation}',
    description: 'To the requester: the reasoned "no", with the legal basis and the explanation.',
  },
  case_withdrawn: {
    text: '办件{caseId}「{title}」已由申请人撤回（渠道：{channel}）。如非申请人本意，请及时核实。',
    description: "To the lead unit's principal head: the requester withdrew the case, and through which channel (the intake officer also holds the tracking code).",
  },
  requester_action_code: {
    text: '您正在{action}办件{caseId}，验证码{code}，{minutes}分钟内有效。如非本人操作，请勿告诉他人并致电12345。',
    description: 'To the requester, at the phone on file: the one-time code a withdrawal or a rating needs besides the tracking code.',
  },
  case_reopened: {
    text: '办件{caseId}「{title}」已重新启动，请及时办理。',
    description: 'To the officer: a closed case was reopened and is theirs again.',
  },
  directive_assigned: {
    text: '市领导会商交办（办件{caseId}）：{task}，请于{dueAt}前落实并反馈。',
    description: "To a unit: a task from the city leaders' consultation, with its due date.",
  },
  complaint_filed: {
    text: '收到对{unitName}的投诉{complaintId}：{content}。请及时核查处理。',
    description: 'To the unit, its bureau or the efficiency office: a complaint was filed.',
    queue: 'complaints',
  },
  complaint_sms_head: {
    text: '{unitName}收到投诉{complaintId}，请主要负责人关注并督促处理。',
    description: "To the unit's principal head: a complaint against their unit needs attention.",
    queue: 'complaints',
  },
  complaint_contact_lapsed: {
    text: '投诉{complaintId}（{unitName}）未在规定时限内联系投诉人，请督办。',
    description: 'To the efficiency office: the unit did not contact the complainant in time.',
    queue: 'complaints',
  },
  complaint_sms_digest_head: {
    text: '{unitName}在{since}后又收到投诉{count}件（{complaintIds}），请主要负责人关注并督促处理。',
    description: "To the unit's principal head: the complaints since the last SMS, at most one SMS per 30 minutes.",
    queue: 'complaints',
  },
  complaint_verification_code: {
    text: '您的投诉验证码为{code}，{minutes}分钟内有效。如非本人操作，请忽略。',
    description: 'To a complainant: the code that confirms a complaint filed through the public form (where the unit requires it).',
    queue: 'complaints',
  },
  village_host_chosen: {
    text: '{month}村干部跑办代访：按紧迫度建议在{villageName}接访（得分{score}）。如需调整，请说明理由。',
    description: "To the town's principal head: the host village the urgency score chose; they may override it with a reason.",
  },
  village_check_due: {
    text: '{month}村干部跑办代访{check}已到期，请组织实地察看并登记结果。',
    description: "To the town's principal head: the mid-month on-site check or the month-end follow-up is due.",
  },
  village_problem_carried_twice: {
    text: '{villageName}反映的「{title}」已连续{months}个月未解决、结转下月，请主要负责人督办。',
    description: "To the town's principal head: a village problem was carried into the next month a second time.",
  },
  village_month_report: {
    text: '{townName}{month}村干部跑办代访闭环：共{total}件，已解决{solved}件，推进中{inProgress}件，结转下月{carried}件。',
    description: "To the town's principal head: the month's closed-loop report.",
  },
  deadline_retimed: {
    text: '根据{documentNo}，{subject}的办理时限由{oldAt}调整为{newAt}{status}。',
    description: "To the holder of a running deadline: the official calendar was loaded and the deadline moved (never earlier than what they were told), or is now firm.",
  },
  deadline_confirmed: {
    text: '根据{documentNo}，{subject}的办理时限{newAt}已按正式节假日安排确认，不再是临时时限。',
    description: 'To the holder of a running deadline: the official calendar was loaded and the provisional deadline stands as it was.',
  },
  // ---- Progress messages to a requester who gave a mobile number (notify/requester.ts routes them:
  // none without a phone or after 退订, at most REQUESTER_DAILY_CAP a case a day, the rest folded) ----
  receipt: {
    text: '您的诉求{caseId}已受理，办理进度请查看：{link}',
    description: 'To the requester, at intake: the receipt with the tracking link (the code rides in its fragment; logs mask it).',
  },
  progress_tier: {
    text: '您的诉求{caseId}已在单位内部提级，现由{tier}办理，您无需再跑。',
    description: 'To the requester: the case went up a tier (the tier, never the person).',
  },
  progress_coordinated: {
    text: '您的诉求{caseId}涉及多个部门，已由牵头单位协调{unitCount}个部门共同办理。',
    description: 'To the requester: the lead unit coordinates other units (牵头协调).',
  },
  progress_city: {
    text: '您的诉求{caseId}已提请市级领导研究办理。',
    description: "To the requester: the city leaders were consulted or the case was referred to them.",
  },
  requester_digest: {
    text: '您的诉求{caseId}有{count}条新进展：{messages}',
    description: 'To the requester: the progress messages beyond the daily cap, folded into one message sent the next morning.',
  },
  progress_extended: {
    text: '您的诉求{caseId}经批准延期办理，答复时限延至{deadline}。原因：{reason}',
    description: 'To the requester: an extension was granted; the new promised time and why.',
  },
  // ---- Supervision of a live case (督查督办) and what follows its feedback ----
  supervision_notice: {
    text: '办件{caseId}「{title}」已被{level}，请于{dueAt}前办理。督办意见：{note}',
    description: 'To the holder of the case (or of the unit\'s part) a supervision notice names: its level, due time and note.',
  },
  supervision_notice_head: {
    text: '贵单位办件{caseId}「{title}」已被效能办{level}，请于{dueAt}前督促办理。',
    description: "By SMS to the unit's principal head: a supervision notice on one of the unit's cases or parts.",
  },
  supervision_withdrawn: {
    text: '办件{caseId}「{title}」的{level}已撤销。',
    description: 'To the holder told of a supervision notice: it was withdrawn.',
  },
  supervision_lapsed: {
    text: '办件{caseId}「{title}」的{level}已逾期未办，已记搁置，请开展倒查复盘。',
    description: 'To the efficiency office (and the unit head): a supervision notice passed its due time with no decision; a shelved finding is proposed when the case is reviewed.',
  },
  extension_requested: {
    text: '办件{caseId}「{title}」申请延期{workingDays}个工作日，理由：{reason}。请于{dueAt}前审批。',
    description: 'To whoever may decide an extension (the efficiency office; the unit head by policy): a holder asked for more time.',
  },
  extension_granted: {
    text: '办件{caseId}「{title}」延期申请已批准，办理时限顺延至{deadline}。',
    description: 'To the holder: the extension was granted and the deadline moved.',
  },
  extension_refused: {
    text: '办件{caseId}「{title}」延期申请未获批准，请于{deadline}前办理。',
    description: 'To the holder: the extension was refused (or not decided in time); the deadline stands.',
  },
  rectification_opened: {
    text: '办件{caseId}「{title}」收到"{rating}"评价，请于{dueAt}前完成整改并报告整改情况。',
    description: "To the lead unit's principal head, by SMS: a bad rating opened a rectification item (差评整改).",
  },
  rectification_reported: {
    text: '办件{caseId}「{title}」的差评整改情况已报告，请回访核实后销号。',
    description: 'To the efficiency office: the unit reported what it changed; verify it with a return visit.',
  },
  rectification_lapsed: {
    text: '办件{caseId}「{title}」的差评整改逾期未报告，已记搁置，请开展倒查复盘。',
    description: 'To the efficiency office and the unit head: the rectification report is overdue; a shelved finding is proposed when the case is reviewed.',
  },
  appeal_filed: {
    text: '办件{caseId}「{title}」的"{rating}"评价被申诉为{reason}，请于{dueAt}前审核。',
    description: 'To the efficiency office: the lead unit appealed a rating as mistaken or malicious.',
  },
  appeal_decided: {
    text: '办件{caseId}「{title}」的评价申诉{result}。',
    description: "To the lead unit's principal head: the appeal was upheld (the rating leaves the figures), rejected, or not decided in time (the rating stands).",
  },
  calendar_notice_missing: {
    text: '{year}年节假日安排尚未载入，跨入{year}年的办理时限均按周一至周五临时计算。国务院通知发布后请及时载入。',
    description: 'To administrators, daily from 1 November: next year\'s State Council holiday notice is not loaded yet.',
  },
} as const satisfies Record<string, TemplateDef>;

export type TemplateId = keyof typeof TEMPLATES;

/** At most this many messages reach a requester about one case in one day (Beijing time); the rest fold into the next. */
export const REQUESTER_DAILY_CAP = 3;
/**
 * Messages to a requester that are not progress news but something they asked for and need now (the
 * one-time code of a withdrawal or a rating): never capped, folded or stopped by 退订.
 */
export const REQUESTER_TRANSACTIONAL: ReadonlySet<string> = new Set(['requester_action_code']);
/** The folded messages go out at this hour (Beijing time) of the next day, not in the night. */
export const REQUESTER_DIGEST_HOUR = 8;
/** Every progress message to a requester ends with how to stop them (回复TD退订, the SMS convention). */
export const OPT_OUT_SUFFIX = '回TD退订';
/** What a requester may text back to stop the messages. */
export function isOptOutReply(text: string): boolean {
  return /^\s*(TD|退订)\s*$/i.test(text);
}

export const TEMPLATE_IDS = Object.keys(TEMPLATES) as TemplateId[];

/** The queue a template's messages go out on. */
export function queueOf(templateId: string): NotificationQueue {
  return (TEMPLATES as Record<string, TemplateDef>)[templateId]?.queue ?? 'cases';
}

/** The templates of one queue (the dispatcher orders and filters by them). */
export function templatesOfQueue(queue: NotificationQueue): TemplateId[] {
  return TEMPLATE_IDS.filter((t) => queueOf(t) === queue);
}

const VAR = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function isTemplateId(id: string): id is TemplateId {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, id);
}

/** The variable names a template needs, in order of first appearance. */
export function templateVars(templateId: TemplateId): string[] {
  const def = TEMPLATES[templateId] as TemplateDef | undefined;
  if (!def) throw new Error(`unknown notification template: ${templateId}`);
  return [...new Set([...def.text.matchAll(VAR)].map((m) => m[1]))];
}

/**
 * Fill a template's variables and put the signature in front. Throws on an unknown template or a
 * missing (undefined or null) variable; extra variables are ignored. Substitution is one pass, so a
 * value that itself contains `{name}` is left as written.
 */
export function render(
  templateId: TemplateId,
  vars: Readonly<Record<string, string | number | null | undefined>>,
  signature: string = SMS_SIGNATURE,
): string {
  const def = TEMPLATES[templateId] as TemplateDef | undefined;
  if (!def) throw new Error(`unknown notification template: ${templateId}`);
  const missing = templateVars(templateId).filter((name) => vars[name] === undefined || vars[name] === null);
  if (missing.length > 0) {
    throw new Error(`template ${templateId}: missing variable(s) ${missing.join(', ')}`);
  }
  return signature + def.text.replace(VAR, (_, name: string) => String(vars[name]));
}
