import { Button, type TableColumnsType, type TablePaginationConfig } from 'antd';
import { Link } from 'react-router';
import { type FacilityKind, facilityKindLabels } from '../../../../domain/registry/registry.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { enumLabel } from '../components/enumOptions.ts';
import { ArchivedName, RegistryTable, RowActions } from '../components/RegistryListPage.tsx';
import type { Facility } from './facilities.api.ts';

/** Facilities as a table (cards on a phone), with edit / archive / history actions for managers. */
export function FacilitiesTable({
  items,
  loading,
  pagination,
  showEnterprise = true,
  canManage,
  onEdit,
  onArchive,
  onHistory,
  emptyText,
}: {
  items: Facility[] | undefined;
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
  showEnterprise?: boolean;
  canManage: boolean;
  onEdit: (f: Facility) => void;
  onArchive: (f: Facility) => void;
  /** Shows the audit history (only for users who may read the audit trail). */
  onHistory?: (f: Facility) => void;
  emptyText?: string;
}) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const location = (f: Facility) =>
    f.lng !== null && f.lat !== null ? `${f.lng.toFixed(4)}, ${f.lat.toFixed(4)}` : '—';
  const columns: TableColumnsType<Facility> = isMobile
    ? [
        {
          title: t('facility.name'),
          key: 'name',
          render: (_, f) => (
            <div>
              <div style={{ fontWeight: 500 }}>{f.name}</div>
              <div className="ra-muted">
                {enumLabel(facilityKindLabels, f.kind, locale)} · {f.regionName}
                {showEnterprise ? ` · ${f.enterpriseName}` : ''}
              </div>
              <div className="ra-muted">{f.address}</div>
            </div>
          ),
        },
      ]
    : [
        {
          title: t('facility.name'),
          dataIndex: 'name',
          width: 220,
          render: (name: string, f) => <ArchivedName archived={f.archived}>{name}</ArchivedName>,
        },
        {
          title: t('facility.kind'),
          dataIndex: 'kind',
          width: 140,
          render: (k: FacilityKind) => enumLabel(facilityKindLabels, k, locale),
        },
        ...(showEnterprise
          ? [
              {
                title: t('facility.enterprise'),
                key: 'enterprise',
                render: (_: unknown, f: Facility) => (
                  <Link to={`/registry/enterprises/${f.enterpriseId}`}>{f.enterpriseName}</Link>
                ),
              },
            ]
          : []),
        { title: t('registry.region'), dataIndex: 'regionName', width: 120 },
        { title: t('registry.address'), dataIndex: 'address', render: (a: string) => a || '—' },
        { title: t('registry.location'), key: 'location', width: 170, render: (_, f) => location(f) },
      ];
  columns.push({
    title: t('common.actions'),
    key: 'actions',
    width: isMobile ? 80 : 170,
    fixed: isMobile ? undefined : 'right',
    render: (_, f) => {
      const manage = canManage && !f.archived;
      return (
        <RowActions
          name={f.name}
          wrap
          onEdit={manage ? () => onEdit(f) : null}
          onArchive={manage ? () => onArchive(f) : null}
        >
          {onHistory ? (
            <Button type="link" size="small" onClick={() => onHistory(f)}>
              {t('registry.history')}
            </Button>
          ) : null}
        </RowActions>
      );
    },
  });
  return (
    <RegistryTable<Facility>
      items={items}
      loading={loading}
      pagination={pagination}
      emptyText={emptyText}
      columns={columns}
      scrollX={showEnterprise ? 1250 : 1000}
    />
  );
}
