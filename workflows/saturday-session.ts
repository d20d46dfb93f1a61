// The weekly Saturday session for key projects (重点项目"星期六会商"), started by a Temporal Schedule:
// every key-project consultation waiting for it is convened and handed to its city leader.
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.js';

const { conveneWaitingConsultations } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2m',
  summary: 'convene every key-project consultation waiting for this session',
});

export async function saturdaySessionWorkflow(): Promise<{ convened: string[] }> {
  return { convened: await conveneWaitingConsultations({ session: 'saturday' }) };
}
