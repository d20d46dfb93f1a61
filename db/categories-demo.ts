// The demo catalogue of service categories (派单目录): the codes the demo's intakes, tests and
// benchmarks name, each with the demo unit that takes it by default. Idempotent: adds the codes
// missing whose unit exists, so a database loaded before the catalogue existed gets it at its next start.
import { eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { categories, units } from './schema.js';
import { first, changed } from './store.js';

export const DEMO_CATEGORIES: { code: string; name: string; nameEn: string; defaultUnitId: string }[] = [
  { code: 'property', name: '不动产登记', nameEn: 'Property registration', defaultUnitId: 'planning' },
  { code: 'land', name: '土地承包经营', nameEn: 'Rural land contracts', defaultUnitId: 'agriculture' },
  { code: 'utilities', name: '水电气报装', nameEn: 'Utility connections', defaultUnitId: 'gas' },
  { code: 'elderly_care', name: '养老服务', nameEn: 'Elderly care', defaultUnitId: 'civil' },
  { code: 'fire_safety', name: '建设工程消防', nameEn: 'Fire safety of buildings', defaultUnitId: 'housing' },
  { code: 'housing_fund', name: '住房公积金', nameEn: 'Housing provident fund', defaultUnitId: 'housing-fund' },
  { code: 'business_registration', name: '企业登记注册', nameEn: 'Business registration', defaultUnitId: 'market' },
  { code: 'residence_proof', name: '户籍与区划证明', nameEn: 'Residence and boundary certificates', defaultUnitId: 'civil' },
  { code: 'village_reception', name: '村干部跑办代访', nameEn: 'Monthly village reception', defaultUnitId: 'shuncheng' },
];

/** Adds the demo categories whose unit is in the directory. Returns how many were added. */
export async function loadDemoCategories(db: Db, now = new Date()): Promise<number> {
  const at = now.toISOString();
  return (await db.tx(async (tx) => {
    let added = 0;
    for (const c of DEMO_CATEGORIES) {
      if (!(await first(tx.select({ id: units.id }).from(units).where(eq(units.id, c.defaultUnitId))))) continue;
      added += changed(await tx.insert(categories).values({ ...c, active: true, createdAt: at, updatedAt: at }).onConflictDoNothing());
    }
    return added;
  }));
}
