import * as echarts from 'echarts/core';
import { useEffect, useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { mapApi } from '../registry/index.ts';
import { type Outlines, dashboardOutlines } from './charts.ts';

const MAP_NAME = 'ranan-dashboard-county';

/**
 * Registers the county's map for the dashboard and the wall (the platform's own outlines, as the register's
 * 一张图 draws them: `GET /api/v1/map/regions`) and returns its name for `majorMapOption`; null while loading,
 * for a user who may not read the register, or when no outline is stored (the chart then keeps its axes).
 */
export function useCountyMap(): string | null {
  const { can } = useSession();
  const allowed = can('registry.read');
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    if (!allowed) return;
    let live = true;
    mapApi
      .regions()
      .then((regions) => {
        const outlines = dashboardOutlines(regions as unknown as Outlines);
        if (!live || !outlines) return;
        echarts.registerMap(MAP_NAME, outlines as unknown as Parameters<typeof echarts.registerMap>[1]);
        setName(MAP_NAME);
      })
      .catch(() => {
        // The map falls back to its axes; the figures do not depend on it.
      });
    return () => {
      live = false;
    };
  }, [allowed]);
  return name;
}
