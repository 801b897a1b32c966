import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { addDays, chinaToday } from '../../../../domain/registry/pipelines-people-vehicles.ts';
import { type PersonKind, personKindLabels } from '../../../../domain/registry/registry.ts';
import { formatDate } from '../../../app/format.ts';
import { errorText } from '../../../app/http.ts';
import { type Translate, useLocale, useT } from '../../../app/i18n.ts';
import { LoadError, PageHeader } from '../../../app/PageState.tsx';
import { useSession } from '../../../app/session.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { organisationApi } from '../../organisation/organisation.api.ts';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumLabel, enumOptions } from '../components/enumOptions.ts';
import { RegionTreeSelect } from '../components/RegionTreeSelect.tsx';
import { TabularActions } from '../components/TabularButtons.tsx';
import { PersonFormDrawer } from './PersonFormDrawer.tsx';
import { type Person, type PersonDetail, type PersonFilters, peopleApi } from './people.api.ts';

/** Certificates expiring within this many days are flagged. */
const CERTIFICATE_WARNING_DAYS = 60;

/** 先培训、后排查: 可排查, 培训已过期 or 未培训, from what the server derived. */
export function InspectTag({ person, t }: { person: Pick<Person, 'mayInspect' | 'trainingValidUntil'>; t: Translate }) {
  if (person.mayInspect) {
    return (
      <Tooltip
        title={
          person.trainingValidUntil
            ? t('person.trainedUntil', { date: formatDate(person.trainingValidUntil) })
            : undefined
        }
      >
        <Tag color="green">{t('person.mayInspect')}</Tag>
      </Tooltip>
    );
  }
  if (person.trainingValidUntil) return <Tag color="orange">{t('person.trainingExpired')}</Tag>;
  return <Tag color="red">{t('person.notTrained')}</Tag>;
}

/** A certificate's expiry: red once expired, orange in its last 60 days. */
export function CertificateTag({
  person,
  t,
}: {
  person: Pick<Person, 'certificateExpiresOn' | 'certificateExpired'>;
  t: Translate;
}) {
  const on = person.certificateExpiresOn;
  if (!on) return null;
  if (person.certificateExpired) return <Tag color="red">{t('person.certificateExpired')}</Tag>;
  const today = chinaToday();
  if (on <= addDays(today, CERTIFICATE_WARNING_DAYS)) {
    const days = Math.round((Date.parse(on) - Date.parse(today)) / 86_400_000);
    return <Tag color="orange">{t('person.certificateExpiring', { n: days })}</Tag>;
  }
  return <span className="ra-muted">{t('person.certificateValidUntil', { date: formatDate(on) })}</span>;
}

function unitOf(p: Person): string {
  return p.enterprise?.name ?? p.venue?.name ?? p.department?.name ?? p.region.name;
}

/** 人员: inspectors and enterprise staff in the user's scope, with who may inspect. */
export function PeoplePage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('registry.manage');
  const [filters, setFilters] = useState<PersonFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [drawer, setDrawer] = useState<{ person: PersonDetail | null } | null>(null);
  const { data: departments } = useRequest(organisationApi.departments);
  const defaults = useMemo(() => (filters.kind ? { kind: filters.kind } : undefined), [filters.kind]);

  const set = (patch: Partial<PersonFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const { data, error, loading, reload } = useRequest(
    useCallback(() => peopleApi.list({ ...filters, page, pageSize }), [filters, page, pageSize]),
  );

  const edit = async (p: Person) => {
    try {
      setDrawer({ person: await peopleApi.get(p.id) });
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const archive = async (p: Person) => {
    try {
      await peopleApi.archive(p.id);
      message.success(t('registry.archivedDone'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const columns: TableColumnsType<Person> = isMobile
    ? [
        {
          title: t('person.name'),
          key: 'name',
          render: (_, p) => (
            <div>
              <Link to={`/registry/people/${p.id}`} style={{ fontWeight: 500 }}>
                {p.name}
              </Link>
              <span className="ra-muted"> · {enumLabel(personKindLabels, p.kind, locale)}</span>
              <div className="ra-muted">{unitOf(p)}</div>
              <div style={{ marginTop: 4 }} className="ra-tags">
                <InspectTag person={p} t={t} />
                <CertificateTag person={p} t={t} />
              </div>
            </div>
          ),
        },
      ]
    : [
        {
          title: t('person.name'),
          dataIndex: 'name',
          width: 130,
          render: (name: string, p) => (
            <>
              <Link to={`/registry/people/${p.id}`}>{name}</Link>
              {p.archived ? <Tag style={{ marginInlineStart: 6 }}>{t('registry.archived')}</Tag> : null}
            </>
          ),
        },
        {
          title: t('person.kind'),
          dataIndex: 'kind',
          width: 140,
          render: (k: PersonKind) => enumLabel(personKindLabels, k, locale),
        },
        { title: t('person.phone'), dataIndex: 'phone', width: 130 },
        { title: t('person.unit'), key: 'unit', render: (_, p) => unitOf(p) },
        { title: t('registry.region'), key: 'region', width: 130, render: (_, p) => p.region.name },
        {
          title: t('person.inspectColumn'),
          key: 'inspect',
          width: 110,
          render: (_, p) => <InspectTag person={p} t={t} />,
        },
        {
          title: t('person.certificate'),
          key: 'certificate',
          width: 190,
          render: (_, p) =>
            p.certificateNumber || p.certificateExpiresOn ? (
              <div>
                <div>{p.certificateNumber ?? '—'}</div>
                <CertificateTag person={p} t={t} />
              </div>
            ) : (
              <span className="ra-muted">—</span>
            ),
        },
      ];

  if (canManage && !isMobile) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_, p) =>
        p.archived ? null : (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => void edit(p)}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('registry.archiveConfirm', { name: p.name })}
              okText={t('registry.archive')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => archive(p)}
            >
              <Button type="link" size="small" danger>
                {t('registry.archive')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('menu.people')}
        extra={
          <Space wrap>
            <TabularActions kind="people" title={t('menu.people')} filters={filters} onImported={reload} />
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ person: null })}>
                {t('person.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        <div className="ra-toolbar">
          <Input.Search
            allowClear
            placeholder={t('person.search')}
            style={{ width: 200 }}
            maxLength={50}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
          <Select<PersonKind>
            allowClear
            placeholder={t('person.kind')}
            style={{ width: 160 }}
            value={filters.kind}
            onChange={(v) => set({ kind: v })}
            options={enumOptions(personKindLabels, locale)}
          />
          <Select<'yes' | 'no'>
            allowClear
            placeholder={t('person.inspectColumn')}
            style={{ width: 130 }}
            value={filters.mayInspect === undefined ? undefined : filters.mayInspect ? 'yes' : 'no'}
            onChange={(v) => set({ mayInspect: v === undefined ? undefined : v === 'yes' })}
            options={[
              { value: 'yes', label: t('person.mayInspect') },
              { value: 'no', label: t('person.mayNotInspect') },
            ]}
          />
          <RegionTreeSelect value={filters.regionId} onChange={(v) => set({ regionId: v })} style={{ width: 170 }} />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('person.department')}
            style={{ width: 150 }}
            value={filters.departmentId}
            onChange={(v) => set({ departmentId: v })}
            options={(departments ?? []).map((d) => ({ value: d.id, label: d.shortName }))}
          />
          <EnterpriseSelect
            placeholder={t('person.enterprise')}
            value={filters.enterpriseId}
            onChange={(v) => set({ enterpriseId: v ?? undefined })}
            style={{ width: 200 }}
          />
          <Checkbox
            checked={filters.archived === true}
            onChange={(e) => set({ archived: e.target.checked || undefined })}
          >
            {t('registry.showArchived')}
          </Checkbox>
        </div>
        {error && !data ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<Person>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items}
            loading={loading}
            scroll={isMobile ? undefined : { x: 1150 }}
            onRow={(p) => (isMobile ? { onClick: () => navigate(`/registry/people/${p.id}`) } : {})}
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
              showSizeChanger: !isMobile,
              size: isMobile ? 'small' : undefined,
              showTotal: (n) => t('common.total', { n }),
              onChange: (p, s) => {
                setPage(s !== pageSize ? 1 : p);
                setPageSize(s);
              },
            }}
          />
        )}
      </Card>
      <PersonFormDrawer
        open={drawer !== null}
        person={drawer?.person}
        defaults={defaults}
        onClose={() => setDrawer(null)}
        onSaved={(saved) => {
          setDrawer(null);
          if (drawer?.person) reload();
          else navigate(`/registry/people/${saved.id}`);
        }}
      />
    </>
  );
}
