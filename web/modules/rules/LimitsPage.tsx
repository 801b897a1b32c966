import {
  App,
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import {
  type LimitDefinition,
  type LimitKey,
  limitDefinitions,
  limitGroupLabels,
  limitGroups,
  limitKeys,
} from '../../../domain/rules/limit-definitions.ts';
import { chinaToday, chinaTodayDay } from '../../app/dates.ts';
import { ApiError, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { BannedProductsCard } from './BannedProductsCard.tsx';
import { type LimitVersion, rulesApi } from './rules.api.ts';

type FormValues = { changes: Partial<Record<LimitKey, unknown>>; reason: string; effectiveFrom?: Dayjs };

/** /rules/limits — 规则参数: every limit with its label, unit, basis and value; the versions and their diffs. */
export function LimitsPage() {
  const t = useT();
  const locale = useLocale();
  const { can } = useSession();
  const mobile = useIsMobile();
  const editable = can('rules.manage');
  const { data, error, loading, reload } = useRequest(useCallback(() => rulesApi.overview(), []));
  const [editing, setEditing] = useState(false);

  const valueText = useCallback(
    (key: LimitKey, value: unknown): string => {
      const def = limitDefinitions[key];
      if (value === null || value === undefined) return '—';
      if (def.kind === 'severities')
        return (value as string[]).length
          ? (value as string[]).map((s) => t(`rules.severity.${s}` as 'rules.severity.major')).join('、')
          : t('rules.none');
      if (def.kind === 'tolerances') {
        const entries = Object.entries(value as Record<string, number>);
        return entries.length ? entries.map(([m, v]) => `${m} ±${v}`).join('，') : t('rules.none');
      }
      return String(value);
    },
    [t],
  );

  const rows = useMemo(
    () =>
      limitGroups.flatMap((group) =>
        limitKeys
          .filter((k) => limitDefinitions[k].group === group)
          .map((key) => ({ key, group, def: limitDefinitions[key], value: data?.current.values[key] })),
      ),
    [data],
  );

  if (loading && !data) return <PageLoading />;
  if (error || !data) return <LoadError error={error} onRetry={reload} />;
  const current = data.current;
  const label = (key: string) => (key in limitDefinitions ? limitDefinitions[key as LimitKey].label[locale] : key);

  return (
    <>
      <PageHeader
        title={t('rules.title')}
        extra={
          editable ? (
            <Button type="primary" onClick={() => setEditing(true)}>
              {t('rules.edit')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('rules.intro')}</Typography.Paragraph>
      <Card size="small" title={t('rules.current')} style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={mobile ? 1 : 4}>
          <Descriptions.Item label={t('rules.versionLabel')}>
            {t('rules.version', { seq: current.seq })}
          </Descriptions.Item>
          <Descriptions.Item label={t('rules.effectiveFrom')}>{formatDate(current.effectiveFrom)}</Descriptions.Item>
          <Descriptions.Item label={t('rules.changedBy')}>{current.changedByName}</Descriptions.Item>
          <Descriptions.Item label={t('rules.reason')}>{current.reason}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 720 }}
          dataSource={rows}
          columns={[
            {
              title: t('rules.limit'),
              dataIndex: 'key',
              width: 260,
              render: (_v, r) => (
                <Space direction="vertical" size={0}>
                  <span>{r.def.label[locale]}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {limitGroupLabels[r.group][locale]}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('rules.value'),
              dataIndex: 'value',
              width: 140,
              render: (_v, r) => <strong>{valueText(r.key, r.value)}</strong>,
            },
            { title: t('rules.unit'), width: 90, render: (_v, r) => r.def.unit?.[locale] ?? '—' },
            { title: t('rules.basis'), render: (_v, r) => r.def.basis },
          ]}
        />
      </Card>
      <BannedProductsCard editable={editable} />
      <Card size="small" title={t('rules.history')}>
        <Timeline
          items={data.versions.map((v) => ({
            color: v.inForce ? 'green' : v.effectiveFrom > current.effectiveFrom ? 'blue' : 'gray',
            children: <VersionEntry version={v} label={label} valueText={valueText} />,
          }))}
        />
      </Card>
      {editable ? (
        <EditDrawer
          open={editing}
          latest={data.versions[0] ?? current}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            reload();
          }}
        />
      ) : null}
    </>
  );
}

function VersionEntry({
  version: v,
  label,
  valueText,
}: {
  version: LimitVersion;
  label: (key: string) => string;
  valueText: (key: LimitKey, value: unknown) => string;
}) {
  const t = useT();
  return (
    <div>
      <Space wrap size={4}>
        <strong>{t('rules.version', { seq: v.seq })}</strong>
        {v.inForce ? <Tag color="green">{t('rules.inForce')}</Tag> : null}
        {!v.inForce && v.effectiveFrom > chinaToday() ? <Tag color="blue">{t('rules.notInForce')}</Tag> : null}
        <span>
          {t('rules.effectiveFrom')} {formatDate(v.effectiveFrom)}
        </span>
        <Typography.Text type="secondary">
          {v.changedByName} · {formatDateTime(v.createdAt)}
        </Typography.Text>
      </Space>
      <div>
        {t('rules.reason')}：{v.reason}
      </div>
      {v.seq === 1 ? (
        <Typography.Text type="secondary">{t('rules.initial')}</Typography.Text>
      ) : (
        <ul style={{ margin: '4px 0', paddingInlineStart: 20 }}>
          {v.changes.map((c) => (
            <li key={c.key}>
              {label(c.key)}：{valueText(c.key as LimitKey, c.before)} →{' '}
              <strong>{valueText(c.key as LimitKey, c.after)}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function inputFor(def: LimitDefinition, locale: 'zh' | 'en') {
  if (def.kind === 'severities')
    return (
      <Select
        mode="multiple"
        options={[
          { value: 'major', label: locale === 'en' ? 'Major hazard' : '重大隐患' },
          { value: 'general', label: locale === 'en' ? 'General hazard' : '一般隐患' },
        ]}
      />
    );
  return (
    <InputNumber
      style={{ width: '100%' }}
      min={def.kind === 'share' ? 0 : def.min}
      max={def.kind === 'share' ? 1 : def.max}
      step={def.kind === 'share' ? 0.05 : def.kind === 'integer' ? 1 : 0.1}
      precision={def.kind === 'integer' ? 0 : undefined}
      addonAfter={def.unit?.[locale]}
    />
  );
}

function EditDrawer({
  open,
  latest,
  onClose,
  onSaved,
}: {
  open: boolean;
  latest: LimitVersion;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const editableKeys = limitKeys.filter((k) => limitDefinitions[k].kind !== 'tolerances');

  const save = async (v: FormValues) => {
    const changes: Record<string, unknown> = {};
    for (const key of editableKeys) {
      const value = v.changes?.[key];
      if (value === undefined || value === null) continue;
      if (JSON.stringify(value) !== JSON.stringify(latest.values[key])) changes[key] = value;
    }
    if (Object.keys(changes).length === 0) {
      message.warning(t('rules.noChange'));
      return;
    }
    setSaving(true);
    try {
      const created = await rulesApi.createVersion({
        changes,
        reason: v.reason,
        effectiveFrom: v.effectiveFrom ? v.effectiveFrom.format('YYYY-MM-DD') : undefined,
      });
      message.success(t('rules.saved', { seq: created.seq }));
      form.resetFields();
      onSaved();
    } catch (err) {
      const details = err instanceof ApiError ? ((err.details ?? {}) as { field?: string }) : {};
      const field = typeof details.field === 'string' ? details.field.split('.') : null;
      if (field && (field[0] === 'changes' || field[0] === 'effectiveFrom')) {
        form.setFields([{ name: field, errors: [errorText(err)] }]);
        form.scrollToField(field);
      } else message.error(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('rules.editTitle')}
      width={mobile ? '100%' : 560}
      destroyOnHidden
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>
      }
    >
      <Alert type="info" showIcon message={t('rules.editHint')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ changes: Object.fromEntries(editableKeys.map((k) => [k, latest.values[k]])) }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item
          name="reason"
          label={t('rules.reason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('rules.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('rules.effectiveFrom')}>
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isBefore(chinaTodayDay(), 'day')}
            placeholder={formatDate(chinaTodayDay().format('YYYY-MM-DD'))}
          />
        </Form.Item>
        {limitGroups.map((group) => (
          <Card key={group} size="small" title={limitGroupLabels[group][locale]} style={{ marginBottom: 8 }}>
            {editableKeys
              .filter((k) => limitDefinitions[k].group === group)
              .map((key) => {
                const def = limitDefinitions[key];
                return (
                  <Form.Item
                    key={key}
                    name={['changes', key]}
                    label={def.label[locale]}
                    extra={def.basis}
                    style={{ marginBottom: 12 }}
                  >
                    {inputFor(def, locale)}
                  </Form.Item>
                );
              })}
            {group === 'cylinder' ? (
              <Typography.Text type="secondary">{t('rules.tolerancesReadOnly')}</Typography.Text>
            ) : null}
          </Card>
        ))}
      </Form>
    </Drawer>
  );
}
