// The shape of a complaint as its workflow holds it and answers it: defined with its engine
// (domain/engine/complaint.ts), named here for the API and the message definitions.
export type { ComplaintInput, ComplaintState } from '../domain/engine/complaint.js';
