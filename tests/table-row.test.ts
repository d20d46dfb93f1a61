// A hot read written as a statement (db/prepared.ts tableRow) decodes its row as drizzle's builder
// would, and a column the statement forgot is an error, not a silent null.
import { describe, expect, it } from 'vitest';
import { tableRow } from '../db/prepared.js';
import { principals } from '../db/schema.js';

describe('tableRow', () => {
  const row = tableRow(principals);
  const raw = () => {
    const r: Record<string, unknown> = {};
    for (const alias of row.columns.matchAll(/as "([^"]+)"/g)) r[alias[1]] = null;
    return r;
  };

  it('decodes every column of the table, and a null as null', () => {
    const decoded = row.decode({ ...raw(), principals_id: 'housing.fc1', principals_active: 1 }) as Record<string, unknown>;
    expect(decoded.id).toBe('housing.fc1');
    expect(decoded.active).toBe(true);
    expect(Object.values(decoded).filter((v) => v === null).length).toBeGreaterThan(0);
  });

  it('refuses a row without one of its columns (a misspelt alias, a name cut short)', () => {
    const r = raw();
    delete r.principals_active;
    expect(() => row.decode(r)).toThrow(/no column principals_active/);
  });
});
