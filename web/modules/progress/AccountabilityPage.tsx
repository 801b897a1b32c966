import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, List, Row, Space, Statistic, Tag, Timeline, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { checkItem } from '../../../domain/hazards/index.ts';
import {
  type InspectionKind,
  type InspectionObjectType,
  inspectionKindLabels,
  inspectionObjectTypeLabels,
  inspectionObjectTypes,
} from '../../../domain/inspections/inspections.ts';
import { formatDate } from '../../app/format.ts';
import { pick, useLocale, useT } from '../../app/i18n.ts';
import { LoadError, NotFound, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { HazardStateTag, InspectionStatusTag, SeverityTag } from '../inspections/index.ts';
import { type Accountability, progressApi } from './progress.api.ts';

type Entry = { day: string; color: string; node: React.ReactNode; key: string };

/**
 * /accountability/:objectType/:objectId — 责任倒查: every inspection of the object (who signed,
 * what it found), every hazard (deadline kept or missed), and what a signed inspection passed but
 * others found later (谁检查、谁签字、谁负责).
 */
export function AccountabilityPage() {
  const { objectType = '', objectId = '' } = useParams();
  if (!(inspectionObjectTypes as readonly string[]).includes(objectType)) return <NotFound />;
  return <Review type={objectType as InspectionObjectType} id={objectId} />;
}

function Review({ type, id }: { type: InspectionObjectType; id: string }) {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const load = useCallback(() => progressApi.accountability(type, id), [type, id]);
  const { data, error, loading, reload } = useRequest(load);

  const itemText = useCallback(
    (itemId: string | null, fallback: string | null) => {
      const item = itemId ? checkItem(itemId) : undefined;
      return item ? pick(item.text.zh, item.text.en, locale) : (fallback ?? itemId ?? '');
    },
    [locale],
  );

  const entries = useMemo<Entry[]>(() => {
    if (!data) return [];
    const out: Entry[] = [];
    for (const i of data.inspections) {
      if (!i.day) continue;
      out.push({
        key: `i:${i.id}`,
        day: i.day,
        color: i.failedItems.length ? 'red' : 'green',
        node: (
          <div>
            <Space size={4} wrap>
              <Link to={`/inspections/${i.id}`}>
                <strong>{inspectionKindLabels[i.kind as InspectionKind]?.[locale] ?? i.kind}</strong>
              </Link>
              <InspectionStatusTag status={i.status as never} />
              {i.failedItems.length ? (
                <Tag color="red">{t('accountability.found', { n: i.failedItems.length })}</Tag>
              ) : (
                <Tag color="green">{t('accountability.foundNone')}</Tag>
              )}
            </Space>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)' }}>
              {i.signers.length
                ? t('accountability.signedBy', { names: i.signers.map((s) => s.name).join('、') })
                : t('accountability.unsigned')}
            </div>
            {i.contentHash ? (
              <div className="ra-hash">
                {t('inspections.contentHash')}：{i.contentHash}
              </div>
            ) : null}
          </div>
        ),
      });
    }
    for (const h of data.hazards) {
      out.push({
        key: `h:${h.id}`,
        day: h.foundOn,
        color: h.severity === 'major' ? 'red' : 'orange',
        node: (
          <div>
            <Space size={4} wrap>
              <Link to={`/hazards/${h.id}`}>{h.number}</Link>
              <SeverityTag severity={h.severity as 'major' | 'general'} />
              <HazardStateTag status={h.status as never} />
              {h.deadlineOutcome === 'kept' ? (
                <Tag color="green">{t('accountability.deadlineKept')}</Tag>
              ) : h.deadlineOutcome === 'missed' ? (
                <Tag color="red">
                  {t('hazards.deadline')} {formatDate(h.deadline)}
                </Tag>
              ) : (
                <Tag>{t('accountability.stillOpen')}</Tag>
              )}
            </Space>
            <div>{itemText(h.itemId, h.itemText)}</div>
            {h.closedOn ? (
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)' }}>
                {t('hazards.closedOn')} {formatDate(h.closedOn)}
                {h.daysToClose !== null ? ` · ${t('progress.days', { n: h.daysToClose })}` : ''}
              </div>
            ) : null}
          </div>
        ),
      });
    }
    return out.sort((a, b) => b.day.localeCompare(a.day));
  }, [data, locale, t, itemText]);

  if (loading && !data) return <PageLoading />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return null;
  const a: Accountability = data;
  const overdue = a.hazards.filter((h) => h.deadlineOutcome === 'missed').length;

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate(-1)}
              aria-label={t('common.cancel')}
            />
            {t('accountability.title')} · {a.object.name}
            <Tag>{inspectionObjectTypeLabels[a.object.type][locale]}</Tag>
          </Space>
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {(
          [
            ['accountability.inspections', a.inspections.length],
            ['accountability.hazards', a.hazards.length],
            ['accountability.missedCount', a.missed.length],
            ['accountability.overdueCount', overdue],
          ] as const
        ).map(([k, v]) => (
          <Col xs={12} md={6} key={k}>
            <Card size="small">
              <Statistic
                title={t(k)}
                value={v}
                valueStyle={
                  k !== 'accountability.inspections' && k !== 'accountability.hazards' && v > 0
                    ? { color: '#cf1322' }
                    : undefined
                }
              />
            </Card>
          </Col>
        ))}
      </Row>
      {a.missed.length > 0 ? (
        <Card size="small" title={t('accountability.missedTitle')} style={{ marginBottom: 12 }}>
          <List
            size="small"
            dataSource={a.missed}
            rowKey="hazardId"
            renderItem={(m) => (
              <List.Item>
                <div>
                  <Alert
                    type="error"
                    showIcon
                    title={
                      <span>
                        {itemText(m.itemId, m.itemText)} · <Link to={`/hazards/${m.hazardId}`}>{m.number}</Link>
                      </span>
                    }
                    description={
                      <>
                        <Link to={`/inspections/${m.earlierInspectionId}`}>{formatDate(m.earlierInspectionDay)}</Link>{' '}
                        {t('accountability.signedBy', { names: m.earlierSigners.map((s) => s.name).join('、') || '—' })}{' '}
                        · {t('hazards.foundOn')} {formatDate(m.foundOn)}（{t('progress.days', { n: m.daysBefore })}）
                      </>
                    }
                  />
                </div>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      <Card size="small" title={t('accountability.timeline')}>
        {entries.length === 0 ? (
          <Empty description={t('accountability.empty')} />
        ) : (
          <Timeline
            items={entries.map((e) => ({
              key: e.key,
              color: e.color,
              content: (
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDate(e.day)}
                  </Typography.Text>
                  {e.node}
                </div>
              ),
            }))}
          />
        )}
      </Card>
    </>
  );
}
