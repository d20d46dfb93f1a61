// How answers become JSON. The zod serializer of fastify-type-provider-zod encodes the whole answer
// through its schema (checking every field) and then stringifies the copy; on a case's answer that
// was a tenth of a decision's CPU. For schemas made only of objects, arrays, optional and nullable
// fields and plain values, the same text comes from picking each object's fields in the schema's
// order (the extra fields of a loose object after them, as zod puts them; those of a plain object
// dropped, as zod drops them) and JSON.stringify. Anything else (unions, defaults, transforms,
// values zod rewrites such as .trim(), strict objects, which must fail rather than leak) keeps the
// zod serializer. The fast path checks nothing: an answer zod would refuse goes out as it is, which
// the tests' check mode (below) is there to catch.
//
// With ANSWER_SERIALIZER_CHECK set (the tests set it: vitest.config.ts) every answer is also
// serialized by zod and the two texts compared: a difference, or an answer zod refuses, is a 500, so
// the whole suite checks that the answers are byte for byte what zod gives.
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

type Pick = (value: unknown) => unknown;

class Unsupported extends Error {}

/** The zod definition of a schema, as far as this file reads it. */
interface Def {
  type: string;
  /** Checks; an "overwrite" one (trim, toLowerCase, normalize, …) changes the value as zod encodes it. */
  checks?: { _zod: { def: { check: string } } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod?: { def: Def } })._zod?.def as Def;

const PLAIN = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'null', 'unknown', 'any']);

/** A function giving what zod's encode gives for valid data, or Unsupported. */
function picker(schema: z.ZodType): Pick | null {
  const def = defOf(schema);
  if (PLAIN.has(def.type)) {
    if ((def as { coerce?: boolean }).coerce) throw new Unsupported('coerced value'); // zod's encode converts it
    if (def.checks?.some((c) => c._zod.def.check === 'overwrite')) throw new Unsupported('a value zod rewrites'); // e.g. .trim()
    return null; // the value itself
  }
  if (def.type === 'optional' || def.type === 'nullable') {
    const inner = picker(def.innerType!);
    return inner && ((v) => (v === null || v === undefined ? v : inner(v)));
  }
  if (def.type === 'array') {
    const item = picker(def.element!);
    return item && ((v) => (v as unknown[]).map(item));
  }
  if (def.type === 'object') {
    const loose = def.catchall ? defOf(def.catchall).type === 'unknown' : false;
    if (def.catchall && !loose) throw new Unsupported(`object with a ${defOf(def.catchall).type} catchall`);
    const fields = Object.entries(def.shape!).map(([key, s]) => ({ key, pick: picker(s) }));
    const known = new Set(fields.map((f) => f.key));
    return (v) => {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of fields) {
        const x = o[f.key];
        if (x !== undefined) out[f.key] = f.pick ? f.pick(x) : x;
      }
      if (loose) for (const k of Object.keys(o)) if (!known.has(k)) out[k] = o[k];
      return out;
    };
  }
  throw new Unsupported(def.type);
}

/** Whether answers of this schema are serialized without zod's encode. */
export function picksAnswer(schema: z.ZodType): boolean {
  try {
    return !!defOf(schema) && picker(schema) !== null;
  } catch (err) {
    if (err instanceof Unsupported) return false;
    throw err;
  }
}

type SerializerCompiler = typeof zodSerializerCompiler;

/** fastify's serializer compiler: the picker and JSON.stringify where the schema allows, zod's elsewhere. */
export function answerSerializerCompiler(check = !!process.env.ANSWER_SERIALIZER_CHECK): SerializerCompiler {
  return (route) => {
    const zod = zodSerializerCompiler(route);
    const schema = route.schema as z.ZodType;
    if (!picksAnswer(schema)) return zod;
    const pick = picker(schema)!;
    const fast = (data: unknown) => JSON.stringify(pick(data));
    if (!check) return fast;
    return (data: unknown) => {
      const expected = zod(data);
      const got = fast(data);
      if (got !== expected) throw new Error(`${route.method} ${route.url}: the answer's JSON differs from zod's:\n${got}\n${expected}`);
      return got;
    };
  };
}
