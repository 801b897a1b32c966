import { Card, List, Space, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router';
import type { RegistryChange, RegistryChangeList } from '../../../app/api-types.ts';
import { http } from '../../../app/http.ts';
import { type MessageKey, useT } from '../../../app/i18n.ts';
import { useSession } from '../../../app/session.tsx';
import { useRequest } from '../../../app/useRequest.ts';

/**
 * Where each register fact a signed record's site findings contradict is corrected (issue 10.1): a venue's facts and
 * a pipeline segment's flags by the correction the record opened (decided by the regulator responsible); the records
 * of their own — people's training and certificates, a vehicle's permit, a supplier's licence, the household
 * inspections — where they are kept.
 */
const correctedIn: Record<string, { hint: MessageKey; link?: (o: { type: string; id: string }) => string | null }> = {
  staff: { hint: 'inspections.disagree.people', link: personLink },
  managers: { hint: 'inspections.disagree.people', link: personLink },
  operators: { hint: 'inspections.disagree.people', link: personLink },
  vehiclePermit: {
    hint: 'inspections.disagree.vehicle',
    link: (o) => (o.type === 'vehicle' ? `/registry/vehicles/${o.id}` : '/registry/vehicles'),
  },
  supplierLicence: {
    hint: 'inspections.disagree.supplier',
    link: (o) => (o.type === 'venue' ? `/registry/venues/${o.id}` : '/registry/licences'),
  },
  usersOverdue: { hint: 'inspections.disagree.users', link: () => '/inspections/user-inspections-due' },
};

function personLink(o: { type: string; id: string }) {
  if (o.type === 'enterprise') return `/registry/enterprises/${o.id}`;
  if (o.type === 'venue') return `/registry/venues/${o.id}`;
  return '/registry/people';
}

const statusColor: Record<RegistryChange['status'], string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export function RegisterDisagreements({
  inspectionId,
  object,
  discrepancies,
  factLabel,
}: {
  inspectionId: string;
  object: { type: string; id: string };
  discrepancies: string[];
  factLabel: (key: string) => string;
}) {
  const t = useT();
  const { me } = useSession();
  const mayRead = (me?.permissions ?? []).includes('registry.read');
  const load = useCallback(
    () =>
      mayRead
        ? http.get<RegistryChangeList>('/api/v1/registry-changes', { sourceInspectionId: inspectionId, pageSize: 50 })
        : Promise.resolve(null),
    [inspectionId, mayRead],
  );
  const { data } = useRequest(load);
  const corrections = data?.items ?? [];
  const corrected = new Set(corrections.flatMap((c) => Object.keys(c.changes as Record<string, unknown>)));
  return (
    <Card
      size="small"
      title={t('inspections.disagree.title')}
      style={{ marginBottom: 12 }}
      data-testid="register-disagreements"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('inspections.disagree.hint')}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={discrepancies}
        rowKey={(k) => k}
        renderItem={(key) => {
          const own = correctedIn[key];
          const link = own?.link?.(object) ?? null;
          const label = factLabel(key);
          return (
            <List.Item>
              <Space wrap>
                <Typography.Text strong>{label}</Typography.Text>
                {own ? (
                  <>
                    <span>{t(own.hint)}</span>
                    {link ? <Link to={link}>{t('inspections.disagree.open')}</Link> : null}
                  </>
                ) : corrected.has(key) ? (
                  <span>{t('inspections.disagree.proposed')}</span>
                ) : (
                  <span>{t('inspections.disagree.recorded')}</span>
                )}
              </Space>
            </List.Item>
          );
        }}
      />
      {corrections.length > 0 ? (
        <Space direction="vertical" size={4} style={{ marginTop: 8 }}>
          {corrections.map((c) => {
            return (
              <Space key={c.id} wrap data-testid="register-correction">
                <span>{t('inspections.disagree.correction')}</span>
                <Link to={c.link}>{c.subjectName}</Link>
                <Tag color={statusColor[c.status]}>{t(`changes.status.${c.status}`)}</Tag>
                <Typography.Text type="secondary">
                  {Object.keys(c.changes as Record<string, unknown>)
                    .map(factLabel)
                    .join('、')}
                </Typography.Text>
              </Space>
            );
          })}
        </Space>
      ) : null}
    </Card>
  );
}
