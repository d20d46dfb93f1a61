// Directory look-ups: who holds a case at each tier of a unit (首问负责人 → 科室负责人 → 分管负责人
// → 主要负责人 → the city leader who oversees the unit).
import type { Db } from '../db/client.js';
import { principals } from '../db/schema.js';
import { transitionStatements } from '../db/transition-statements.js';
import { TIER_RULES, type Role, type Tier } from '../domain/tiers.js';
import type { Assignee, AssigneeOrVacancy, Vacancy } from '../domain/case.js';

type Row = typeof principals.$inferSelect;

/** A unit's principal head (单位主要负责人), who hears of its lapses and directives; null when the post is empty. */
export async function headOf(db: Db, unitId: string): Promise<string | null> {
  return (await transitionStatements(db).headOf(unitId));
}

function asAssignee(p: Row): Assignee {
  return { principalId: p.id, name: p.name, role: p.role as Role, unitId: p.unitId, sectionId: p.sectionId };
}

export interface ResolveAssigneeRequest {
  unitId: string;
  tier: Tier;
  /** At tier 1: the officer who received the request, if named. */
  officerId?: string;
  /** Who held the case before: their section decides the chief and the deputy in charge. */
  previous?: Assignee | null;
  /** A holder who left: their designated stand-in, if active, takes the post first. */
  replacing?: string;
}


export function createDirectoryActivities(db: Db) {
  const q = transitionStatements(db);
  const officersOf = async (unitId: string, role: Role) => (await q.officersOf(unitId, role, true));

  const byId = async (id: string) => (await q.principalById(id));
  /** An absent holder's designated stand-in, if they are active (缺位递补). */
  const standInOf = async (p: Row | undefined): Promise<Row | undefined> => {
    const s = p?.standInId ? (await byId(p.standInId)) : undefined;
    return s?.active ? s : undefined;
  };

  /**
   * Who holds a tier. Never fails for a gap in the directory: an absent holder's stand-in takes the
   * post, and with nobody at all the answer is a vacancy, which the case turns into a step up.
   */
  async function resolveAssigneeNow(req: ResolveAssigneeRequest): Promise<AssigneeOrVacancy> {
    const role = TIER_RULES[req.tier].role;
    const vacancy: Vacancy = { vacant: true, unitId: req.unitId, tier: req.tier };
    if (req.tier === 'city') {
      const unit = await q.unitById(req.unitId);
      const leader = unit?.cityLeaderId ? (await byId(unit.cityLeaderId)) : undefined;
      if (leader?.active) return asAssignee(leader);
      const standIn = (await standInOf(leader));
      return standIn ? { ...asAssignee(standIn), standInFor: leader!.id } : vacancy;
    }
    if (req.replacing) {
      const s = (await standInOf((await byId(req.replacing))));
      if (s && s.id !== req.replacing) return { ...asAssignee(s), standInFor: req.replacing };
    }
    let section = req.previous?.sectionId ?? null;
    if (req.tier === '1' && req.officerId) {
      const p = (await byId(req.officerId));
      if (p && p.unitId === req.unitId && p.active && p.role === 'first_contact') return asAssignee(p);
      // A chief or head who took the request hands it to a first-contact owner of their own section.
      if (p && p.unitId === req.unitId) section = p.sectionId;
    }
    const candidates = (await officersOf(req.unitId, role));
    let pick: Row | undefined;
    if ((req.tier === '1' || req.tier === '2') && section) pick = candidates.find((c) => c.sectionId === section);
    if (req.tier === '3' && section) {
      const inCharge = (await q.deputiesOfSection(section));
      pick = candidates.find((c) => inCharge.includes(c.id));
    }
    pick ??= candidates[0];
    let standInFor: string | undefined;
    if (!pick) {
      // Nobody active at this tier: the stand-in of an absent holder (of the case's section first).
      const absent = (await q.officersOf(req.unitId, role, false));
      absent.sort((a, b) => Number(b.sectionId === section) - Number(a.sectionId === section));
      for (const a of absent) {
        const s = (await standInOf(a));
        if (s) {
          pick = s;
          standInFor = a.id;
          break;
        }
      }
    }
    if (!pick) return vacancy;
    const a = { ...asAssignee(pick), ...(standInFor ? { standInFor } : {}) };
    // Chiefs and deputies carry the section of the case forward so the next tier is the right one.
    return { ...a, sectionId: a.sectionId ?? section };
  }

  return {
    async resolveAssignee(req: ResolveAssigneeRequest): Promise<AssigneeOrVacancy> {
      return resolveAssigneeNow(req);
    },
    resolveAssigneeNow,
  };
}
