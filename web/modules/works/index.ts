// The works module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { worksApi, type WorksMap } from './works.api.ts';
