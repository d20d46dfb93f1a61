// The bench-only bundle entry: the baseline worker bundles this, so production never carries it.
export { baselineDeadlineWorkflow, baselineWorkflow } from './baseline.js';
export { edgeWorkflow } from './edge.js';
