// The API's answers are serialized without zod's encode where the schema allows (api/answer-serializer.ts):
// the text must be what zod gave, byte for byte, and a strict answer must still fail rather than leak.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { answerSerializerCompiler, picksAnswer } from '../api/answer-serializer.js';
import { CaseStateSchema, RequesterViewSchema } from '../api/case-view.js';

const at = '2026-12-05T08:00:00.000Z';
const route = (schema: unknown) => ({ schema, method: 'POST', url: '/v1/cases/:id/decisions', httpStatus: '200' }) as never;

/** A case's answer in the order caseState builds it (not the schema's), with every kind of field the schema has. */
const answer = () => ({
  id: 'C-1',
  workflowId: 'case-C-1',
  title: '燃气接入 "quoted" \\ \u2028 line',
  description: 'd',
  category: null,
  externalId: null,
  channel: 'window',
  requester: { kind: 'person', name: '张三', phone: '139****5678', stray: 'a plain object drops it' },
  status: 'in_progress',
  tier: '3',
  phase: 'handling',
  keyProject: true,
  leadUnitId: 'housing',
  involvedUnitIds: ['market'],
  assignee: { principalId: 'housing.head', name: '吴刚', role: 'principal_head' },
  deadlineAt: at,
  deadlineProvisional: true,
  deadlineNote: undefined,
  overdue: false,
  holders: [{ from: at, tier: '1', principalId: 'housing.fc1', name: '李娜', until: at }],
  materials: { requestedAt: at, items: ['营业执照'], dueAt: at },
  outcome: { kind: 'resolved', tier: '3', at, result: '已办结' },
  rating: { rating: 'satisfied', at, comment: undefined },
  coordination: { parts: [{ unitId: 'market', holder: null }] },
  supervisionNotices: [{ no: 1, level: 'reminder', label: '提醒', labelEn: 'Reminder', status: 'open', dueAt: at, unitId: null }],
  callbacks: [{ no: 1, method: 'phone', reached: true, at }],
  judgement: { rating: 'satisfied', at, source: 'rating' },
  halted: { at, reason: 'terminated' },
  reopened: 1,
  version: 7,
  reviewRequested: false,
  createdAt: at,
  timeline: [{ data: { reason: 'beyond_remit' }, seq: 1, at, tier: '1', actor: 'housing.fc1', action: 'escalated', note: null, elementId: 'Task_Tier1' }],
  links: { page: 'http://localhost:3000/cases/C-1', temporalUi: 'http://localhost:8233/x' },
});

describe('answer serializer', () => {
  it("gives zod's text for a case's answer: the schema's order, a loose object's extra fields after it, a plain object's dropped", () => {
    expect(picksAnswer(CaseStateSchema)).toBe(true);
    const zod = zodSerializerCompiler(route(CaseStateSchema)) as (d: unknown) => string;
    const fast = answerSerializerCompiler(false)(route(CaseStateSchema)) as (d: unknown) => string;
    const text = fast(answer());
    expect(text).toBe(zod(answer()));
    const json = JSON.parse(text);
    expect(Object.keys(json).slice(0, 3)).toEqual(['id', 'workflowId', 'title']);
    expect(Object.keys(json).at(-1)).toBe('coordination'); // not in the schema: after its fields
    expect(json.requester).toEqual({ kind: 'person', name: '张三', phone: '139****5678' });
    expect(json.holders[0]).toEqual({ tier: '1', principalId: 'housing.fc1', name: '李娜', from: at, until: at });
  });

  it('fails a requester answer that carries a field of no schema, rather than leak it', () => {
    const view = { id: 'C-1', title: 't', status: 'in_progress', tier: '1', phase: 'handling', deadlineAt: null, deadlineProvisional: false, requester: { smsCodeRequired: false }, reopened: 0, reviewRequested: false, createdAt: at, timeline: [] };
    expect(picksAnswer(RequesterViewSchema)).toBe(false); // strict: zod's serializer, which refuses extra fields
    const serialize = answerSerializerCompiler(false)(route(RequesterViewSchema)) as (d: unknown) => string;
    expect(JSON.parse(serialize(view))).toEqual(view);
    expect(() => serialize({ ...view, assignee: { principalId: 'housing.fc1' } })).toThrow(/match the schema/);
  });

  it('leaves to zod a schema whose values zod rewrites as it encodes (.trim(), .toLowerCase())', () => {
    const Trimmed = z.object({ name: z.string().trim(), code: z.string().toLowerCase().optional() });
    expect(picksAnswer(Trimmed)).toBe(false);
    const serialize = answerSerializerCompiler(false)(route(Trimmed)) as (d: unknown) => string;
    expect(serialize({ name: '  吴刚 ', code: 'AB' })).toBe('{"name":"吴刚","code":"ab"}');
  });

  it('in the check mode the tests run in, refuses an answer zod refuses', () => {
    const serialize = answerSerializerCompiler(true)(route(CaseStateSchema)) as (d: unknown) => string;
    expect(() => serialize(answer())).not.toThrow();
    expect(() => serialize({ ...answer(), status: 'no such status' })).toThrow(/match the schema/);
  });
});
