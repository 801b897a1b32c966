// The progress module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { AccountabilityLink } from './AccountabilityLink.tsx';
