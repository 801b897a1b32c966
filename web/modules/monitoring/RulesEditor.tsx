import { App, Button, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { AlarmKind, ConditionOverride, KindRules } from '../../../domain/monitoring/rules.ts';
import { errorText } from '../../app/http.ts';
import { type MessageKey, useT } from '../../app/i18n.ts';

type Condition = KindRules['conditions'][number];
type Fields = {
  warningRaise: number | null;
  warningClear: number | null;
  alarmRaise: number | null;
  alarmClear: number | null;
  raiseSeconds: number | null;
  clearSeconds: number | null;
};
type Row = Fields & { alarmKind: AlarmKind; direction: 'high' | 'low' | null };

const fieldsOf = (c: Condition | undefined): Fields => ({
  warningRaise: c?.warning?.raise ?? null,
  warningClear: c?.warning?.clear ?? null,
  alarmRaise: c?.alarm?.raise ?? null,
  alarmClear: c?.alarm?.clear ?? null,
  raiseSeconds: c?.raiseSeconds ?? null,
  clearSeconds: c?.clearSeconds ?? null,
});

const same = (a: Fields, b: Fields) => (Object.keys(a) as (keyof Fields)[]).every((k) => a[k] === b[k]);

/** A row's values as an override: both ends of a level or neither (an empty level is left as it was). */
function overrideOf(row: Row): ConditionOverride {
  const o: ConditionOverride = { alarmKind: row.alarmKind };
  if (row.warningRaise !== null && row.warningClear !== null)
    o.warning = { raise: row.warningRaise, clear: row.warningClear };
  if (row.alarmRaise !== null && row.alarmClear !== null) o.alarm = { raise: row.alarmRaise, clear: row.alarmClear };
  if (row.raiseSeconds !== null) o.raiseSeconds = row.raiseSeconds;
  if (row.clearSeconds !== null) o.clearSeconds = row.clearSeconds;
  return o;
}

/**
 * The alarm thresholds of a sensor kind (the office's, for the county) or of one sensor: one row per
 * condition the kind can raise, each with its warning and alarm levels (raise and clear: the
 * hysteresis) and the seconds a condition must hold before it raises or clears. Rows changed here
 * replace that condition's overrides at this level; the others keep theirs. Saving asks for a reason
 * (kept in the audit trail); the server judges whether the rules can stand (monitoring.rules_invalid,
 * shown with its reason).
 */
export function RulesEditor({
  unit,
  kinds,
  current,
  existing,
  canEdit,
  onSave,
  onReset,
}: {
  unit: string;
  /** The conditions this kind can raise (flow: both, even before any is set). */
  kinds: AlarmKind[];
  /** The rules in force now (defaults and every override applied). */
  current: KindRules;
  /** The overrides stored at this level. */
  existing: ConditionOverride[];
  canEdit: boolean;
  onSave: (overrides: ConditionOverride[], reason: string) => Promise<void>;
  /** Drops this level's overrides (the level above applies again). */
  onReset?: (reason: string) => Promise<void>;
}) {
  const t = useT();
  const { message } = App.useApp();
  const initial = useMemo<Row[]>(
    () =>
      kinds.map((alarmKind) => {
        const c = current.conditions.find((x) => x.alarmKind === alarmKind);
        return { alarmKind, direction: c?.direction ?? null, ...fieldsOf(c) };
      }),
    [kinds, current],
  );
  const [rows, setRows] = useState<Row[] | null>(null);
  const [asking, setAsking] = useState<'save' | 'reset' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const editing = rows !== null;
  const shown = rows ?? initial;
  const set = (i: number, key: keyof Fields, value: number | null) =>
    setRows((list) => (list ?? initial).map((r, j) => (j === i ? { ...r, [key]: value } : r)));

  const cell = (key: keyof Fields, i: number, value: number | null) =>
    editing ? (
      <InputNumber
        size="small"
        value={value}
        onChange={(v) => set(i, key, typeof v === 'number' ? v : null)}
        style={{ width: 84 }}
        aria-label={t(`monitoring.rules.${key}` as MessageKey)}
        min={key.endsWith('Seconds') ? 0 : undefined}
        max={key.endsWith('Seconds') ? 86_400 : undefined}
      />
    ) : value === null ? (
      '—'
    ) : (
      value
    );

  async function submit(reason: string) {
    setBusy(true);
    try {
      if (asking === 'reset' && onReset) await onReset(reason);
      else {
        const changed = shown.filter((r, i) => !same(r, initial[i]!));
        const kept = existing.filter((o) => !changed.some((r) => r.alarmKind === o.alarmKind));
        await onSave([...kept, ...changed.map(overrideOf)], reason);
      }
      message.success(t('monitoring.rules.saved'));
      setRows(null);
      setAsking(null);
      form.resetFields();
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const dirty = shown.some((r, i) => !same(r, initial[i]!));
  return (
    <>
      <Table<Row>
        size="small"
        rowKey="alarmKind"
        pagination={false}
        scroll={{ x: true }}
        dataSource={shown}
        locale={{ emptyText: t('monitoring.rules.none') }}
        columns={[
          {
            title: t('monitoring.alarmKind'),
            dataIndex: 'alarmKind',
            render: (k: AlarmKind) => (
              <Space size={4}>
                {t(`monitoring.alarmKind.${k}` as MessageKey)}
                {existing.some((o) => o.alarmKind === k) ? (
                  <Tag color="blue">{t('monitoring.rules.overridden')}</Tag>
                ) : null}
              </Space>
            ),
          },
          {
            title: `${t('monitoring.level.warning')}（${unit}）`,
            children: [
              {
                title: t('monitoring.rules.raise'),
                key: 'wr',
                render: (_: unknown, r, i) => cell('warningRaise', i, r.warningRaise),
              },
              {
                title: t('monitoring.rules.clear'),
                key: 'wc',
                render: (_: unknown, r, i) => cell('warningClear', i, r.warningClear),
              },
            ],
          },
          {
            title: `${t('monitoring.level.alarm')}（${unit}）`,
            children: [
              {
                title: t('monitoring.rules.raise'),
                key: 'ar',
                render: (_: unknown, r, i) => cell('alarmRaise', i, r.alarmRaise),
              },
              {
                title: t('monitoring.rules.clear'),
                key: 'ac',
                render: (_: unknown, r, i) => cell('alarmClear', i, r.alarmClear),
              },
            ],
          },
          {
            title: t('monitoring.rules.seconds'),
            children: [
              {
                title: t('monitoring.rules.raise'),
                key: 'rs',
                render: (_: unknown, r, i) => cell('raiseSeconds', i, r.raiseSeconds),
              },
              {
                title: t('monitoring.rules.clear'),
                key: 'cs',
                render: (_: unknown, r, i) => cell('clearSeconds', i, r.clearSeconds),
              },
            ],
          },
        ]}
      />
      {canEdit && kinds.length > 0 ? (
        <Space wrap style={{ marginTop: 8 }}>
          {editing ? (
            <>
              <Button type="primary" size="small" disabled={!dirty} onClick={() => setAsking('save')}>
                {t('monitoring.rules.save')}
              </Button>
              <Button size="small" onClick={() => setRows(null)}>
                {t('monitoring.rules.cancel')}
              </Button>
            </>
          ) : (
            <Button size="small" onClick={() => setRows(initial)}>
              {t('monitoring.rules.edit')}
            </Button>
          )}
          {!editing && onReset && existing.length > 0 ? (
            <Button size="small" danger onClick={() => setAsking('reset')}>
              {t('monitoring.rules.reset')}
            </Button>
          ) : null}
          <Typography.Text type="secondary">{t('monitoring.rules.hint')}</Typography.Text>
        </Space>
      ) : null}
      <Modal
        open={asking !== null}
        title={t(asking === 'reset' ? 'monitoring.rules.reset' : 'monitoring.rules.save')}
        okText={t('monitoring.rules.confirm')}
        confirmLoading={busy}
        onCancel={() => setAsking(null)}
        // A reason being typed is not lost to a stray tap beside the dialog.
        mask={{ closable: false }}
        onOk={() =>
          // A missing reason shows on its field; the refused validation is not an error of the page.
          form.validateFields().then(
            (v) => submit(v.reason.trim()),
            () => undefined,
          )
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('monitoring.rules.reason')}
            rules={[{ required: true, whitespace: true, message: t('monitoring.rules.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
