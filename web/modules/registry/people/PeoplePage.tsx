import { Select, type TableColumnsType, Tag, Tooltip } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { addDays, chinaToday } from '../../../../domain/registry/pipelines-people-vehicles.ts';
import { type PersonKind, personKindLabels } from '../../../../domain/registry/registry.ts';
import { formatDate } from '../../../app/format.ts';
import { type Translate, useLocale, useT } from '../../../app/i18n.ts';
import { useSession } from '../../../app/session.tsx';
import { useRequest } from '../../../app/useRequest.ts';
import { organisationApi } from '../../organisation/index.ts';
import { enumLabel } from '../components/enumOptions.ts';
import {
  ArchivedFilter,
  ArchivedName,
  EnterpriseFilter,
  EnumFilter,
  RegionFilter,
  RegistryListPage,
  RegistryTable,
  SearchFilter,
  useRegistryList,
  useRegistryRows,
  YesNoFilter,
} from '../components/RegistryListPage.tsx';
import { PersonFormDrawer } from './PersonFormDrawer.tsx';
import { type Person, type PersonDetail, peopleApi } from './people.api.ts';

const detailPath = (id: string) => `/registry/people/${id}`;

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

/** 人员: inspectors and the staff of enterprises and venues in the user's scope, with who may inspect. */
export function PeoplePage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { can, me } = useSession();
  const canManage = can('registry.manage');
  // A venue manager sees its own staff only: region, department and enterprise filters would be noise.
  const venueOnly = Boolean(me?.roles.length) && me!.roles.every((r) => r.scopeType === 'venue');
  const list = useRegistryList(peopleApi.list, {
    types: { kind: 'string', mayInspect: 'boolean', enterpriseId: 'string', venueId: 'string', departmentId: 'string' },
  });
  const rows = useRegistryRows<PersonDetail>({ api: peopleApi, reload: list.reload, detailPath });
  const { filters } = list;
  const { data: departments } = useRequest(organisationApi.departments);
  const defaults = useMemo(() => (filters.kind ? { kind: filters.kind } : undefined), [filters.kind]);

  const mobileColumns: TableColumnsType<Person> = [
    {
      title: t('person.name'),
      key: 'name',
      render: (_, p) => (
        <div>
          <Link to={detailPath(p.id)} style={{ fontWeight: 500 }}>
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
  ];
  const columns: TableColumnsType<Person> = [
    {
      title: t('person.name'),
      dataIndex: 'name',
      width: 130,
      render: (name: string, p) => (
        <ArchivedName archived={p.archived}>
          <Link to={detailPath(p.id)}>{name}</Link>
        </ArchivedName>
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

  return (
    <RegistryListPage
      title={t('menu.people')}
      tabularKind="people"
      list={list}
      create={canManage ? { label: t('person.create'), onClick: rows.create } : null}
      filters={
        <>
          <SearchFilter list={list} placeholder={t('person.search')} width={200} />
          <EnumFilter
            labels={personKindLabels}
            placeholder={t('person.kind')}
            width={160}
            value={filters.kind}
            onChange={(kind) => list.set({ kind })}
          />
          <YesNoFilter
            placeholder={t('person.inspectColumn')}
            yes={t('person.mayInspect')}
            no={t('person.mayNotInspect')}
            width={130}
            value={filters.mayInspect}
            onChange={(mayInspect) => list.set({ mayInspect })}
          />
          {venueOnly ? null : (
            <>
              <RegionFilter list={list} width={170} />
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('person.department')}
                style={{ width: 150 }}
                value={filters.departmentId}
                onChange={(v) => list.set({ departmentId: v })}
                options={(departments ?? []).map((d) => ({ value: d.id, label: d.shortName }))}
              />
              <EnterpriseFilter list={list} placeholder={t('person.enterprise')} width={200} />
            </>
          )}
          <ArchivedFilter list={list} />
        </>
      }
    >
      <RegistryTable<Person>
        {...list.table}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1150}
        onOpen={(p) => navigate(detailPath(p.id))}
        actions={canManage ? rows.actions<Person>((p) => p.name) : null}
      />
      <PersonFormDrawer
        open={rows.drawer !== null}
        person={rows.drawer?.record}
        defaults={defaults}
        onClose={rows.close}
        onSaved={rows.saved}
      />
    </RegistryListPage>
  );
}
