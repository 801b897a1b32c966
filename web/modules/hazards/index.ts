// The hazards module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { HazardPicker, type PickedHazard } from './components/HazardPicker.tsx';
export { PhotoUpload } from './components/PhotoUpload.tsx';
export { EscalationSummary } from './EscalationSummary.tsx';
export { hazardsApi } from './hazards.api.ts';
