// The case's shape lives in the domain (domain/case-state.ts), where the pure engine reads it; this
// module keeps the old import path for the workflows' callers.
export * from '../domain/case-state.js';
