import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Select, Space, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { worksKindLabels } from '../../../domain/works/works.ts';
import { formatDate } from '../../app/format.ts';
import { downloadFile, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { ListPage, ListTable } from '../../app/list/ListPage.tsx';
import { useList } from '../../app/list/useList.ts';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { RegionPeriodFilters } from '../registry/index.ts';
import { WorksFormDrawer } from './WorksFormDrawer.tsx';
import { type WorksFilters, type WorksItem, worksApi } from './works.api.ts';

const detailPath = (id: string) => `/works/${id}`;

export function AgreementTag({ w }: { w: Pick<WorksItem, 'agreementSigned'> }) {
  const t = useT();
  return w.agreementSigned ? (
    <Tag color="green">{t('works.agreementSigned')}</Tag>
  ) : (
    <Tag color="red">{t('works.agreementMissing')}</Tag>
  );
}

/** 第三方施工: the works in scope (an operator: those near its network), with the export and the form. */
export function WorksPage() {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const list = useList<WorksFilters & { page: number; pageSize: number }, Awaited<ReturnType<typeof worksApi.list>>>(
    worksApi.list,
    { types: { q: 'string', regionId: 'string', status: 'string', from: 'string', to: 'string' } },
  );
  const { filters } = list;

  const columns: TableColumnsType<WorksItem> = [
    { title: t('works.startOn'), dataIndex: 'startOn', width: 110, render: (d: string) => formatDate(d) },
    {
      title: t('works.name'),
      dataIndex: 'name',
      render: (name: string, w) => <Link to={detailPath(w.id)}>{name}</Link>,
    },
    {
      title: t('works.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: WorksItem['kind']) => worksKindLabels[k][locale],
    },
    { title: t('works.builder'), key: 'builder', width: 200, render: (_, w) => w.builder.name },
    { title: t('works.region'), key: 'region', width: 110, render: (_, w) => w.region.name },
    { title: t('works.segments'), dataIndex: 'segmentCount', width: 90 },
    { title: t('works.agreement'), key: 'agreement', width: 100, render: (_, w) => <AgreementTag w={w} /> },
    { title: t('works.guardian'), dataIndex: 'guardianName', width: 100, render: (v: string | null) => v ?? '—' },
    {
      title: t('works.hazard'),
      key: 'hazard',
      width: 150,
      render: (_, w) => (w.hazard ? <Link to={`/hazards/${w.hazard.id}`}>{w.hazard.number}</Link> : '—'),
    },
  ];
  const mobileColumns: TableColumnsType<WorksItem> = [
    {
      title: t('works.name'),
      key: 'name',
      render: (_, w) => (
        <div>
          <Link to={detailPath(w.id)} style={{ fontWeight: 500 }}>
            {w.name}
          </Link>
          <div className="ra-muted">
            {formatDate(w.startOn)} · {w.builder.name}
          </div>
          <div style={{ marginTop: 4 }}>
            <AgreementTag w={w} />
            {w.hazard ? <Tag color="orange">{w.hazard.number}</Tag> : null}
          </div>
        </div>
      ),
    },
  ];

  return (
    <ListPage
      title={t('works.title')}
      intro={<p className="ra-muted">{t('works.intro')}</p>}
      layout={isMobile ? 'split' : 'card'}
      error={list.error}
      hasData={list.data !== undefined}
      onRetry={list.reload}
      actions={
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void downloadFile(worksApi.exportUrl(list.query), '第三方施工.xlsx').catch(
                (err: unknown) => void message.error(errorText(err)),
              )
            }
          >
            {t('works.export')}
          </Button>
          {can('works.record') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="works-create">
              {t('works.create')}
            </Button>
          ) : null}
        </Space>
      }
      filters={
        <RegionPeriodFilters
          list={list}
          texts={{
            search: t('works.search'),
            region: t('works.region'),
            from: t('works.from'),
            to: t('works.to'),
          }}
        >
          <Select
            allowClear
            placeholder={t('works.status')}
            value={filters.status}
            onChange={(v) => list.set({ status: v })}
            style={{ width: isMobile ? '100%' : 130 }}
            options={(['open', 'withoutAgreement'] as const).map((s) => ({ value: s, label: t(`works.status.${s}`) }))}
          />
        </RegionPeriodFilters>
      }
    >
      <ListTable<WorksItem>
        {...list.table}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1200}
        onOpen={(w) => navigate(detailPath(w.id))}
      />
      <WorksFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(w) => {
          setCreating(false);
          if (w.hazard) message.warning(t('works.hazardRaised', { number: w.hazard.number }));
          else message.success(t('works.created'));
          navigate(detailPath(w.id));
        }}
      />
    </ListPage>
  );
}
