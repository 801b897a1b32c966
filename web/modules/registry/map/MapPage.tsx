import { AimOutlined, MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Descriptions, Drawer, List, Select, Space, Tag, Typography } from 'antd';
import { LinesChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GraphicComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  enterpriseKindLabels,
  facilityKindLabels,
  pressureClassLabels,
  venueCategoryLabels,
} from '../../../../domain/registry/registry.ts';
import { type VenueRiskFlagCode, venueRiskFlagInfo } from '../../../../domain/registry/venue-risk.ts';
import { formatDateTime } from '../../../app/format.ts';
import { errorText } from '../../../app/http.ts';
import { isMessageKey, type MessageKey, useLocale, useT } from '../../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../../app/PageState.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { subscribeLive } from '../../../app/live.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { useSession } from '../../../app/session.tsx';
import { type SensorMap, monitoringApi } from '../../monitoring/index.ts';
import { type WorksMap, worksApi } from '../../works/index.ts';
import { RegionTreeSelect } from '../components/RegionTreeSelect.tsx';
import { type MapFeature, type MapLayer, type MapUnlocated, mapApi, mapLayers } from './map.api.ts';

echarts.use([GeoComponent, TooltipComponent, GraphicComponent, ScatterChart, LinesChart, CanvasRenderer]);

const MAP_NAME = 'wushen-schematic';

type Labels = Record<string, { zh: string; en: string }>;
const kindLabels: Record<MapLayer, Labels> = {
  enterprises: enterpriseKindLabels,
  facilities: facilityKindLabels,
  venues: venueCategoryLabels,
  pipelines: pressureClassLabels,
};

const layerStyle: Record<MapLayer, { color: string; symbol: string; size: number }> = {
  enterprises: { color: '#0b5cad', symbol: 'diamond', size: 13 },
  facilities: { color: '#7048e8', symbol: 'triangle', size: 12 },
  venues: { color: '#2f9e44', symbol: 'circle', size: 7 },
  pipelines: { color: '#1098ad', symbol: 'none', size: 0 },
};
const RISK_COLOR = '#f08c00';
/** Third-party works near pipelines (issue 16): with an agreement, and without one. */
const WORKS_COLOR = '#c2255c';
const WORKS_ALERT_COLOR = '#e8590c';
type WorksMarker = WorksMap['items'][number];
const ALERT_COLOR = '#e03131';
/** Gas sensors (issue 13) by state: colours distinct from the register's layers (the browser test counts them). */
type SensorMarker = SensorMap['items'][number];
type SensorState = SensorMarker['state'];
export const sensorStateColor: Record<SensorState, string> = {
  normal: '#0ca678',
  warning: '#f59f00',
  alarm: '#c92a2a',
  fault: '#ae3ec9',
  offline: '#868e96',
};
const sensorStates: SensorState[] = ['alarm', 'warning', 'fault', 'offline', 'normal'];
/** The sensors' layer is reloaded at most this often on alarm events, and every minute for readings and silence. */
const SENSOR_RELOAD_MS = 500;
const SENSOR_REFRESH_MS = 60_000;

/** The sensors' scatter series (alarms drawn largest and on top). */
function sensorSeries(list: SensorMarker[], name: string) {
  const rank = (m: SensorMarker) => sensorStates.length - sensorStates.indexOf(m.state);
  return {
    id: 'sensors',
    name,
    type: 'scatter',
    coordinateSystem: 'geo',
    symbol: 'roundRect',
    itemStyle: { borderColor: '#fff', borderWidth: 1.5 },
    data: [...list]
      .sort((a, b) => rank(a) - rank(b))
      .map((m) => ({
        name: `${m.code} ${m.name}`,
        value: [m.lng, m.lat],
        sensorCode: m.code,
        symbolSize: m.state === 'alarm' ? 15 : m.state === 'warning' ? 13 : 11,
        itemStyle: { color: sensorStateColor[m.state] },
      })),
    zlevel: 4,
  };
}

/** Where a map object's own page is (a facility is shown on its enterprise's page). */
export function detailPath(
  feature: Pick<MapFeature, 'id'> & { properties: Pick<MapFeature['properties'], 'layer' | 'enterpriseId'> },
): string {
  const { layer, enterpriseId } = feature.properties;
  if (layer === 'facilities') return enterpriseId ? `/registry/enterprises/${enterpriseId}` : '/registry/facilities';
  const base: Record<Exclude<MapLayer, 'facilities'>, string> = {
    enterprises: '/registry/enterprises',
    venues: '/registry/venues',
    pipelines: '/registry/pipelines',
  };
  return `${base[layer]}/${feature.id}`;
}

function flagLabel(flag: string, locale: 'zh' | 'en', t: (k: MessageKey) => string): string {
  if (flag in venueRiskFlagInfo) return venueRiskFlagInfo[flag as VenueRiskFlagCode][locale];
  const key = `map.flag.${flag}`;
  return isMessageKey(key) ? t(key) : flag;
}

// Web-mercator tile arithmetic (XYZ scheme) for an optional tile server.
const lon2tile = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z);
const lat2tile = (lat: number, z: number) =>
  Math.floor(
    ((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z,
  );
const tile2lon = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const tile2lat = (y: number, z: number) => {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
};

/**
 * Background tiles for the current view as ECharts graphic images, each placed by its corners
 * (the geo component's projection is linear in lng/lat; within a tile the difference from
 * web-mercator is negligible at the zooms a banner needs).
 */
function tileGraphics(chart: echarts.ECharts, template: string) {
  const w = chart.getWidth();
  const h = chart.getHeight();
  const tl = chart.convertFromPixel({ geoIndex: 0 }, [0, 0]) as number[] | undefined;
  const br = chart.convertFromPixel({ geoIndex: 0 }, [w, h]) as number[] | undefined;
  if (!tl || !br) return [];
  const [west, north] = [tl[0]!, tl[1]!];
  const [east, south] = [br[0]!, br[1]!];
  const z = Math.max(3, Math.min(18, Math.round(Math.log2((360 * w) / (256 * Math.max(east - west, 1e-6))))));
  const [x0, x1] = [lon2tile(west, z), lon2tile(east, z)];
  const [y0, y1] = [lat2tile(north, z), lat2tile(south, z)];
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > 150) return [];
  const out: object[] = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      const a = chart.convertToPixel({ geoIndex: 0 }, [tile2lon(x, z), tile2lat(y, z)]) as number[];
      const b = chart.convertToPixel({ geoIndex: 0 }, [tile2lon(x + 1, z), tile2lat(y + 1, z)]) as number[];
      const url = template
        .replace('{z}', String(z))
        .replace('{x}', String(x))
        .replace('{y}', String(y))
        .replace('{s}', 'a');
      out.push({
        type: 'image',
        silent: true,
        z: -10,
        style: { image: url, x: a[0], y: a[1], width: b[0]! - a[0]!, height: b[1]! - a[1]! },
      });
    }
  }
  return out;
}

type RegionGeometry = NonNullable<Awaited<ReturnType<typeof mapApi.regions>>>['features'][number]['geometry'];

/** The points of a boundary's outer ring(s): a MultiPolygon's every part. */
function outerPoints(g: RegionGeometry): [number, number][] {
  return g.type === 'Polygon' ? g.coordinates[0]! : g.coordinates.flatMap((poly) => poly[0]!);
}

/**
 * 一张图: enterprises, facilities, venues and pipeline segments of the user's scope over the
 * county's real outline and its townships' (schematic) cells. Works offline: no tiles are needed; a tile
 * server (MAP_TILE_URL) is drawn underneath when the deployment has one.
 */
export function MapPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const [params] = useSearchParams();
  const { can } = useSession();
  const mayWorks = can('works.read');
  const maySensors = can('monitoring.read');
  // The gas sensors' layer (监测点, by state), live from the alarm events.
  const [showSensors, setShowSensors] = useState(maySensors);
  const [selectedSensor, setSelectedSensor] = useState<string | null>(null);
  const sensorsRef = useRef<SensorMarker[]>([]);
  const [layers, setLayers] = useState<MapLayer[]>(mapLayers);
  // The works layer (第三方施工): on by default for those who see works; from a works page (?works=1) always.
  const [showWorks, setShowWorks] = useState(mayWorks);
  const [selectedWorks, setSelectedWorks] = useState<WorksMarker | null>(null);
  const worksRef = useRef<WorksMarker[]>([]);
  const [regionId, setRegionId] = useState<string | undefined>();
  const [kinds, setKinds] = useState<string[]>([]);
  const [selected, setSelected] = useState<MapFeature | null>(null);
  const [unlocatedOpen, setUnlocatedOpen] = useState(false);
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const featuresRef = useRef<MapFeature[]>([]);
  const focused = useRef(false);
  // Bumped when the chart instance is (re)created, so effects that need it run again.
  const [chartEpoch, setChartEpoch] = useState(0);

  const base = useRequest(useCallback(() => Promise.all([mapApi.config(), mapApi.regions()]), []));
  const features = useRequest(
    useCallback(
      () => mapApi.features({ layers: layers.join(','), regionId, kind: kinds.length ? kinds.join(',') : undefined }),
      [layers, regionId, kinds],
    ),
  );
  const works = useRequest(
    useCallback(
      () => (showWorks && mayWorks ? worksApi.map({ regionId, status: 'open' }) : Promise.resolve({ items: [] })),
      [showWorks, mayWorks, regionId],
    ),
  );
  const sensors = useRequest(
    useCallback(
      () => (showSensors && maySensors ? monitoringApi.sensorMap() : Promise.resolve({ items: [] as SensorMarker[] })),
      [showSensors, maySensors],
    ),
  );
  const reloadSensors = sensors.reload;
  // Any alarm event (raised, level changed, cleared, handled) or a missed stretch (reset) reloads the layer, at most
  // every SENSOR_RELOAD_MS; once a minute too (latest readings, sensors falling silent).
  useEffect(() => {
    if (!showSensors || !maySensors) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = subscribeLive(['alarm.'], () => {
      timer ??= setTimeout(() => {
        timer = null;
        reloadSensors();
      }, SENSOR_RELOAD_MS);
    });
    const every = setInterval(reloadSensors, SENSOR_REFRESH_MS);
    return () => {
      if (timer) clearTimeout(timer);
      clearInterval(every);
      unsubscribe();
    };
  }, [showSensors, maySensors, reloadSensors]);
  const [config, regions] = base.data ?? [null, null];
  const tileUrl = config?.tileUrl ?? null;

  // Register the boundaries once, as the geo component's map.
  const geoJson = useMemo(() => {
    if (!regions) return null;
    // The townships' (schematic) cells within the county's real outline; a county set up without
    // township lines is drawn as its outline alone.
    const townships = regions.features.filter((f) => f.properties.level === 'township');
    return {
      type: 'FeatureCollection',
      features: (townships.length ? townships : regions.features.filter((f) => f.properties.level === 'county')).map(
        (f) => ({ ...f, properties: { ...f.properties, name: f.properties.name } }),
      ),
    } as unknown as Parameters<typeof echarts.registerMap>[1];
  }, [regions]);

  // The chart instance lives as long as the page.
  useEffect(() => {
    if (!el.current || !geoJson) return;
    echarts.registerMap(MAP_NAME, geoJson);
    const instance = echarts.init(el.current);
    chart.current = instance;
    setChartEpoch((n) => n + 1);
    instance.on('click', (p) => {
      const data = p.data as { featureId?: string; worksId?: string; sensorCode?: string } | undefined;
      if (data?.sensorCode) {
        setSelectedSensor(data.sensorCode);
        return;
      }
      const w = worksRef.current.find((x) => x.id === data?.worksId);
      if (w) {
        setSelectedWorks(w);
        return;
      }
      const f = featuresRef.current.find((x) => x.id === data?.featureId);
      if (f) setSelected(f);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [geoJson]);

  // Tiles follow the view (pan and zoom) when a tile server is configured.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the chart instance is re-created with the boundaries (geoJson)
  useEffect(() => {
    const instance = chart.current;
    if (!instance || !tileUrl) return;
    let frame = 0;
    const redraw = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() =>
        instance.setOption({ graphic: { elements: tileGraphics(instance, tileUrl) } }, { replaceMerge: ['graphic'] }),
      );
    };
    instance.on('georoam', redraw);
    instance.on('finished', redraw);
    return () => {
      cancelAnimationFrame(frame);
      instance.off('georoam', redraw);
      instance.off('finished', redraw);
    };
  }, [tileUrl, geoJson]);

  const selectedRegion = useMemo(
    () => regions?.features.find((f) => f.properties.regionId === regionId) ?? null,
    [regions, regionId],
  );

  // Draw the boundaries and the objects (again once the chart exists: chartEpoch).
  // biome-ignore lint/correctness/useExhaustiveDependencies: chartEpoch only signals a new chart instance
  useEffect(() => {
    const instance = chart.current;
    if (!instance || !regions) return;
    const list = features.data?.features ?? [];
    featuresRef.current = list;
    const worksList = works.data?.items ?? [];
    worksRef.current = worksList;
    const points = (layer: MapLayer, approximate = false) =>
      list
        .filter(
          (f) =>
            f.properties.layer === layer &&
            f.geometry.type === 'Point' &&
            (f.properties.approximate ?? false) === approximate,
        )
        .map((f) => {
          const risky = f.properties.flags.length > 0;
          const alert = f.properties.flags.includes('supply_suspended');
          return {
            name: f.properties.name,
            value: f.geometry.coordinates as [number, number],
            featureId: f.id,
            approximate,
            itemStyle: risky && layer === 'venues' ? { color: alert ? ALERT_COLOR : RISK_COLOR } : undefined,
          };
        });
    const lines = list
      .filter((f) => f.geometry.type === 'LineString')
      .map((f) => ({
        name: f.properties.name,
        coords: f.geometry.coordinates as [number, number][],
        featureId: f.id,
        lineStyle: f.properties.flags.length ? { color: ALERT_COLOR, width: 3 } : undefined,
      }));
    const bbox = (pts: [number, number][]) => {
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, w: Math.max(x1 - x0, 0.02), h: Math.max(y1 - y0, 0.02) };
    };
    // Fit the view: the chosen township, else the objects in scope (a township officer's own
    // township), else the whole banner.
    const banner = regions.features.find((f) => f.properties.level === 'county');
    const whole = banner ? bbox(outerPoints(banner.geometry)) : null;
    const objectPoints = list.flatMap((f) =>
      f.geometry.type === 'Point' ? [f.geometry.coordinates] : f.geometry.coordinates,
    );
    const target =
      selectedRegion && selectedRegion.properties.level === 'township'
        ? bbox(outerPoints(selectedRegion.geometry))
        : objectPoints.length
          ? bbox(objectPoints)
          : null;
    const zoom =
      target && whole ? Math.min(40, Math.max(1, Math.min(whole.w / target.w, whole.h / target.h) / 1.15)) : 1;
    // ?focus=<layer>:<id> (from a detail page): the first drawing centres on that object.
    const focusId = params.get('focus')?.split(':')[1];
    const focusFeature = !focused.current && focusId ? list.find((f) => f.id === focusId) : undefined;
    const focusWorks = !focused.current && focusId ? worksList.find((w) => w.id === focusId) : undefined;
    const view = focusWorks
      ? { center: [focusWorks.lng, focusWorks.lat], zoom: 30 }
      : focusFeature
        ? {
            center:
              focusFeature.geometry.type === 'Point'
                ? focusFeature.geometry.coordinates
                : focusFeature.geometry.coordinates[0],
            zoom: 30,
          }
        : target && zoom > 1.5
          ? { center: [target.cx, target.cy], zoom }
          : { center: undefined, zoom: 1 };
    const seats = regions.features
      .filter((f) => f.properties.level === 'township' && f.properties.seat)
      .map((f) => ({ name: f.properties.name, value: f.properties.seat! }));
    const layerName = (l: MapLayer) => t(`map.layer.${l}` as MessageKey);
    instance.setOption(
      {
        tooltip: {
          trigger: 'item',
          confine: true,
          formatter: (p: {
            seriesName?: string;
            name?: string;
            componentType?: string;
            data?: { approximate?: boolean };
          }) =>
            p.componentType === 'series'
              ? `${p.seriesName}<br/>${(p.name ?? '').replace(/[&<>"']/g, '')}${
                  p.data?.approximate ? `<br/><i>${t('map.approximate')}</i>` : ''
                }`
              : (p.name ?? ''),
        },
        geo: {
          map: MAP_NAME,
          roam: true,
          scaleLimit: { min: 0.8, max: 60 },
          ...view,
          layoutCenter: ['50%', '50%'],
          layoutSize: '96%',
          // Township names are drawn by the 'seats' series, a few pixels above each seat.
          label: { show: false },
          itemStyle: {
            areaColor: tileUrl ? 'rgba(243,246,250,0.25)' : '#f3f6fa',
            borderColor: '#7a94b8',
            borderWidth: 1,
          },
          emphasis: {
            label: { show: false },
            itemStyle: { areaColor: tileUrl ? 'rgba(219,232,255,0.35)' : '#e7f0ff' },
          },
          select: { disabled: true },
          regions: selectedRegion
            ? [
                {
                  name: selectedRegion.properties.name,
                  itemStyle: { areaColor: tileUrl ? 'rgba(208,235,255,0.4)' : '#d0ebff' },
                },
              ]
            : [],
        },
        series: [
          {
            id: 'seats',
            type: 'scatter',
            coordinateSystem: 'geo',
            silent: true,
            symbolSize: 0,
            tooltip: { show: false },
            label: {
              show: true,
              formatter: '{b}',
              offset: [0, -16],
              color: '#343a40',
              fontSize: isMobile ? 10 : 12,
              fontWeight: 500,
              textBorderColor: '#fff',
              textBorderWidth: 2,
            },
            data: seats,
            zlevel: 3,
          },
          {
            id: 'pipelines',
            name: layerName('pipelines'),
            type: 'lines',
            coordinateSystem: 'geo',
            polyline: true,
            silent: false,
            lineStyle: { color: layerStyle.pipelines.color, width: 2, opacity: 0.9 },
            data: lines,
            zlevel: 1,
          },
          ...(['venues', 'facilities', 'enterprises'] as const).map((layer) => ({
            id: layer,
            name: layerName(layer),
            type: 'scatter',
            coordinateSystem: 'geo',
            symbol: layerStyle[layer].symbol,
            symbolSize: layerStyle[layer].size,
            itemStyle: {
              color: layerStyle[layer].color,
              borderColor: '#fff',
              borderWidth: layer === 'venues' ? 0.5 : 1,
            },
            large: layer === 'venues' && points(layer).length > 3000,
            data: points(layer),
            zlevel: 2,
          })),
          {
            // Third-party works: their area (a polygon's ring, closed) and a pin at their centre.
            id: 'works-areas',
            name: t('works.mapLayer'),
            type: 'lines',
            coordinateSystem: 'geo',
            polyline: true,
            silent: true,
            data: worksList
              .filter((w) => w.place.type === 'polygon')
              .map((w) => {
                const ring = w.place.type === 'polygon' ? w.place.ring : [];
                return {
                  coords: [...ring, ring[0]!],
                  lineStyle: { color: w.agreementSigned ? WORKS_COLOR : WORKS_ALERT_COLOR, width: 2, type: 'dashed' },
                };
              }),
            zlevel: 2,
          },
          {
            id: 'works',
            name: t('works.mapLayer'),
            type: 'scatter',
            coordinateSystem: 'geo',
            symbol: 'pin',
            symbolSize: 22,
            data: worksList.map((w) => ({
              name: `${w.name}（${w.builderName}）`,
              value: [w.lng, w.lat],
              worksId: w.id,
              itemStyle: { color: w.agreementSigned ? WORKS_COLOR : WORKS_ALERT_COLOR },
            })),
            zlevel: 3,
          },
          {
            // Venues without their own point, spread on a small spiral around their township's seat:
            // hollow and faint, so nobody takes them for a surveyed place.
            id: 'venues-approximate',
            name: layerName('venues'),
            type: 'scatter',
            coordinateSystem: 'geo',
            symbol: 'emptyCircle',
            symbolSize: 7,
            itemStyle: { color: layerStyle.venues.color, opacity: 0.7 },
            data: points('venues', true),
            zlevel: 2,
          },
          sensorSeries(sensorsRef.current, t('map.sensors')),
        ],
      },
      { replaceMerge: ['series'] },
    );
    if (focusWorks) {
      focused.current = true;
      setSelectedWorks(focusWorks);
    }
    if (focusFeature) {
      focused.current = true;
      const approximate = focusFeature.properties.approximate ?? false;
      const layerPoints = list.filter(
        (x) =>
          x.properties.layer === focusFeature.properties.layer &&
          x.geometry.type === 'Point' &&
          (x.properties.approximate ?? false) === approximate,
      );
      const index = layerPoints.findIndex((x) => x.id === focusFeature.id);
      if (index >= 0)
        instance.dispatchAction({
          type: 'highlight',
          seriesId: approximate ? 'venues-approximate' : focusFeature.properties.layer,
          dataIndex: index,
        });
      setSelected(focusFeature);
    }
  }, [features.data, works.data, regions, selectedRegion, isMobile, tileUrl, t, params, chartEpoch]);

  // The sensors' markers follow their own answers (live) without touching the view or the other layers.
  // biome-ignore lint/correctness/useExhaustiveDependencies: chartEpoch only signals a new chart instance
  useEffect(() => {
    const instance = chart.current;
    const list = sensors.data?.items ?? [];
    sensorsRef.current = list;
    if (!instance || !regions) return;
    instance.setOption({ series: [sensorSeries(list, t('map.sensors'))] });
  }, [sensors.data, regions, t, chartEpoch]);

  const kindOptions = useMemo(
    () =>
      mapLayers
        .filter((l) => layers.includes(l))
        .map((l) => ({
          label: t(`map.layer.${l}` as MessageKey),
          title: l,
          options: Object.entries(kindLabels[l]).map(([value, label]) => ({ value, label: label[locale] })),
        })),
    [layers, locale, t],
  );

  if (base.error && !base.data) return <LoadError error={base.error} onRetry={base.reload} />;
  if (!base.data) return <PageLoading />;

  const count = (l: MapLayer) => (features.data?.features ?? []).filter((f) => f.properties.layer === l).length;
  const truncated = features.data?.truncated ?? [];
  const unlocated = features.data?.unlocated ?? [];
  const unlocatedTotal = features.data?.unlocatedTotal ?? 0;
  /** Zoom the geo view by a factor, around its current centre (the roam stays usable). */
  const zoomBy = (factor: number) => {
    const instance = chart.current;
    if (!instance) return;
    const geo = (instance.getOption() as { geo?: { zoom?: number }[] }).geo?.[0];
    const zoom = Math.min(60, Math.max(0.8, (geo?.zoom ?? 1) * factor));
    instance.setOption({ geo: { zoom } });
  };
  const resetView = () => {
    setRegionId(undefined);
    chart.current?.setOption({ geo: { center: undefined, zoom: 1 } });
  };

  return (
    <>
      <PageHeader title={t('map.title')} />
      <Card size="small" style={{ marginBottom: 8 }}>
        <div className="ra-filters">
          <Checkbox.Group
            className="ra-filters-full"
            value={layers}
            onChange={(v) => setLayers(v as MapLayer[])}
            options={mapLayers.map((l) => ({
              value: l,
              label: (
                <span>
                  <span className="ra-map-swatch" style={{ background: layerStyle[l].color }} />
                  {t(`map.layer.${l}` as MessageKey)}
                  {features.data ? <span className="ra-muted"> {count(l)}</span> : null}
                </span>
              ),
            }))}
          />
          {maySensors ? (
            <Checkbox
              checked={showSensors}
              onChange={(e) => setShowSensors(e.target.checked)}
              data-testid="map-sensors"
            >
              <span className="ra-map-swatch" style={{ background: sensorStateColor.normal }} />
              {t('map.sensors')}
              {sensors.data ? <span className="ra-muted"> {sensors.data.items.length}</span> : null}
            </Checkbox>
          ) : null}
          {mayWorks ? (
            <Checkbox checked={showWorks} onChange={(e) => setShowWorks(e.target.checked)} data-testid="map-works">
              <span className="ra-map-swatch" style={{ background: WORKS_COLOR }} />
              {t('works.mapLayer')}
              {works.data ? <span className="ra-muted"> {works.data.items.length}</span> : null}
            </Checkbox>
          ) : null}
          <RegionTreeSelect
            value={regionId}
            onChange={setRegionId}
            placeholder={t('registry.allRegions')}
            style={{ width: isMobile ? undefined : 180 }}
          />
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('registry.allKinds')}
            value={kinds}
            onChange={setKinds}
            options={kindOptions}
            style={{ width: isMobile ? undefined : 280 }}
          />
          <Button icon={<AimOutlined />} onClick={resetView}>
            {t('map.resetView')}
          </Button>
          {features.data ? (
            <Button
              data-testid="map-unlocated"
              type={unlocatedTotal ? 'default' : 'text'}
              danger={unlocatedTotal > 0}
              onClick={() => setUnlocatedOpen(true)}
            >
              {t('map.unlocatedTag', { count: unlocatedTotal })}
            </Button>
          ) : null}
        </div>
        <div className="ra-muted" style={{ marginTop: 6, fontSize: 12 }}>
          <span className="ra-map-swatch" style={{ background: RISK_COLOR }} />
          {t('map.legendRisk')}
          <span className="ra-map-swatch" style={{ background: ALERT_COLOR, marginInlineStart: 12 }} />
          {t('map.legendAlert')}
          {maySensors && showSensors
            ? sensorStates.map((state) => (
                <span key={state} data-testid={`map-sensors-${state}`}>
                  <span
                    className="ra-map-swatch"
                    style={{ background: sensorStateColor[state], marginInlineStart: 12 }}
                  />
                  {t(`map.sensorState.${state}` as MessageKey)}
                  {sensors.data ? ` ${sensors.data.items.filter((m) => m.state === state).length}` : ''}
                </span>
              ))
            : null}
          {mayWorks && showWorks ? (
            <>
              <span className="ra-map-swatch" style={{ background: WORKS_ALERT_COLOR, marginInlineStart: 12 }} />
              {t('works.mapNoAgreement')}
            </>
          ) : null}
          <span
            className="ra-map-swatch"
            style={{
              border: `1.5px solid ${layerStyle.venues.color}`,
              background: 'transparent',
              borderRadius: '50%',
              marginInlineStart: 12,
            }}
          />
          {t('map.legendApproximate')} · {tileUrl ? t('map.tilesOn') : t('map.offline')} ·{' '}
          {regions?.schematic ? t('map.schematic') : null}
        </div>
      </Card>
      {features.error ? (
        <Alert type="error" showIcon title={errorText(features.error)} style={{ marginBottom: 8 }} />
      ) : null}
      {truncated.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('map.truncated', { layers: truncated.map((l) => t(`map.layer.${l}` as MessageKey)).join('、') })}
        />
      ) : null}
      <div style={{ position: 'relative' }}>
        <div
          ref={el}
          data-testid="registry-map"
          style={{
            width: '100%',
            height: isMobile ? 'calc(100vh - 260px)' : 'calc(100vh - 250px)',
            minHeight: 360,
            background: '#fbfcfe',
            border: '1px solid #e9ecef',
            borderRadius: 8,
          }}
        />
        <div
          style={{
            position: 'absolute',
            top: 8,
            right: 8,
            zIndex: 5,
            display: 'flex',
            flexDirection: 'column',
            gap: 4,
          }}
        >
          <Button
            icon={<PlusOutlined />}
            aria-label={t('map.zoomIn')}
            title={t('map.zoomIn')}
            onClick={() => zoomBy(1.5)}
          />
          <Button
            icon={<MinusOutlined />}
            aria-label={t('map.zoomOut')}
            title={t('map.zoomOut')}
            onClick={() => zoomBy(1 / 1.5)}
          />
          <Button
            icon={<AimOutlined />}
            aria-label={t('map.resetView')}
            title={t('map.resetView')}
            onClick={resetView}
          />
        </div>
      </div>
      <Drawer
        open={unlocatedOpen}
        onClose={() => setUnlocatedOpen(false)}
        placement={isMobile ? 'bottom' : 'right'}
        size={isMobile ? 420 : 420}
        title={t('map.unlocatedTitle')}
      >
        <UnlocatedList items={unlocated} total={unlocatedTotal} />
      </Drawer>
      <Drawer
        open={selected !== null}
        onClose={() => setSelected(null)}
        placement={isMobile ? 'bottom' : 'right'}
        size={isMobile ? 320 : 380}
        title={selected?.properties.name}
        mask={false}
      >
        {selected ? <FeatureSummary feature={selected} /> : null}
      </Drawer>
      <Drawer
        open={selectedSensor !== null}
        onClose={() => setSelectedSensor(null)}
        placement={isMobile ? 'bottom' : 'right'}
        size={isMobile ? 320 : 380}
        title={selectedSensor}
        mask={false}
      >
        {selectedSensor ? (
          <SensorSummary marker={sensors.data?.items.find((m) => m.code === selectedSensor) ?? null} />
        ) : null}
      </Drawer>
      <Drawer
        open={selectedWorks !== null}
        onClose={() => setSelectedWorks(null)}
        placement={isMobile ? 'bottom' : 'right'}
        size={isMobile ? 320 : 380}
        title={selectedWorks?.name}
        mask={false}
      >
        {selectedWorks ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('works.builder')}>{selectedWorks.builderName}</Descriptions.Item>
              <Descriptions.Item label={t('works.period')}>
                {selectedWorks.startOn} — {selectedWorks.endOn ?? '…'}
              </Descriptions.Item>
              <Descriptions.Item label={t('works.agreement')}>
                {selectedWorks.agreementSigned ? (
                  <Tag color="green">{t('works.agreementSigned')}</Tag>
                ) : (
                  <Tag color="red">{t('works.agreementMissing')}</Tag>
                )}
              </Descriptions.Item>
            </Descriptions>
            <Link to={`/works/${selectedWorks.id}`}>
              <Button type="primary" block>
                {t('map.openDetail')}
              </Button>
            </Link>
          </Space>
        ) : null}
      </Drawer>
    </>
  );
}

/** A sensor's popup: name, place, state, latest reading, and the way to its open alarm (live: the marker's latest answer). */
function SensorSummary({ marker }: { marker: SensorMarker | null }) {
  const t = useT();
  if (!marker) return <Typography.Text type="secondary">{t('map.sensorNoReading')}</Typography.Text>;
  const place = [marker.objectName, marker.regionName].filter(Boolean).join(' · ');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="map-sensor-summary">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('map.sensorName')}>{marker.name}</Descriptions.Item>
        <Descriptions.Item label={t('map.sensorKind')}>
          {t(`monitoring.sensorKind.${marker.kind}` as MessageKey)}
        </Descriptions.Item>
        <Descriptions.Item label={t('map.sensorPlace')}>
          {place || `${marker.lng.toFixed(4)}, ${marker.lat.toFixed(4)}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('map.sensorState')}>
          <Tag color={sensorStateColor[marker.state]} data-testid="map-sensor-state">
            {t(`map.sensorState.${marker.state}` as MessageKey)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('map.sensorLast')}>
          {marker.lastValue === null
            ? t('map.sensorNoReading')
            : `${marker.lastValue} ${marker.unit} · ${formatDateTime(marker.lastAt)}`}
        </Descriptions.Item>
      </Descriptions>
      {marker.openAlarmId ? (
        <Link to={`/monitoring/alarms/${marker.openAlarmId}`}>
          <Button type="primary" danger block>
            {t('map.openAlarm')}
          </Button>
        </Link>
      ) : null}
      <Link to={`/monitoring/sensors/${encodeURIComponent(marker.code)}`}>
        <Button block>{t('map.openSensor')}</Button>
      </Link>
    </Space>
  );
}

/** The objects the map cannot place, each with a link to its page (where the coordinates are recorded). */
function UnlocatedList({ items, total }: { items: MapUnlocated[]; total: number }) {
  const t = useT();
  const locale = useLocale();
  if (!total) return <Typography.Text type="secondary">{t('map.unlocatedNone')}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('map.unlocatedHint')}</Typography.Text>
      {items.length < total ? (
        <Alert type="warning" showIcon title={t('map.unlocatedMore', { shown: items.length, total })} />
      ) : null}
      <List
        size="small"
        dataSource={items}
        rowKey={(u) => `${u.layer}:${u.id}`}
        renderItem={(u) => (
          <List.Item>
            <div style={{ minWidth: 0 }}>
              <Link to={detailPath({ id: u.id, properties: { layer: u.layer, enterpriseId: u.enterpriseId } })}>
                {u.name}
              </Link>
              <div className="ra-muted" style={{ fontSize: 12 }}>
                {t(`map.layer.${u.layer}` as MessageKey)} · {kindLabels[u.layer][u.kind]?.[locale] ?? u.kind}
                {u.approximate ? ` · ${t('map.approximate')}` : ''}
              </div>
            </div>
          </List.Item>
        )}
      />
    </Space>
  );
}

function FeatureSummary({ feature }: { feature: MapFeature }) {
  const t = useT();
  const locale = useLocale();
  const { layer, kind, flags } = feature.properties;
  const at = feature.geometry.type === 'Point' ? feature.geometry.coordinates : feature.geometry.coordinates[0]!;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('map.layers')}>{t(`map.layer.${layer}` as MessageKey)}</Descriptions.Item>
        <Descriptions.Item label={t('map.kind')}>{kindLabels[layer][kind]?.[locale] ?? kind}</Descriptions.Item>
        <Descriptions.Item label={t('registry.location')}>
          {feature.properties.approximate ? t('map.approximate') : `${at[0].toFixed(4)}, ${at[1].toFixed(4)}`}
        </Descriptions.Item>
      </Descriptions>
      {flags.length ? (
        <div>
          <Typography.Text type="secondary">{t('map.flags')}：</Typography.Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }}>
            {flags.map((f) => (
              <Tag key={f} color={f === 'supply_suspended' || f === 'encroached' ? 'red' : 'orange'}>
                {flagLabel(f, locale, t)}
                {f in venueRiskFlagInfo ? ` · ${venueRiskFlagInfo[f as VenueRiskFlagCode].ref}` : ''}
              </Tag>
            ))}
          </div>
        </div>
      ) : null}
      <Link to={detailPath(feature)}>
        <Button type="primary" block>
          {t('map.openDetail')}
        </Button>
      </Link>
    </Space>
  );
}
