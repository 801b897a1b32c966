import { Button, Card, Col, DatePicker, Row, Segmented, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { inspectionObjectTypeLabels } from '../../../domain/inspections/inspections.ts';
import { enterpriseKindLabels, vehicleKindLabels, venueCategoryLabels } from '../../../domain/registry/registry.ts';
import { formatDate } from '../../app/format.ts';
import { type Locale, type MessageKey, useLocale, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { ObjectPicker, type PickedObject } from '../inspections/index.ts';
import { RegionTreeSelect } from '../registry/index.ts';
import { ProgressChart } from './ProgressChart.tsx';
import { type Figures, type ProgressGrouping, type ProgressSummary, progressApi } from './progress.api.ts';

const groupings: ProgressGrouping[] = ['region', 'department', 'objectKind', 'phase'];

const pct = (rate: number | null) => (rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);

/** A group's name in the user's language (object kinds come as codes). */
function groupLabel(
  groupBy: ProgressGrouping,
  key: string,
  label: string,
  locale: Locale,
  t: (k: MessageKey) => string,
) {
  if (groupBy === 'objectKind') {
    const labels = { ...venueCategoryLabels, ...enterpriseKindLabels, ...vehicleKindLabels } as Record<
      string,
      { zh: string; en: string }
    >;
    if (key === 'pipeline') return inspectionObjectTypeLabels.pipeline[locale];
    return labels[key]?.[locale] ?? label;
  }
  if (groupBy === 'phase' && ['intensive', 'consolidation', 'long_term'].includes(key)) {
    return t(`campaign.phase.${key}` as MessageKey);
  }
  return label;
}

type GroupRow = ProgressSummary['groups'][number];

/** /progress — coverage and progress by township, department, object kind and campaign phase; the townships ranked. */
export function ProgressPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const groupBy = (params.get('groupBy') as ProgressGrouping | null) ?? 'region';
  const regionId = params.get('regionId') ?? undefined;
  const asOf = params.get('asOf') ?? undefined;
  const [picked, setPicked] = useState<PickedObject | null>(null);

  const load = useCallback(() => progressApi.summary({ groupBy, regionId, asOf }), [groupBy, regionId, asOf]);
  const { data, error, loading, reload } = useRequest(load);

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const groups = useMemo(
    () => (data?.groups ?? []).map((g) => ({ ...g, label: groupLabel(data!.groupBy, g.key, g.label, locale, t) })),
    [data, locale, t],
  );
  const ranking = useMemo(
    () =>
      groupBy === 'region'
        ? [...groups].sort(
            (a, b) =>
              (b.closureRate ?? -1) - (a.closureRate ?? -1) ||
              (b.coverageRate ?? -1) - (a.coverageRate ?? -1) ||
              a.overdue - b.overdue,
          )
        : [],
    [groups, groupBy],
  );

  const columns = [
    { title: t('progress.group'), dataIndex: 'label', fixed: 'left' as const, width: 120 },
    { title: t('progress.registered'), dataIndex: 'registered', align: 'right' as const },
    { title: t('progress.inspected'), dataIndex: 'inspected', align: 'right' as const },
    {
      title: t('progress.coverage'),
      key: 'coverage',
      align: 'right' as const,
      render: (_: unknown, r: Figures) => pct(r.coverageRate),
    },
    { title: t('progress.found'), dataIndex: 'found', align: 'right' as const },
    { title: t('progress.closed'), dataIndex: 'closed', align: 'right' as const },
    { title: t('progress.open'), dataIndex: 'open', align: 'right' as const },
    {
      title: t('progress.overdue'),
      dataIndex: 'overdue',
      align: 'right' as const,
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
    },
    {
      title: t('progress.majorOpen'),
      dataIndex: 'majorOpen',
      align: 'right' as const,
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
    },
    {
      title: t('progress.closureRate'),
      key: 'closure',
      align: 'right' as const,
      render: (_: unknown, r: Figures) => pct(r.closureRate),
    },
    {
      title: t('progress.medianDays'),
      dataIndex: 'medianDaysToClose',
      align: 'right' as const,
      render: (n: number | null) => (n === null ? '—' : t('progress.days', { n })),
    },
  ];

  const total = data?.total;
  return (
    <>
      <PageHeader
        title={t('progress.title')}
        extra={
          data ? (
            <Typography.Text type="secondary">{t('progress.asOf', { date: formatDate(data.asOf) })}</Typography.Text>
          ) : null
        }
      />
      <div className="ra-toolbar">
        <Segmented
          value={groupBy}
          onChange={(v) => set({ groupBy: v === 'region' ? undefined : (v as string) })}
          options={groupings.map((g) => ({ value: g, label: t(`progress.by.${g}`) }))}
        />
        <RegionTreeSelect value={regionId} onChange={(v) => set({ regionId: v })} style={{ minWidth: 160 }} />
        <DatePicker
          value={asOf ? dayjs(asOf) : null}
          onChange={(d) => set({ asOf: d ? d.format('YYYY-MM-DD') : undefined })}
          placeholder={t('progress.asOf', { date: '' }).trim()}
        />
      </div>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : loading && !data ? (
        <PageLoading />
      ) : total ? (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            {(
              [
                ['progress.registered', total.registered],
                ['progress.inspected', total.inspected],
                ['progress.coverage', pct(total.coverageRate)],
                ['progress.found', total.found],
                ['progress.closureRate', pct(total.closureRate)],
                ['progress.overdue', total.overdue],
                ['progress.majorOpen', total.majorOpen],
                ['progress.medianDays', total.medianDaysToClose ?? '—'],
              ] as [MessageKey, number | string][]
            ).map(([k, v]) => (
              <Col xs={12} sm={8} lg={6} xl={3} key={k}>
                <Card size="small">
                  <Statistic title={t(k)} value={v} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={groupBy === 'region' ? 15 : 24}>
              <Card size="small" title={t('progress.chartTitle')}>
                <ProgressChart groups={groups} />
              </Card>
            </Col>
            {groupBy === 'region' ? (
              <Col xs={24} xl={9}>
                <Card
                  size="small"
                  title={t('progress.ranking')}
                  extra={<Typography.Text type="secondary">{t('progress.rankBy')}</Typography.Text>}
                >
                  <Table<GroupRow>
                    size="small"
                    rowKey="key"
                    pagination={false}
                    dataSource={ranking}
                    data-testid="township-ranking"
                    columns={[
                      {
                        title: t('progress.rank'),
                        key: 'rank',
                        width: 56,
                        render: (_: unknown, __: GroupRow, i: number) => i + 1,
                      },
                      { title: t('progress.group'), dataIndex: 'label' },
                      {
                        title: t('progress.closureRate'),
                        key: 'c',
                        align: 'right',
                        render: (_: unknown, r: GroupRow) => pct(r.closureRate),
                      },
                      {
                        title: t('progress.coverage'),
                        key: 'v',
                        align: 'right',
                        render: (_: unknown, r: GroupRow) => pct(r.coverageRate),
                      },
                      { title: t('progress.overdue'), dataIndex: 'overdue', align: 'right' },
                    ]}
                  />
                </Card>
              </Col>
            ) : null}
          </Row>
          <Card size="small" style={{ marginTop: 12 }}>
            <Table<GroupRow>
              size="small"
              rowKey="key"
              dataSource={groups}
              columns={columns}
              pagination={false}
              // The card's body is 984 px wide at 1280 px: the figures fit without sideways scrolling there.
              scroll={{ x: 960 }}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <strong>{t('progress.total')}</strong>
                  </Table.Summary.Cell>
                  {(
                    [
                      total.registered,
                      total.inspected,
                      pct(total.coverageRate),
                      total.found,
                      total.closed,
                      total.open,
                      total.overdue,
                      total.majorOpen,
                      pct(total.closureRate),
                      total.medianDaysToClose === null ? '—' : t('progress.days', { n: total.medianDaysToClose }),
                    ] as (string | number)[]
                  ).map((v, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed, in this order
                    <Table.Summary.Cell index={i + 1} key={i} align="right">
                      <strong>{v}</strong>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              )}
            />
          </Card>
        </>
      ) : null}
      <Card size="small" title={t('progress.accountability')} style={{ marginTop: 12 }}>
        <div style={{ display: 'flex', flexDirection: isMobile ? 'column' : 'row', gap: 8, maxWidth: 680 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <ObjectPicker
              value={picked}
              onChange={setPicked}
              types={['venue', 'enterprise', 'facility', 'pipeline', 'vehicle']}
            />
          </div>
          <Button
            type="primary"
            disabled={!picked}
            onClick={() => picked && navigate(`/accountability/${picked.type}/${picked.id}`)}
          >
            {t('progress.go')}
          </Button>
        </div>
      </Card>
    </>
  );
}
