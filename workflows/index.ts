// The worker's bundle entry: every workflow the system runs.
export { caseWorkflow } from './case.js';
export { complaintWorkflow } from './complaint.js';
export { villageMonthWorkflow } from './village-month.js';
export { villageMonthTickWorkflow } from './village-month-tick.js';
export { unitPartWorkflow } from './unit-part.js';
export { consultationWorkflow } from './consultation.js';
export { saturdaySessionWorkflow } from './saturday-session.js';
export { calendarWatchWorkflow } from './calendar-watch.js';
export { retentionWorkflow } from './retention.js';
export { directoryJournalWorkflow } from './directory-journal.js';
export { storeBackupWorkflow } from './store-backup.js';
