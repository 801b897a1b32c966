// The hazard ledger's pure rules (issue 4), shared by the server and the web.
export * from './checklist.ts';
export * from './coverage.ts';
export * from './dates.ts';
export * from './deadlines.ts';
export * from './evaluate.ts';
export * from './follow-up.ts';
export * from './hazard-state.ts';
export * from './household-inspection.ts';
export * from './limits.ts';
export * from './register-authority.ts';
export * from './signature.ts';
