// Committed histories of finished cases, replayed against the current workflow code: a change that
// would break cases already running fails here (docs/versioning.md says what to do about it).
import { describe, expect, it, inject } from 'vitest';
import { Worker } from '@temporalio/worker';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataConverterFor } from '../security/payload-codec.js';
import { parseKeyList } from '../security/keys.js';

const dir = join(import.meta.dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replay of recorded cases', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it('replays every recorded case without a determinism error', async () => {
    // Passed as parsed JSON: the worker turns proto JSON into a history itself.
    // Under the workflow id it ran with: every message is bound to it (workflows/interceptors.ts).
    const histories = files.map((f) => {
      const history = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { events: { workflowExecutionStartedEventAttributes?: { workflowId?: string } }[] };
      return { file: f.replace(/\.json$/, ''), workflowId: history.events[0].workflowExecutionStartedEventAttributes!.workflowId!, history };
    });
    const results = [];
    // The fixtures are plain (recorded without the codec: they hold only test data). The lenient codec
    // passes plain payloads on and opens sealed ones, so a history sealed with this run's key replays
    // too; the strict codec of real workers would turn the plain ones into the UNSEALED marker.
    const dataConverter = dataConverterFor(parseKeyList(inject('payloadKeys')), { mode: 'lenient' });
    for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter }, histories)) results.push(r);
    const fileOf = new Map(histories.map((x) => [x.workflowId, x.file]));
    expect(results.map((r) => [fileOf.get(r.workflowId), r.error?.message ?? null])).toEqual(histories.map((x) => [x.file, null]));
  });
});
