// Inside a seal the payload is framed as Temporal's own Payload message, not JSON with its data in
// base64: fewer bytes in every history, every visibility record and on every wire. Payloads sealed
// the old way (histories recorded before the change) still open: checked on bytes the old code wrote
// (tests/fixtures/sealed-json-framing.json, made by tests/fixtures/make-sealed-json-framing.ts).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Payload } from '@temporalio/common';
import { AesGcmCodec, KEY_ID_METADATA } from '../security/payload-codec.js';

interface B64Payload {
  metadata: Record<string, string>;
  data: string;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/sealed-json-framing.json', import.meta.url), 'utf8')) as {
  keyId: string;
  key: string;
  payloads: { name: string; sealed: B64Payload; opened: B64Payload }[];
};
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const payloadOf = (p: B64Payload): Payload => ({ metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, bytes(v)])), data: bytes(p.data) });
const old = fixture.payloads.map((p) => ({ name: p.name, sealed: payloadOf(p.sealed), opened: payloadOf(p.opened) }));
const caseState = old.find((p) => p.name === "a case's state")!;

const te = new TextEncoder();
const td = new TextDecoder();
const codec = new AesGcmCodec({ current: 'k1', keys: new Map([['k1', randomBytes(32)]]) });
/** The key the old payloads were sealed with, and a second id for the same key bytes. */
const oldRing = new AesGcmCodec({ current: fixture.keyId, keys: new Map([[fixture.keyId, Buffer.from(fixture.key, 'base64')], ['other', Buffer.from(fixture.key, 'base64')]]) });
const isUnsealedMarker = (p: Payload) => JSON.parse(td.decode(p.data!)).$unsealed === true;

describe('the payload inside a seal', () => {
  it('opens to the same payload, metadata and data, and an empty one too', async () => {
    const payloads: Payload[] = [...old.map((p) => p.opened), { metadata: { encoding: te.encode('binary/null') } }];
    const opened = await codec.decode(await codec.encode(payloads));
    for (const [i, p] of old.entries()) expect(opened[i], p.name).toEqual(p.opened);
    expect(td.decode(opened[old.length].metadata!.encoding!)).toBe('binary/null');
    expect(opened[old.length].data ?? new Uint8Array()).toHaveLength(0);
  });

  it('is about a quarter smaller than the JSON framing it replaced', async () => {
    const [now] = await codec.encode([caseState.opened]);
    expect(now.data!.length / caseState.sealed.data!.length).toBeLessThan(0.8);
  });

  it('still opens payloads the code before the change sealed, to what that code opened them to', async () => {
    const opened = await oldRing.decode(old.map((p) => p.sealed));
    for (const [i, p] of old.entries()) expect(opened[i], p.name).toEqual(p.opened);
    const state = JSON.parse(td.decode(opened[old.indexOf(caseState)].data!)) as { title: string; timeline: { note: string }[] };
    expect(state.title).toBe('新厂投产前20天内接通燃气管道');
    expect(state.timeline[0].note).toBe('需要更高层级研判，请分管领导协调燃气公司');
  });

  it('refuses them tampered with: a byte of the ciphertext or of its tag, or the key id swapped', async () => {
    for (const p of old) {
      const data = p.sealed.data!;
      const flipped = (at: number): Payload => {
        const d = new Uint8Array(data);
        d[at] ^= 1;
        return { ...p.sealed, data: d };
      };
      const swapped: Payload = { ...p.sealed, metadata: { ...p.sealed.metadata, [KEY_ID_METADATA]: te.encode('other') } };
      const refused = await oldRing.decode([flipped(12), flipped(data.length - 1), swapped]);
      expect(refused.every(isUnsealedMarker), p.name).toBe(true);
    }
    // The untouched ones still open with the same ring.
    expect((await oldRing.decode([caseState.sealed]))[0]).toEqual(caseState.opened);
  });
});
