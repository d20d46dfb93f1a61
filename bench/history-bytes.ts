// What the framing inside the seal costs Temporal's history: every recorded history of tests/histories
// sealed payload by payload as the codec seals now (a protobuf Payload inside) and as it sealed before
// 2026-12-05 (JSON with the data in base64 inside), each history then encoded as Temporal stores it
// (protobuf). Prints bytes per history, plain / before / now, and the ratio now ÷ before.
//   node --import tsx bench/history-bytes.ts
import { createCipheriv, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import proto from '@temporalio/proto';
import type { Payload } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { AesGcmCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../security/payload-codec.js';

const key = randomBytes(32);
const codec = new AesGcmCodec({ current: 'k1', keys: new Map([['k1', key]]) });
const te = new TextEncoder();
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

/** The seal as it was before: the inner payload as JSON, its metadata and data in base64. */
function sealBefore(p: Payload): Payload {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from('k1'));
  const plain = Buffer.from(JSON.stringify({ metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(p.data ?? new Uint8Array()) }));
  return { metadata: { encoding: te.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: te.encode('k1') }, data: Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]) };
}
const sealNow = (p: Payload): Payload => codec.seal(p);

type Json = unknown;
/** A payload in proto JSON: metadata of base64 strings, data a base64 string. */
const isPayload = (o: Json): o is { metadata: Record<string, string>; data?: string } =>
  !!o && typeof o === 'object' && !Array.isArray(o) && 'metadata' in o && !!o.metadata && typeof o.metadata === 'object' && Object.values(o.metadata).every((v) => typeof v === 'string');

function sealAll(o: Json, seal: (p: Payload) => Payload): Json {
  if (Array.isArray(o)) return o.map((x) => sealAll(x, seal));
  if (!o || typeof o !== 'object') return o;
  // Search attributes are payloads too, but Temporal keeps them plain: our codec never sees them.
  if ('indexedFields' in o) return o;
  if (isPayload(o)) {
    const s = seal({ metadata: Object.fromEntries(Object.entries(o.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])), data: Buffer.from(o.data ?? '', 'base64') });
    return { metadata: Object.fromEntries(Object.entries(s.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(s.data ?? new Uint8Array()) };
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, sealAll(v, seal)]));
}

const History = proto.temporal.api.history.v1.History;
const bytes = (json: Json) => History.encode(historyFromJSON(json) as proto.temporal.api.history.v1.IHistory).finish().length;

const dir = join(import.meta.dirname, '..', 'tests', 'histories');
const total = { plain: 0, before: 0, now: 0 };
console.log('history'.padEnd(50), 'plain'.padStart(8), 'before'.padStart(8), 'now'.padStart(8), '  now÷before');
for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
  const json = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Json;
  const r = { plain: bytes(json), before: bytes(sealAll(json, sealBefore)), now: bytes(sealAll(json, sealNow)) };
  for (const k of ['plain', 'before', 'now'] as const) total[k] += r[k];
  console.log(f.padEnd(50), String(r.plain).padStart(8), String(r.before).padStart(8), String(r.now).padStart(8), (r.now / r.before).toFixed(3).padStart(12));
}
console.log('all'.padEnd(50), String(total.plain).padStart(8), String(total.before).padStart(8), String(total.now).padStart(8), (total.now / total.before).toFixed(3).padStart(12));

// The codec's own time per payload, sealed and opened 2,000 times each way (the "before" seal opens
// through the codec's path for payloads sealed the old way).
console.log('\npayload data bytes'.padEnd(22), 'sealed before'.padStart(14), 'sealed now'.padStart(11), 'µs before'.padStart(10), 'µs now'.padStart(8));
for (const size of [50, 500, 3_000, 20_000]) {
  const p: Payload = { metadata: { encoding: te.encode('json/plain') }, data: te.encode(JSON.stringify({ s: '燃气管道'.repeat(Math.ceil(size / 24)) + 'x'.repeat(size / 2) }).slice(0, size)) };
  const time = (seal: (x: Payload) => Payload) => {
    for (let i = 0; i < 200; i++) codec.open(seal(p));
    const t = performance.now();
    for (let i = 0; i < 2_000; i++) codec.open(seal(p));
    return ((performance.now() - t) / 2_000) * 1000;
  };
  const b = time(sealBefore);
  const n = time(sealNow);
  console.log(String(size).padEnd(22), String(sealBefore(p).data!.length).padStart(14), String(sealNow(p).data!.length).padStart(11), b.toFixed(1).padStart(10), n.toFixed(1).padStart(8));
}
