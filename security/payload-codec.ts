// Encrypted payloads: every argument, result, memo and (with the failure converter beside this file)
// every failure message that reaches Temporal is sealed with AES-256-GCM under one of our keys, so
// Temporal's history, its UI and anyone at port 7233 see ciphertext. Search attributes are not
// payloads and stay plaintext: no personal data goes there.
//
// The seal is also the proof that a message came through our own processes (the API, the worker,
// our scripts): a payload that is not sealed, or sealed under a key we do not hold, decodes in strict
// mode to the UNSEALED marker instead of throwing. Every workflow message is checked by a zod schema,
// which refuses the marker (updates: the validator; the decide signal: a `rejected` step), so a
// forged message changes nothing and never fails a workflow task.
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import { createRequire } from 'node:module';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { UNSEALED } from '../domain/bound-message.js';

// A CommonJS package: its default export holds the namespaces, under Node's ESM loader too.
const ProtoPayload = proto.temporal.api.common.v1.Payload;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/** What a payload we cannot vouch for decodes to in strict mode (one marker for the codec and the binding check). */
export { UNSEALED };

export interface KeyRing {
  /** The key new payloads are sealed with. */
  current: string;
  /** Every key we can open, by id (old ones stay here until their histories are gone). */
  keys: ReadonlyMap<string, Buffer>;
}

const te = new TextEncoder();
const td = new TextDecoder();
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/**
 * Fresh random IVs, drawn from the system's CSPRNG a block at a time rather than one system call per
 * payload. Every IV is used once (the pool only moves forward), which is all AES-GCM asks.
 */
const IV_BYTES = 12;
const ivPool = Buffer.alloc(IV_BYTES * 256);
let ivNext = ivPool.length;
function freshIv(): Buffer {
  if (ivNext === ivPool.length) {
    randomFillSync(ivPool);
    ivNext = 0;
  }
  // A copy: the pool is refilled in place later.
  const iv = Buffer.from(ivPool.subarray(ivNext, ivNext + IV_BYTES));
  ivNext += IV_BYTES;
  return iv;
}

export const unsealedPayload = (): Payload => ({
  metadata: { encoding: te.encode('json/plain') },
  data: te.encode(JSON.stringify(UNSEALED)),
});

function isSealed(p: Payload): boolean {
  const enc = p.metadata?.encoding;
  return !!enc && td.decode(enc) === ENCRYPTED_ENCODING;
}

export interface CodecOptions {
  /**
   * strict (worker, API, clients): a payload we cannot open becomes the UNSEALED marker.
   * lenient (the codec endpoint for people, replay of histories recorded before encryption): it is
   * passed on unchanged.
   * accept-plain (only while cases started before encryption still run: PAYLOAD_ACCEPT_PLAIN=true):
   * a plain payload passes, one sealed with a key we do not hold becomes the marker. Forged plain
   * messages are then accepted too, so end it once those cases have closed.
   */
  mode?: 'strict' | 'lenient' | 'accept-plain';
}

/**
 * The payload inside a seal. Sealed since 2026-12-05 as a protobuf Payload; before, as JSON with the
 * data in base64, which histories recorded then still hold. JSON starts with `{` (0x7b); a Payload
 * message starts with the tag of its field 1 or 2 (0x0a, 0x12), or is empty.
 */
function innerPayload(plain: Buffer): Payload {
  if (plain[0] === 0x7b) {
    const inner = JSON.parse(plain.toString('utf8')) as { metadata: Record<string, string>; data: string };
    return {
      metadata: Object.fromEntries(Object.entries(inner.metadata).map(([k, v]) => [k, unb64(v)])),
      data: unb64(inner.data),
    };
  }
  const inner = ProtoPayload.decode(plain);
  // Copies: protobufjs gives views into the decrypted buffer, which may sit in Node's shared pool
  // beside other payloads' plaintext (and a view drags its whole block into a postMessage).
  return {
    metadata: Object.fromEntries(Object.entries(inner.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(v)])),
    data: new Uint8Array(inner.data ?? new Uint8Array()),
  };
}

export class AesGcmCodec implements PayloadCodec {
  private readonly mode: NonNullable<CodecOptions['mode']>;
  constructor(private readonly ring: KeyRing, opts: CodecOptions = {}) {
    this.mode = opts.mode ?? 'strict';
    if (!ring.keys.has(ring.current)) throw new Error(`payload key "${ring.current}" is not in the key ring`);
  }

  private readonly aad = new Map<string, Buffer>();
  /** The key id as the seal's additional data, encoded once per key. */
  private aadOf(keyId: string): Buffer {
    let a = this.aad.get(keyId);
    if (!a) this.aad.set(keyId, (a = Buffer.from(keyId)));
    return a;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.seal(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const opened = this.open(p);
      if (opened) return opened;
      if (this.mode === 'lenient' || (this.mode === 'accept-plain' && !isSealed(p))) return p;
      return unsealedPayload();
    });
  }

  seal(p: Payload): Payload {
    const keyId = this.ring.current;
    const key = this.ring.keys.get(keyId)!;
    const iv = freshIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(this.aadOf(keyId)); // the key id in the metadata cannot be swapped
    // The inner payload keeps its own metadata (encoding etc.), inside the seal, framed as Temporal's
    // own Payload message: about a quarter fewer bytes than JSON with its data in base64.
    const plain = ProtoPayload.encode({ metadata: p.metadata ?? {}, data: p.data ?? new Uint8Array() }).finish();
    const body = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { encoding: te.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: te.encode(keyId) },
      data: new Uint8Array(body),
    };
  }

  /** The inner payload, or null when it is not sealed by a key we hold (or was tampered with). */
  open(p: Payload): Payload | null {
    if (!isSealed(p)) return null;
    const idBytes = p.metadata?.[KEY_ID_METADATA];
    const keyId = idBytes ? td.decode(idBytes) : '';
    const key = this.ring.keys.get(keyId);
    const data = p.data ? Buffer.from(p.data) : Buffer.alloc(0);
    if (!key || data.length < 12 + 16) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAAD(this.aadOf(keyId));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return innerPayload(plain);
    } catch {
      return null;
    }
  }
}

/**
 * Failure messages and stack traces go into an encoded payload too. A plain CommonJS file, because
 * the SDK loads it by path (clients) and bundles it into the workflow code (workers).
 */
export const FAILURE_CONVERTER_PATH = createRequire(import.meta.url).resolve('./failure-converter.cjs');

/** The data converter every client and worker of ours uses. */
export function dataConverterFor(ring: KeyRing, opts: CodecOptions = {}): DataConverter {
  return { payloadCodecs: [new AesGcmCodec(ring, opts)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
