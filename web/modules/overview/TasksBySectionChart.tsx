import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { pick, useLocale, useT } from '../../app/i18n.ts';
import type { Overview } from './overview.api.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Row = Overview['tasksBySection'][number];

// The plan's chapter 三 (集中攻坚 by area) and chapter 四 (综合施策).
const CHAPTER3 = '#0b5cad';
const CHAPTER4 = '#f08c00';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Tasks per area of the plan as horizontal bars (readable on a phone). Areas of chapter 三
 * (分领域集中攻坚) and 四 take different colours; a click opens that area's task list.
 */
export function TasksBySectionChart({ rows, onSelect }: { rows: Row[]; onSelect?: (section: string) => void }) {
  const t = useT();
  const locale = useLocale();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current);
    chart.current = instance;
    instance.on('click', (params) => {
      if (typeof params.name === 'string') select.current?.(params.name);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const ordered = [...rows].reverse(); // the first area at the top
    const label = t('overview.taskCount');
    chart.current?.setOption(
      {
        grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'item',
          confine: true,
          formatter: (p: { dataIndex: number }) => {
            const row = ordered[p.dataIndex];
            if (!row) return '';
            const title = escapeHtml(pick(row.sectionTitle, row.sectionTitleEn, locale));
            return `<div style="max-width:260px;white-space:normal"><b>${escapeHtml(row.section)}</b> ${title}<br/>${label}: <b>${row.count}</b></div>`;
          },
        },
        xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
        yAxis: { type: 'category', data: ordered.map((r) => r.section), axisTick: { show: false } },
        series: [
          {
            type: 'bar',
            barMaxWidth: 18,
            cursor: onSelect ? 'pointer' : 'default',
            label: { show: true, position: 'right' },
            data: ordered.map((r) => ({
              value: r.count,
              itemStyle: { color: r.section.startsWith('四') ? CHAPTER4 : CHAPTER3, borderRadius: [0, 3, 3, 0] },
            })),
          },
        ],
      },
      true,
    );
  }, [rows, t, locale, onSelect]);

  const chapters = [
    { prefix: '三', color: CHAPTER3, label: t('overview.chapter3') },
    { prefix: '四', color: CHAPTER4, label: t('overview.chapter4') },
  ].filter((c) => rows.some((r) => r.section.startsWith(c.prefix)));
  return (
    <>
      <div ref={el} className="ra-chart" style={{ height: Math.max(200, rows.length * 30 + 24) }} />
      <div className="ra-legend">
        {chapters.map((c) => (
          <span key={c.prefix}>
            <i style={{ background: c.color }} />
            {c.label}
          </span>
        ))}
      </div>
    </>
  );
}
