// Directory look-ups: who holds a case at each tier of a unit (首问负责人 → 科室负责人 → 分管负责人
// → 主要负责人 → the city leader who oversees the unit).
import { ApplicationFailure } from '@temporalio/activity';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deputySections, principals, units } from '../db/schema.js';
import { TIER_RULES, type Role, type Tier } from '../domain/tiers.js';
import type { Assignee } from '../workflows/case-state.js';

type Row = typeof principals.$inferSelect;

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
}

export function createDirectoryActivities(db: Db) {
  const officersOf = (unitId: string, role: Role) =>
    db.select().from(principals).where(and(eq(principals.unitId, unitId), eq(principals.role, role), eq(principals.active, true))).orderBy(principals.id).all();

  function resolveAssigneeNow(req: ResolveAssigneeRequest): Assignee {
    const role = TIER_RULES[req.tier].role;
    if (req.tier === 'city') {
      const unit = db.select().from(units).where(eq(units.id, req.unitId)).get();
      const leader = unit?.cityLeaderId ? db.select().from(principals).where(eq(principals.id, unit.cityLeaderId)).get() : undefined;
      if (!leader) throw ApplicationFailure.nonRetryable(`No city leader oversees unit ${req.unitId}`, 'DIRECTORY_GAP');
      return asAssignee(leader);
    }
    let section = req.previous?.sectionId ?? null;
    if (req.tier === '1' && req.officerId) {
      const p = db.select().from(principals).where(eq(principals.id, req.officerId)).get();
      if (p && p.unitId === req.unitId && p.active && p.role === 'first_contact') return asAssignee(p);
      // A chief or head who took the request hands it to a first-contact owner of their own section.
      if (p && p.unitId === req.unitId) section = p.sectionId;
    }
    const candidates = officersOf(req.unitId, role);
    let pick: Row | undefined;
    if ((req.tier === '1' || req.tier === '2') && section) pick = candidates.find((c) => c.sectionId === section);
    if (req.tier === '3' && section) {
      const inCharge = db.select().from(deputySections).where(eq(deputySections.sectionId, section)).all().map((r) => r.deputyId);
      pick = candidates.find((c) => inCharge.includes(c.id));
    }
    pick ??= candidates[0];
    if (!pick) throw ApplicationFailure.nonRetryable(`Unit ${req.unitId} has no active ${role}`, 'DIRECTORY_GAP');
    const a = asAssignee(pick);
    // Chiefs and deputies carry the section of the case forward so the next tier is the right one.
    return { ...a, sectionId: a.sectionId ?? section };
  }

  return {
    async resolveAssignee(req: ResolveAssigneeRequest): Promise<Assignee> {
      return resolveAssigneeNow(req);
    },
    resolveAssigneeNow,
  };
}
