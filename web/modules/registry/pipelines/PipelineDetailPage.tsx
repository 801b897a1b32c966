import { App, Card, Descriptions, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import { formatGeometryText } from '../../../../domain/registry/pipelines-people-vehicles.ts';
import { pipeMaterialLabels, pressureClassLabels } from '../../../../domain/registry/registry.ts';
import { formatDateTime } from '../../../app/format.ts';
import { errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { LoadError, PageLoading } from '../../../app/PageState.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { ChangeRequestsCard } from '../changes/ChangeRequestsCard.tsx';
import { AuditHistory } from '../components/AuditHistory.tsx';
import { enumLabel } from '../components/enumOptions.ts';
import { RegistryDetailHeader } from '../components/RegistryDetailHeader.tsx';
import { PipelineAge, PipelineFlags, RenewalTag } from './PipelinesPage.tsx';
import { PipelineFormDrawer } from './PipelineFormDrawer.tsx';
import { pipelinesApi } from './pipelines.api.ts';

/** One pipeline segment: its fields, its line and its history. */
export function PipelineDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const { data: s, error, loading, reload, setData } = useRequest(useCallback(() => pipelinesApi.get(id), [id]));

  if (error && !s) return <LoadError error={error} onRetry={reload} />;
  if (!s) return loading ? <PageLoading /> : null;

  const fieldLabels: Record<string, string> = {
    code: t('pipeline.code'),
    name: t('pipeline.name'),
    ownerEnterpriseId: t('pipeline.owner'),
    regionId: t('registry.region'),
    material: t('pipeline.material'),
    pressureClass: t('pipeline.pressureClass'),
    diameterMm: t('pipeline.diameter'),
    lengthM: t('pipeline.length'),
    installedYear: t('pipeline.installedYear'),
    encroached: t('pipeline.encroached'),
    confinedSpace: t('pipeline.confinedSpace'),
    geometry: t('pipeline.geometry'),
    renewalStatus: t('pipeline.renewalStatus'),
  };

  const archive = async () => {
    try {
      setData(await pipelinesApi.archive(s.id));
      setHistoryKey((k) => k + 1);
      message.success(t('registry.archivedDone'));
    } catch (err) {
      message.error(errorText(err));
    }
  };

  return (
    <>
      <RegistryDetailHeader
        back="/registry/pipelines"
        name={s.name}
        archived={s.archived}
        primaryEdit
        onEdit={s.abilities.edit ? () => setEditing(true) : null}
        onArchive={s.abilities.archive ? archive : null}
      />
      <Card title={t('registry.basicInfo')} style={{ marginBottom: 16 }}>
        <Descriptions column={isMobile ? 1 : 3} size="small">
          <Descriptions.Item label={t('pipeline.code')}>{s.code}</Descriptions.Item>
          <Descriptions.Item label={t('registry.region')}>{s.region.name}</Descriptions.Item>
          <Descriptions.Item label={t('pipeline.owner')}>
            {s.ownerEnterprise ? s.ownerEnterprise.name : <span className="ra-muted">{t('pipeline.noOwner')}</span>}
          </Descriptions.Item>
          <Descriptions.Item label={t('pipeline.material')}>
            {enumLabel(pipeMaterialLabels, s.material, locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('pipeline.pressureClass')}>
            {enumLabel(pressureClassLabels, s.pressureClass, locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('pipeline.diameter')}>{s.diameterMm ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('pipeline.length')}>{s.lengthM ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('pipeline.installedYear')}>{s.installedYear ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('pipeline.age')}>
            <PipelineAge age={s.ageYears} t={t} />
          </Descriptions.Item>
          <Descriptions.Item label={t('pipeline.flags')}>
            <PipelineFlags segment={s} t={t} />
          </Descriptions.Item>
          <Descriptions.Item label={t('pipeline.renewalStatus')}>
            <RenewalTag status={s.renewalStatus} locale={locale} />
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.updatedAt')}>{formatDateTime(s.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('pipeline.geometry')} style={{ marginBottom: 16 }}>
        {s.geometry ? (
          <>
            <div className="ra-muted" style={{ marginBottom: 8 }}>
              {t('pipeline.points', { n: s.geometry.length })}
            </div>
            <Typography.Paragraph copyable style={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {formatGeometryText(s.geometry)}
            </Typography.Paragraph>
          </>
        ) : (
          <span className="ra-muted">{t('pipeline.noGeometry')}</span>
        )}
      </Card>
      <div style={{ marginBottom: 16 }}>
        <ChangeRequestsCard
          subject={{ type: 'pipeline', id: s.id }}
          canPropose={false}
          onDecided={() => setHistoryKey((k) => k + 1)}
        />
      </div>
      <Card title={t('registry.history')}>
        <AuditHistory key={historyKey} subjectType="pipeline" subjectId={s.id} fieldLabels={fieldLabels} />
      </Card>
      <PipelineFormDrawer
        open={editing}
        segment={s}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          setEditing(false);
          setData(saved);
          setHistoryKey((k) => k + 1);
        }}
      />
    </>
  );
}
