import { OpenCaseButton } from '../enforcement/index.ts';
import { GlobalOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Tag, Timeline } from 'antd';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import {
  type CylinderEventType,
  cylinderEventLabels,
  cylinderLocationLabels,
  cylinderPhaseLabels,
  fillRefusalRules,
} from '../../../domain/cylinders/cylinders.ts';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { type CylinderEvent, cylindersApi } from './cylinders.api.ts';
import { InspectionDue, StatusTag, modelText } from './CylindersPage.tsx';
import { publicCylinderPath } from './scan.ts';
import './cylinders.css';

const eventColor: Partial<Record<CylinderEventType, string>> = {
  fill_refused: 'red',
  seized: 'red',
  scrapped: 'gray',
  inspected: 'blue',
  filled: 'green',
  retracted: 'gray',
};

/** What an event's reasons and details say, in words. */
function EventBody({ e }: { e: CylinderEvent }) {
  const t = useT();
  const locale = useLocale();
  const reasons = e.reasons.map((r) =>
    r in fillRefusalRules ? fillRefusalRules[r as keyof typeof fillRefusalRules][locale] : r,
  );
  const d = e.details as Record<string, unknown>;
  return (
    <div>
      <div>
        <strong>{cylinderEventLabels[e.type][locale]}</strong>
        {e.retracted ? <Tag style={{ marginLeft: 6 }}>{t('cylinder.retracted')}</Tag> : null}
        <span className="ra-muted"> · {cylinderLocationLabels[e.location.type][locale]}</span>
      </div>
      {reasons.length > 0 ? (
        <div className={e.type === 'fill_refused' || e.type === 'seized' ? 'ra-danger' : ''}>{reasons.join('；')}</div>
      ) : null}
      {e.type === 'seized' && /^[0-9a-f-]{36}$/i.test(e.eventId) ? (
        <div style={{ marginTop: 4 }}>
          <OpenCaseButton size="small" source="seizure" sourceRef={e.eventId} />
        </div>
      ) : null}
      {typeof d.netWeightKg === 'number' ? (
        <div>
          {t('cylinder.netWeight', { kg: d.netWeightKg })}
          {d.flagged === true ? (
            <Tag color="red" style={{ marginLeft: 6 }}>
              {t('cylinder.outOfTolerance')}
            </Tag>
          ) : null}
        </div>
      ) : null}
      {typeof d.passed === 'boolean' ? (
        <div>
          {d.passed ? (
            t('cylinder.inspectionPassed')
          ) : (
            <span className="ra-danger">{t('cylinder.inspectionFailed')}</span>
          )}
        </div>
      ) : null}
      {typeof d.orderNumber === 'string' ? (
        <div data-testid="delivery-step">
          {t('cylinder.deliveryStep', {
            number: d.orderNumber,
            user: typeof d.userLabel === 'string' ? d.userLabel : '—',
            worker: typeof d.workerName === 'string' ? d.workerName : '—',
            plate: typeof d.plate === 'string' ? d.plate : '—',
          })}
        </div>
      ) : null}
      {e.note ? <div>{e.note}</div> : null}
      <div className="ra-timeline-when">
        {formatDateTime(e.occurredAt)} · {e.actorName}
      </div>
    </div>
  );
}

/** 气瓶详情: a cylinder's register facts, its state and its whole life as events (newest first). */
export function CylinderDetailPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { code = '' } = useParams();
  const load = useCallback(
    () =>
      Promise.all([cylindersApi.get(code), cylindersApi.timeline(code)]).then(([c, tl]) => ({ c, events: tl.items })),
    [code],
  );
  const { data, error, loading, reload } = useRequest(load);
  if (loading && !data) return <PageLoading />;
  if (error || !data) return <LoadError error={error} onRetry={reload} />;
  const { c, events } = data;
  const newestFirst = [...events].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span className="ra-mono">{c.code}</span>
            <StatusTag status={c.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Link to={publicCylinderPath(c.code)} target="_blank">
              <Button icon={<GlobalOutlined />}>{t('cylinder.publicPage')}</Button>
            </Link>
          </Space>
        }
      />
      {c.status !== 'in_service' ? (
        <Alert
          type={c.status === 'seized' ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            c.status === 'seized'
              ? t('cylinder.seizedNotice')
              : t('cylinder.scrappedNotice', { date: formatDateTime(c.retiredAt) })
          }
        />
      ) : null}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card title={t('cylinder.facts')} size="small">
            <Descriptions column={1} size="small" styles={{ label: { width: isMobile ? 104 : 130 } }}>
              <Descriptions.Item label={t('cylinder.owner')}>{c.ownerName}</Descriptions.Item>
              <Descriptions.Item label={t('cylinder.model')}>
                {modelText(c.model)} · {cylinderPhaseLabels[c.phase][locale]}
              </Descriptions.Item>
              <Descriptions.Item label={t('cylinder.manufacturer')}>{c.manufacturer}</Descriptions.Item>
              <Descriptions.Item label={t('cylinder.serialNumber')}>
                {c.serialNumber}
                {c.batch ? (
                  <span className="ra-muted">
                    {' '}
                    · {t('cylinder.batch')} {c.batch}
                  </span>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('cylinder.manufacturedOn')}>{formatDate(c.manufacturedOn)}</Descriptions.Item>
              <Descriptions.Item label={t('cylinder.serviceLifeEndsOn')}>
                {formatDate(c.serviceLifeEndsOn)}
                {c.designLifeYears ? (
                  <span className="ra-muted"> · {t('cylinder.designLife', { n: c.designLifeYears })}</span>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('cylinder.lastInspectedOn')}>
                {formatDate(c.lastInspectedOn)}
                {c.lastInspectionPassed === false ? (
                  <Tag color="red" style={{ marginLeft: 6 }}>
                    {t('cylinder.inspectionFailed')}
                  </Tag>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('cylinder.nextInspectionDue')}>
                <InspectionDue cylinder={c} />
              </Descriptions.Item>
              <Descriptions.Item label={t('cylinder.refurbished')}>
                {c.refurbished ? <Tag color="red">{t('cylinder.yes')}</Tag> : t('cylinder.no')}
              </Descriptions.Item>
              <Descriptions.Item label={t('cylinder.location')}>
                {c.location.label ?? cylinderLocationLabels[c.location.type][locale]}
              </Descriptions.Item>
              <Descriptions.Item label={t('cylinder.lastSeenAt')}>{formatDateTime(c.lastSeenAt)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('cylinder.timeline', { n: events.length })} size="small">
            {newestFirst.length === 0 ? (
              <div className="ra-muted">{t('cylinder.noEvents')}</div>
            ) : (
              <Timeline
                items={newestFirst.map((e) => ({
                  key: e.eventId,
                  color: eventColor[e.type] ?? 'blue',
                  content: <EventBody e={e} />,
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
