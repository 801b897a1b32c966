import { Button, type TableColumnsType, type TablePaginationConfig, Tag } from 'antd';
import { Link } from 'react-router';
import { licenceKindLabels } from '../../../../domain/registry/registry.ts';
import { formatDate } from '../../../app/format.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { RegistryTable } from '../components/RegistryListPage.tsx';
import { DaysLeft, LicenceStatusTag } from './LicenceStatusTag.tsx';
import type { Licence } from './licences.api.ts';

/** Licences as a table (cards on a phone); a row opens the licence's drawer. */
export function LicencesTable({
  items,
  loading,
  pagination,
  showEnterprise = true,
  onOpen,
  emptyText,
}: {
  items: Licence[] | undefined;
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
  showEnterprise?: boolean;
  onOpen: (licence: Licence) => void;
  emptyText?: string;
}) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const columns: TableColumnsType<Licence> = isMobile
    ? [
        {
          title: t('licence.number'),
          key: 'number',
          render: (_, l) => (
            <div>
              <div style={{ fontWeight: 500 }}>{licenceKindLabels[l.kind][locale]}</div>
              <div className="ra-muted">
                {l.number}
                {showEnterprise ? ` · ${l.enterpriseName}` : ''}
              </div>
              <div className="ra-muted">
                {t('licence.validTo')} {formatDate(l.validTo)}{' '}
                <DaysLeft days={l.daysToExpiry} status={l.status} t={t} />
              </div>
            </div>
          ),
        },
        {
          title: t('licence.status'),
          key: 'status',
          width: 76,
          render: (_, l) => <LicenceStatusTag status={l.status} />,
        },
      ]
    : [
        {
          title: t('licence.number'),
          dataIndex: 'number',
          width: 200,
          render: (n: string, l) => (
            <Button
              type="link"
              size="small"
              style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
              onClick={() => onOpen(l)}
            >
              {n}
            </Button>
          ),
        },
        {
          title: t('licence.kind'),
          dataIndex: 'kind',
          width: 170,
          render: (k: Licence['kind']) => licenceKindLabels[k][locale],
        },
        ...(showEnterprise
          ? [
              {
                title: t('licence.enterprise'),
                key: 'enterprise',
                width: 240,
                render: (_: unknown, l: Licence) => (
                  <Link to={`/registry/enterprises/${l.enterpriseId}`}>{l.enterpriseName}</Link>
                ),
              },
              { title: t('registry.region'), dataIndex: 'regionName', width: 120 },
            ]
          : []),
        { title: t('licence.issuingBody'), dataIndex: 'issuingBody', width: 180, render: (v: string) => v || '—' },
        { title: t('licence.validTo'), dataIndex: 'validTo', width: 130, render: (d: string | null) => formatDate(d) },
        {
          title: t('licence.daysLeft'),
          key: 'days',
          width: 120,
          render: (_, l) => <DaysLeft days={l.daysToExpiry} status={l.status} t={t} />,
        },
        {
          title: t('licence.status'),
          key: 'status',
          width: 110,
          render: (_, l) => (
            <>
              <LicenceStatusTag status={l.status} />
              {l.archived ? <Tag>{t('registry.archived')}</Tag> : null}
            </>
          ),
        },
      ];
  return (
    <RegistryTable<Licence>
      items={items}
      loading={loading}
      pagination={pagination}
      emptyText={emptyText}
      columns={columns}
      scrollX={showEnterprise ? 1340 : 920}
      onOpen={onOpen}
    />
  );
}
