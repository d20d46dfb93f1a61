// The worker's bundle entry: every workflow the system runs.
export { caseWorkflow } from './case.js';
