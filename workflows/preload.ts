// Loaded once per worker thread (the bundle's `preloadModules`, see worker.ts), not once per workflow:
// zod and the domain modules the workflows use. With `reuseV8Context` the SDK evaluates every module
// of the bundle again for each workflow it caches unless the module is preloaded; a preloaded one is
// shared and deep-frozen. zod 4 defines most schema methods lazily (a getter on the prototype that adds
// an own property on first use), which a frozen schema refuses, so every schema is touched here first
// (tests/preload.test.ts checks the frozen schemas still parse and reject inside a workflow).
// Nothing here may hold per-workflow state, nor call the workflow API at module scope.
import * as messages from '../domain/messages.js';
import * as policy from '../domain/policy.js';
import * as processModel from '../domain/process.js';
import * as tiers from '../domain/tiers.js';
import * as village from '../domain/village.js';
import * as steps from '../domain/steps.js';
import * as caseState from '../domain/case.js';
import * as caseEngine from '../domain/engine/case.js';
import * as partEngine from '../domain/engine/part.js';
import * as complaintEngine from '../domain/engine/complaint.js';
import * as consultationEngine from '../domain/engine/consultation.js';
import * as villageMonthEngine from '../domain/engine/village-month.js';
import * as deadlineRetiming from '../domain/deadline-retiming.js';
import * as boundMessage from '../domain/bound-message.js';

type Any = Record<string | symbol, unknown>;

/**
 * A RegExp the SDK's freeze leaves writable: zod sets `lastIndex = 0` before each test, which a frozen
 * RegExp refuses (a TypeError inside every validator that checks a format). The proxy refuses to be
 * made non-extensible, so Object.freeze throws on it and the SDK's deepFreeze, which skips what it
 * cannot freeze, leaves it as it is; its methods run on a private copy no module exports.
 */
function unfreezable(re: RegExp): RegExp {
  const copy = new RegExp(re.source, re.flags);
  return new Proxy(copy, {
    get: (t, k) => {
      const v = Reflect.get(t, k, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
    set: (t, k, v) => Reflect.set(t, k, v, t),
    preventExtensions: () => false,
  });
}

/**
 * Replaces every RegExp reachable from the schemas before any of them parses (zod compiles them in at
 * first use). Lazy properties (an object's `shape`) are read first so the schemas inside are reached.
 */
function thaw(x: unknown, seen: Set<unknown>) {
  if (!x || typeof x !== 'object' || seen.has(x)) return;
  seen.add(x);
  for (const k of Object.getOwnPropertyNames(x)) {
    if (k === 'constr' || k === 'prototype') continue; // the classes: no schema data there
    let d = Object.getOwnPropertyDescriptor(x, k);
    if (d && !('value' in d) && d.get) {
      try {
        void (x as Any)[k]; // materialises a lazy value in place
      } catch {
        // a getter that needs state: nothing to reach
      }
      d = Object.getOwnPropertyDescriptor(x, k);
    }
    const v = d && 'value' in d ? d.value : d?.get ? (() => { try { return (x as Any)[k]; } catch { return undefined; } })() : undefined;
    if (v instanceof RegExp) {
      if (d && 'value' in d && d.writable) (x as Any)[k] = unfreezable(v);
    } else thaw(v, seen);
  }
}

function touch(o: Any) {
  for (let p = Object.getPrototypeOf(o); p && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p)) {
    for (const k of Object.getOwnPropertyNames(p)) {
      try {
        void o[k];
      } catch {
        // a getter that needs arguments or state: nothing to materialise
      }
    }
  }
}

function warm(x: unknown, seen: Set<unknown>) {
  if (!x || (typeof x !== 'object' && typeof x !== 'function') || seen.has(x)) return;
  seen.add(x);
  if (Array.isArray(x)) return x.forEach((v) => warm(v, seen));
  const o = x as Any;
  const internals = o._zod as Any | undefined;
  if (internals && typeof internals === 'object') {
    touch(o);
    for (const k of Object.getOwnPropertyNames(internals)) {
      try {
        void internals[k];
      } catch {
        // as above
      }
    }
    for (const probe of [undefined, {}, '', 0]) {
      try {
        (o as { safeParse?: (v: unknown) => unknown }).safeParse?.(probe);
      } catch {
        // refinements may throw on nonsense input: only the lazies matter here
      }
    }
    warm(internals.def, seen);
    return;
  }
  if (typeof x === 'object') for (const v of Object.values(o)) warm(v, seen);
}

const modules = [messages, policy, processModel, tiers, village, steps, caseState, caseEngine, partEngine, complaintEngine, consultationEngine, villageMonthEngine, deadlineRetiming, boundMessage];
const thawed = new Set<unknown>();
for (const mod of modules) for (const v of Object.values(mod)) thaw(v, thawed);
const seen = new Set<unknown>();
for (const mod of modules) for (const v of Object.values(mod)) warm(v, seen);
/** How many objects were walked (a sanity figure for the bench and the tests). */
export const warmed = seen.size;
