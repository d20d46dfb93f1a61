// A workflow's history as an operator with the payload key would read it: every payload opened with
// the codec and decoded to text (payload data are JSON bytes), for tests that check what it holds.
import type { Payload } from '@temporalio/common';
import { AesGcmCodec } from '../../security/payload-codec.js';
import type { Harness } from './harness.js';

export async function historyText(h: Harness, workflowId: string): Promise<string> {
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const codec = new AesGcmCodec(h.keyRing);
  const parts: string[] = [];
  const walk = (v: unknown) => {
    const sealed = v && typeof v === 'object' && 'data' in v && 'metadata' in v ? codec.open(v as Payload) : null;
    if (sealed) walk(sealed);
    else if (v instanceof Uint8Array) parts.push(Buffer.from(v).toString('utf8'));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    else if (typeof v === 'string') parts.push(v);
  };
  walk(history);
  return parts.join('\n');
}
