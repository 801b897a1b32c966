import { useEffect, useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { mapApi } from '../registry/index.ts';
import { type Outlines, dashboardOutlines } from './charts.ts';

const MAP_NAME = 'ranan-dashboard-county';

/** A map for ECharts: its name (as the option's `geo.map`) and its GeoJSON outlines (EChart's `map` registers it). */
export type ChartMap = { name: string; outlines: Outlines };

/**
 * The county's map for the dashboard and the wall (the platform's own outlines, as the register's 一张图 draws them:
 * `GET /api/v1/map/regions`): its name for `majorMapOption` and its outlines for the chart (`<EChart map>`, which
 * registers them once ECharts is loaded); null while loading, for a user who may not read the register, or when no
 * outline is stored (the chart then keeps its axes).
 */
export function useCountyMap(): ChartMap | null {
  const { can } = useSession();
  const allowed = can('registry.read');
  const [map, setMap] = useState<ChartMap | null>(null);
  useEffect(() => {
    if (!allowed) return;
    let live = true;
    mapApi
      .regions()
      .then((regions) => {
        const outlines = dashboardOutlines(regions as unknown as Outlines);
        if (!live || !outlines) return;
        setMap({ name: MAP_NAME, outlines });
      })
      .catch(() => {
        // The map falls back to its axes; the figures do not depend on it.
      });
    return () => {
      live = false;
    };
  }, [allowed]);
  return map;
}
