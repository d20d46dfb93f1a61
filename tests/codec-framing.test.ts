// Inside a seal the payload is framed as Temporal's own Payload message, not JSON with its data in
// base64: fewer bytes in every history, every visibility record and on every wire. Payloads sealed
// the old way (histories recorded before the change) still open.
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Payload } from '@temporalio/common';
import { AesGcmCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../security/payload-codec.js';

const te = new TextEncoder();
const td = new TextDecoder();
const key = randomBytes(32);
const codec = new AesGcmCodec({ current: 'k1', keys: new Map([['k1', key]]) });

/** A payload sealed as the codec sealed them before: JSON of the metadata and the data, each in base64. */
function sealedTheOldWay(p: Payload): Payload {
  const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from('k1'));
  const plain = Buffer.from(JSON.stringify({ metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(p.data ?? new Uint8Array()) }));
  return {
    metadata: { encoding: te.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: te.encode('k1') },
    data: new Uint8Array(Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()])),
  };
}

/** A case's state as the workflow returns it: a few steps with Chinese notes. */
const caseState = {
  id: '20261205-ABCDEF',
  title: '新厂投产前20天内接通燃气管道',
  timeline: Array.from({ length: 6 }, (_, i) => ({ seq: i + 1, at: '2026-12-05T09:00:00.000Z', tier: String(1 + (i % 4)), actor: 'housing.chief1', action: 'escalated', note: '需要更高层级研判，请分管领导协调燃气公司', data: { from: '1', to: '2', assignee: '李娜' } })),
};
const json = (v: unknown): Payload => ({ metadata: { encoding: te.encode('json/plain') }, data: te.encode(JSON.stringify(v)) });

describe('the payload inside a seal', () => {
  it('opens to the same payload, metadata and data, and an empty one too', async () => {
    const payloads: Payload[] = [json(caseState), { metadata: { encoding: te.encode('binary/null') } }, { metadata: {}, data: new Uint8Array() }];
    const opened = await codec.decode(await codec.encode(payloads));
    expect(JSON.parse(td.decode(opened[0].data!))).toEqual(caseState);
    expect(td.decode(opened[0].metadata!.encoding!)).toBe('json/plain');
    expect(td.decode(opened[1].metadata!.encoding!)).toBe('binary/null');
    expect(opened[1].data ?? new Uint8Array()).toHaveLength(0);
    expect(Object.keys(opened[2].metadata ?? {})).toEqual([]);
  });

  it('is about a quarter smaller than the JSON framing it replaced', async () => {
    const p = json(caseState);
    const [now] = await codec.encode([p]);
    const before = sealedTheOldWay(p);
    const ratio = now.data!.length / before.data!.length;
    expect(ratio).toBeLessThan(0.8);
  });

  it('still opens payloads sealed the old way, and refuses them tampered with', async () => {
    const old = sealedTheOldWay(json(caseState));
    const [opened] = await codec.decode([old]);
    expect(JSON.parse(td.decode(opened.data!))).toEqual(caseState);
    const tampered = { ...old, data: new Uint8Array(old.data!) };
    tampered.data[20] ^= 1;
    const [refused] = await codec.decode([tampered]);
    expect(JSON.parse(td.decode(refused.data!))).toEqual({ $unsealed: true });
  });
});
