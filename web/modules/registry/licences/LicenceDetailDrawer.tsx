import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { type LicenceStatus, licenceKindLabels, licenceStatusLabels } from '../../../../domain/registry/registry.ts';
import { formatDate, formatDateTime } from '../../../app/format.ts';
import { errorText } from '../../../app/http.ts';
import { isMessageKey, type MessageKey, useLocale, useT } from '../../../app/i18n.ts';
import { LoadError, PageLoading } from '../../../app/PageState.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { LicenceFormDrawer } from './LicenceFormDrawer.tsx';
import { DaysLeft, LicenceStatusTag } from './LicenceStatusTag.tsx';
import { type LicenceAction, type LicenceHistoryEntry, licencesApi } from './licences.api.ts';

const fieldKeys: Record<string, MessageKey> = {
  kind: 'licence.kind',
  number: 'licence.number',
  scope: 'licence.scope',
  issuingBody: 'licence.issuingBody',
  validFrom: 'licence.validFrom',
  validTo: 'licence.validTo',
  status: 'licence.status',
  statusReason: 'licence.statusReason',
};

/** What an entry changed, as "有效期至：2025-06-30 → 2028-06-29". */
function changes(entry: LicenceHistoryEntry, t: ReturnType<typeof useT>, locale: 'zh' | 'en'): string[] {
  if (!entry.before) return [];
  const show = (k: string, v: unknown) => {
    if (v === null || v === undefined || v === '') return '—';
    if (k === 'kind' && typeof v === 'string' && v in licenceKindLabels)
      return licenceKindLabels[v as keyof typeof licenceKindLabels][locale];
    if (k === 'status' && typeof v === 'string' && v in licenceStatusLabels)
      return licenceStatusLabels[v as LicenceStatus][locale];
    return String(v);
  };
  return Object.keys(fieldKeys)
    .filter((k) => JSON.stringify(entry.before?.[k] ?? null) !== JSON.stringify(entry.after[k] ?? null))
    .map((k) => `${t(fieldKeys[k]!)}：${show(k, entry.before?.[k])} → ${show(k, entry.after[k])}`);
}

/**
 * One licence: its particulars with the computed status, the actions the user's abilities allow
 * (编辑, 暂停, 吊销, 恢复, 归档) and the licence's own history (before and after each change).
 */
export function LicenceDetailDrawer({
  licenceId,
  onClose,
  onChanged,
}: {
  licenceId: string | null;
  onClose: () => void;
  onChanged?: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [action, setAction] = useState<LicenceAction | null>(null);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    () =>
      licenceId ? Promise.all([licencesApi.get(licenceId), licencesApi.history(licenceId)]) : Promise.resolve(null),
    [licenceId],
  );
  const { data, error, loading, reload } = useRequest(load);
  const [licence, history] = data ?? [null, []];

  const changed = () => {
    reload();
    onChanged?.();
  };

  const runAction = async ({ reason }: { reason: string }) => {
    if (!licence || !action) return;
    setBusy(true);
    try {
      await licencesApi.changeStatus(licence.id, action, reason.trim());
      message.success(t('common.saved'));
      setAction(null);
      changed();
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const archive = async () => {
    if (!licence) return;
    try {
      await licencesApi.archive(licence.id);
      message.success(t('registry.archivedDone'));
      changed();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const historyLabel = (a: string) => {
    const key = `licence.historyAction.${a}`;
    return isMessageKey(key) ? t(key) : a;
  };

  return (
    <Drawer
      open={licenceId !== null}
      onClose={onClose}
      title={licence ? `${licenceKindLabels[licence.kind][locale]} ${licence.number}` : t('registry.detail')}
      size={isMobile ? '100%' : 640}
      destroyOnHidden
    >
      {error && !licence ? <LoadError error={error} onRetry={reload} /> : null}
      {!licence && loading ? <PageLoading /> : null}
      {licence ? (
        <>
          <Space wrap style={{ marginBottom: 16 }}>
            {licence.abilities.edit ? <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button> : null}
            {licence.abilities.suspend ? (
              <Button onClick={() => setAction('suspend')}>{t('licence.suspend')}</Button>
            ) : null}
            {licence.abilities.reinstate ? (
              <Button onClick={() => setAction('reinstate')}>{t('licence.reinstate')}</Button>
            ) : null}
            {licence.abilities.revoke ? (
              <Button danger onClick={() => setAction('revoke')}>
                {t('licence.revoke')}
              </Button>
            ) : null}
            {licence.abilities.archive ? (
              <Popconfirm
                title={t('registry.archiveConfirm', { name: licence.number })}
                okText={t('registry.archive')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={archive}
              >
                <Button>{t('registry.archive')}</Button>
              </Popconfirm>
            ) : null}
          </Space>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('licence.enterprise')}>
              <Link to={`/registry/enterprises/${licence.enterpriseId}`}>{licence.enterpriseName}</Link>
              <div className="ra-muted">{licence.enterpriseCreditCode}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('registry.region')}>{licence.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('licence.kind')}>{licenceKindLabels[licence.kind][locale]}</Descriptions.Item>
            <Descriptions.Item label={t('licence.number')}>{licence.number}</Descriptions.Item>
            <Descriptions.Item label={t('licence.scope')}>{licence.scope || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('licence.issuingBody')}>{licence.issuingBody || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('licence.validFrom')}>{formatDate(licence.validFrom)}</Descriptions.Item>
            <Descriptions.Item label={t('licence.validTo')}>
              {formatDate(licence.validTo)} <DaysLeft days={licence.daysToExpiry} status={licence.status} t={t} />
            </Descriptions.Item>
            <Descriptions.Item label={t('licence.status')}>
              <LicenceStatusTag status={licence.status} />
              {licence.archived ? <Typography.Text type="secondary">{t('registry.archived')}</Typography.Text> : null}
            </Descriptions.Item>
            {licence.statusReason ? (
              <Descriptions.Item label={t('licence.statusReason')}>{licence.statusReason}</Descriptions.Item>
            ) : null}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('licence.history')}
          </Typography.Title>
          <Timeline
            items={history.map((h) => ({
              key: h.id,
              content: (
                <div>
                  <Typography.Text strong>{historyLabel(h.action)}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    {/* The history keeps the actor's name only; the system's runs are named 'system'. */}
                    {h.actorName === 'system' ? t('audit.actorType.system') : h.actorName} · {formatDateTime(h.at)}
                  </Typography.Text>
                  {changes(h, t, locale).map((c) => (
                    <div key={c} className="ra-muted">
                      {c}
                    </div>
                  ))}
                </div>
              ),
            }))}
          />
          <LicenceFormDrawer
            open={editing}
            licence={licence}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              changed();
            }}
          />
          <Modal
            open={action !== null}
            title={action ? t(`licence.${action}Title` as MessageKey, { number: licence.number }) : ''}
            okText={action ? t(`licence.${action}` as MessageKey) : ''}
            okButtonProps={{ danger: action !== 'reinstate', loading: busy }}
            cancelText={t('common.cancel')}
            onCancel={() => setAction(null)}
            onOk={() => reasonForm.submit()}
            destroyOnHidden
          >
            {action === 'revoke' ? (
              <Alert type="warning" showIcon title={t('licence.revokeWarning')} style={{ marginBottom: 12 }} />
            ) : null}
            <Form form={reasonForm} layout="vertical" onFinish={runAction} preserve={false}>
              <Form.Item
                name="reason"
                label={t('licence.reason')}
                rules={[{ required: true, whitespace: true, message: t('licence.reasonRequired') }, { max: 500 }]}
              >
                <Input.TextArea rows={3} maxLength={500} />
              </Form.Item>
            </Form>
          </Modal>
        </>
      ) : null}
    </Drawer>
  );
}
