// What every process of ours needs to talk to Temporal: the address, mutual TLS, and the data
// converter that seals payloads.
import type { DataConverter } from '@temporalio/common';
import type { TLSConfig } from '@temporalio/client';
import type { Config } from '../config.js';
import { loadKeyRing } from './keys.js';
import { dataConverterFor, type KeyRing } from './payload-codec.js';
import { temporalTls } from './temporal-tls.js';

export { loadKeyRing, ensureDevKeyFile, parseKeyList, newKeyFile } from './keys.js';
export { AesGcmCodec, dataConverterFor, UNSEALED, ENCRYPTED_ENCODING, KEY_ID_METADATA, type KeyRing } from './payload-codec.js';
export { temporalTls } from './temporal-tls.js';

export interface TemporalAccess {
  address: string;
  tls: TLSConfig | undefined;
  keyRing: KeyRing;
  dataConverter: DataConverter;
}

export function temporalAccess(config: Pick<Config, 'temporalAddress' | 'temporalTls' | 'dataDir' | 'production'>, env = process.env): TemporalAccess {
  const keyRing = loadKeyRing({ dataDir: config.dataDir, production: config.production, env });
  // A migration window for cases started before payloads were sealed (see CodecOptions).
  const mode = env.PAYLOAD_ACCEPT_PLAIN === 'true' ? 'accept-plain' : 'strict';
  return { address: config.temporalAddress, tls: temporalTls(config), keyRing, dataConverter: dataConverterFor(keyRing, { mode }) };
}
