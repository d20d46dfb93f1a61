// zod and the domain modules are preloaded once per worker thread (workflows/preload.ts) and then
// deep-frozen by the SDK. A zod 4 schema whose lazy methods were not materialised first cannot be used
// frozen: these tests fail if a preloaded schema no longer parses and rejects, frozen as the SDK
// freezes it (here, in-process; tests/preload-sandbox.test.ts: inside the workflow sandbox).
import { beforeAll, describe, expect, it } from 'vitest';
import * as preload from '../workflows/preload.js';
import * as messages from '../domain/messages.js';

/** The SDK's own freeze of preloaded modules (reusable-vm.js), property by property, then the object. */
function deepFreeze(object: unknown, visited = new WeakSet<object>()): unknown {
  if (object == null || (typeof object !== 'object' && typeof object !== 'function') || visited.has(object)) return object;
  visited.add(object);
  if (Object.isFrozen(object)) return object;
  if (typeof object === 'object') {
    for (const name of [...Object.getOwnPropertyNames(object), ...Object.getOwnPropertySymbols(object)]) {
      const value = (object as Record<string | symbol, unknown>)[name];
      if (value && (typeof value === 'object' || typeof value === 'function')) {
        try {
          deepFreeze(value, visited);
        } catch {
          // as the SDK: some objects cannot be frozen
        }
      }
    }
  }
  return Object.freeze(object);
}

const schemas = Object.entries(messages).filter(([, v]) => v && typeof v === 'object' && '_zod' in (v as object)) as [string, { safeParse: (x: unknown) => { success: boolean } }][];

describe('preloaded schemas, frozen as the SDK freezes them', () => {
  beforeAll(() => {
    expect(preload.warmed).toBeGreaterThan(100);
    for (const [, s] of schemas) deepFreeze(s);
  });

  it('are frozen and still parse every probe without throwing', () => {
    expect(schemas.length).toBeGreaterThan(10);
    for (const [name, s] of schemas) {
      expect(Object.isFrozen(s), name).toBe(true);
      for (const probe of [undefined, null, {}, [], 'x', 1, { action: 'escalate' }]) expect(() => s.safeParse(probe), name).not.toThrow();
    }
  });

  it('accept what is valid and reject what is not', () => {
    const env = { actorId: 'housing.fc1', decision: { action: 'escalate', reason: 'unsure', note: '请科长研判' } };
    expect(messages.DecisionEnvelopeSchema.safeParse(env).success).toBe(true);
    expect(messages.DecisionEnvelopeSchema.safeParse({ ...env, decision: { action: 'shelve' } }).success).toBe(false);
    expect(messages.MaterialsSchema.safeParse({ items: ['营业执照'] }).success).toBe(true);
    expect(messages.MaterialsSchema.safeParse({ items: 'x' }).success).toBe(false);
    expect(messages.RatingSchema.safeParse({ rating: 'satisfied' }).success).toBe(true);
    expect(messages.RatingSchema.safeParse({ rating: 'great' }).success).toBe(false);
  });

  it('check formats with their patterns (a frozen RegExp cannot reset lastIndex): instants in signals from our own workflows', () => {
    const answer = { unitId: 'gas', stance: 'can_do', plan: '三日内接通', by: 'gas.fc1', tier: '1', at: '2026-11-30T08:00:00.000Z' };
    for (let i = 0; i < 2; i++) {
      expect(messages.PartAnswerSchema.safeParse(answer).success).toBe(true);
      expect(messages.PartAnswerSchema.safeParse({ ...answer, at: 'yesterday' }).success).toBe(false);
      expect(messages.ConsultationConvenedSchema.safeParse({ session: 'saturday', at: '2026-11-28T01:00:00Z' }).success).toBe(true);
      expect(messages.ConsultationConvenedSchema.safeParse({ session: 'saturday', at: '28/11/2026' }).success).toBe(false);
    }
  });
});

