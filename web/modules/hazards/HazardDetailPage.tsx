import { ArrowLeftOutlined, AuditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Tag, Timeline, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { escalationLadder, hazardStateLabels } from '../../../domain/hazards/index.ts';
import { inspectionObjectTypeLabels } from '../../../domain/inspections/inspections.ts';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { isMessageKey, type MessageKey, useLocale, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { HazardStateTag, SeverityTag } from '../inspections/index.ts';
import { PhotoGallery } from '../inspections/index.ts';
import { DeadlineCell } from './components/DeadlineCell.tsx';
import { TreatmentPlanCard } from './TreatmentPlanCard.tsx';
import { HazardActions } from './HazardActions.tsx';
import { OpenCaseButton } from '../enforcement/index.ts';
import { type HazardEvent, hazardsApi } from './hazards.api.ts';

const eventColor: Record<string, string> = {
  created: 'red',
  start_rectification: 'orange',
  submit: 'blue',
  verify: 'green',
  send_back: 'red',
  add_interim_control: 'gold',
  escalated: 'volcano',
  supply_suspended: 'volcano',
  deadline_moved: 'orange',
  updated: 'gray',
};

/** The fields an edit may change, with their labels (responsiblePersonId is shown through the name). */
const changedFieldLabels: Record<string, MessageKey> = {
  deadline: 'hazards.deadline',
  responsibleParty: 'hazards.responsibleParty',
  responsiblePersonName: 'hazards.responsible',
  responsiblePhone: 'hazards.phone',
};

/** 'a → b' lines of an edit's `details.before`/`after`. */
function Changes({ details }: { details: Record<string, unknown> }) {
  const t = useT();
  const before = (details.before ?? {}) as Record<string, unknown>;
  const after = (details.after ?? {}) as Record<string, unknown>;
  const fields = Array.isArray(details.fields) ? (details.fields as string[]) : [];
  const shown = (v: unknown) =>
    v === null || v === undefined || v === ''
      ? '—'
      : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
        ? formatDate(v)
        : String(v);
  const lines = fields.filter((f) => changedFieldLabels[f]);
  if (lines.length === 0) return null;
  return (
    <div data-testid="event-changes">
      {lines.map((f) => (
        <div key={f} style={{ fontSize: 13 }}>
          {t(changedFieldLabels[f]!)}：{shown(before[f])} → <strong>{shown(after[f])}</strong>
        </div>
      ))}
    </div>
  );
}

function EventBody({ e }: { e: HazardEvent }) {
  const t = useT();
  const locale = useLocale();
  const key = `hazardEvent.${e.event}`;
  const method = typeof e.details?.method === 'string' ? e.details.method : null;
  const level = typeof e.details?.level === 'number' ? (e.details.level as 1 | 2) : null;
  return (
    <div data-testid="timeline-event" data-event={e.event}>
      <Space size={6} wrap>
        <strong>{isMessageKey(key) ? t(key as MessageKey) : e.event}</strong>
        {e.toStatus && e.fromStatus !== e.toStatus ? (
          <Typography.Text type="secondary">→ {hazardStateLabels[e.toStatus][locale]}</Typography.Text>
        ) : null}
        {method ? <Tag>{t(`hazards.verify.${method as 'on_site' | 'evidence'}`)}</Tag> : null}
        {level && escalationLadder[level] ? <Tag color="volcano">{escalationLadder[level].label[locale]}</Tag> : null}
      </Space>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,.5)' }}>
        {formatDateTime(e.at)} ·{' '}
        {e.actorId === null && e.actorName === 'system' ? t('hazards.systemActor') : e.actorName}
        {e.auditSeq ? ` · #${e.auditSeq}` : ''}
      </div>
      {e.note ? <div>{e.note}</div> : null}
      {(e.event === 'deadline_moved' || e.event === 'updated') && e.details ? <Changes details={e.details} /> : null}
      {e.reason ? (
        e.event === 'deadline_moved' || e.event === 'updated' ? (
          <div data-testid="event-reason">{t('hazards.edit.reasonShown', { reason: e.reason })}</div>
        ) : (
          <Typography.Text type="danger">{e.reason}</Typography.Text>
        )
      ) : null}
      <PhotoGallery ids={e.photoIds} size={56} />
    </div>
  );
}

/** /hazards/:id — the hazard's facts, photos, its closed-loop timeline and the actions the server allows. */
export function HazardDetailPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const load = useCallback(() => hazardsApi.get(id), [id]);
  const { data: h, error, loading, reload, setData } = useRequest(load);

  if (loading && !h) return <PageLoading />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!h) return null;

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate('/hazards')}
              aria-label={t('hazards.back')}
            />
            <span>{h.objectName}</span>
            <SeverityTag severity={h.severity} />
            <HazardStateTag status={h.status} />
            {h.overdue ? <Tag color="red">{t('hazards.overdueDays', { n: h.daysOverdue })}</Tag> : null}
          </Space>
        }
        extra={
          <Space wrap>
            <HazardActions hazard={h} onChange={setData} />
            <OpenCaseButton
              source="hazard"
              sourceRef={h.id}
              subject={{ type: h.objectType, id: h.objectId, name: h.objectName }}
            />
          </Space>
        }
      />
      {h.interimControlMissing ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('hazards.interimControlMissing')} />
      ) : null}
      {h.escalationLevel > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={escalationLadder[h.escalationLevel as 1 | 2]?.label[locale] ?? t('hazards.escalation')}
          description={h.escalatedAt ? formatDateTime(h.escalatedAt) : undefined}
        />
      ) : null}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('hazards.facts')}>
            <Descriptions column={1} size="small" labelStyle={{ width: isMobile ? 96 : 120 }}>
              <Descriptions.Item label={t('hazards.number')}>{h.number}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.object')}>
                {h.objectName}（{inspectionObjectTypeLabels[h.objectType][locale]}）
                {h.objectType === 'venue' || h.objectType === 'enterprise' ? (
                  <Link to={`/accountability/${h.objectType}/${h.objectId}`} style={{ marginLeft: 8 }}>
                    <AuditOutlined /> {t('hazards.accountability')}
                  </Link>
                ) : null}
              </Descriptions.Item>
              {h.objectAddress ? (
                <Descriptions.Item label={t('hazards.address')}>{h.objectAddress}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('hazards.region')}>
                {h.regionName ?? '—'}
                {h.communityName ? ` · ${h.communityName}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('hazards.description')}>{h.description}</Descriptions.Item>
              {h.itemText ? <Descriptions.Item label={t('hazards.item')}>{h.itemText}</Descriptions.Item> : null}
              <Descriptions.Item label={t('hazards.basis')}>
                {h.planRef ? <Tag>{h.planRef}</Tag> : null}
                {h.basis ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('hazards.department')}>{h.departmentName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.responsibleParty')}>{h.responsibleParty || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.responsible')}>
                {h.responsiblePersonName ?? '—'}
                {h.responsiblePhone ? ` · ${h.responsiblePhone}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('hazards.foundOn')}>{formatDate(h.foundOn)}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.deadline')}>
                <DeadlineCell hazard={h} />
              </Descriptions.Item>
              {h.closedOn ? (
                <Descriptions.Item label={t('hazards.closedOn')}>{formatDate(h.closedOn)}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('hazards.source')}>
                {t(`hazards.source.${h.source}`)}
                {h.sourceInspectionId ? (
                  <Link to={`/inspections/${h.sourceInspectionId}`} style={{ marginLeft: 8 }}>
                    {t('hazards.viewInspection')}
                  </Link>
                ) : null}
              </Descriptions.Item>
              {h.interimControl ? (
                <Descriptions.Item label={t('hazards.interimControl')}>{h.interimControl}</Descriptions.Item>
              ) : null}
              {h.rectification ? (
                <Descriptions.Item label={t('hazards.rectification')}>{h.rectification}</Descriptions.Item>
              ) : null}
              {h.reboundOfHazardId ? (
                <Descriptions.Item label={t('hazards.reboundOf')}>
                  <Link to={`/hazards/${h.reboundOfHazardId}`}>{t('hazards.rebound')}</Link>
                </Descriptions.Item>
              ) : null}
              {h.followUpDueOn ? (
                <Descriptions.Item label={t('hazards.escalation')}>
                  {t('hazards.followUpDue', { date: formatDate(h.followUpDueOn) })}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            {h.photoIds.length > 0 ? (
              <>
                <Typography.Title level={5} style={{ marginTop: 12 }}>
                  {t('hazards.photos')}
                </Typography.Title>
                <PhotoGallery ids={h.photoIds} size={88} />
              </>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <TreatmentPlanCard hazard={h} onChange={setData} />
          <Card size="small" title={t('hazards.timeline')}>
            <Timeline
              items={h.timeline.map((e) => ({
                key: e.id,
                color: eventColor[e.event] ?? 'gray',
                content: <EventBody e={e} />,
              }))}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
