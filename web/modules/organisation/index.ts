// The organisation module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { CampaignEditModal, type EditableCampaign } from './CampaignEditModal.tsx';
export { type CampaignPhaseCode, type Department, organisationApi, type Region } from './organisation.api.ts';
export { levelLabel, type RegionNode, regionTree } from './regionTree.ts';
export { type ScopeOptions, useScopeOptions } from './scopeOptions.ts';
