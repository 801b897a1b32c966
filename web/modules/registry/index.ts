// The registry module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { EnterpriseSelect } from './components/EnterpriseSelect.tsx';
export { importErrorText } from './components/importErrorText.ts';
export { RegionPeriodFilters } from './components/RegionPeriodFilters.tsx';
export { RegionTreeSelect } from './components/RegionTreeSelect.tsx';
export { ExportButton, TabularActions } from './components/TabularButtons.tsx';
export { VenueSelect } from './components/VenueSelect.tsx';
export { facilitiesApi } from './facilities/facilities.api.ts';
export { mapApi } from './map/map.api.ts';
export { peopleApi, type Person } from './people/people.api.ts';
export { pipelinesApi } from './pipelines/pipelines.api.ts';
