import { BlacklistFlag } from '../../enforcement/index.ts';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { type EnterpriseKind, enterpriseKindLabels } from '../../../../domain/registry/registry.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { onlyScopes } from '../../../app/module.ts';
import { useSession } from '../../../app/session.tsx';
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
import { EnterpriseFormDrawer } from './EnterpriseFormDrawer.tsx';
import { LicenceSummaryTags } from './LicenceSummaryTags.tsx';
import { type Enterprise, type EnterpriseDetail, enterprisesApi } from './enterprises.api.ts';

const detailPath = (id: string) => `/registry/enterprises/${id}`;

/** 燃气企业: every enterprise in the gas chain within the user's scope, with its licences at a glance. */
export function EnterprisesPage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { can, me } = useSession();
  const canManage = can('registry.manage');
  // An enterprise's or a venue's manager edits its own record but cannot register another enterprise,
  // nor archive its own (that would take it out of supervision).
  const ownOnly = onlyScopes(
    (me?.roles ?? []).map((r) => r.scopeType),
    ['enterprise', 'venue'],
  );
  const canCreate = canManage && !ownOnly;
  const list = useRegistryList(enterprisesApi.list, { types: { kind: 'string' } });
  const rows = useRegistryRows<EnterpriseDetail>({ api: enterprisesApi, reload: list.reload, detailPath });

  const mobileColumns: TableColumnsType<Enterprise> = [
    {
      title: t('enterprise.name'),
      key: 'name',
      render: (_, e) => (
        <div>
          <Link to={detailPath(e.id)} style={{ fontWeight: 500 }}>
            {e.name}
          </Link>
          <div className="ra-muted">
            {enumLabel(enterpriseKindLabels, e.kind, locale)} · {e.regionName}
          </div>
          <div style={{ marginTop: 4 }}>
            <LicenceSummaryTags summary={e.licenceSummary} />
          </div>
        </div>
      ),
    },
  ];
  const columns: TableColumnsType<Enterprise> = [
    {
      title: t('enterprise.name'),
      dataIndex: 'name',
      width: 260,
      render: (name: string, e) => (
        <ArchivedName archived={e.archived}>
          <Link to={detailPath(e.id)}>{name}</Link>
          <BlacklistFlag show={e.blacklisted} />
        </ArchivedName>
      ),
    },
    {
      title: t('enterprise.kind'),
      dataIndex: 'kind',
      width: 170,
      render: (k: EnterpriseKind) => enumLabel(enterpriseKindLabels, k, locale),
    },
    {
      title: t('enterprise.creditCode'),
      dataIndex: 'creditCode',
      width: 190,
      render: (c: string) => <span style={{ fontFamily: 'monospace' }}>{c}</span>,
    },
    { title: t('registry.region'), dataIndex: 'regionName', width: 130 },
    {
      title: t('enterprise.licenceSummary'),
      key: 'licences',
      width: 220,
      render: (_, e) => <LicenceSummaryTags summary={e.licenceSummary} />,
    },
    {
      title: t('enterprise.contactPhone'),
      dataIndex: 'contactPhone',
      width: 130,
      render: (p: string | null) => p ?? '—',
    },
  ];

  return (
    <RegistryListPage
      title={t('menu.enterprises')}
      tabularKind="enterprises"
      list={list}
      create={canCreate ? { label: t('enterprise.create'), onClick: rows.create } : null}
      filters={
        <>
          <SearchFilter list={list} placeholder={t('enterprise.search')} width={260} />
          <RegionFilter list={list} width={180} />
          <EnumFilter
            labels={enterpriseKindLabels}
            placeholder={t('registry.allKinds')}
            width={200}
            value={list.filters.kind}
            onChange={(kind) => list.set({ kind })}
          />
          <ArchivedFilter list={list} />
        </>
      }
    >
      <RegistryTable<Enterprise>
        {...list.table}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1260}
        onOpen={(e) => navigate(detailPath(e.id))}
        actions={canManage ? rows.actions<Enterprise>((e) => e.name, undefined, undefined, !ownOnly) : null}
      />
      <EnterpriseFormDrawer
        open={rows.drawer !== null}
        enterprise={rows.drawer?.record}
        onClose={rows.close}
        onSaved={rows.saved}
      />
    </RegistryListPage>
  );
}
