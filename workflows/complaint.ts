// The complaint workflow (效能铜都): one per complaint, id `complaint-<id>`. On filing it tells the
// unit, the data resources bureau and the efficiency office, and texts the unit's principal head,
// each through the outbox; then it gives the unit a contact window (policy `complaintContact`). A
// lapse tells the efficiency office and records a shelved event; the unit records the contact; a
// supervisor closes the complaint with findings.
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, proxyLocalActivities, setCurrentDetails, setHandler } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.js';
import type { ComplaintNoticeGroup } from '../activities/complaints.js';
import type { ComplaintInput, ComplaintState } from './complaint-state.js';
import { complaintCloseUpdate, complaintContactUpdate, complaintStateQuery } from './definitions.js';
import { fail, lookups } from './shared.js';

type Activities = ReturnType<typeof createActivities>;

const store = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', maximumInterval: '30s' },
});

// In this order: the unit first, the head's SMS last (it points at what the unit already has).
const GROUPS: ComplaintNoticeGroup[] = ['unit', 'data_bureau', 'efficiency', 'head_sms'];


export async function complaintWorkflow(input: ComplaintInput): Promise<ComplaintState> {
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
        (s.contactDueAt && !s.contactedAt ? `, contact due ${s.contactDueAt}` : '') +
        (s.contactLapsedAt ? ' — CONTACT WINDOW LAPSED' : ''),
    );

  setHandler(complaintStateQuery, () => ({ ...s }));
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
    const d = await lookups.computeDeadline({ window: { kind: 'complaintContact' }, from: now() });
    s.contactDueAt = d.deadlineAt;
    await store.recordComplaintDeadline({ complaintId: s.id, contactDueAt: d.deadlineAt });
    show();
    const answered = await condition(() => s.status !== 'open', Math.max(1, Date.parse(d.deadlineAt) - Date.now()), { summary: `contact due ${d.deadlineAt}` });
    if (!answered) {
      s.contactLapsedAt = now();
      show();
      await store.complaintContactLapsed({ complaintId: s.id, at: s.contactLapsedAt });
    }
  }
  await condition(() => s.status === 'closed');
  await condition(allHandlersFinished);
  return { ...s };
}
