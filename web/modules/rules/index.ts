// The rules module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { useLimitsInForce } from './useLimitsInForce.ts';
