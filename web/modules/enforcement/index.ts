// The enforcement module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { BlacklistFlag, useBlacklistFlags } from './components.tsx';
export { OpenCaseButton } from './OpenCaseButton.tsx';
