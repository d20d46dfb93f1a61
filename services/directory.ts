// The directory as officers read it: the units with their sections and serving officers, one unit's
// windows, the city leaders with the units they lead.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { principals, sections, units, windows } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { Role } from '../domain/tiers.js';
import { first } from '../db/store.js';

type UnitRow = typeof units.$inferSelect;

async function unitView(db: Db, u: UnitRow) {
  return {
    id: u.id,
    name: u.name,
    nameEn: u.nameEn,
    kind: u.kind,
    cityLeaderId: u.cityLeaderId,
    sections: (await db.select({ id: sections.id, name: sections.name }).from(sections).where(eq(sections.unitId, u.id))),
    officers: (await db
      .select()
      .from(principals)
      // Officers who left their post (deactivated) are no longer the unit's; admins see them at /v1/principals.
      .where(and(eq(principals.unitId, u.id), eq(principals.active, true))))
      .map((p) => ({ id: p.id, name: p.name, role: p.role as Role, ...(p.sectionId ? { sectionId: p.sectionId } : {}) })),
  };
}

export async function listUnits(db: Db) {
  const out = [];
  for (const u of await db.select().from(units).orderBy(units.id)) out.push(await unitView(db, u));
  return out;
}

/** One unit with its windows; UNIT_NOT_FOUND when there is none. */
export async function unitDetail(db: Db, id: string) {
  const u = (await first(db.select().from(units).where(eq(units.id, id))));
  if (!u) throw new AppError('UNIT_NOT_FOUND', `No unit ${id}.`);
  return { ...(await unitView(db, u)), windows: (await db.select({ code: windows.code, name: windows.name }).from(windows).where(eq(windows.unitId, u.id))) };
}

/** Serving city leaders with the units each leads. */
export async function cityLeaders(db: Db) {
  const all = (await db.select().from(units));
  return (await db
    .select()
    .from(principals)
    .where(and(eq(principals.role, 'city_leader'), eq(principals.active, true))))
    .map((l) => ({ id: l.id, name: l.name, unitIds: all.filter((u) => u.cityLeaderId === l.id).map((u) => u.id) }));
}
