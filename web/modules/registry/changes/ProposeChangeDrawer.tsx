import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Divider,
  Drawer,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  TreeSelect,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import {
  enterpriseKindLabels,
  licenceKindLabels,
  sellerChannelLabels,
  venueCategoryLabels,
} from '../../../../domain/registry/registry.ts';
import { applyFormError } from '../../../app/http.ts';
import { pick, useLocale, useT } from '../../../app/i18n.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { CREDIT_CODE_PATTERN } from '../../../../domain/registry/credit-code.ts';
import { enumOptions } from '../components/enumOptions.ts';
import { type VenueFactsValues, VenueFactsFields, highRiseOf, highRiseValue } from '../venues/VenueFactsFields.tsx';
import { type ProposeInput, type RegionChoice, type RegistryChange, changesApi } from './changes.api.ts';

/** A venue's risk facts as the register holds them (venueRegulatorFields less region and category). */
export type VenueFacts = {
  floor: string;
  highRiseBuilding: boolean | null;
  gasSources: string[];
  storedLpgKg: number | null;
  hasCylinderRoom: boolean;
  detectorInstalled: boolean;
  detectorInstalledOn: string | null;
  shutoffValveInstalled: boolean;
  shutoffValveInstalledOn: string | null;
};

/** What the party proposes for: its venue with its risk facts, or its enterprise with the licences it holds. */
export type ChangeSubject =
  | ({ type: 'venue'; id: string; regionId: string; category: string } & VenueFacts)
  | {
      type: 'enterprise';
      id: string;
      name: string;
      creditCode: string;
      regionId: string;
      kind: string;
      sellerChannel: string | null;
      licences: {
        id: string;
        number: string;
        kind: string;
        scope: string;
        issuingBody: string;
        validFrom: string | null;
        validTo: string | null;
        archived?: boolean;
      }[];
    };

type What = 'subject' | 'licence' | 'new_licence';
type Values = VenueFactsValues & {
  what: What;
  name?: string;
  creditCode?: string;
  regionId?: string;
  category?: string;
  kind?: string;
  sellerChannel?: string | null;
  licenceId?: string;
  licenceKind?: string;
  number?: string;
  scope?: string;
  issuingBody?: string;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
  reason?: string;
};

type TreeOption = { value: string; title: string; children?: TreeOption[] };

function regionOptions(regions: RegionChoice[], locale: 'zh' | 'en'): TreeOption[] {
  const nodes = new Map<string, TreeOption>(
    regions.map((r) => [r.id, { value: r.id, title: pick(r.name, r.nameEn, locale) }]),
  );
  const roots: TreeOption[] = [];
  for (const r of regions) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    if (!parent) roots.push(node);
    else if (parent.children) parent.children.push(node);
    else parent.children = [node];
  }
  return roots;
}

const ymd = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** Builds the request body from the form, with only the fields that differ from the register; null: nothing. */
function bodyOf(subject: ChangeSubject, v: Values): ProposeInput | null {
  const reason = (v.reason ?? '').trim();
  // Gas sources are a set: the same ones in another order are no change.
  const key = (x: unknown) => (Array.isArray(x) ? [...x].sort().join(',') : (x ?? null));
  const diff = (pairs: [string, unknown, unknown][]) => {
    const out: Record<string, unknown> = {};
    for (const [k, now, was] of pairs) if (now !== undefined && key(now) !== key(was)) out[k] = now;
    return out;
  };
  if (v.what === 'subject') {
    if (subject.type === 'venue') {
      const changes = diff([
        ['regionId', v.regionId, subject.regionId],
        ['category', v.category, subject.category],
        ['floor', v.floor, subject.floor],
        ['highRiseBuilding', highRiseOf(v.highRiseBuilding), subject.highRiseBuilding],
        ['gasSources', v.gasSources, subject.gasSources],
        ['storedLpgKg', v.storedLpgKg ?? null, subject.storedLpgKg],
        ['hasCylinderRoom', v.hasCylinderRoom, subject.hasCylinderRoom],
        ['detectorInstalled', v.detectorInstalled, subject.detectorInstalled],
        [
          'detectorInstalledOn',
          v.detectorInstalled ? (v.detectorInstalledOn ?? null) : null,
          subject.detectorInstalledOn,
        ],
        ['shutoffValveInstalled', v.shutoffValveInstalled, subject.shutoffValveInstalled],
        [
          'shutoffValveInstalledOn',
          v.shutoffValveInstalled ? (v.shutoffValveInstalledOn ?? null) : null,
          subject.shutoffValveInstalledOn,
        ],
      ]);
      return Object.keys(changes).length
        ? ({ subjectType: 'venue', subjectId: subject.id, changes, reason } as ProposeInput)
        : null;
    }
    const changes = diff([
      ['name', v.name?.trim(), subject.name],
      ['creditCode', v.creditCode?.trim().toUpperCase(), subject.creditCode],
      ['regionId', v.regionId, subject.regionId],
      ['kind', v.kind, subject.kind],
      ['sellerChannel', v.kind === 'appliance_seller' ? (v.sellerChannel ?? null) : undefined, subject.sellerChannel],
    ]);
    return Object.keys(changes).length
      ? ({ subjectType: 'enterprise', subjectId: subject.id, changes, reason } as ProposeInput)
      : null;
  }
  if (subject.type !== 'enterprise') return null;
  if (v.what === 'licence') {
    const l = subject.licences.find((x) => x.id === v.licenceId);
    if (!l) return null;
    const changes = diff([
      ['kind', v.licenceKind, l.kind],
      ['number', v.number?.trim(), l.number],
      ['scope', v.scope?.trim() ?? '', l.scope],
      ['issuingBody', v.issuingBody?.trim() ?? '', l.issuingBody],
      ['validFrom', ymd(v.validFrom), l.validFrom],
      ['validTo', ymd(v.validTo) ?? undefined, l.validTo],
    ]);
    return Object.keys(changes).length
      ? ({ subjectType: 'licence', subjectId: l.id, changes, reason } as ProposeInput)
      : null;
  }
  const changes: Record<string, unknown> = {
    kind: v.licenceKind,
    number: v.number?.trim(),
    validTo: ymd(v.validTo),
  };
  if (v.scope?.trim()) changes.scope = v.scope.trim();
  if (v.issuingBody?.trim()) changes.issuingBody = v.issuingBody.trim();
  if (v.validFrom) changes.validFrom = ymd(v.validFrom);
  return { subjectType: 'new_licence', subjectId: subject.id, changes, reason } as ProposeInput;
}

/**
 * A supervised party's request to change what the regulator registers (issue 9.4): a venue's region, category or
 * risk facts (floor, gas sources, stored LPG, cylinder room, detector, shut-off valve), an enterprise's name, credit
 * code, region or kind, one of its licences, or a new licence. Only the fields changed are sent; the
 * regulator responsible decides in 待办.
 */
export function ProposeChangeDrawer({
  open,
  subject,
  onClose,
  onProposed,
}: {
  open: boolean;
  subject: ChangeSubject;
  onClose: () => void;
  onProposed: (c: RegistryChange) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const what = Form.useWatch('what', form) ?? 'subject';
  const kind = Form.useWatch('kind', form);
  const licenceId = Form.useWatch('licenceId', form);
  const { data: regions, loading: regionsLoading } = useRequest(changesApi.regions);
  const treeData = useMemo(() => regionOptions(regions ?? [], locale), [regions, locale]);
  const licences = subject.type === 'enterprise' ? subject.licences.filter((l) => !l.archived) : [];

  // biome-ignore lint/correctness/useExhaustiveDependencies: refilled on each opening
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(
      subject.type === 'venue'
        ? {
            what: 'subject',
            regionId: subject.regionId,
            category: subject.category,
            floor: subject.floor,
            highRiseBuilding: highRiseValue(subject.highRiseBuilding),
            gasSources: subject.gasSources,
            storedLpgKg: subject.storedLpgKg,
            hasCylinderRoom: subject.hasCylinderRoom,
            detectorInstalled: subject.detectorInstalled,
            detectorInstalledOn: subject.detectorInstalledOn,
            shutoffValveInstalled: subject.shutoffValveInstalled,
            shutoffValveInstalledOn: subject.shutoffValveInstalledOn,
          }
        : {
            what: 'subject',
            name: subject.name,
            creditCode: subject.creditCode,
            regionId: subject.regionId,
            kind: subject.kind,
            sellerChannel: subject.sellerChannel,
          },
    );
  }, [open, form]);

  // A licence chosen: its fields, to edit.
  useEffect(() => {
    if (what !== 'licence') return;
    const l = licences.find((x) => x.id === licenceId);
    if (!l) return;
    form.setFieldsValue({
      licenceKind: l.kind,
      number: l.number,
      scope: l.scope,
      issuingBody: l.issuingBody,
      validFrom: l.validFrom ? dayjs(l.validFrom) : null,
      validTo: l.validTo ? dayjs(l.validTo) : null,
    });
  }, [what, licenceId, licences, form]);

  const close = () => {
    if (!form.isFieldsTouched()) return onClose();
    modal.confirm({ title: t('changes.confirmClose'), onOk: onClose });
  };

  const submit = async (v: Values) => {
    const body = bodyOf(subject, v);
    if (!body) {
      setError(t('changes.nothing'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await changesApi.propose(body);
      message.success(t('changes.submitted'));
      onProposed(saved);
    } catch (err) {
      setError(
        applyFormError(form, err, {
          mapPath: (path) =>
            path[0] === 'changes'
              ? [path[1] === 'kind' && v.what !== 'subject' ? 'licenceKind' : (path[1] ?? 'reason')]
              : path,
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  const whatOptions = [
    { value: 'subject', label: t(subject.type === 'venue' ? 'changes.what.subject' : 'changes.what.enterprise') },
    ...(subject.type === 'enterprise'
      ? [
          ...(licences.length ? [{ value: 'licence', label: t('changes.what.licence') }] : []),
          { value: 'new_licence', label: t('changes.what.new_licence') },
        ]
      : []),
  ];
  const required = { required: true, message: t('common.required') };

  return (
    <Drawer
      open={open}
      onClose={close}
      title={t('changes.propose')}
      size={isMobile ? '100%' : 560}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('changes.submit')}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('changes.proposeHint')} style={{ marginBottom: 16 }} />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ what: 'subject' }}>
        {whatOptions.length > 1 ? (
          <Form.Item name="what" label={t('changes.what')}>
            <Radio.Group optionType="button" options={whatOptions} />
          </Form.Item>
        ) : (
          <Form.Item name="what" hidden>
            <Input />
          </Form.Item>
        )}
        {what === 'subject' ? (
          <>
            {subject.type === 'enterprise' ? (
              <>
                <Form.Item
                  name="name"
                  label={t('enterprise.name')}
                  rules={[{ ...required, whitespace: true }, { max: 100 }]}
                >
                  <Input maxLength={100} />
                </Form.Item>
                <Form.Item
                  name="creditCode"
                  label={t('enterprise.creditCode')}
                  normalize={(x: string) => x?.toUpperCase()}
                  rules={[
                    { ...required, whitespace: true },
                    { pattern: CREDIT_CODE_PATTERN, message: t('enterprise.creditCodeInvalid') },
                  ]}
                >
                  <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
                </Form.Item>
              </>
            ) : null}
            <Form.Item name="regionId" label={t('registry.region')} rules={[required]}>
              <TreeSelect
                treeData={treeData}
                loading={regionsLoading}
                showSearch
                treeNodeFilterProp="title"
                treeDefaultExpandAll
                popupMatchSelectWidth={false}
              />
            </Form.Item>
            {subject.type === 'venue' ? (
              <>
                <Form.Item name="category" label={t('venue.category')} rules={[required]}>
                  <Select options={enumOptions(venueCategoryLabels, locale)} />
                </Form.Item>
                <Divider titlePlacement="start" plain>
                  {t('venue.gasDevices')}
                </Divider>
                <VenueFactsFields />
              </>
            ) : (
              <>
                <Form.Item name="kind" label={t('enterprise.kind')} rules={[required]}>
                  <Select options={enumOptions(enterpriseKindLabels, locale)} />
                </Form.Item>
                {kind === 'appliance_seller' ? (
                  <Form.Item name="sellerChannel" label={t('enterprise.sellerChannel')} rules={[required]}>
                    <Select options={enumOptions(sellerChannelLabels, locale)} />
                  </Form.Item>
                ) : null}
              </>
            )}
          </>
        ) : (
          <>
            {what === 'licence' ? (
              <Form.Item name="licenceId" label={t('changes.licence')} rules={[required]}>
                <Select
                  options={licences.map((l) => ({
                    value: l.id,
                    label: `${licenceKindLabels[l.kind as keyof typeof licenceKindLabels]?.[locale] ?? l.kind} ${l.number}`,
                  }))}
                />
              </Form.Item>
            ) : null}
            {what === 'new_licence' || licenceId ? (
              <>
                <Row gutter={16}>
                  <Col xs={24} sm={12}>
                    <Form.Item name="licenceKind" label={t('licence.kind')} rules={[required]}>
                      <Select options={enumOptions(licenceKindLabels, locale)} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name="number"
                      label={t('licence.number')}
                      rules={[{ ...required, whitespace: true }, { max: 60 }]}
                    >
                      <Input maxLength={60} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="scope" label={t('licence.scope')} rules={[{ max: 500 }]}>
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
                <Form.Item name="issuingBody" label={t('licence.issuingBody')} rules={[{ max: 100 }]}>
                  <Input maxLength={100} />
                </Form.Item>
                <Row gutter={16}>
                  <Col xs={12}>
                    <Form.Item name="validFrom" label={t('licence.validFrom')}>
                      <DatePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12}>
                    <Form.Item
                      name="validTo"
                      label={t('licence.validTo')}
                      dependencies={['validFrom']}
                      rules={[
                        required,
                        ({ getFieldValue }) => ({
                          validator: async (_, to: Dayjs | null) => {
                            const from = getFieldValue('validFrom') as Dayjs | null;
                            if (from && to && from.isAfter(to, 'day')) throw new Error(t('licence.datesInvalid'));
                          },
                        }),
                      ]}
                    >
                      <DatePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
              </>
            ) : null}
          </>
        )}
        <Form.Item
          name="reason"
          label={t('changes.reason')}
          extra={t('changes.reasonHint')}
          rules={[{ ...required, whitespace: true }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
