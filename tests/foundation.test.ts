// The foundation: a real Temporal dev server from the project's own install, persistent on a file,
// with its Web UI; a case started through the API survives a restart of the server.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer, type DevServer } from '../scripts/dev-server.js';
import { startHarness, type Harness } from './support/harness.js';
import { stateQuery } from '../workflows/definitions.js';

const dir = mkdtempSync(join(tmpdir(), 'escalate-foundation-'));
const dbFile = join(dir, 'temporal.sqlite');
let server: DevServer | null = null;
let h: Harness | null = null;

afterAll(async () => {
  await h?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function visible(client: Harness['client'], query: string) {
  for (let i = 0; i < 60; i++) {
    const found = [];
    for await (const wf of client.workflow.list({ query })) found.push(wf);
    if (found.length) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  return [];
}

describe('a persistent dev server with its UI', () => {
  it('keeps a case across a restart of the server, and shows it in Temporal UI', async () => {
    server = await startDevServer({ dbFile });
    h = await startHarness({ address: server.address, uiPort: server.uiPort! });
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: h.as('civil.fc1'),
      payload: { requester: { kind: 'person', name: '刘女士' }, channel: 'visit', title: '证明村庄2004年属何区', description: '需要2004年行政区划证明' },
    });
    expect(res.statusCode).toBe(201);
    const { id, workflowId } = res.json();

    const [wf] = await visible(h.client, `WorkflowId = '${workflowId}' AND LeadUnit = 'civil' AND CaseStatus = 'in_progress'`);
    expect(wf?.workflowId).toBe(workflowId);

    // The UI answers for the case: its page, and the UI server's own API behind that page.
    const ui = `http://127.0.0.1:${server.uiPort}`;
    const page = await fetch(`${ui}/namespaces/default/workflows/${workflowId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const api = await fetch(`${ui}/api/v1/namespaces/default/workflows/${workflowId}`);
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain('CaseStatus');

    // Stop the server (worker keeps polling and reconnects), start it on the same file and port.
    await h.stopWorker();
    const port = server.port;
    await server.stop();
    server = await startDevServer({ dbFile, port });
    await h.startWorker();
    const state = await h.client.workflow.getHandle(workflowId).query(stateQuery);
    expect(state).toMatchObject({ id, status: 'in_progress', tier: '1', assignee: { principalId: 'civil.fc1' } });

    // And it goes on: the first-contact owner escalates after the restart.
    const next = await h.app.inject({
      method: 'POST',
      url: `/v1/cases/${id}/decisions`,
      headers: h.as('civil.fc1'),
      payload: { action: 'escalate', reason: 'legacy', note: '档案室未找到2004年资料，提级' },
    });
    expect(next.statusCode).toBe(200);
    expect(next.json()).toMatchObject({ tier: '2', assignee: { principalId: 'civil.chief1' } });
  });
});
