import { App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Radio, Space, Tag, Timeline } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { applyFormError, errorText, isNotFound } from '../../app/http.ts';
import { type MessageKey, useT } from '../../app/i18n.ts';
import { LoadError, NotFound, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { levelColor } from './AlarmsPage.tsx';
import { type AlarmDetail, monitoringApi } from './monitoring.api.ts';
import { useAlarmFeed } from './useAlarmFeed.ts';

/** One alarm: what happened and each handling step, with the steps the user may take now. */
export function AlarmDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const alarm = useRequest(useCallback(() => monitoringApi.alarm(id), [id]));
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const [noting, setNoting] = useState(false);
  const [form] = Form.useForm();
  useAlarmFeed(() => alarm.reload(), { cue: false });

  if (alarm.error)
    return isNotFound(alarm.error) ? <NotFound /> : <LoadError error={alarm.error} onRetry={alarm.reload} />;
  if (!alarm.data) return <PageLoading />;
  const a = alarm.data;

  const act = async (run: () => Promise<AlarmDetail>) => {
    setBusy(true);
    try {
      alarm.setData(await run());
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title={
          <Space>
            <Tag color={levelColor(a.level)}>{t(`monitoring.level.${a.level}` as MessageKey)}</Tag>
            {a.sensorCode} · {t(`monitoring.alarmKind.${a.kind}` as MessageKey)}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('monitoring.status')}>
            <Tag data-testid="alarm-status">{t(`monitoring.status.${a.status}` as MessageKey)}</Tag>
            {a.resolution ? t(`monitoring.resolution.${a.resolution}` as MessageKey) : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.sensor')}>
            <Link to={`/monitoring/sensors/${encodeURIComponent(a.sensorCode)}`}>{a.sensorCode}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.object')}>{a.objectName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('monitoring.raisedAt')}>{formatDateTime(a.raisedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('monitoring.value')}>
            {a.raisedValue ?? '—'} → {a.lastValue ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.active')}>
            {t(a.active ? 'monitoring.activeYes' : 'monitoring.activeNo')}
          </Descriptions.Item>
          {a.escalationLevel > 0 ? (
            <Descriptions.Item label={t('monitoring.escalation')}>
              {t(`monitoring.escalation.${a.escalationLevel}` as MessageKey)}
            </Descriptions.Item>
          ) : null}
          {a.hazardId ? (
            <Descriptions.Item label={t('monitoring.resolution.hazard')}>
              <Link to={`/hazards/${a.hazardId}`}>{t('monitoring.hazardLink')}</Link>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Space wrap style={{ marginTop: 12 }}>
          {a.abilities.acknowledge ? (
            <Button type="primary" loading={busy} onClick={() => act(() => monitoringApi.step(id, 'acknowledge'))}>
              {t('monitoring.acknowledge')}
            </Button>
          ) : null}
          {a.abilities.dispatch ? (
            <Button loading={busy} onClick={() => act(() => monitoringApi.step(id, 'dispatch'))}>
              {t('monitoring.dispatch')}
            </Button>
          ) : null}
          {a.abilities.arrive ? (
            <Button loading={busy} onClick={() => act(() => monitoringApi.step(id, 'arrive'))}>
              {t('monitoring.arrive')}
            </Button>
          ) : null}
          {a.abilities.note ? <Button onClick={() => setNoting(true)}>{t('monitoring.addNote')}</Button> : null}
          {a.abilities.close ? <Button onClick={() => setClosing(true)}>{t('monitoring.close')}</Button> : null}
          {a.abilities.toHazard ? (
            <Popconfirm
              title={t('monitoring.toHazardConfirm')}
              onConfirm={async () => {
                try {
                  const done = await monitoringApi.toHazard(id);
                  alarm.setData(done);
                  navigate(`/hazards/${done.hazardId}`);
                } catch (err) {
                  message.error(errorText(err));
                }
              }}
            >
              <Button danger>{t('monitoring.toHazard')}</Button>
            </Popconfirm>
          ) : null}
        </Space>
      </Card>
      <Card size="small" title={t('monitoring.timeline')}>
        <Timeline
          items={a.events.map((e) => ({
            color: e.type === 'raised' ? 'red' : e.type === 'close' || e.type === 'cleared' ? 'green' : 'blue',
            children: (
              <>
                <strong>{t(`monitoring.event.${e.type}` as MessageKey)}</strong> {formatDateTime(e.at)} · {e.actorName}
                {e.level ? ` · ${t(`monitoring.level.${e.level}` as MessageKey)}` : ''}
                {e.value !== null ? ` · ${e.value}` : ''}
                {e.note ? <div>{e.note}</div> : null}
              </>
            ),
          }))}
        />
      </Card>
      <Modal
        open={closing || noting}
        title={closing ? t('monitoring.close') : t('monitoring.addNote')}
        onCancel={() => {
          setClosing(false);
          setNoting(false);
        }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ resolution: 'handled' }}
          onFinish={async (values: { note: string; resolution: 'handled' | 'false_alarm' }) => {
            try {
              alarm.setData(
                closing
                  ? await monitoringApi.close(id, { resolution: values.resolution, note: values.note })
                  : await monitoringApi.step(id, 'notes', { note: values.note }),
              );
              setClosing(false);
              setNoting(false);
              form.resetFields();
            } catch (err) {
              const left = applyFormError(form, err);
              if (left) message.error(left);
            }
          }}
        >
          {closing ? (
            <Form.Item name="resolution" label={t('monitoring.resolution')}>
              <Radio.Group
                options={[
                  { value: 'handled', label: t('monitoring.resolution.handled') },
                  { value: 'false_alarm', label: t('monitoring.resolution.false_alarm') },
                ]}
              />
            </Form.Item>
          ) : null}
          <Form.Item
            name="note"
            label={t('monitoring.note')}
            rules={[{ required: true, message: t('monitoring.noteRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
