// A case's supervision items as rows (supervision_items): its 督办 notices, requests for more time,
// the rectification of a bad rating and appeals, projected from the case's view, so the lists and the
// ledgers (GET /v1/rectifications, the inbox's notices, the month's counts) follow the workflow through
// every job, reset and resync. Pure: the store writes what this gives.
import type { CaseView } from './case.js';

export const SUPERVISION_ITEM_KINDS = ['notice', 'extension', 'rectification', 'appeal'] as const;
export type SupervisionItemKind = (typeof SUPERVISION_ITEM_KINDS)[number];

export interface SupervisionItem {
  caseId: string;
  kind: SupervisionItemKind;
  no: number;
  unitId: string;
  status: string;
  level: string | null;
  openedBy: string;
  openedAt: string;
  dueAt: string | null;
  lapsedAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
  data: unknown;
}

export function supervisionItemsOf(v: CaseView): SupervisionItem[] {
  const base = { caseId: v.id, unitId: v.leadUnitId, level: null, lapsedAt: null, closedAt: null, closedBy: null };
  const out: SupervisionItem[] = [];
  for (const n of v.supervisionNotices ?? []) {
    out.push({
      ...base,
      kind: 'notice',
      no: n.no,
      unitId: n.unitId ?? v.leadUnitId,
      status: n.status,
      level: n.level,
      openedBy: n.by,
      openedAt: n.issuedAt,
      dueAt: n.dueAt,
      lapsedAt: n.status === 'lapsed' ? (n.endedAt ?? null) : null,
      closedAt: n.endedAt ?? null,
      closedBy: n.endedBy ?? n.holderId ?? null,
      data: n,
    });
  }
  for (const x of v.extensions ?? []) {
    out.push({ ...base, kind: 'extension', no: x.no, status: x.status, openedBy: x.by, openedAt: x.requestedAt, dueAt: x.decideBy, lapsedAt: x.status === 'lapsed' ? (x.decidedAt ?? null) : null, closedAt: x.decidedAt ?? null, closedBy: x.decidedBy ?? null, data: x });
  }
  const r = v.rectification;
  if (r) {
    out.push({ ...base, kind: 'rectification', no: r.no, unitId: r.unitId, status: r.status, level: r.rating, openedBy: 'system', openedAt: r.openedAt, dueAt: r.dueAt, lapsedAt: r.lapsedAt ?? null, closedAt: r.closedAt ?? null, closedBy: r.closedBy ?? null, data: r });
  }
  for (const a of v.appeals ?? []) {
    out.push({ ...base, kind: 'appeal', no: a.no, status: a.status, level: a.reason, openedBy: a.by, openedAt: a.at, dueAt: a.decideBy, lapsedAt: a.status === 'lapsed' ? (a.decidedAt ?? null) : null, closedAt: a.decidedAt ?? null, closedBy: a.decidedBy ?? null, data: a });
  }
  return out;
}
