import {
  BankOutlined,
  CarOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  IdcardOutlined,
  NodeIndexOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import { type ModuleRoute, venueScopeOnly, type WebModule } from '../../app/module.ts';

const EnterprisesPage = lazy(() =>
  import('./enterprises/EnterprisesPage.tsx').then((m) => ({ default: m.EnterprisesPage })),
);
const EnterpriseDetailPage = lazy(() =>
  import('./enterprises/EnterpriseDetailPage.tsx').then((m) => ({ default: m.EnterpriseDetailPage })),
);
const LicencesPage = lazy(() => import('./licences/LicencesPage.tsx').then((m) => ({ default: m.LicencesPage })));
const FacilitiesPage = lazy(() =>
  import('./facilities/FacilitiesPage.tsx').then((m) => ({ default: m.FacilitiesPage })),
);
const VenuesPage = lazy(() => import('./venues/VenuesPage.tsx').then((m) => ({ default: m.VenuesPage })));
const VenueDetailPage = lazy(() =>
  import('./venues/VenueDetailPage.tsx').then((m) => ({ default: m.VenueDetailPage })),
);
const PipelinesPage = lazy(() => import('./pipelines/PipelinesPage.tsx').then((m) => ({ default: m.PipelinesPage })));
const PipelineDetailPage = lazy(() =>
  import('./pipelines/PipelineDetailPage.tsx').then((m) => ({ default: m.PipelineDetailPage })),
);
const PeoplePage = lazy(() => import('./people/PeoplePage.tsx').then((m) => ({ default: m.PeoplePage })));
const PersonDetailPage = lazy(() =>
  import('./people/PersonDetailPage.tsx').then((m) => ({ default: m.PersonDetailPage })),
);
const VehiclesPage = lazy(() => import('./vehicles/VehiclesPage.tsx').then((m) => ({ default: m.VehiclesPage })));
const VehicleDetailPage = lazy(() =>
  import('./vehicles/VehicleDetailPage.tsx').then((m) => ({ default: m.VehicleDetailPage })),
);
const MapPage = lazy(() => import('./map/MapPage.tsx').then((m) => ({ default: m.MapPage })));

/** A register page; `notFor` venue managers where one venue's scope holds nothing of the kind. */
const page = (path: string, component: ModuleRoute['page'], emptyForVenues = false): ModuleRoute => ({
  path: `registry/${path}`,
  permission: 'registry.read',
  page: component,
  ...(emptyForVenues ? { notFor: venueScopeOnly } : {}),
});

/** 底数台账: the register of supervised objects (issue 3). */
export const registryModule: WebModule = {
  name: 'registry',
  routes: [
    page('venues', VenuesPage),
    page('venues/:id', VenueDetailPage),
    page('map', MapPage),
    page('enterprises', EnterprisesPage, true),
    page('enterprises/:id', EnterpriseDetailPage, true),
    page('licences', LicencesPage, true),
    page('facilities', FacilitiesPage, true),
    page('pipelines', PipelinesPage, true),
    page('pipelines/:id', PipelineDetailPage, true),
    page('people', PeoplePage),
    page('people/:id', PersonDetailPage),
    page('vehicles', VehiclesPage, true),
    page('vehicles/:id', VehicleDetailPage, true),
  ],
  menu: [
    {
      order: 20,
      entry: {
        key: 'registry',
        label: 'menu.registry',
        icon: <DatabaseOutlined />,
        children: [
          {
            key: 'enterprises',
            path: '/registry/enterprises',
            label: 'menu.enterprises',
            icon: <BankOutlined />,
            permission: 'registry.read',
            notFor: venueScopeOnly,
          },
          {
            key: 'licences',
            path: '/registry/licences',
            label: 'menu.licences',
            icon: <SafetyCertificateOutlined />,
            permission: 'registry.read',
            notFor: venueScopeOnly,
          },
          {
            key: 'facilities',
            path: '/registry/facilities',
            label: 'menu.facilities',
            icon: <ShopOutlined />,
            permission: 'registry.read',
            notFor: venueScopeOnly,
          },
          {
            key: 'venues',
            path: '/registry/venues',
            label: 'menu.venues',
            icon: <ShopOutlined />,
            permission: 'registry.read',
          },
          {
            key: 'pipelines',
            path: '/registry/pipelines',
            label: 'menu.pipelines',
            icon: <NodeIndexOutlined />,
            permission: 'registry.read',
            notFor: venueScopeOnly,
          },
          {
            key: 'people',
            path: '/registry/people',
            label: 'menu.people',
            icon: <IdcardOutlined />,
            permission: 'registry.read',
          },
          {
            key: 'vehicles',
            path: '/registry/vehicles',
            label: 'menu.vehicles',
            icon: <CarOutlined />,
            permission: 'registry.read',
            notFor: venueScopeOnly,
          },
          {
            key: 'map',
            path: '/registry/map',
            label: 'menu.map',
            icon: <EnvironmentOutlined />,
            permission: 'registry.read',
          },
        ],
      },
    },
  ],
};
