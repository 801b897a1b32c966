import { Card, Segmented, Space, Table } from 'antd';
import { useCallback, useState } from 'react';
import { useT } from '../../app/i18n.ts';
import { LoadError, PageHeader } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { EChart } from '../supervision/index.ts';
import { DepartmentSelect, PeriodFilter, TownshipSelect } from './components.tsx';
import { type EnforcementFigures, enforcementApi } from './enforcement.api.ts';

type Row = EnforcementFigures['rows'][number];
const keys = ['opened', 'closed', 'fines', 'closures', 'revocations', 'transfers'] as const;

/**
 * /enforcement/figures — 执法统计: cases opened and closed, fines, closures, revocations and transfers
 * by department or township for a period: exactly the API's rows (GET /api/v1/enforcement/figures).
 */
export function FiguresPage() {
  const t = useT();
  const [groupBy, setGroupBy] = useState<'department' | 'township'>('department');
  const [period, setPeriod] = useState<{ from?: string; to?: string }>({});
  const [departmentId, setDepartmentId] = useState<string>();
  const [regionId, setRegionId] = useState<string>();
  const { data, error, loading, reload } = useRequest(
    useCallback(
      () => enforcementApi.figures({ groupBy, ...period, departmentId, regionId }),
      [groupBy, period, departmentId, regionId],
    ),
  );
  const rows = data?.rows ?? [];
  const label = (k: (typeof keys)[number]) => t(`figures.${k}`);
  const total = Object.fromEntries(keys.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)])) as Record<
    (typeof keys)[number],
    number
  >;
  const counts = keys.filter((k) => k !== 'fines');
  return (
    <>
      <PageHeader title={t('figures.title')} />
      <Card style={{ marginBottom: 12 }}>
        <Space wrap>
          <Segmented
            value={groupBy}
            onChange={(v) => setGroupBy(v as 'department' | 'township')}
            options={[
              { value: 'department', label: t('figures.byDepartment') },
              { value: 'township', label: t('figures.byTownship') },
            ]}
          />
          <DepartmentSelect
            value={departmentId}
            onChange={(v) => setDepartmentId(v as string | undefined)}
            placeholder={t('cases.department')}
            width={160}
          />
          <TownshipSelect value={regionId} onChange={setRegionId} placeholder={t('cases.region')} width={150} />
          <PeriodFilter from={period.from} to={period.to} onChange={(from, to) => setPeriod({ from, to })} />
        </Space>
      </Card>
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <>
          {rows.length ? (
            <Card style={{ marginBottom: 12 }}>
              <EChart
                height={Math.max(260, rows.length * 36 + 80)}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { data: counts.map(label) },
                  grid: { left: 110, right: 24, top: 40, bottom: 24 },
                  xAxis: { type: 'value', minInterval: 1 },
                  yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
                  series: counts.map((k) => ({ name: label(k), type: 'bar', data: rows.map((r) => r[k]) })),
                }}
              />
            </Card>
          ) : null}
          <Card>
            <Table<Row>
              rowKey="id"
              size="small"
              loading={loading}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 760 }}
              locale={{ emptyText: t('figures.empty') }}
              columns={[
                { title: t('figures.name'), dataIndex: 'name', fixed: 'left', width: 140 },
                ...keys.map((k) => ({
                  title: label(k),
                  dataIndex: k,
                  align: 'right' as const,
                  render: (v: number) => v.toLocaleString('zh-CN'),
                })),
              ]}
              summary={() =>
                rows.length > 1 ? (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>{t('figures.total')}</Table.Summary.Cell>
                    {keys.map((k, i) => (
                      <Table.Summary.Cell index={i + 1} key={k} align="right">
                        {total[k].toLocaleString('zh-CN')}
                      </Table.Summary.Cell>
                    ))}
                  </Table.Summary.Row>
                ) : null
              }
            />
          </Card>
        </>
      )}
    </>
  );
}
