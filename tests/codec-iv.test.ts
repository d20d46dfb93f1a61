// AES-GCM is only as safe as its IVs are unique: a repeated IV under one key gives away the XOR of
// two plaintexts and lets anyone forge tags. The codec draws IVs from a pool; none may ever repeat.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmCodec } from '../security/payload-codec.js';

const te = new TextEncoder();
const td = new TextDecoder();

describe('payload seals', () => {
  it('never reuse an IV, across refills of the pool, and every seal still opens to its payload', async () => {
    const codec = new AesGcmCodec({ current: 'k1', keys: new Map([['k1', randomBytes(32)]]) });
    const payloads = Array.from({ length: 1000 }, (_, i) => ({ metadata: { encoding: te.encode('json/plain') }, data: te.encode(JSON.stringify({ i, name: '张三' })) }));
    const sealed = await codec.encode(payloads);
    const ivs = new Set(sealed.map((p) => Buffer.from(p.data!.subarray(0, 12)).toString('hex')));
    expect(ivs.size).toBe(payloads.length);
    const opened = await codec.decode(sealed);
    expect(opened.map((p) => JSON.parse(td.decode(p.data!)).i)).toEqual(payloads.map((_, i) => i));
    // The same payload twice: two different ciphertexts.
    const [a, b] = await codec.encode([payloads[0], payloads[0]]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });
});
