import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startHarness, type Harness } from './support/harness.js';
import { outbox } from '../db/schema.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const intake = {
  requester: { kind: 'person', name: '王大爷', phone: '13905621234' },
  channel: 'window',
  title: '2002年征迁房屋办理不动产权证',
  description: '2002年房屋被征收，错过办证时间，区划和政策变化后无法办理。',
  category: 'property',
};

describe('intake', () => {
  it('starts a case at tier 1 with the first-contact officer and finds it in Temporal visibility', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/cases', headers: h.as('planning.fc1'), payload: intake });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'in_progress', tier: '1', assignee: { principalId: 'planning.fc1', role: 'first_contact' } });
    expect(body.trackingCode).toMatch(/^[\w-]{12}$/);
    expect(Date.parse(body.deadlineAt)).toBeGreaterThan(Date.now());

    const got = await h.app.inject({ method: 'GET', url: `/v1/cases/${body.id}`, headers: h.as('planning.chief1') });
    expect(got.statusCode).toBe(200);
    const c = got.json();
    expect(c.timeline.map((s: { action: string }) => s.action)).toEqual(['received', 'assigned']);
    // Each step names the element of the process model (GET /v1/process.bpmn) it passed through.
    expect(c.timeline.map((s: { elementId: string }) => s.elementId)).toEqual(['StartEvent_Received', 'Task_Tier1']);
    expect(c.requester.phone).toBe('13905621234');

    // The officer is told by SMS, with the deadline in Beijing time.
    const all = (await h.db.select().from(outbox).where(eq(outbox.caseId, body.id)));
    const sms = all.filter((r) => r.recipientKind === 'officer');
    expect(sms).toHaveLength(1);
    // The requester (who gave a mobile) gets the receipt with the tracking link.
    expect(all.filter((r) => r.recipientKind === 'requester').map((r) => r.template)).toEqual(['receipt']);
    const beijing = new Date(Date.parse(body.deadlineAt) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(sms[0]).toMatchObject({ recipientId: 'planning.fc1', template: 'case_assigned' });
    expect(sms[0].body).toMatch(/^【铜陵效能】/);
    expect(sms[0].body).toContain(beijing);

    // Administrators find it in Temporal UI by its search attributes, set with its start: the first
    // job changes none of them, so it upserts nothing.
    let found: unknown[] = [];
    for (let i = 0; i < 40 && found.length === 0; i++) {
      found = [];
      for await (const wf of h.client.workflow.list({ query: `WorkflowId = '${body.workflowId}' AND CaseStatus = 'in_progress' AND LeadUnit = 'planning' AND CaseUnits = 'planning' AND Overdue = false AND DeadlineProvisional = false` })) found.push(wf);
      if (!found.length) await new Promise((r) => setTimeout(r, 250));
    }
    expect(found).toHaveLength(1);
    const handle = h.client.workflow.getHandle(body.workflowId);
    expect((await handle.fetchHistory()).events!.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes)).toHaveLength(0);
    // Where it stands is in the account Temporal UI shows on the case's page: tier, holder, deadline.
    const { currentDetails } = await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata');
    expect(currentDetails).toContain('tier 1');
    expect(currentDetails).toContain('(planning.fc1)');
    expect(currentDetails).toContain(`until ${body.deadlineAt}`);
  });
});
