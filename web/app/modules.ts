import { auditModule } from '../modules/audit/module.tsx';
import { cylindersModule } from '../modules/cylinders/module.tsx';
import { deliveryModule } from '../modules/delivery/module.tsx';
import { enforcementModule } from '../modules/enforcement/module.tsx';
import { hazardsModule } from '../modules/hazards/module.tsx';
import { inspectionsModule } from '../modules/inspections/module.tsx';
import { machineTokensModule } from '../modules/machine-tokens/module.tsx';
import { monitoringModule } from '../modules/monitoring/module.tsx';
import { organisationModule } from '../modules/organisation/module.tsx';
import { overviewModule } from '../modules/overview/module.tsx';
import { progressModule } from '../modules/progress/module.tsx';
import { registryModule } from '../modules/registry/module.tsx';
import { renewalModule } from '../modules/renewal/module.tsx';
import { rulesModule } from '../modules/rules/module.tsx';
import { supervisionModule } from '../modules/supervision/module.tsx';
import { tipsModule } from '../modules/tips/module.tsx';
import { todosModule } from '../modules/todos/module.tsx';
import { trainingModule } from '../modules/training/module.tsx';
import { usersModule } from '../modules/users/module.tsx';
import { worksModule } from '../modules/works/module.tsx';
import { publicityModule } from '../modules/publicity/module.tsx';
import { registerTexts } from './i18n.ts';
import { assembleMenu, assembleRoutes, type WebModule } from './module.ts';

/**
 * The web's modules. Each declares its pages, menu entries and texts in its own `module.tsx`; a new
 * module (一瓶一码, 监测预警, …) adds one line here.
 */
export const webModules: readonly WebModule[] = [
  overviewModule,
  supervisionModule,
  todosModule,
  organisationModule,
  registryModule,
  trainingModule,
  renewalModule,
  worksModule,
  publicityModule,
  inspectionsModule,
  hazardsModule,
  monitoringModule,
  progressModule,
  tipsModule,
  enforcementModule,
  deliveryModule,
  cylindersModule,
  usersModule,
  machineTokensModule,
  rulesModule,
  auditModule,
];

for (const m of webModules) if (m.texts) registerTexts(m.texts);

/** The side menu (before the user's permissions are applied: see visibleNavigation). */
export const navigation = assembleMenu(webModules);
export const { routes: moduleRoutes, fullPageRoutes } = assembleRoutes(webModules);
