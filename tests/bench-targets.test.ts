// A result file's targets are read by people deciding what to work on: the 17:30 peak's figure has
// to say what bare Temporal managed at the same instant on the same machine.
import { describe, expect, it } from 'vitest';
import { targetsOf } from '../bench/lib/targets.js';

const lateness = (p99: number) => ({ n: 1000, p50: p99 / 2, p95: p99 * 0.9, p99, max: p99 * 1.05, mean: p99 / 2 });
const peak = (floor: unknown) => ({ peak: { opened: 1000, drainSeconds: 40.2, missing: 0, lateAfterInstant: lateness(38_400), floor } });
const peakTarget = (results: Record<string, unknown>) => targetsOf(results).find((t) => t.id === 'peak_1730_late_p99_s')!;

describe('the 17:30 peak target', () => {
  it("is the case system's lateness, with the floor's at the same instant beside it", () => {
    const t = peakTarget(peak({ workflows: 1000, frozenSeconds: 2, drainSeconds: 24.1, timersPerSecond: 41.5, lateAfterInstant: lateness(23_860), missing: 0 }));
    expect(t.measured).toBe(38.4);
    expect(t.met).toBe(false);
    expect(t.note).toContain("the floor's 1000 bare timers at the same instant closed p99 23.9 s after it (41.5 a second)");
  });

  it('is not met nor missed by fewer than 1,000 windows, which only show the stage runs', () => {
    const small = { peak: { opened: 60, drainSeconds: 4.3, missing: 0, lateAfterInstant: lateness(4_270), floor: { workflows: 60, timersPerSecond: 10.3, lateAfterInstant: lateness(5_800) } } };
    const t = peakTarget(small);
    expect([t.measured, t.met]).toEqual([null, null]);
    expect(t.note).toContain('60 windows ending at one instant: escalated in the read model p99 4.3 s after it');
    expect(t.note).toContain('the target is for 1,000 windows');
  });

  it('says when the floor did not run, and why', () => {
    expect(peakTarget(peak({ error: 'peak-floor-worker not ready in 60000 ms' })).note).toContain('the floor did not run: peak-floor-worker not ready');
    expect(peakTarget(peak(undefined)).note).toContain('no floor in this run');
  });
});
