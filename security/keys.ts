// Where the payload keys come from, in order:
//   PAYLOAD_KEYS       "id:base64key,id:base64key" (the first one seals; the others still open)
//   PAYLOAD_KEYS_FILE  a JSON file {"current":"id","keys":{"id":"base64key",...}}
//   DATA_DIR/payload-keys.json, which development makes on first start (never in production).
// Keys are 32 random bytes (AES-256), never in the repository. To rotate: add a new key, make it
// current on every process, and keep the old one until the histories sealed with it are gone.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyRing } from './payload-codec.js';

export const DEV_KEYS_FILE = 'payload-keys.json';

export interface KeyFile {
  current: string;
  keys: Record<string, string>;
}

function ringOf(current: string, entries: [string, string][], where: string): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const [id, value] of entries) {
    const key = Buffer.from(value, 'base64');
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new Error(`${where}: key id "${id}" must be letters, digits, . _ -`);
    if (key.length !== 32) throw new Error(`${where}: key "${id}" must be 32 bytes, base64`);
    keys.set(id, key);
  }
  if (!keys.has(current)) throw new Error(`${where}: the current key "${current}" is missing`);
  return { current, keys };
}

export function parseKeyList(list: string, where = 'PAYLOAD_KEYS'): KeyRing {
  const entries = list.split(',').map((s) => s.trim()).filter(Boolean).map((s): [string, string] => {
    const i = s.indexOf(':');
    if (i < 1) throw new Error(`${where}: expected "id:base64key"`);
    return [s.slice(0, i), s.slice(i + 1)];
  });
  if (!entries.length) throw new Error(`${where}: no keys`);
  return ringOf(entries[0][0], entries, where);
}

export function parseKeyFile(text: string, where: string): KeyRing {
  const f = JSON.parse(text) as KeyFile;
  return ringOf(f.current, Object.entries(f.keys ?? {}), where);
}

export function newKeyFile(id = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`): KeyFile {
  return { current: id, keys: { [id]: randomBytes(32).toString('base64') } };
}

/** Makes DATA_DIR/payload-keys.json once (development); returns its path. */
export function ensureDevKeyFile(dataDir: string): string {
  const file = join(dataDir, DEV_KEYS_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, JSON.stringify(newKeyFile(), null, 2) + '\n', { flag: 'wx', mode: 0o600 });
    } catch {
      // another process made it first
    }
  }
  return file;
}

export function loadKeyRing(o: { dataDir: string; production: boolean; env?: NodeJS.ProcessEnv }): KeyRing {
  const env = o.env ?? process.env;
  if (env.PAYLOAD_KEYS) return parseKeyList(env.PAYLOAD_KEYS);
  if (env.PAYLOAD_KEYS_FILE) return parseKeyFile(readFileSync(env.PAYLOAD_KEYS_FILE, 'utf8'), env.PAYLOAD_KEYS_FILE);
  const file = join(o.dataDir, DEV_KEYS_FILE);
  if (o.production && !existsSync(file)) {
    throw new Error('No payload keys: set PAYLOAD_KEYS_FILE (or PAYLOAD_KEYS) in production.');
  }
  if (!o.production) ensureDevKeyFile(o.dataDir);
  return parseKeyFile(readFileSync(file, 'utf8'), file);
}
