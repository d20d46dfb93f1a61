// The complaint workflow as it ran before its engine (domain/engine/complaint.ts): kept, unchanged in
// what it commands, only so complaints filed before that version replay and finish (behind
// patched('complaint-engine') in complaint.ts). Remove it once every such complaint has closed.
//
// The complaint workflow (效能铜都): one per complaint, id `complaint-<id>`. On filing it tells the
// unit, the data resources bureau and the efficiency office, and texts the unit's principal head,
// each through the outbox; then it gives the unit a contact window (policy `complaintContact`). A
// lapse tells the efficiency office and records a shelved event; the unit records the contact; a
// supervisor closes the complaint with findings. When an administrator loads the official calendar,
// a provisional contact window is recomputed (never earlier than what the unit was told).
import { allHandlersFinished, condition, patched, proxyActivities, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.js';
import type { ComplaintNoticeGroup } from '../activities/complaints.js';
import type { ComplaintInput, ComplaintState } from './complaint-state.js';
import { DeadlineProvisionalKey, complaintCloseUpdate, complaintContactUpdate, complaintStateQuery } from './definitions.js';
import { CALENDAR_RETIMING_PATCH, CalendarChanges, concerns, notEarlier, type CalendarChange } from './calendar-retime.js';
import { fail, lookups } from './shared.js';

type Activities = ReturnType<typeof createActivities>;

const store = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', maximumInterval: '30s' },
});

// In this order: the unit first, the head's SMS last (it points at what the unit already has).
const GROUPS: ComplaintNoticeGroup[] = ['unit', 'data_bureau', 'efficiency', 'head_sms'];


export async function complaintWorkflowV1(input: ComplaintInput): Promise<ComplaintState> {
  const now = () => new Date().toISOString();
  const s: ComplaintState = {
    id: input.complaintId,
    unitId: input.unitId,
    ...(input.caseId ? { caseId: input.caseId } : {}),
    status: 'open',
    filedAt: input.filedAt,
  };
  const show = () =>
    setCurrentDetails(
      `**Complaint ${s.id}** about ${s.unitId}: ${s.status}` +
        (s.contactDueAt && !s.contactedAt ? `, contact due ${s.contactDueAt}${s.contactDueProvisional ? ' (provisional)' : ''}` : '') +
        (s.contactLapsedAt ? ' — CONTACT WINDOW LAPSED' : ''),
    );

  setHandler(complaintStateQuery, () => ({ ...s }));
  const calendar = new CalendarChanges().listen();
  setHandler(
    complaintContactUpdate,
    async (req) => {
      // State first (synchronously), so the contact window's condition sees it at once.
      s.status = 'contacted';
      s.contactedAt = now();
      s.contactedBy = req.actorId;
      show();
      await store.recordComplaintContact({ complaintId: s.id, by: req.actorId, note: req.note, at: s.contactedAt });
      return { ...s };
    },
    {
      validator: (req) => {
        if (!req || typeof req.note !== 'string' || !req.note.trim()) fail('VALIDATION_FAILED', 'note: say what was done');
        if (s.status === 'closed') fail('COMPLAINT_CLOSED', 'The complaint is closed.');
        if (s.contactedAt) fail('ALREADY_CONTACTED', `The contact was recorded at ${s.contactedAt}.`);
      },
    },
  );
  setHandler(
    complaintCloseUpdate,
    async (req) => {
      s.status = 'closed';
      s.closedAt = now();
      s.closedBy = req.actorId;
      s.upheld = req.upheld;
      show();
      await store.recordComplaintClosed({ complaintId: s.id, by: req.actorId, upheld: req.upheld, findings: req.findings, officerIds: req.officerIds ?? [], at: s.closedAt });
      return { ...s };
    },
    {
      validator: (req) => {
        if (!req || typeof req.upheld !== 'boolean' || typeof req.findings !== 'string' || !req.findings.trim()) {
          fail('VALIDATION_FAILED', 'findings and upheld are required');
        }
        if (s.status === 'closed') fail('COMPLAINT_CLOSED', 'The complaint is already closed.');
      },
    },
  );

  // At once, and each exactly once: every group is its own idempotent activity.
  for (const group of GROUPS) await store.notifyComplaintFiled({ complaintId: s.id, group });

  // The unit's clock starts once it has been told (a worker outage is not the unit's delay).
  if (s.status === 'open') {
    const from = now();
    const d = await lookups.computeDeadline({ window: { kind: 'complaintContact' }, from });
    s.contactDueAt = d.deadlineAt;
    s.contactDueProvisional = d.provisional;
    await store.recordComplaintDeadline({ complaintId: s.id, contactDueAt: d.deadlineAt, provisional: d.provisional });
    // Administrators list provisional deadlines in Temporal UI (DeadlineProvisional).
    if (patched(CALENDAR_RETIMING_PATCH)) upsertSearchAttributes([{ key: DeadlineProvisionalKey, value: d.provisional }]);
    show();
    let retimed = 0;
    /** A loaded calendar recomputes the window from its original start; the unit is told of a later time. */
    const retime = async (change: CalendarChange) => {
      if (!concerns(change, { deadlineAt: s.contactDueAt!, provisional: s.contactDueProvisional, from })) return;
      const again = await lookups.computeDeadline({ window: { kind: 'complaintContact' }, from });
      const oldAt = s.contactDueAt!;
      const newAt = notEarlier(oldAt, again.deadlineAt);
      if (newAt === oldAt && again.provisional === !!s.contactDueProvisional) return;
      s.contactDueAt = newAt;
      s.contactDueProvisional = again.provisional;
      retimed++;
      upsertSearchAttributes([{ key: DeadlineProvisionalKey, value: again.provisional }]);
      show();
      await store.recordDeadlineRetimed({
        workflowId: workflowInfo().workflowId,
        subjectKind: 'complaint',
        subjectId: s.id,
        window: 'complaintContact',
        n: retimed,
        oldAt,
        newAt,
        provisional: again.provisional,
        ...(change.documentNo ? { documentNo: change.documentNo } : {}),
        at: now(),
        holder: { unitId: s.unitId },
        subjectText: `投诉${s.id}的联系`,
      });
    };
    for (;;) {
      const woke = await condition(() => s.status !== 'open' || calendar.pending, Math.max(1, Date.parse(s.contactDueAt!) - Date.now()), {
        summary: `contact due ${s.contactDueAt}`,
      });
      if (s.status !== 'open') break;
      const change = calendar.take();
      if (change) {
        await retime(change);
        continue;
      }
      if (!woke) {
        s.contactLapsedAt = now();
        show();
        await store.complaintContactLapsed({ complaintId: s.id, at: s.contactLapsedAt });
        break;
      }
    }
  }
  await condition(() => s.status === 'closed');
  await condition(allHandlersFinished);
  return { ...s };
}
