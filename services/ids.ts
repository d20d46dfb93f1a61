// Record ids people read out on the phone: the day, then random characters from an alphabet without
// look-alikes (0/O, 1/I): 20250612-7K3QX9, C-20250612-7K3QX9, R-20250612-…
import { randomBytes } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A dated id, `PREFIX-YYYYMMDD-XXXXXX` (no prefix: `YYYYMMDD-XXXXXX`). */
export function newId(prefix: string, now: Date, randomChars = 6): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, '');
  const tail = [...randomBytes(randomChars)].map((b) => ALPHABET[b % 32]).join('');
  return prefix ? `${prefix}-${d}-${tail}` : `${d}-${tail}`;
}
