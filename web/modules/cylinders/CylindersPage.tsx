import { PrinterOutlined, ScanOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Space, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  type CylinderModel,
  type CylinderStatus,
  cylinderLocationLabels,
  cylinderModelSpecs,
  cylinderStatusLabels,
} from '../../../domain/cylinders/cylinders.ts';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { EnumFilter, SearchFilter, YesNoFilter } from '../../app/list/filters.tsx';
import { ListPage, ListTable } from '../../app/list/ListPage.tsx';
import { useList } from '../../app/list/useList.ts';
import { useSession } from '../../app/session.tsx';
import { EnterpriseSelect } from '../registry/index.ts';
import { type Cylinder, type CylinderList, cylindersApi } from './cylinders.api.ts';
import { TabularActions } from '../registry/index.ts';
import { LabelsModal } from './LabelsModal.tsx';
import './cylinders.css';

export const cylinderPath = (code: string) => `/cylinders/${encodeURIComponent(code)}`;

const statusColor: Record<CylinderStatus, string> = { in_service: 'green', seized: 'orange', scrapped: 'default' };

export function StatusTag({ status }: { status: CylinderStatus }) {
  const locale = useLocale();
  return <Tag color={statusColor[status]}>{cylinderStatusLabels[status][locale]}</Tag>;
}

export const modelText = (model: CylinderModel) => `${model}（${cylinderModelSpecs[model].label}）`;

/** The next inspection day, red when it has passed. */
export function InspectionDue({ cylinder }: { cylinder: Pick<Cylinder, 'nextInspectionDue' | 'inspectionOverdue'> }) {
  const t = useT();
  return cylinder.inspectionOverdue ? (
    <span className="ra-danger">
      {formatDate(cylinder.nextInspectionDue)} <Tag color="red">{t('cylinder.overdue')}</Tag>
    </span>
  ) : (
    <span>{formatDate(cylinder.nextInspectionDue)}</span>
  );
}

type Filters = {
  q?: string;
  ownerEnterpriseId?: string;
  model?: CylinderModel;
  status?: CylinderStatus;
  overdue?: boolean;
  notSeen?: boolean;
};

/** The address's filters as the API takes them (overdue as 'true' / 'false'). */
const apiFilters = <F extends Filters>(f: F) => ({
  ...f,
  overdue: f.overdue === undefined ? undefined : f.overdue ? ('true' as const) : ('false' as const),
  notSeen: f.notSeen === undefined ? undefined : f.notSeen ? ('true' as const) : ('false' as const),
});
const fetchCylinders = (q: Filters & { page: number; pageSize: number }) => cylindersApi.list(apiFilters(q));

/** 气瓶档案: the cylinders in the user's scope, with filters in the address, export and labels. */
export function CylindersPage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { can } = useSession();
  const [labels, setLabels] = useState(false);
  const list = useList<Filters & { page: number; pageSize: number }, CylinderList, Filters>(fetchCylinders, {
    types: {
      q: 'string',
      ownerEnterpriseId: 'string',
      model: 'string',
      status: 'string',
      overdue: 'boolean',
      notSeen: 'boolean',
    },
  });

  const columns: TableColumnsType<Cylinder> = [
    {
      title: t('cylinder.code'),
      dataIndex: 'code',
      width: 150,
      render: (code: string) => (
        <Link className="ra-mono" to={cylinderPath(code)}>
          {code}
        </Link>
      ),
    },
    { title: t('cylinder.owner'), dataIndex: 'ownerName', width: 220 },
    { title: t('cylinder.model'), dataIndex: 'model', width: 150, render: (m: CylinderModel) => modelText(m) },
    {
      title: t('cylinder.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: CylinderStatus) => <StatusTag status={s} />,
    },
    {
      title: t('cylinder.nextInspectionDue'),
      key: 'due',
      width: 170,
      render: (_, c) => <InspectionDue cylinder={c} />,
    },
    { title: t('cylinder.manufacturer'), dataIndex: 'manufacturer', width: 200 },
    {
      title: t('cylinder.location'),
      key: 'location',
      width: 160,
      render: (_, c) => c.location.label ?? cylinderLocationLabels[c.location.type][locale],
    },
    {
      title: t('cylinder.lastSeenAt'),
      dataIndex: 'lastSeenAt',
      width: 150,
      render: (v: string | null) => formatDateTime(v),
    },
  ];
  const mobileColumns: TableColumnsType<Cylinder> = [
    {
      title: t('cylinder.code'),
      key: 'card',
      render: (_, c) => (
        <div>
          <Link className="ra-mono" to={cylinderPath(c.code)} style={{ fontWeight: 500 }}>
            {c.code}
          </Link>{' '}
          <StatusTag status={c.status} />
          <div className="ra-muted">
            {c.ownerName} · {modelText(c.model)}
          </div>
          <div>
            {t('cylinder.nextInspectionDue')}：<InspectionDue cylinder={c} />
          </div>
        </div>
      ),
    },
  ];

  return (
    <ListPage
      title={t('menu.cylinderList')}
      layout="split"
      error={list.error}
      hasData={list.data !== undefined}
      onRetry={list.reload}
      actions={
        <Space wrap>
          <Button icon={<ScanOutlined />} onClick={() => navigate('/cylinders/scan')}>
            {t('menu.cylinderScan')}
          </Button>
          <Button icon={<WarningOutlined />} onClick={() => navigate('/cylinders/anomalies')}>
            {t('menu.cylinderAnomalies')}
          </Button>
          {can('cylinder.manage') ? (
            <Button icon={<PrinterOutlined />} onClick={() => setLabels(true)}>
              {t('cylinderLabels.title')}
            </Button>
          ) : null}
          <TabularActions
            kind="/api/v1/cylinders"
            title={t('menu.cylinderList')}
            filters={apiFilters(list.query)}
            onImported={list.reload}
            importPermission="cylinder.manage"
          />
        </Space>
      }
      filters={
        <>
          <SearchFilter list={list} placeholder={t('cylinder.search')} width={220} />
          <EnterpriseSelect
            placeholder={t('cylinder.owner')}
            value={list.filters.ownerEnterpriseId}
            onChange={(v) => list.set({ ownerEnterpriseId: v ?? undefined })}
            style={{ width: 220 }}
          />
          <EnumFilter
            labels={cylinderStatusLabels}
            placeholder={t('cylinder.status')}
            width={120}
            value={list.filters.status}
            onChange={(status) => list.set({ status })}
          />
          <EnumFilter
            labels={
              Object.fromEntries(
                Object.entries(cylinderModelSpecs).map(([m, s]) => [
                  m,
                  { zh: `${m}（${s.label}）`, en: `${m} (${s.label})` },
                ]),
              ) as Record<CylinderModel, { zh: string; en: string }>
            }
            placeholder={t('cylinder.model')}
            width={190}
            value={list.filters.model}
            onChange={(model) => list.set({ model })}
          />
          <YesNoFilter
            placeholder={t('cylinder.filterOverdue')}
            yes={t('cylinder.overdueOnly')}
            no={t('cylinder.notOverdue')}
            width={130}
            value={list.filters.overdue}
            onChange={(overdue) => list.set({ overdue })}
          />
          <YesNoFilter
            placeholder={t('cylinder.filterNotSeen')}
            yes={t('cylinder.notSeenOnly')}
            no={t('cylinder.seenRecently')}
            width={130}
            value={list.filters.notSeen}
            onChange={(notSeen) => list.set({ notSeen })}
          />
        </>
      }
    >
      <ListTable<Cylinder>
        {...list.table}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1300}
        onOpen={(c) => navigate(cylinderPath(c.code))}
      />
      <LabelsModal open={labels} onClose={() => setLabels(false)} />
    </ListPage>
  );
}
