// Fills a fresh read model with many cases for the read benchmarks: each case's intake row as the API
// writes it, then its steps through the store call's own writer (activities/store-call.ts,
// createStepWriter), so the rows, steps, unit links, officer events and outbox are what the worker
// would have written. Two years of history, most cases closed, one overloaded officer.
import { eq, sql } from 'drizzle-orm';
import { createStoreCopy } from '../../activities/store-copy.js';
import { hashTrackingCode } from '../../api/case-view.js';
import type { Db } from '../../db/client.js';
import { cases, outbox, principals, units } from '../../db/schema.js';
import type { Tier } from '../../domain/tiers.js';
import type { Assignee, CaseView, NotificationRequest, TimelineStep } from '../../domain/case.js';
import { caseWorkflowId } from '../../workflows/definitions.js';

export interface BulkOptions {
  total: number;
  /** Share of cases still open (the rest resolved, refused or withdrawn). */
  openShare: number;
  /** Open tier-1 cases of one officer, the worst inbox (housing.fc1). */
  hotOfficerOpen: number;
  now?: Date;
  seed?: number;
}

export const HOT_OFFICER = 'housing.fc1';

/** A small deterministic generator, so two runs load the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const TITLES = ['房屋产权证办理', '燃气管道接入', '养老机构消防验收', '村属行政区划证明', '公积金提取', '营业执照变更', '不动产登记', '施工许可', '档案查询', '低保申请'];

export async function bulkLoad(db: Db, o: BulkOptions): Promise<{ cases: number; open: number; hotOpen: number; ms: number }> {
  const t0 = Date.now();
  const rand = rng(o.seed ?? 12345);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const now = (o.now ?? new Date()).getTime();
  const people = new Map((await db.select().from(principals)).map((p) => [p.id, p]));
  const unitRows = (await db.select().from(units)).filter((u) => people.has(`${u.id}.fc1`));
  const asAssignee = (id: string): Assignee => {
    const p = people.get(id)!;
    return { principalId: p.id, name: p.name, role: p.role as Assignee['role'], unitId: p.unitId, sectionId: p.sectionId };
  };
  const copy = createStoreCopy(db);
  /** A case's steps, read model and notices, as the store call writes them for a job. */
  const recordSteps = async (view: CaseView, steps: TimelineStep[], notes: NotificationRequest[]) => {
    await copy.writeSteps(view.id, view.id, steps, true);
    await copy.writeCaseView({ ...view, timeline: steps });
    await copy.enqueue(view.id, notes, steps, null);
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  let open = 0;
  let hotOpen = 0;

  const one = async (i: number) => {
    const hot = i < o.hotOfficerOpen;
    const unit = hot ? unitRows.find((u) => u.id === 'housing')! : pick(unitRows);
    const isOpen = hot || rand() < o.openShare;
    // Open cases are recent; closed ones spread over two years.
    const created = isOpen ? now - rand() * 10 * 86_400_000 : now - (10 + rand() * 720) * 86_400_000;
    const d = new Date(created).toISOString().slice(0, 10).replace(/-/g, '');
    const id = `${d}-${Array.from({ length: 6 }, (_, k) => ALPHABET[Math.floor(i / 32 ** k) % 32]).join('')}`;
    const fc = hot ? HOT_OFFICER : `${unit.id}.${rand() < 0.5 ? 'fc1' : 'fc2'}`;
    const section = fc.endsWith('fc1') ? 'chief1' : 'chief2';
    const ladder: [Tier, string][] = [
      ['1', fc],
      ['2', `${unit.id}.${section}`],
      ['3', `${unit.id}.deputy`],
      ['4', `${unit.id}.head`],
      ['city', unit.cityLeaderId!],
    ];
    const r = rand();
    const reached = hot ? 0 : r < 0.55 ? 0 : r < 0.75 ? 1 : r < 0.87 ? 2 : r < 0.97 ? 3 : 4;
    const title = `${pick(TITLES)} ${i}`;
    await db.insert(cases)
      .values({
        id,
        workflowId: caseWorkflowId(id),
        trackingCodeHash: hashTrackingCode(`bulk-${id}`),
        createdBy: fc,
        title,
        description: `批量载入的基准测试案件 ${i}：${title}`,
        category: 'bench',
        channel: pick(['window', 'hotline', 'mini_program', 'visit']),
        requesterKind: rand() < 0.5 ? 'person' : 'enterprise',
        requesterName: `申请人${i}`,
        status: 'in_progress',
        tier: '1',
        leadUnitId: unit.id,
        createdAt: iso(created),
        updatedAt: iso(created),
      });

    const steps: TimelineStep[] = [];
    const notes: NotificationRequest[] = [];
    const holders: CaseView['holders'] = [];
    let t = created;
    const step = (tier: Tier, actor: string, action: string, extra: Partial<TimelineStep> = {}) => {
      const st: TimelineStep = { seq: steps.length + 1, at: iso(t), tier, actor, action, ...extra };
      steps.push(st);
      return st;
    };
    step('1', fc, 'received', { data: { channel: 'window' } });
    let assignee: Assignee | null = null;
    let deadline = 0;
    for (let k = 0; k <= reached; k++) {
      const [tier, who] = ladder[k];
      const prev = assignee;
      assignee = asAssignee(who);
      if (holders.length) holders[holders.length - 1].until = iso(t);
      holders.push({ tier, principalId: who, name: assignee.name, from: iso(t) });
      deadline = t + (1 + Math.floor(rand() * 3)) * 86_400_000;
      const st = step(tier, k === 0 ? 'system' : prev!.principalId, k === 0 ? 'assigned' : tier === 'city' ? 'referred_to_city' : 'escalated', {
        subjectId: who,
        deadlineAt: iso(deadline),
        data: { from: k === 0 ? '1' : ladder[k - 1][0], to: tier, assignee: assignee.name },
      });
      notes.push({ key: `${id}:${st.seq}:${who}`, to: { principalId: who }, recipientKind: 'officer', template: 'case_assigned', vars: { caseId: id, title, tier, deadline: iso(deadline) } });
      if (k > 0) st.officerEvents = [{ officer: { principalId: prev!.principalId }, unitId: unit.id, tier: ladder[k - 1][0], kind: tier === 'city' ? 'referred' : 'escalated' }];
      t += (0.2 + rand()) * 86_400_000 * (isOpen ? 0.1 : 1);
    }
    const tier = ladder[reached][0];
    const view: CaseView = {
      id,
      workflowId: caseWorkflowId(id),
      title,
      status: tier === 'city' ? 'at_city' : 'in_progress',
      tier,
      phase: 'handling',
      leadUnitId: unit.id,
      involvedUnitIds: [],
      keyProject: false,
      assignee,
      holders,
      deadlineAt: iso(deadline),
      deadlineProvisional: false,
      reminderAt: null,
      overdue: deadline < now,
      reopened: 0,
      reviewRequested: false,
      timeline: [],
    };
    if (isOpen) {
      open++;
      if (assignee?.principalId === HOT_OFFICER) hotOpen++;
    } else {
      const w = rand();
      const kind = w < 0.02 ? 'withdrawn' : w < 0.05 && (tier === '4' || tier === 'city') ? 'refused' : 'resolved';
      const by = kind === 'withdrawn' ? 'requester' : assignee!.principalId;
      holders[holders.length - 1].until = iso(t);
      view.status = kind;
      view.phase = 'done';
      view.assignee = null;
      view.deadlineAt = null;
      view.overdue = false;
      view.outcome = { kind, tier, at: iso(t), by, ...(kind === 'resolved' ? { result: '已办结' } : kind === 'refused' ? { legalBasis: '《某条例》第十条', explanation: '依法不予办理' } : {}) };
      const st = step(tier, by, kind);
      if (kind !== 'withdrawn') notes.push({ key: `${id}:${st.seq}:requester`, to: { requester: true }, recipientKind: 'requester', template: kind === 'resolved' ? 'feedback_resolved' : 'feedback_refused', vars: kind === 'resolved' ? { caseId: id, result: '已办结' } : { caseId: id, legalBasis: '《某条例》第十条', explanation: '依法不予办理' } });
      if (kind === 'resolved' && rand() < 0.6) {
        t += 86_400_000;
        view.rating = { rating: rand() < 0.9 ? 'satisfied' : 'basically_satisfied', at: iso(t) };
        step(tier, 'requester', 'rated', { data: { rating: view.rating.rating } });
      }
    }
    await recordSteps(view, steps, notes);
  };

  // Batches in one transaction each: the store call's statements, without a disk sync per case.
  const BATCH = 500;
  for (let start = 0; start < o.total; start += BATCH) {
    await db.tx(async () => {
      for (let i = start; i < Math.min(o.total, start + BATCH); i++) await one(i);
    });
  }
  // Old notifications went out long ago.
  await db.update(outbox).set({ status: 'sent', sentAt: sql`created_at` }).where(eq(outbox.status, 'pending'));
  // Fresh statistics for the planner, as a store that has lived with its data would have.
  if (db.sqlite) db.sqlite.pragma('optimize');
  else await db.run(sql`analyze`);
  return { cases: o.total, open, hotOpen, ms: Date.now() - t0 };
}
