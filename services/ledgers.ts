// The ledgers (台账) as Excel files: the case ledger, complaints, reviews and accountability, the
// village months and the monthly report, one Beijing month each. Each is scoped as its list is
// (services/cases.ts, services/complaints.ts, services/villages.ts, services/reports.ts), masks
// personal data as the list does for the reader, writes times as Beijing wall-clock dates, and is
// streamed row by row (exceljs' streaming writer, the store read in pages), so a large month never
// sits in memory. Every export is audited before its first byte: who, which ledger, which filters.
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { finished as drained } from 'node:stream/promises';
import { and, asc, count, desc, eq, gt, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { accountabilityRecords, cases, complaints, exportAudit, principals, reviewFindings, reviews, units, villageMonths } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { maskPhone } from '../domain/privacy.js';
import { CHANNEL_LABELS, RATING_LABELS, RATINGS, CHANNELS } from '../domain/messages.js';
import { CASE_STATUS_LABELS, isClosed, isOfficerRole, isOverdue, TIER_RULES, type CaseStatus, type Role, type Tier } from '../domain/tiers.js';
import { FINDING_LABELS, LEVEL_LABELS, type FindingKind, type Level } from '../domain/supervision.js';
import { OUTCOME_LABELS, PHASE_LABELS, type VillageMonthView } from '../domain/village.js';
import { COUNT_KEYS, FIGURES, LEDGER_LABELS, RATE_KEYS, TOPIC_KIND_LABELS, type LedgerKind } from '../domain/reports.js';
import { caseListScope, involvingUnit, type Reader } from './cases.js';
import { seesRequesterPhone } from '../domain/privacy.js';
import { complaintListScope, complaintView } from './complaints.js';
import { assertReadsTown, townOf } from './villages.js';
import { assertMonthBegun, categories, monthlyReport, rankings, reportScope, type UnitFigures } from './reports.js';
import { first } from '../db/store.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface LedgerParams {
  month: string;
  unitId?: string;
  townId?: string;
}

export interface LedgerFile {
  /** The Chinese file name, and one in ASCII for clients that read no other. */
  filename: string;
  asciiFilename: string;
  stream: Readable;
  /** Rows written (headers left out), once the file is complete. */
  finished: Promise<number>;
}

// ---- Cells ----

type Cell = string | number | Date | null;
type ColumnKind = 'text' | 'number' | 'time' | 'rate';
interface Column {
  header: string;
  width: number;
  kind?: ColumnKind;
}

/** A UTC instant as the Beijing wall-clock date Excel shows (Excel dates carry no time zone). */
const beijing = (iso: string | null | undefined): Date | null => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000) : null);
const FORMATS: Record<ColumnKind, string | undefined> = { text: undefined, number: '0', time: 'yyyy-mm-dd hh:mm:ss', rate: '0.0%' };
const label = (x: { label: string } | undefined, raw: string | null | undefined) => (x ? x.label : (raw ?? null));
const yesNo = (b: boolean | null | undefined) => (b === null || b === undefined ? null : b ? '是' : '否');

/** One workbook on a stream: sheets with a bold, frozen header row, rows committed as they come. */
class Workbook {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  rows = 0;
  constructor(private readonly out: PassThrough) {
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    this.wb.creator = '说"不"提级管理 效能月报';
  }
  sheet(name: string, columns: Column[]) {
    const ws = this.wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({ header: c.header, width: c.width, style: FORMATS[c.kind ?? 'text'] ? { numFmt: FORMATS[c.kind ?? 'text'] } : {} }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    return {
      add: (values: Cell[]) => {
        ws.addRow(values.map((v) => (v === null ? undefined : v))).commit();
        this.rows++;
      },
      done: () => ws.commit(),
    };
  }
  commit(): Promise<void> {
    return this.wb.commit();
  }
  /**
   * Between pages of rows: lets what was written flow out, waits while the reader is behind (the file
   * is not built faster than it is downloaded), and stops when the download is gone.
   */
  async flowed(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    while (this.out.writableNeedDrain && !this.out.destroyed) await Promise.race([once(this.out, 'drain'), once(this.out, 'close')]);
    if (this.out.destroyed) throw new Error('the download was closed before the ledger was complete');
  }
}

// ---- The ledgers ----

interface Plan {
  /** Personal data goes out masked for this reader. */
  masked: boolean;
  params: Record<string, string>;
  write: (wb: Workbook) => Promise<void>;
}

/** The case ledger (办件台账): the cases opened in the month, scoped as GET /v1/cases. */
function casesLedger(db: Db, reader: Reader, p: LedgerParams, b: { from: string; to: string }, now: Date): Plan {
  const unitId = caseListScope(reader, p.unitId);
  const showPhone = seesRequesterPhone(reader.role);
  return {
    masked: !showPhone,
    params: { month: p.month, ...(unitId ? { unitId } : {}) },
    async write(wb) {
      const names = await unitNames(db);
      const s = wb.sheet('办件台账', [
        { header: '办件编号', width: 18 },
        { header: '标题', width: 36 },
        { header: '类别', width: 14 },
        { header: '受理渠道', width: 12 },
        { header: '申请人类型', width: 10 },
        { header: '申请人', width: 24 },
        { header: '联系电话', width: 15 },
        { header: '牵头单位', width: 24 },
        { header: '状态', width: 14 },
        { header: '当前层级', width: 14 },
        { header: '承办人', width: 12 },
        { header: '受理时间（北京时间）', width: 20, kind: 'time' },
        { header: '办理时限（北京时间）', width: 20, kind: 'time' },
        { header: '是否超期', width: 9 },
        { header: '办结时间（北京时间）', width: 20, kind: 'time' },
        { header: '办结层级', width: 14 },
        { header: '评价', width: 12 },
      ]);
      const base = and(gt(cases.lastSeq, 0), gte(cases.createdAt, b.from), lt(cases.createdAt, b.to), unitId ? involvingUnit(db, unitId) : undefined);
      await pages<typeof cases.$inferSelect>(
        wb,
        (after) =>
          db
            .select()
            .from(cases)
            .where(and(base, after ? or(gt(cases.createdAt, after.createdAt), and(eq(cases.createdAt, after.createdAt), gt(cases.id, after.id))) : undefined))
            .orderBy(asc(cases.createdAt), asc(cases.id))
            .limit(PAGE),
        (c) =>
          s.add([
            c.id,
            c.title,
            c.category,
            label(CHANNEL_LABELS[c.channel as (typeof CHANNELS)[number]], c.channel),
            c.requesterKind === 'person' ? '个人' : '企业',
            c.requesterName,
            c.requesterPhone ? (showPhone ? c.requesterPhone : maskPhone(c.requesterPhone)) : null,
            names.get(c.leadUnitId) ?? c.leadUnitId,
            label(CASE_STATUS_LABELS[c.status as CaseStatus], c.status),
            label(TIER_RULES[c.tier as Tier], c.tier),
            c.assigneeName,
            beijing(c.createdAt),
            beijing(c.deadlineAt),
            yesNo(isOverdue(c.deadlineAt, now.getTime(), isClosed(c.status))),
            beijing(c.closedAt),
            c.closedTier ? label(TIER_RULES[c.closedTier as Tier], c.closedTier) : null,
            c.rating ? label(RATING_LABELS[c.rating as (typeof RATINGS)[number]], c.rating) : null,
          ]),
      );
      s.done();
    },
  };
}

/** The complaints ledger (投诉台账): complaints filed in the month, scoped and masked as GET /v1/complaints. */
function complaintsLedger(db: Db, reader: Reader, p: LedgerParams, b: { from: string; to: string }): Plan {
  const unitId = complaintListScope(reader, p.unitId);
  // Known row by row (a unit's head, the officer who called: their own complainants in clear): until
  // the rows are written, what the reader's role leads to expect.
  let masked: boolean | null = null;
  return {
    get masked() {
      return masked ?? !['supervisor', 'admin', 'principal_head'].includes(reader.role);
    },
    params: { month: p.month, ...(unitId ? { unitId } : {}) },
    async write(wb) {
      const s = wb.sheet('投诉台账', [
        { header: '投诉编号', width: 20 },
        { header: '被投诉单位', width: 24 },
        { header: '窗口', width: 16 },
        { header: '关联办件', width: 18 },
        { header: '投诉人', width: 10 },
        { header: '联系电话', width: 15 },
        { header: '投诉内容', width: 40 },
        { header: '状态', width: 10 },
        { header: '投诉时间（北京时间）', width: 20, kind: 'time' },
        { header: '联系时限（北京时间）', width: 20, kind: 'time' },
        { header: '联系时间（北京时间）', width: 20, kind: 'time' },
        { header: '超时未联系', width: 10 },
        { header: '办结时间（北京时间）', width: 20, kind: 'time' },
        { header: '是否属实', width: 9 },
        { header: '调查结论', width: 30 },
      ]);
      const base = and(gte(complaints.filedAt, b.from), lt(complaints.filedAt, b.to), unitId ? eq(complaints.unitId, unitId) : undefined);
      const STATUS = { open: '待联系', contacted: '已联系', closed: '已办结' } as Record<string, string>;
      await pages<typeof complaints.$inferSelect>(
        wb,
        (after) =>
          db
            .select()
            .from(complaints)
            .where(and(base, after ? or(gt(complaints.filedAt, after.filedAt), and(eq(complaints.filedAt, after.filedAt), gt(complaints.id, after.id))) : undefined))
            .orderBy(asc(complaints.filedAt), asc(complaints.id))
            .limit(PAGE),
        async (c) => {
          const v = (await complaintView(db, c, reader));
          masked = (masked ?? false) || v.masked;
          s.add([
            v.id,
            v.unit.name,
            v.windowCode,
            v.caseId,
            v.contact.name,
            v.contact.phone,
            v.content,
            STATUS[v.status] ?? v.status,
            beijing(v.filedAt),
            beijing(v.contactDueAt),
            beijing(v.contactedAt),
            yesNo(v.contactLapsedAt !== null),
            beijing(v.closedAt),
            yesNo(v.upheld),
            v.findings,
          ]);
        },
      );
      s.done();
    },
  };
}

/** Reviews opened and accountability records made in the month (复盘问责台账): the efficiency office's, as its lists. */
function accountabilityLedger(db: Db, reader: Reader, p: LedgerParams, b: { from: string; to: string }): Plan {
  if (reader.role !== 'supervisor') throw new AppError('FORBIDDEN_ROLE', 'Reviews and accountability records are the efficiency office\'s.');
  return {
    masked: false,
    params: { month: p.month },
    async write(wb) {
      const names = await unitNames(db);
      const people = await principalNames(db);
      const r = wb.sheet('复盘', [
        { header: '复盘编号', width: 20 },
        { header: '对象', width: 8 },
        { header: '对象编号', width: 22 },
        { header: '发起人', width: 16 },
        { header: '发起时间（北京时间）', width: 20, kind: 'time' },
        { header: '待定发现', width: 9, kind: 'number' },
        { header: '确认发现', width: 9, kind: 'number' },
        { header: '否定发现', width: 9, kind: 'number' },
      ]);
      const opened = await db
        .select()
        .from(reviews)
        .where(and(gte(reviews.openedAt, b.from), lt(reviews.openedAt, b.to)))
        .orderBy(asc(reviews.openedAt), asc(reviews.id));
      const counts = new Map<string, Record<string, number>>();
      for (const f of await db
        .select({ reviewId: reviewFindings.reviewId, status: reviewFindings.status, n: count() })
        .from(reviewFindings)
        .innerJoin(reviews, eq(reviews.id, reviewFindings.reviewId))
        .where(and(gte(reviews.openedAt, b.from), lt(reviews.openedAt, b.to)))
        .groupBy(reviewFindings.reviewId, reviewFindings.status)) {
        counts.set(f.reviewId, { ...counts.get(f.reviewId), [f.status]: Number(f.n) });
      }
      for (const x of opened) {
        const c = counts.get(x.id) ?? {};
        const [kind, id] = x.caseId ? ['办件', x.caseId] : x.complaintId ? ['投诉', x.complaintId] : ['人员', x.officerId ?? ''];
        r.add([x.id, kind, id, people.get(x.openedBy) ?? x.openedBy, beijing(x.openedAt), c.proposed ?? 0, c.confirmed ?? 0, c.rejected ?? 0]);
      }
      r.done();
      const a = wb.sheet('问责', [
        { header: '记录编号', width: 20 },
        { header: '问题类别', width: 16 },
        { header: '处理等级', width: 10 },
        { header: '人员', width: 12 },
        { header: '单位', width: 24 },
        { header: '关联办件', width: 18 },
        { header: '关联投诉', width: 20 },
        { header: '事由', width: 40 },
        { header: '记录人', width: 16 },
        { header: '记录时间（北京时间）', width: 20, kind: 'time' },
      ]);
      for (const x of await db
        .select()
        .from(accountabilityRecords)
        .where(and(gte(accountabilityRecords.recordedAt, b.from), lt(accountabilityRecords.recordedAt, b.to)))
        .orderBy(asc(accountabilityRecords.recordedAt), asc(accountabilityRecords.id))) {
        a.add([
          x.id,
          label(FINDING_LABELS[x.kind as FindingKind], x.kind),
          label(LEVEL_LABELS[x.level as Level], x.level),
          people.get(x.officerId) ?? x.officerId,
          x.unitId ? (names.get(x.unitId) ?? x.unitId) : null,
          x.caseId,
          x.complaintId,
          x.summary,
          people.get(x.recordedBy) ?? x.recordedBy,
          beijing(x.recordedAt),
        ]);
      }
      a.done();
    },
  };
}

/** The village reception's months (跑办代访台账): every town's month, or one town's, and their problems; scoped as the town's pages. */
async function villageLedger(db: Db, reader: Reader, p: LedgerParams): Promise<Plan> {
  // An officer exports their own town's month; the city, the efficiency office and admins any town's, or all.
  const townId = isOfficerRole(reader.role) ? (p.townId ?? reader.unitId ?? '') : p.townId;
  if (townId !== undefined) {
    assertReadsTown(reader, townId);
    if (isOfficerRole(reader.role) && (await first(db.select({ kind: units.kind }).from(units).where(eq(units.id, townId))))?.kind !== 'town') {
      throw new AppError('FORBIDDEN_UNIT', "A town's officers export its months; this officer's unit is no town.");
    }
    await townOf(db, townId);
  }
  return {
    masked: false,
    params: { month: p.month, ...(townId ? { townId } : {}) },
    async write(wb) {
      const names = await unitNames(db);
      const rows = await db
        .select()
        .from(villageMonths)
        .where(and(eq(villageMonths.month, p.month), townId ? eq(villageMonths.townUnitId, townId) : undefined))
        .orderBy(asc(villageMonths.townUnitId));
      const m = wb.sheet('月度', [
        { header: '乡镇', width: 20 },
        { header: '月份', width: 9 },
        { header: '阶段', width: 12 },
        { header: '接访村（社区）', width: 16 },
        { header: '接访日期', width: 12 },
        { header: '问题数', width: 8, kind: 'number' },
        { header: '已解决', width: 8, kind: 'number' },
        { header: '办理中', width: 8, kind: 'number' },
        { header: '结转', width: 8, kind: 'number' },
        { header: '闭环时间（北京时间）', width: 20, kind: 'time' },
      ]);
      for (const r of rows) {
        const v = r.view as VillageMonthView;
        m.add([names.get(r.townUnitId) ?? r.townUnitId, r.month, label(PHASE_LABELS[v.phase], v.phase), v.host?.villageName ?? null, v.reception?.date ?? null, v.problems.length, v.report?.solved ?? null, v.report?.inProgress ?? null, v.report?.carried ?? null, beijing(r.closedAt)]);
      }
      m.done();
      const statuses = new Map<string, string>();
      const caseIds = rows.flatMap((r) => (r.view as VillageMonthView).problems.map((x) => x.path?.caseId).filter((x): x is string => !!x));
      for (let i = 0; i < caseIds.length; i += 500) {
        for (const c of await db.select({ id: cases.id, status: cases.status }).from(cases).where(inArray(cases.id, caseIds.slice(i, i + 500)))) statuses.set(c.id, c.status);
      }
      const q = wb.sheet('问题', [
        { header: '乡镇', width: 20 },
        { header: '村（社区）', width: 14 },
        { header: '问题', width: 36 },
        { header: '紧迫度', width: 8, kind: 'number' },
        { header: '涉及群众', width: 9, kind: 'number' },
        { header: '责任单位', width: 24 },
        { header: '约定时限', width: 12 },
        { header: '办件编号', width: 18 },
        { header: '办件状态', width: 14 },
        { header: '月末结果', width: 10 },
        { header: '结转次数', width: 9, kind: 'number' },
        { header: '重点关注', width: 9 },
      ]);
      for (const r of rows) {
        for (const x of (r.view as VillageMonthView).problems) {
          const status = x.path ? statuses.get(x.path.caseId) : undefined;
          q.add([
            names.get(r.townUnitId) ?? r.townUnitId,
            x.villageName,
            x.title,
            x.urgency,
            x.residents,
            x.path ? (names.get(x.path.responsibleUnitId) ?? x.path.responsibleUnitId) : null,
            x.path?.deadline ?? null,
            x.path?.caseId ?? null,
            status ? label(CASE_STATUS_LABELS[status as CaseStatus], status) : null,
            x.outcome ? label(OUTCOME_LABELS[x.outcome.kind], x.outcome.kind) : null,
            x.carryCount,
            yesNo(x.flagged ?? false),
          ]);
        }
      }
      q.done();
    },
  };
}

/** The monthly report (效能月报): the same figures, ranking and classes as GET /v1/reports/*, nothing counted again. */
async function monthlyLedger(db: Db, reader: Reader, p: LedgerParams, now: Date): Promise<Plan> {
  const unitId = await reportScope(db, reader, p.unitId);
  // A unit's head gets their own row and the city's; the ranking and the classes are the city's view.
  const cityWide = !isOfficerRole(reader.role);
  return {
    masked: false,
    params: { month: p.month, ...(unitId ? { unitId } : {}) },
    async write(wb) {
      const report = await monthlyReport(db, p.month, now, unitId);
      const figureColumns: Column[] = [
        ...RATE_KEYS.flatMap((k): Column[] => [
          { header: FIGURES[k].label, width: 10, kind: 'rate' },
          { header: `${FIGURES[k].label}分子`, width: 9, kind: 'number' },
          { header: `${FIGURES[k].label}分母`, width: 9, kind: 'number' },
        ]),
        ...COUNT_KEYS.map((k): Column => ({ header: FIGURES[k].label, width: 9, kind: 'number' })),
      ];
      const cells = (f: UnitFigures): Cell[] => [
        ...RATE_KEYS.flatMap((k) => [f.rates[k].rate, f.rates[k].numerator, f.rates[k].denominator]),
        // A figure the system does not record yet is a dash, never a 0.
        ...COUNT_KEYS.map((k) => f.counts[k] ?? '—'),
      ];
      const m = wb.sheet('月度报表', [{ header: '单位', width: 26 }, ...figureColumns]);
      for (const u of report.units) m.add([u.name, ...cells(u)]);
      m.add(['全市合计', ...cells(report.city)]);
      m.done();
      if (!cityWide) return;
      const ranked = await rankings(db, p.month, now);
      const r = wb.sheet('排名', [
        { header: '名次', width: 6, kind: 'number' },
        { header: '单位', width: 26 },
        { header: '综合得分', width: 9 },
        { header: '加权得分', width: 9 },
        { header: '扣分', width: 7 },
        { header: '上月名次', width: 9, kind: 'number' },
        { header: '名次变化', width: 9, kind: 'number' },
        { header: FIGURES.response.label, width: 10, kind: 'rate' },
        { header: FIGURES.onTime.label, width: 10, kind: 'rate' },
        { header: FIGURES.resolution.label, width: 10, kind: 'rate' },
        { header: FIGURES.satisfaction.label, width: 10, kind: 'rate' },
        { header: FIGURES.received.label, width: 8, kind: 'number' },
        { header: FIGURES.complaintsUpheld.label, width: 9, kind: 'number' },
        { header: FIGURES.accountability.label, width: 9, kind: 'number' },
        { header: '未排名原因', width: 16 },
      ]);
      const REASONS = { too_few_cases: '受理量不足', no_rates: '无可计比率' } as Record<string, string>;
      for (const u of ranked.units) {
        r.add([u.rank, u.name, u.score, u.base, u.deductions, u.previousRank, u.change, u.rates.response.rate, u.rates.onTime.rate, u.rates.resolution.rate, u.rates.satisfaction.rate, u.counts.received, u.counts.complaintsUpheld, u.counts.accountability, u.reason ? REASONS[u.reason] : null]);
      }
      r.done();
      const c = await categories(db, p.month, now);
      const t = wb.sheet('每月一题', [
        { header: '分类方式', width: 12 },
        { header: '类别', width: 20 },
        { header: '件数', width: 7, kind: 'number' },
        { header: '涉及单位（件数）', width: 60 },
        { header: '本月选题', width: 9 },
      ]);
      const groups = [['category', c.byCategory], ['escalation_reason', c.byEscalationReason], ['title_term', c.titleTerms]] as const;
      for (const [kind, list] of groups) {
        for (const x of list) {
          t.add([TOPIC_KIND_LABELS[kind].label, x.label, x.cases, x.units.map((u) => `${u.name}（${u.cases}）`).join('、'), yesNo(c.topic?.kind === kind && c.topic.key === x.key)]);
        }
      }
      t.done();
    },
  };
}

// ---- Store reads ----

const PAGE = 500;

/** Reads a query page by page (keyset), handing each row on, and lets the file flow out between pages. */
async function pages<T>(wb: Workbook, page: (after: T | null) => PromiseLike<T[]>, each: (row: T) => void | Promise<void>): Promise<void> {
  let after: T | null = null;
  for (;;) {
    const rows = await page(after);
    for (const r of rows) await each(r);
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1];
    await wb.flowed();
  }
}

async function unitNames(db: Db) {
  return new Map((await db.select({ id: units.id, name: units.name }).from(units)).map((u) => [u.id, u.name]));
}
async function principalNames(db: Db) {
  return new Map((await db.select({ id: principals.id, name: principals.name }).from(principals)).map((p) => [p.id, p.name]));
}

// ---- Opening one ----

/**
 * Checks the reader may have the ledger (before any byte is sent), records the export, and starts
 * writing it to a stream. `finished` gives the row count once the file is complete; the audit row
 * then carries it too (a download that broke off keeps rows null).
 */
export async function openLedger(db: Db, reader: Reader, kind: LedgerKind, p: LedgerParams, now: Date): Promise<LedgerFile> {
  const b = assertMonthBegun(p.month, now);
  const plan =
    kind === 'cases'
      ? casesLedger(db, reader, p, b, now)
      : kind === 'complaints'
        ? complaintsLedger(db, reader, p, b)
        : kind === 'accountability'
          ? accountabilityLedger(db, reader, p, b)
          : kind === 'village_months'
            ? (await villageLedger(db, reader, p))
            : await monthlyLedger(db, reader, p, now);
  const [audit] = await db
    .insert(exportAudit)
    .values({ at: now.toISOString(), principalId: reader.id, role: reader.role, ledger: kind, params: plan.params, masked: plan.masked })
    .returning({ id: exportAudit.id });
  // The workbook writes to `file`; the download ends only once the audit row holds the count, so a
  // reader who has the whole file finds its export recorded (on PostgreSQL the update is a round trip).
  const stream = new PassThrough();
  const file = new PassThrough();
  file.pipe(stream, { end: false });
  stream.on('close', () => file.destroy());
  const wb = new Workbook(file);
  const finished = (async () => {
    await plan.write(wb);
    await wb.commit();
    await db.update(exportAudit).set({ rows: wb.rows, masked: plan.masked, finishedAt: new Date().toISOString() }).where(eq(exportAudit.id, audit.id));
    await drained(file, { writable: false });
    stream.end();
    return wb.rows;
  })();
  // A failure half-way ends the download; the audit row keeps rows null.
  finished.catch((e: unknown) => stream.destroy(e instanceof Error ? e : new Error(String(e))));
  const scope = [p.month, plan.params.unitId ?? plan.params.townId].filter(Boolean).join('-');
  return { filename: `${LEDGER_LABELS[kind].label}-${scope}.xlsx`, asciiFilename: `${kind.replace(/_/g, '-')}-${scope}.xlsx`, stream, finished };
}

/** The audit of exports, newest first. */
export async function exportLog(db: Db, q: { principalId?: string; limit: number }) {
  const where: SQL[] = [];
  if (q.principalId) where.push(eq(exportAudit.principalId, q.principalId));
  const rows = await db
    .select()
    .from(exportAudit)
    .where(and(...where))
    .orderBy(desc(exportAudit.at), desc(exportAudit.id))
    .limit(q.limit);
  return rows.map((r) => ({ ...r, ledger: r.ledger as LedgerKind, role: r.role as Role, params: r.params as Record<string, string> }));
}

