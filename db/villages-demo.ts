// The demo villages and communities of 顺安镇 (Shun'an town, unit `shuncheng`), for the monthly
// rotating village reception (村干部跑办代访). Idempotent: adds the ones missing, so a database
// loaded before villages existed gets them at its next start.
import { eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { units, villages } from './schema.js';
import { first, changed } from './store.js';

export const DEMO_VILLAGES: { id: string; townUnitId: string; name: string; kind: 'village' | 'community' }[] = [
  { id: 'shuncheng-fenghuang', townUnitId: 'shuncheng', name: '凤凰村', kind: 'village' },
  { id: 'shuncheng-changlong', townUnitId: 'shuncheng', name: '长龙村', kind: 'village' },
  { id: 'shuncheng-xinqiao', townUnitId: 'shuncheng', name: '新桥村', kind: 'village' },
  { id: 'shuncheng-jinshan', townUnitId: 'shuncheng', name: '金山村', kind: 'village' },
  { id: 'shuncheng-shunan', townUnitId: 'shuncheng', name: '顺安社区', kind: 'community' },
];

/** Adds the demo villages of every demo town present in the directory. Returns how many were added. */
export async function loadDemoVillages(db: Db): Promise<number> {
  return (await db.tx(async (tx) => {
    let added = 0;
    for (const v of DEMO_VILLAGES) {
      if (!(await first(tx.select({ id: units.id }).from(units).where(eq(units.id, v.townUnitId))))) continue;
      added += changed(await tx.insert(villages).values(v).onConflictDoNothing());
    }
    return added;
  }));
}
