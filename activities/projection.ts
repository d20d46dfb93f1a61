// Copies each step of a case out of Temporal: the audit trail (case_steps), the read model behind
// inboxes and reports (cases, case_units), officer events for supervision, and the notification
// outbox. Idempotent: a retried call finds its rows by key and writes nothing twice.
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { caseParts, caseSteps, caseUnits, cases, officerEvents, principals } from '../db/schema.js';
import type { CaseView, PartView, TimelineStep } from '../workflows/case-state.js';
import { enqueueNotifications } from '../notify/outbox.js';
import type { TemplateId } from '../notify/templates.js';
import { describeCitation, recordCitations } from '../db/library.js';
import { headOf as unitHead } from './directory.js';

/** People read deadlines in Beijing time (UTC+8, no DST): "2026-11-30 17:30". */
const BEIJING = 8 * 3_600_000;
function forPeople(vars: Record<string, string>): Record<string, string> {
  const out = { ...vars };
  for (const k of ['deadline', 'dueAt']) {
    const t = Date.parse(out[k] ?? '');
    if (out[k] && !Number.isNaN(t)) out[k] = new Date(t + BEIJING).toISOString().slice(0, 16).replace('T', ' ');
  }
  return out;
}

const precedentIdsOf = (steps: TimelineStep[]): string[] => {
  const ids = steps.find((s) => s.action === 'resolved')?.data?.precedentIds;
  return Array.isArray(ids) ? (ids as string[]) : [];
};

export type { NotificationRequest, OfficerEventRequest } from '../domain/case-state.js';
import type { NotificationRequest, OfficerEventRequest } from '../domain/case-state.js';

export interface RecordStepsRequest {
  caseView: CaseView;
  steps: TimelineStep[];
  notifications: NotificationRequest[];
  officerEvents: OfficerEventRequest[];
}

export function createProjectionActivities(db: Db, clock: () => Date = () => new Date()) {
  const headOf = (unitId: string) => unitHead(db, unitId) ?? `unit:${unitId}`;
  const supervisors = () =>
    db.select({ id: principals.id }).from(principals).where(and(eq(principals.role, 'supervisor'), eq(principals.active, true))).orderBy(principals.id).all().map((r) => r.id);
  /** One outbox row per recipient: "the efficiency office" is each of its active supervisors. */
  const expand = (caseId: string, n: NotificationRequest): { key: string; recipientId: string }[] =>
    'supervisors' in n.to ? supervisors().map((id) => ({ key: `${n.key}:${id}`, recipientId: id })) : [{ key: n.key, recipientId: recipientOf(caseId, n.to) }];

  function recordStepsNow(req: RecordStepsRequest): void {
    const v = req.caseView;
    const lastSeq = req.steps.length ? req.steps[req.steps.length - 1].seq : 0;
    const at = clock().toISOString();
    db.transaction((tx) => {
      for (const st of req.steps) {
        tx.insert(caseSteps)
          .values({
            caseId: v.id,
            seq: st.seq,
            at: st.at,
            tier: st.tier,
            actor: st.actor,
            action: st.action,
            note: st.note ?? null,
            subjectId: st.subjectId ?? null,
            deadlineAt: st.deadlineAt ?? null,
            data: st.data ?? null,
            elementId: st.elementId ?? null,
          })
          .onConflictDoNothing()
          .run();
        // Decisions that cite precedents (escalate, resolve) count as uses in the case library.
        const cited = st.data?.precedentIds;
        if (Array.isArray(cited) && cited.length) recordCitations(tx, { caseId: v.id, seq: st.seq, action: st.action, precedentIds: cited, at: st.at });
      }
      // The read model only moves forward: a late retry of an older step never overwrites a newer one.
      const closed = ['resolved', 'refused', 'withdrawn'].includes(v.status);
      tx.update(cases)
        .set({
          status: v.status,
          tier: v.tier,
          assigneeId: v.assignee?.principalId ?? null,
          assigneeName: v.assignee?.name ?? null,
          assigneeRole: v.assignee?.role ?? null,
          deadlineAt: v.phase === 'feedback' || v.phase === 'done' ? null : v.deadlineAt,
          deadlineProvisional: v.deadlineProvisional,
          closedTier: v.outcome?.tier ?? null,
          closedAt: closed ? (v.outcome?.at ?? at) : null,
          rating: v.rating?.rating ?? null,
          lastSeq,
          view: v,
          updatedAt: at,
        })
        .where(and(eq(cases.id, v.id), lt(cases.lastSeq, lastSeq)))
        .run();
      for (const u of [v.leadUnitId, ...v.involvedUnitIds]) {
        tx.insert(caseUnits).values({ caseId: v.id, unitId: u, role: u === v.leadUnitId ? 'lead' : 'involved' }).onConflictDoNothing().run();
      }
      for (const e of req.officerEvents) {
        const officerId = 'principalId' in e.officer ? e.officer.principalId : headOf(e.officer.unitHeadOf);
        const step = req.steps.find((s) => s.seq === e.seq);
        tx.insert(officerEvents)
          .values({ caseId: v.id, seq: e.seq, officerId, unitId: e.unitId, tier: e.tier, kind: e.kind, at: step?.at ?? at })
          .onConflictDoNothing()
          .run();
      }
    });
    if (req.notifications.length) {
      enqueueNotifications(
        db,
        req.notifications.flatMap((n) => expand(v.id, n).map((r) => ({ n, r }))).map(({ n, r }) => ({
          key: r.key,
          caseId: v.id,
          recipientId: r.recipientId,
          recipientKind: n.recipientKind,
          template: n.template,
          // The requester hears which precedents the solution followed (参照外地经验), which only the library knows.
          vars: forPeople(n.template === 'feedback_resolved' ? { ...n.vars, citation: describeCitation(db, precedentIdsOf(req.steps)) } : n.vars),
        })),
        clock(),
      );
    }
  }

  function recipientOf(caseId: string, to: NotificationRequest['to']): string {
    return 'principalId' in to ? to.principalId : 'unitHeadOf' in to ? headOf(to.unitHeadOf) : `requester:${caseId}`;
  }

  /** A unit's part: its row (the inbox of whoever holds it), its officer events, its notifications. */
  function recordPartNow(req: { part: PartView; steps: TimelineStep[]; notifications: NotificationRequest[]; officerEvents: OfficerEventRequest[] }): void {
    const p = req.part;
    const lastSeq = p.timeline.length;
    const at = clock().toISOString();
    // Part events share the case's officer_events under a part-scoped case key, so seqs never collide.
    // A later round's part has its own key (its workflow id), so its seqs never collide with the first.
    const eventCase = p.workflowId === `case-${p.caseId}-part-${p.unitId}` ? `${p.caseId}#${p.unitId}` : `${p.caseId}#${p.workflowId}`;
    db.transaction((tx) => {
      const row = {
        caseId: p.caseId,
        unitId: p.unitId,
        workflowId: p.workflowId,
        status: p.status,
        tier: p.tier,
        assigneeId: p.status === 'open' ? (p.assignee?.principalId ?? null) : null,
        assigneeName: p.assignee?.name ?? null,
        deadlineAt: p.deadlineAt,
        stance: p.answer?.stance ?? null,
        lastSeq,
        view: p,
        updatedAt: at,
      };
      tx.insert(caseParts).values(row).onConflictDoUpdate({ target: [caseParts.workflowId], set: row, setWhere: lt(caseParts.lastSeq, lastSeq) }).run();
      tx.insert(caseUnits).values({ caseId: p.caseId, unitId: p.unitId, role: 'involved' }).onConflictDoNothing().run();
      for (const e of req.officerEvents) {
        const officerId = 'principalId' in e.officer ? e.officer.principalId : headOf(e.officer.unitHeadOf);
        const step = req.steps.find((x) => x.seq === e.seq);
        tx.insert(officerEvents).values({ caseId: eventCase, seq: e.seq, officerId, unitId: e.unitId, tier: e.tier, kind: e.kind, at: step?.at ?? at }).onConflictDoNothing().run();
      }
    });
    if (req.notifications.length) {
      enqueueNotifications(
        db,
        req.notifications.flatMap((n) => expand(p.caseId, n).map((r) => ({ key: r.key, caseId: p.caseId, recipientId: r.recipientId, recipientKind: n.recipientKind, template: n.template, vars: forPeople(n.vars) }))),
        clock(),
      );
    }
  }

  return {
    async recordSteps(req: RecordStepsRequest): Promise<void> {
      recordStepsNow(req);
    },
    async recordPart(req: Parameters<typeof recordPartNow>[0]): Promise<void> {
      recordPartNow(req);
    },
  };
}
