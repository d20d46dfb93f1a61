// A restore drill on the real server: back up the store, keep working (new cases, decisions, notices
// sent, a token revoked), stop, put the older copy back, start. Every case is whole again, rebuilt
// from its workflow (one made after the backup too), no notice goes out twice, and the token revoked
// after the backup stays revoked (the directory's journal in Temporal).
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { decide, eventually, openCase } from './support/cases.js';
import { compareCase } from './support/agreement.js';
import { cases, outbox, storeMeta } from '../db/schema.js';
import { backupStore, restoreStore } from '../db/backup.js';
import { dbFile } from '../db/client.js';
import { createDispatcher, type OutboxMessage } from '../notify/index.js';
import { first as firstRow } from '../db/store.js';

let h: Harness | null = null;
afterAll(async () => {
  await h?.close();
});

/** Delivers every due notice through a channel that remembers each key it was given. */
async function deliverAll(db: Harness['db'], delivered: Map<string, number>) {
  const d = createDispatcher({ db, channel: { name: 'drill', deliver: async (m: OutboxMessage) => void delivered.set(m.key, (delivered.get(m.key) ?? 0) + 1) }, batchSize: 500 });
  await d.runOnce(new Date(Date.now() + 1000));
}
const settledNotices = (db: Harness['db'], caseId: string) =>
  eventually(async () => (await db.select().from(outbox).where(eq(outbox.caseId, caseId))), (rows) => rows.length > 0 && rows.every((r) => r.status !== 'unconfirmed'));

describe('restoring the store from an older backup', () => {
  it('rebuilds every case from its workflow, sends no notice twice and keeps revoked tokens revoked', async () => {
    const delivered = new Map<string, number>();
    const first = await startHarness();
    h = first;
    const a = await openCase(first, 'housing.fc1');
    expect((await decide(first, a.id, 'housing.fc1', { action: 'escalate', reason: 'unsure', note: '请科长研判' })).statusCode).toBe(200);
    const b = await openCase(first, 'civil.fc1');
    await settledNotices(first.db, a.id);
    await settledNotices(first.db, b.id);
    await deliverAll(first.db, delivered);
    // A notice still waiting at backup time goes out after it, before the store is lost.
    expect((await decide(first, b.id, 'civil.fc1', { action: 'escalate', reason: 'legacy', note: '历史遗留' })).statusCode).toBe(200);
    const rows = await eventually(async () => (await first.db.select().from(outbox).where(eq(outbox.caseId, b.id))), (r) => r.some((x) => x.status === 'pending'));
    const waiting = rows.find((r) => r.status === 'pending');

    const backup = backupStore(first.db.sqlite!, join(first.dataDir, 'backups'));
    expect(backup.bytes).toBeGreaterThan(0);

    // After the backup: the waiting notice goes out, cases move, one is new, a token is revoked.
    await deliverAll(first.db, delivered);
    expect((await decide(first, a.id, 'housing.chief1', { action: 'escalate', reason: 'cross_department', note: '请分管领导审核' })).statusCode).toBe(200);
    expect((await decide(first, b.id, 'civil.chief1', { action: 'resolve', result: '已出具证明' })).statusCode).toBe(200);
    const c = await openCase(first, 'market.fc1');
    for (const id of [a.id, b.id, c.id]) await settledNotices(first.db, id);
    await deliverAll(first.db, delivered);
    const tokens = (await first.app.inject({ method: 'GET', url: '/v1/tokens?principalId=housing.fc2', headers: first.as('admin') })).json().items;
    const revoked = await first.app.inject({ method: 'POST', url: `/v1/tokens/${tokens[0].id}/revoke`, headers: first.as('admin') });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await first.app.inject({ method: 'GET', url: '/v1/inbox', headers: first.as('housing.fc2') })).statusCode).toBe(401);

    // The store is lost; the system stops; the older copy goes back.
    const { dataDir, taskQueue } = first;
    await first.close({ keepData: true });
    h = null;
    const restored = restoreStore(backup.file, dbFile(dataDir));
    expect(restored.backupTakenAt).toBe(backup.takenAt);

    const second = await startHarness({ dataDir, taskQueue });
    h = second;
    // Whole again, from the workflows: the new case too, with its requester's identity gone with the store.
    for (const id of [a.id, b.id, c.id]) {
      const { differences } = await eventually(async () => (await compareCase(second.db, second.client, id)), (d) => d.differences.length === 0, 60_000);
      expect(differences).toEqual([]);
    }
    expect((await firstRow(second.db.select().from(cases).where(eq(cases.id, a.id))))).toMatchObject({ tier: '3', assigneeId: 'housing.deputy' });
    expect((await firstRow(second.db.select().from(cases).where(eq(cases.id, c.id))))).toMatchObject({ requesterName: '（备份恢复：申请人信息未随备份保留）', trackingCodeHash: '' });
    expect((await firstRow(second.db.select().from(storeMeta).where(eq(storeMeta.key, 'rebuild_requested_at'))))).toBeUndefined();
    // The revoked token stays revoked; another works.
    expect((await second.app.inject({ method: 'GET', url: '/v1/inbox', headers: second.as('housing.fc2') })).statusCode).toBe(401);
    expect((await second.app.inject({ method: 'GET', url: '/v1/inbox', headers: second.as('housing.fc1') })).statusCode).toBe(200);
    // Nothing went out twice: the notice that was waiting at backup time is held for a person.
    await deliverAll(second.db, delivered);
    for (const [key, n] of delivered) expect(n, key).toBe(1);
    const held = (await firstRow(second.db.select().from(outbox).where(eq(outbox.id, waiting!.id))));
    expect(held).toMatchObject({ status: 'failed' });
    expect(held!.lastError).toContain('held after a restore');
    // And the cases go on.
    expect((await decide(second, a.id, 'housing.deputy', { action: 'resolve', result: '已协调办理' })).statusCode).toBe(200);
  }, 240_000);
});
