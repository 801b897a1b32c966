import { Select, type TableColumnsType, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import {
  type PipeMaterial,
  type PressureClass,
  pipeMaterialLabels,
  pressureClassLabels,
  type RenewalStatus,
  renewalStatusLabels,
} from '../../../../domain/registry/registry.ts';
import { type Translate, useLocale, useT } from '../../../app/i18n.ts';
import { useSession } from '../../../app/session.tsx';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumLabel } from '../components/enumOptions.ts';
import {
  ArchivedFilter,
  ArchivedName,
  EnumFilter,
  RegionFilter,
  RegistryListPage,
  RegistryTable,
  SearchFilter,
  useRegistryList,
  useRegistryRows,
} from '../components/RegistryListPage.tsx';
import { PipelineFormDrawer } from './PipelineFormDrawer.tsx';
import { type PipelineDetail, type PipelineSegment, pipelinesApi } from './pipelines.api.ts';

const detailPath = (id: string) => `/registry/pipelines/${id}`;

const renewalColors: Record<RenewalStatus, string> = {
  not_needed: 'default',
  planned: 'orange',
  in_progress: 'blue',
  done: 'green',
};

/** 占压 / 穿越密闭空间 as tags: the "问题管网" of plan 三(三)1. */
export function PipelineFlags({
  segment,
  t,
}: {
  segment: Pick<PipelineSegment, 'encroached' | 'confinedSpace'>;
  t: Translate;
}) {
  if (!segment.encroached && !segment.confinedSpace) return <span className="ra-muted">—</span>;
  return (
    <span className="ra-tags">
      {segment.encroached ? <Tag color="red">{t('pipeline.encroached')}</Tag> : null}
      {segment.confinedSpace ? <Tag color="volcano">{t('pipeline.confinedSpace')}</Tag> : null}
    </span>
  );
}

/** The age, coloured from 20 years (ageing) and 30 years (old). */
export function PipelineAge({ age, t }: { age: number | null; t: Translate }) {
  if (age === null) return <span className="ra-muted">—</span>;
  const text = t('pipeline.ageValue', { n: age });
  if (age >= 30) return <Tag color="red">{text}</Tag>;
  if (age >= 20) return <Tag color="orange">{text}</Tag>;
  return <span>{text}</span>;
}

export function RenewalTag({ status, locale }: { status: RenewalStatus; locale: 'zh' | 'en' }) {
  return <Tag color={renewalColors[status]}>{enumLabel(renewalStatusLabels, status, locale)}</Tag>;
}

type Flag = 'encroached' | 'confinedSpace';

/** 燃气管网: the pipeline segments in the user's scope, with age, problem flags and renewal. */
export function PipelinesPage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { can } = useSession();
  const canManage = can('registry.manage');
  const list = useRegistryList(pipelinesApi.list, {
    types: {
      material: 'string',
      pressureClass: 'string',
      encroached: 'boolean',
      confinedSpace: 'boolean',
      minAge: 'number',
      ownerEnterpriseId: 'string',
      renewalStatus: 'string',
    },
  });
  const rows = useRegistryRows<PipelineDetail>({ api: pipelinesApi, reload: list.reload, detailPath });
  const { filters } = list;

  const flags: Flag[] = [
    ...(filters.encroached ? ['encroached' as const] : []),
    ...(filters.confinedSpace ? ['confinedSpace' as const] : []),
  ];

  const mobileColumns: TableColumnsType<PipelineSegment> = [
    {
      title: t('pipeline.name'),
      key: 'name',
      render: (_, s) => (
        <div>
          <Link to={detailPath(s.id)} style={{ fontWeight: 500 }}>
            {s.name}
          </Link>
          <div className="ra-muted">
            {s.code} · {s.region.name} · {enumLabel(pipeMaterialLabels, s.material, locale)}
          </div>
          {s.encroached || s.confinedSpace ? (
            <div style={{ marginTop: 4 }}>
              <PipelineFlags segment={s} t={t} />
            </div>
          ) : null}
        </div>
      ),
    },
    { title: t('pipeline.age'), key: 'age', width: 84, render: (_, s) => <PipelineAge age={s.ageYears} t={t} /> },
  ];
  const columns: TableColumnsType<PipelineSegment> = [
    {
      title: t('pipeline.code'),
      dataIndex: 'code',
      width: 130,
      render: (code: string, s) => <Link to={detailPath(s.id)}>{code}</Link>,
    },
    {
      title: t('pipeline.name'),
      dataIndex: 'name',
      width: 240,
      render: (name: string, s) => <ArchivedName archived={s.archived}>{name}</ArchivedName>,
    },
    { title: t('registry.region'), key: 'region', width: 120, render: (_, s) => s.region.name },
    {
      title: t('pipeline.owner'),
      key: 'owner',
      width: 180,
      render: (_, s) => s.ownerEnterprise?.name ?? <span className="ra-muted">{t('pipeline.noOwner')}</span>,
    },
    {
      title: t('pipeline.material'),
      dataIndex: 'material',
      width: 90,
      render: (m: PipeMaterial) => enumLabel(pipeMaterialLabels, m, locale),
    },
    {
      title: t('pipeline.pressureClass'),
      dataIndex: 'pressureClass',
      width: 90,
      render: (p: PressureClass) => enumLabel(pressureClassLabels, p, locale),
    },
    {
      title: t('pipeline.diameterShort'),
      dataIndex: 'diameterMm',
      width: 80,
      render: (d: number | null) => d ?? '—',
    },
    {
      title: t('pipeline.installedYear'),
      dataIndex: 'installedYear',
      width: 90,
      render: (y: number | null) => y ?? '—',
    },
    { title: t('pipeline.age'), key: 'age', width: 90, render: (_, s) => <PipelineAge age={s.ageYears} t={t} /> },
    { title: t('pipeline.flags'), key: 'flags', width: 190, render: (_, s) => <PipelineFlags segment={s} t={t} /> },
    {
      title: t('pipeline.renewalStatus'),
      dataIndex: 'renewalStatus',
      width: 110,
      render: (r: RenewalStatus) => <RenewalTag status={r} locale={locale} />,
    },
  ];

  return (
    <RegistryListPage
      title={t('menu.pipelines')}
      tabularKind="pipeline-segments"
      list={list}
      create={canManage ? { label: t('pipeline.create'), onClick: rows.create } : null}
      filters={
        <>
          <SearchFilter list={list} placeholder={t('pipeline.search')} width={220} />
          <RegionFilter list={list} width={180} />
          <EnumFilter
            labels={pipeMaterialLabels}
            placeholder={t('pipeline.material')}
            width={120}
            value={filters.material}
            onChange={(material) => list.set({ material })}
          />
          <EnumFilter
            labels={pressureClassLabels}
            placeholder={t('pipeline.pressureClass')}
            width={120}
            value={filters.pressureClass}
            onChange={(pressureClass) => list.set({ pressureClass })}
          />
          <Select<number>
            allowClear
            placeholder={t('pipeline.minAge')}
            style={{ width: 140 }}
            value={filters.minAge}
            onChange={(v) => list.set({ minAge: v })}
            options={[10, 20, 30].map((n) => ({ value: n, label: t('pipeline.minAgeOption', { n }) }))}
          />
          <Select<Flag[]>
            mode="multiple"
            allowClear
            placeholder={t('pipeline.flags')}
            style={{ minWidth: 160 }}
            value={flags}
            onChange={(v: Flag[]) =>
              list.set({
                encroached: v.includes('encroached') || undefined,
                confinedSpace: v.includes('confinedSpace') || undefined,
              })
            }
            options={[
              { value: 'encroached', label: t('pipeline.encroached') },
              { value: 'confinedSpace', label: t('pipeline.confinedSpace') },
            ]}
          />
          <EnumFilter
            labels={renewalStatusLabels}
            placeholder={t('pipeline.renewalStatus')}
            width={130}
            value={filters.renewalStatus}
            onChange={(renewalStatus) => list.set({ renewalStatus })}
          />
          <EnterpriseSelect
            kinds={['pipeline_operator']}
            placeholder={t('pipeline.owner')}
            value={filters.ownerEnterpriseId}
            onChange={(v) => list.set({ ownerEnterpriseId: v ?? undefined })}
            style={{ width: 200 }}
          />
          <ArchivedFilter list={list} />
        </>
      }
    >
      <RegistryTable<PipelineSegment>
        {...list.table}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1560}
        onOpen={(s) => navigate(detailPath(s.id))}
        actions={canManage ? rows.actions<PipelineSegment>((s) => s.name) : null}
      />
      <PipelineFormDrawer
        open={rows.drawer !== null}
        segment={rows.drawer?.record}
        onClose={rows.close}
        onSaved={rows.saved}
      />
    </RegistryListPage>
  );
}
