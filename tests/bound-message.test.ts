// The binding every message carries (domain/bound-message.ts), checked without a server: the
// workflow's id, the message's name and a plausible time, or the reason it is refused.
import { describe, expect, it } from 'vitest';
import { BOUND_MESSAGE_MAX_AGE_MS, BOUND_MESSAGE_MAX_SKEW_MS, bindMessage, unbindMessage } from '../domain/bound-message.js';

const now = Date.parse('2026-12-05T08:00:00Z');
const here = { workflowId: 'case-20261205-AAAAAA', message: 'decideSignal', now };
const bound = (over: Partial<{ workflowId: string; message: string; at: number }> = {}) =>
  bindMessage({ workflowId: over.workflowId ?? here.workflowId, message: over.message ?? here.message, requestId: 'r-1', at: new Date(over.at ?? now).toISOString() }, [{ actorId: 'housing.fc1' }, 2]);

describe('a bound message', () => {
  it('gives back its own arguments and request id when it was made for this workflow and this message', () => {
    expect(unbindMessage(bound(), here)).toEqual({ ok: true, args: [{ actorId: 'housing.fc1' }, 2], requestId: 'r-1' });
  });

  it('is refused in another workflow, as another message, or without a binding', () => {
    expect(unbindMessage(bound({ workflowId: 'case-20261205-BBBBBB' }), here)).toEqual({ ok: false, reason: 'other_workflow' });
    expect(unbindMessage(bound({ message: 'decide' }), here)).toEqual({ ok: false, reason: 'other_message' });
    expect(unbindMessage([{ actorId: 'housing.fc1' }], here)).toEqual({ ok: false, reason: 'unbound' });
    expect(unbindMessage([{ $unsealed: true }], here)).toEqual({ ok: false, reason: 'unbound' });
    expect(unbindMessage([...bound(), 'one more'], here)).toEqual({ ok: false, reason: 'unbound' });
    expect(unbindMessage([{ ...bound()[0], extra: 1 }], here)).toEqual({ ok: false, reason: 'unbound' });
  });

  it('is refused when it was sent more than a week before the workflow reads it, or from too far ahead', () => {
    expect(unbindMessage(bound({ at: now - BOUND_MESSAGE_MAX_AGE_MS + 1000 }), here).ok).toBe(true);
    expect(unbindMessage(bound({ at: now - BOUND_MESSAGE_MAX_AGE_MS - 1000 }), here)).toEqual({ ok: false, reason: 'expired' });
    expect(unbindMessage(bound({ at: now + BOUND_MESSAGE_MAX_SKEW_MS - 1000 }), here).ok).toBe(true);
    expect(unbindMessage(bound({ at: now + BOUND_MESSAGE_MAX_SKEW_MS + 1000 }), here)).toEqual({ ok: false, reason: 'from_the_future' });
  });
});
