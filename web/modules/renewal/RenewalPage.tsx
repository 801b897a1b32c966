import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Row, Table, type TableColumnsType, Tag } from 'antd';
import { candidateReasonLabels } from '../../../domain/renewal/candidates.ts';
import { pipeMaterialLabels, renewalStatusLabels } from '../../../domain/registry/registry.ts';
import { downloadFile, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { ListPage, ListTable } from '../../app/list/ListPage.tsx';
import { EnumFilter } from '../../app/list/filters.tsx';
import { useList } from '../../app/list/useList.ts';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { EnterpriseSelect } from '../registry/index.ts';
import { RegionTreeSelect } from '../registry/index.ts';
import { type Candidate, type CandidateFilters, type CandidateList, renewalApi } from './renewal.api.ts';

type Group = CandidateList['byRegion'][number];

/** 老化管网更新改造对象: the register's segments the rule lists, with reasons, sums by township and operator, export. */
export function RenewalPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const list = useList<CandidateFilters & { page: number; pageSize: number }, CandidateList>(renewalApi.candidates, {
    types: { regionId: 'string', operatorId: 'string', reason: 'string' },
  });
  const { filters, data } = list;
  const km = (m: number) => (m / 1000).toFixed(2);

  const reasons = (c: Candidate) =>
    c.reasons.map((r) => (
      <Tag key={r} color={r === 'grey_cast_iron' ? 'red' : 'orange'} style={{ whiteSpace: 'normal' }}>
        {candidateReasonLabels[r][locale]}
      </Tag>
    ));
  const columns: TableColumnsType<Candidate> = [
    { title: t('renewal.code'), dataIndex: 'code', width: 130 },
    { title: t('renewal.name'), dataIndex: 'name', width: 180 },
    { title: t('renewal.region'), key: 'region', width: 120, render: (_, c) => c.region.name },
    {
      title: t('renewal.operator'),
      key: 'operator',
      width: 180,
      render: (_, c) => c.operator?.name ?? t('renewal.noOperator'),
    },
    {
      title: t('renewal.material'),
      dataIndex: 'material',
      width: 90,
      render: (m: Candidate['material']) => pipeMaterialLabels[m][locale],
    },
    { title: t('renewal.length'), dataIndex: 'lengthM', width: 100, render: (v: number | null) => v ?? '—' },
    {
      title: t('renewal.serviceYears'),
      dataIndex: 'serviceYears',
      width: 90,
      render: (v: number | null) => (v === null ? '—' : t('renewal.years', { n: v })),
    },
    { title: t('renewal.openHazards'), dataIndex: 'openHazards', width: 100 },
    {
      title: t('renewal.status'),
      dataIndex: 'renewalStatus',
      width: 100,
      render: (s: Candidate['renewalStatus']) => renewalStatusLabels[s][locale],
    },
    { title: t('renewal.reason'), key: 'reasons', width: 260, render: (_, c) => reasons(c) },
  ];
  const mobileColumns: TableColumnsType<Candidate> = [
    {
      title: t('renewal.name'),
      key: 'c',
      render: (_, c) => (
        <div>
          <div style={{ fontWeight: 500 }}>
            {c.name} <span className="ra-muted">{c.code}</span>
          </div>
          <div className="ra-muted">
            {c.region.name} · {c.operator?.name ?? t('renewal.noOperator')} · {pipeMaterialLabels[c.material][locale]}
            {c.lengthM !== null ? ` · ${c.lengthM} m` : ''}
          </div>
          <div style={{ marginTop: 4 }}>{reasons(c)}</div>
        </div>
      ),
    },
  ];
  const groupTable = (title: string, rows: Group[] | undefined) => (
    <Card size="small" title={title}>
      <Table<Group>
        size="small"
        rowKey={(g) => g.id ?? ''}
        pagination={false}
        dataSource={rows}
        columns={[
          { title: title, dataIndex: 'name', render: (n: string, g) => (g.id ? n : t('renewal.noOperator')) },
          { title: '', key: 'n', width: 80, render: (_, g) => t('renewal.segments', { n: g.segments }) },
          { title: 'km', key: 'km', width: 80, render: (_, g) => km(g.lengthM) },
        ]}
      />
    </Card>
  );

  return (
    <ListPage
      title={t('renewal.title')}
      intro={<p className="ra-muted">{t('renewal.intro')}</p>}
      layout={isMobile ? 'split' : 'card'}
      error={list.error}
      hasData={data !== undefined}
      onRetry={list.reload}
      actions={
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            void downloadFile(renewalApi.exportUrl(list.query), '老化管网改造对象.xlsx').catch((err: unknown) =>
              message.error(errorText(err)),
            )
          }
        >
          {t('renewal.export')}
        </Button>
      }
      filters={
        <>
          <RegionTreeSelect
            value={filters.regionId}
            onChange={(v) => list.set({ regionId: v })}
            placeholder={t('renewal.region')}
            style={{ width: isMobile ? '100%' : 170 }}
          />
          <EnterpriseSelect
            placeholder={t('renewal.operator')}
            value={filters.operatorId}
            onChange={(v) => list.set({ operatorId: v ?? undefined })}
            style={{ width: isMobile ? '100%' : 220 }}
          />
          <EnumFilter
            labels={candidateReasonLabels}
            placeholder={t('renewal.reason')}
            width={240}
            value={filters.reason}
            onChange={(reason) => list.set({ reason })}
          />
        </>
      }
    >
      {data ? (
        <>
          <p style={{ fontWeight: 500 }}>{t('renewal.summary', { n: data.total, km: km(data.totalLengthM) })}</p>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={24} md={12}>
              {groupTable(t('renewal.byRegion'), data.byRegion)}
            </Col>
            <Col xs={24} md={12}>
              {groupTable(t('renewal.byOperator'), data.byOperator)}
            </Col>
          </Row>
        </>
      ) : null}
      <ListTable<Candidate> {...list.table} columns={columns} mobileColumns={mobileColumns} scrollX={1400} />
    </ListPage>
  );
}
