// Encrypted payloads seen from outside our processes: Temporal's history (read with the Temporal
// CLI, as an operator would) holds none of a case's words; the codec server gives them back to an
// administrator only; and a message that did not come through our API (sent plain by the CLI, or
// sealed with a key we do not hold) is refused by the workflow and recorded, while the case goes on.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { execFileSync } from 'node:child_process';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { startHarness, type Harness } from './support/harness.js';
import { actions, decide, eventually, getCase, openCase } from './support/cases.js';
import { AesGcmCodec, dataConverterFor, UNSEALED } from '../security/payload-codec.js';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers.js';
import { encodeErrorToFailure } from '@temporalio/common/lib/internal-non-workflow/codec-helpers.js';
import { newKeyFile, parseKeyList } from '../security/keys.js';
import { decideUpdate } from '../workflows/definitions.js';
import { eq } from 'drizzle-orm';
import { principals, tokens } from '../db/schema.js';
import { hashToken, newToken } from '../db/tokens.js';
// @ts-expect-error plain ESM script without types
import { ensureTemporalCli } from '../scripts/temporal-cli.mjs';

const cli: string = ensureTemporalCli({ log: () => {} });
const TITLE = '旧城改造房屋产权证补办';
const DESCRIPTION = '2002年房屋被征收，错过办证窗口期，区划与政策几经调整。';
const PHONE = '13905621234';
const NOTE = '档案室未找到原始批文，提级研判';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

function temporal(...args: string[]): string {
  return execFileSync(cli, [...args, '--address', inject('temporalAddress'), '--namespace', 'default'], { encoding: 'utf8', timeout: 30_000 });
}

/** Every string of a JSON document, and what each one says once base64-decoded. */
function everyText(doc: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      out.push(v);
      if (/^[A-Za-z0-9+/]+=*$/.test(v) && v.length >= 8) out.push(Buffer.from(v, 'base64').toString('utf8'));
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(doc);
  return out.join('\n');
}

async function caseWithWords() {
  const c = await openCase(h, 'housing.fc1', {
    title: TITLE,
    description: DESCRIPTION,
    requester: { kind: 'person', name: '李先生', phone: PHONE },
  });
  const r = await decide(h, c.id, 'housing.fc1', { action: 'escalate', reason: 'legacy', note: NOTE });
  expect(r.statusCode, r.body).toBe(200);
  return c;
}

describe('the payload codec', () => {
  const ring = (current: string, ...ids: string[]) => parseKeyList([current, ...ids].map((id) => `${id}:${Buffer.alloc(32, id).toString('base64')}`).join(','));
  const json = (v: unknown) => defaultPayloadConverter.toPayload(v)!;
  const text = (p: { data?: Uint8Array | null }) => Buffer.from(p.data ?? []).toString('utf8');

  it('seals with the current key, names it in the metadata, and opens with any key of the ring after a rotation', async () => {
    const [sealed] = await new AesGcmCodec(ring('k1')).encode([json({ phone: PHONE })]);
    expect(text(sealed!)).not.toContain(PHONE);
    expect(Buffer.from(sealed!.metadata!['encryption-key-id']!).toString()).toBe('k1');
    const [opened] = await new AesGcmCodec(ring('k2', 'k1')).decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({ phone: PHONE });
    // A key dropped from the ring (or never held) opens nothing: the marker, not an error.
    const [stranger] = await new AesGcmCodec(ring('k2')).decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(stranger!)).toEqual(UNSEALED);
    // Tampered ciphertext and plain payloads: the marker too; the lenient mode passes them on.
    const tampered = { ...sealed!, data: Uint8Array.from(sealed!.data!, (b, i) => (i === 20 ? b ^ 1 : b)) };
    expect(defaultPayloadConverter.fromPayload((await new AesGcmCodec(ring('k1')).decode([tampered]))[0]!)).toEqual(UNSEALED);
    expect(defaultPayloadConverter.fromPayload((await new AesGcmCodec(ring('k1')).decode([json('plain')]))[0]!)).toEqual(UNSEALED);
    expect(defaultPayloadConverter.fromPayload((await new AesGcmCodec(ring('k1'), { mode: 'lenient' }).decode([json('plain')]))[0]!)).toBe('plain');
    // The migration window for cases started before encryption: plain passes, a stranger's seal does not.
    const migrating = new AesGcmCodec(ring('k2'), { mode: 'accept-plain' });
    expect(defaultPayloadConverter.fromPayload((await migrating.decode([json('plain')]))[0]!)).toBe('plain');
    expect(defaultPayloadConverter.fromPayload((await migrating.decode([sealed!]))[0]!)).toEqual(UNSEALED);
  });

  it('seals failure messages and stack traces too', async () => {
    const converter = loadDataConverter(dataConverterFor(ring('k1')));
    const failure = await encodeErrorToFailure(converter, ApplicationFailure.nonRetryable(`联系人电话 ${PHONE}`, 'CONTACT_FAILED'));
    expect(failure.message).not.toContain(PHONE);
    expect(JSON.stringify(failure)).not.toContain(PHONE);
    expect(failure.encodedAttributes?.metadata?.['encryption-key-id']).toBeTruthy();
  });
});

describe('Temporal history read from outside', () => {
  it('holds none of the title, description, notes or phone; the codec server opens it for an administrator only', async () => {
    const c = await caseWithWords();
    const shown = JSON.parse(temporal('workflow', 'show', '--workflow-id', c.workflowId, '--output', 'json'));
    const text = everyText(shown);
    expect(text).toContain('binary/encrypted'); // the payloads are there, sealed
    for (const words of [TITLE, DESCRIPTION, PHONE, NOTE, '档案室']) expect(text).not.toContain(words);

    // The sealed payloads of the history, as Temporal UI sends them to the codec server.
    const payloads: { metadata: Record<string, string>; data: string }[] = [];
    const collect = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.metadata && typeof o.data === 'string') payloads.push(o as never);
        else Object.values(o).forEach(collect);
      }
    };
    collect(shown);
    expect(payloads.length).toBeGreaterThan(2);
    const body = { payloads };
    const admin = await h.app.inject({ method: 'POST', url: '/codec/decode', headers: h.as('admin'), payload: body });
    expect(admin.statusCode, admin.body).toBe(200);
    const opened = everyText(admin.json());
    expect(opened).toContain(NOTE);
    expect(opened).toContain(TITLE);
    expect(opened).not.toContain('binary/encrypted');

    const officer = await h.app.inject({ method: 'POST', url: '/codec/decode', headers: h.as('housing.fc1'), payload: body });
    expect(officer.statusCode).toBe(403);
    expect(officer.headers['content-type']).toContain('application/problem+json');
    expect(officer.json().code).toBe('FORBIDDEN_ROLE');
    expect(officer.body).not.toContain(Buffer.from(NOTE).toString('base64').slice(0, 12));
    const anonymous = await h.app.inject({ method: 'POST', url: '/codec/decode', payload: body });
    expect(anonymous.statusCode).toBe(401);
    const encode = await h.app.inject({ method: 'POST', url: '/codec/encode', headers: h.as('sup-1'), payload: body });
    expect(encode.statusCode).toBe(403);
  });

  it('answers Temporal UI\'s preflight and calls from its origin only', async () => {
    const ui = `http://localhost:${inject('temporalUiPort')}`;
    const pre = await h.app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: ui, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(ui);
    expect(String(pre.headers['access-control-allow-headers'])).toContain('x-namespace');
    const other = await h.app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const denied = await h.app.inject({ method: 'POST', url: '/codec/decode', headers: { origin: ui, ...h.as('housing.fc1') }, payload: { payloads: [] } });
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['access-control-allow-origin']).toBe(ui); // the UI can read the refusal
  });
});

describe('a codec session for Temporal UI', () => {
  it('lets an administrator\'s browser decode with a cookie, and nobody else\'s', async () => {
    const c = await caseWithWords();
    const shown = JSON.parse(temporal('workflow', 'show', '--workflow-id', c.workflowId, '--output', 'json'));
    const payloads: unknown[] = [];
    const collect = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.metadata && typeof o.data === 'string') payloads.push(o);
        else Object.values(o).forEach(collect);
      }
    };
    collect(shown);
    const officer = await h.app.inject({ method: 'POST', url: '/codec/session', headers: h.as('housing.chief1') });
    expect(officer.statusCode).toBe(403);
    expect(officer.headers['set-cookie']).toBeUndefined();
    const opened = await h.app.inject({ method: 'POST', url: '/codec/session', headers: h.as('admin') });
    expect(opened.statusCode, opened.body).toBe(200);
    const cookie = String(opened.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/codec/);
    const session = cookie.split(';')[0]!;
    const ui = `http://localhost:${inject('temporalUiPort')}`;
    const viaCookie = await h.app.inject({ method: 'POST', url: '/codec/decode', headers: { cookie: session, origin: ui }, payload: { payloads } });
    expect(viaCookie.statusCode, viaCookie.body).toBe(200);
    expect(everyText(viaCookie.json())).toContain(NOTE);
    expect(viaCookie.headers['access-control-allow-credentials']).toBe('true');
    // A forged or altered cookie opens nothing.
    const [name, value] = session.split('=');
    const forged = `${name}=${value!.slice(0, -1)}${value!.endsWith('A') ? 'B' : 'A'}`;
    expect((await h.app.inject({ method: 'POST', url: '/codec/decode', headers: { cookie: forged }, payload: { payloads } })).statusCode).toBe(401);
    // An administrator whose id has dots gets a session that works too.
    const token = newToken();
    await h.db.insert(principals).values({ id: 'city.ops.admin', name: '运维管理员', role: 'admin' });
    await h.db.insert(tokens).values({ hash: hashToken(token), principalId: 'city.ops.admin', label: 'test', createdAt: new Date().toISOString() });
    const dotted = await h.app.inject({ method: 'POST', url: '/codec/session', headers: { authorization: `Bearer ${token}` } });
    expect(dotted.statusCode, dotted.body).toBe(200);
    const dottedSession = String(dotted.headers['set-cookie']).split(';')[0]!;
    expect((await h.app.inject({ method: 'POST', url: '/codec/decode', headers: { cookie: dottedSession }, payload: { payloads } })).statusCode).toBe(200);
    // Once that administrator is deactivated, the session opens nothing.
    await h.db.update(principals).set({ active: false }).where(eq(principals.id, 'city.ops.admin'));
    expect((await h.app.inject({ method: 'POST', url: '/codec/decode', headers: { cookie: dottedSession }, payload: { payloads } })).statusCode).toBe(401);
    // A token of a non-admin beside the cookie: the token decides.
    expect((await h.app.inject({ method: 'POST', url: '/codec/decode', headers: { cookie: session, ...h.as('housing.fc1') }, payload: { payloads } })).statusCode).toBe(403);
  });
});

describe('only our API speaks for officers', () => {
  it('records a decide signal sent by the CLI without our key as rejected, changes nothing, and the case goes on', async () => {
    const c = await openCase(h, 'housing.fc1');
    const before = await getCase(h, c.id);
    // What anyone at port 7233 could send: the assignee's id, a decision that would close the case.
    const forged = JSON.stringify({ actorId: 'housing.fc1', requestId: 'forged-1', decision: { action: 'resolve', result: '已办结' } });
    temporal('workflow', 'signal', '--workflow-id', c.workflowId, '--name', 'decideSignal', '--input', forged);
    const after = await eventually(() => getCase(h, c.id), (x) => actions(x).includes('rejected'));
    expect(after.timeline.at(-1)).toMatchObject({ action: 'rejected', actor: 'system', data: { code: 'VALIDATION_FAILED' } });
    expect(after.status).toBe(before.status);
    expect(after.tier).toBe(before.tier);
    expect(actions(after)).not.toContain('resolved');

    // Sealed, but with a key we do not hold: refused the same way.
    const strangerConn = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const k = newKeyFile('other');
      const stranger = new Client({ connection: strangerConn, dataConverter: dataConverterFor(parseKeyList(`other:${k.keys.other}`)) });
      await stranger.workflow.getHandle(c.workflowId).signal('decideSignal', { actorId: 'housing.fc1', requestId: 'forged-2', decision: { action: 'resolve', result: '已办结' } });
      const twice = await eventually(() => getCase(h, c.id), (x) => actions(x).filter((a) => a === 'rejected').length === 2);
      expect(twice.status).toBe(before.status);

      // The update (the API's own path) refuses a plain message in its validator: nothing is written.
      // (Even the refusal is sealed: a client without our key cannot read why.)
      const plain = new Client({ connection: strangerConn });
      const accepted = async () =>
        (await h.client.workflow.getHandle(c.workflowId).fetchHistory()).events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
      const acceptedBefore = await accepted();
      const err = await plain.workflow
        .getHandle(c.workflowId)
        .executeUpdate(decideUpdate, { args: [{ actorId: 'housing.fc1', requestId: 'forged-3', decision: { action: 'resolve', result: '已办结' } } as never] })
        .then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(String((err as Error).message)).toMatch(/encoding: binary\/encrypted/);
      expect(await accepted()).toBe(acceptedBefore);
      // Our own client reads the refusal: the validator's VALIDATION_FAILED, from the same check.
      const ours = await h.client.workflow
        .getHandle(c.workflowId)
        .executeUpdate(decideUpdate, { args: [{ $unsealed: true } as never] })
        .then(() => null, (e: unknown) => e);
      expect(ours).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((ours as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'VALIDATION_FAILED' });
      expect(actions(await getCase(h, c.id))).not.toContain('resolved');
      expect(await accepted()).toBe(acceptedBefore);
    } finally {
      await strangerConn.close();
    }

    // The case goes on: its officer's decision through the API is taken.
    const r = await decide(h, c.id, 'housing.fc1', { action: 'resolve', result: '已当场办结' });
    expect(r.statusCode, r.body).toBe(200);
    const done = await getCase(h, c.id);
    expect(actions(done)).toContain('resolved');
    expect(actions(done).filter((a) => a === 'rejected')).toHaveLength(2);
  });

  it('refuses a sealed message copied from one case\'s history into another, and a copy sent again to its own case', async () => {
    const ns = 'default';
    const [b, c, d] = [await openCase(h, 'housing.fc1'), await openCase(h, 'housing.fc1'), await openCase(h, 'housing.fc1')];
    const escalate = { action: 'escalate', reason: 'unsure', note: NOTE };
    // B escalated by the holder's update (the API's synchronous path), D by a signal (Prefer: respond-async).
    expect((await decide(h, b.id, 'housing.fc1', escalate)).statusCode).toBe(200);
    expect((await decide(h, d.id, 'housing.fc1', escalate, { prefer: 'respond-async' })).statusCode).toBe(202);
    await eventually(() => getCase(h, d.id), (x) => x.tier === '2');
    // What an operator with the CLI reads from their histories: sealed payloads, copied as they are.
    const history = async (workflowId: string) =>
      (await h.client.workflowService.getWorkflowExecutionHistory({ namespace: ns, execution: { workflowId } })).history!.events!;
    const updateArgs = (await history(b.workflowId)).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === decideUpdate.name)[0]
      .workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!;
    const signalInput = (await history(d.workflowId)).find((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'decideSignal')!
      .workflowExecutionSignaledEventAttributes!.input!;
    const replayUpdate = async (workflowId: string, updateId: string) =>
      (
        await h.client.workflowService.updateWorkflowExecution({
          namespace: ns,
          workflowExecution: { workflowId },
          request: { meta: { updateId, identity: 'replayer' }, input: { name: decideUpdate.name, args: updateArgs } },
          waitPolicy: { lifecycleStage: 3 }, // completed (or rejected)
        })
      ).outcome;
    const acceptedIn = async (workflowId: string) => (await history(workflowId)).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;

    // Into C, held by the same officer: without its binding, each copy would escalate C.
    const acceptedBefore = await acceptedIn(c.workflowId);
    const intoC = await replayUpdate(c.workflowId, 'replayed-into-c');
    expect(intoC?.failure?.applicationFailureInfo?.type).toBe('UNBOUND_MESSAGE');
    expect(await acceptedIn(c.workflowId)).toBe(acceptedBefore);
    await h.client.workflowService.signalWorkflowExecution({ namespace: ns, workflowExecution: { workflowId: c.workflowId }, signalName: 'decideSignal', input: signalInput, identity: 'replayer' });
    const afterSignal = await eventually(() => getCase(h, c.id), (x) => actions(x).includes('rejected'));
    expect(afterSignal.timeline.at(-1)).toMatchObject({ action: 'rejected', data: { code: 'VALIDATION_FAILED' } });
    expect(afterSignal).toMatchObject({ tier: '1', assignee: { principalId: 'housing.fc1' } });

    // Into its own case under another update id: a copy, refused; the case is where the original left it.
    const again = await replayUpdate(b.workflowId, 'replayed-into-b');
    expect(again?.failure?.applicationFailureInfo?.type).toBe('UNBOUND_MESSAGE');
    expect((await getCase(h, b.id)).timeline.filter((x: { action: string }) => x.action === 'escalated')).toHaveLength(1);

    // C goes on: its holder's own decision is taken.
    expect((await decide(h, c.id, 'housing.fc1', escalate)).statusCode).toBe(200);
    expect(await getCase(h, c.id)).toMatchObject({ tier: '2' });
  });
});
