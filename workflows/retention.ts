// The daily retention run (started by the `retention-daily` schedule): personal data past its span in
// the policy file is masked or deleted (docs/retention.md). One activity; its time is the run's start,
// so a retried activity applies the same cut-off.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from './shared.js';

const store = proxyActivities<Activities>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '10s', maximumInterval: '10m' },
  summary: 'mask or delete personal data past its retention span',
});

export async function retentionWorkflow(): Promise<{ cases: number; complaints: number; notifications: number; codes: number }> {
  return store.purgePersonalData({ at: new Date().toISOString() });
}
