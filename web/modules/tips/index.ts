// The tips module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { PublicShell } from './PublicShell.tsx';
export { tipsApi } from './tips.api.ts';
