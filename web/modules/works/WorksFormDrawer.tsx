import { AimOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Input, InputNumber, List, Radio, Row, Select, Space, Switch, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { chinaToday } from '../../../domain/dates.ts';
import { pressureClassLabels } from '../../../domain/registry/registry.ts';
import { type WorksKind, worksKindLabels } from '../../../domain/works/works.ts';
import { applyFormError, errorText, http } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { EnterpriseSelect } from '../registry/index.ts';
import { RegionTreeSelect } from '../registry/index.ts';
import { type NearbySegment, type WorksDetail, type WorksInput, worksApi } from './works.api.ts';
import { DateField } from '../../app/DateField.tsx';
import { FormDrawer } from '../../app/FormDrawer.tsx';

const PHONE = /^[0-9+\- ]{5,20}$/;

type Values = {
  name: string;
  kind: WorksKind;
  builderEnterpriseId: string;
  regionId?: string;
  address: string;
  placeType: 'point' | 'polygon';
  lng?: number;
  lat?: number;
  ring?: string;
  segmentIds?: string[];
  startOn: string;
  endOn?: string;
  agreementSigned: boolean;
  agreementOn?: string;
  guardianName?: string;
  guardianPhone?: string;
  siteContact?: string;
  siteContactPhone?: string;
  note?: string;
};

/** "lng,lat" lines → corners, or null when a line does not parse. */
export function parseRing(text: string | undefined): [number, number][] | null {
  const lines = (text ?? '')
    .split(/\n|;/)
    .map((l) => l.trim())
    .filter(Boolean);
  const pts = lines.map((l) => l.split(/[,，\s]+/).map(Number));
  if (pts.some((p) => p.length !== 2 || !p.every(Number.isFinite))) return null;
  const out = pts as [number, number][];
  return new Set(out.map((p) => p.join(','))).size >= 3 ? out : null;
}

function placeOf(v: Pick<Values, 'placeType' | 'lng' | 'lat' | 'ring'>): WorksInput['place'] | null {
  if (v.placeType === 'point')
    return typeof v.lng === 'number' && typeof v.lat === 'number' ? { type: 'point', point: [v.lng, v.lat] } : null;
  const ring = parseRing(v.ring);
  return ring ? { type: 'polygon', ring } : null;
}

type SegmentOption = { id: string; code: string; name: string; geometry: unknown };

/**
 * 登记第三方施工: filled on site on a phone (one column at 375 px, the phone's location as the point), or at the
 * desk. The segments within protection distance are computed as the place is entered; unmapped ones are chosen.
 */
export function WorksFormDrawer({
  open,
  works,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The record to edit (a re-save sends every field), or none to record a new one. */
  works?: WorksDetail | null;
  onClose: () => void;
  onSaved: (w: WorksDetail) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const [nearby, setNearby] = useState<NearbySegment[] | null>(null);
  const [file, setFile] = useState<{ id: string; name: string } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [segmentOptions, setSegmentOptions] = useState<SegmentOption[]>([]);
  const today = chinaToday();

  const placeType = Form.useWatch('placeType', form);
  const lng = Form.useWatch('lng', form);
  const lat = Form.useWatch('lat', form);
  const ring = Form.useWatch('ring', form);
  const signed = Form.useWatch('agreementSigned', form);
  const startOn = Form.useWatch('startOn', form);

  const initialValues = useMemo<Partial<Values>>(() => {
    if (!works) return { kind: 'excavation', placeType: 'point', startOn: today, agreementSigned: false };
    const p = works.place;
    return {
      name: works.name,
      kind: works.kind,
      builderEnterpriseId: works.builder.id,
      regionId: works.region.id,
      address: works.address,
      placeType: p.type,
      lng: p.type === 'point' ? p.point[0] : undefined,
      lat: p.type === 'point' ? p.point[1] : undefined,
      ring: p.type === 'polygon' ? p.ring.map((c) => c.join(',')).join('\n') : undefined,
      segmentIds: works.segmentMatch === 'chosen' ? works.segments.map((s) => s.id) : [],
      startOn: works.startOn,
      endOn: works.endOn ?? undefined,
      agreementSigned: works.agreementSigned,
      agreementOn: works.agreementOn ?? undefined,
      guardianName: works.guardianName ?? undefined,
      guardianPhone: works.guardianPhone ?? undefined,
      siteContact: works.siteContact ?? undefined,
      siteContactPhone: works.siteContactPhone ?? undefined,
      note: works.note ?? undefined,
    };
  }, [works, today]);

  useEffect(() => {
    if (!open) return;
    setFile(works?.agreementFileId ? { id: works.agreementFileId, name: t('works.agreementFile') } : null);
    setError(null);
    setNearby(null);
    if (works?.segmentMatch === 'chosen')
      setSegmentOptions(works.segments.map((s) => ({ id: s.id, code: s.code, name: s.name, geometry: null })));
  }, [open, works, t]);

  // The segments within protection distance, recomputed as the place changes (debounced).
  useEffect(() => {
    const place = placeOf({ placeType, lng, lat, ring });
    if (!open || !place) {
      setNearby(null);
      return;
    }
    const text = place.type === 'point' ? place.point.join(',') : place.ring.map((c) => c.join(',')).join(';');
    let live = true;
    const timer = setTimeout(() => {
      worksApi
        .nearby(text)
        .then((r) => live && setNearby(r.items))
        .catch(() => live && setNearby(null));
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [open, placeType, lng, lat, ring]);

  const searchSegments = (q: string) => {
    http
      .get<{ items: SegmentOption[] }>('/api/v1/pipeline-segments', { q: q || undefined, pageSize: 50 })
      .then((r) => setSegmentOptions(r.items.filter((s) => !s.geometry)))
      .catch(() => setSegmentOptions([]));
  };

  const locate = () => {
    if (!navigator.geolocation) {
      setError(t('works.locationFailed'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        form.setFieldsValue({
          placeType: 'point',
          lng: Number(pos.coords.longitude.toFixed(6)),
          lat: Number(pos.coords.latitude.toFixed(6)),
        });
      },
      () => {
        setLocating(false);
        setError(t('works.locationFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const upload = async (f: File | undefined) => {
    if (!f) return;
    setUploading(true);
    try {
      const stored = await worksApi.upload(f);
      setFile({ id: stored.id, name: stored.name || f.name });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setUploading(false);
    }
  };

  const submit = async (v: Values) => {
    const place = placeOf(v);
    if (!place) return;
    setSaving(true);
    setError(null);
    const body: WorksInput = {
      name: v.name.trim(),
      kind: v.kind,
      builderEnterpriseId: v.builderEnterpriseId,
      ...(v.regionId ? { regionId: v.regionId } : {}),
      address: v.address.trim(),
      place,
      segmentIds: v.segmentIds ?? [],
      startOn: v.startOn,
      endOn: v.endOn || null,
      agreementSigned: v.agreementSigned,
      agreementOn: v.agreementSigned ? v.agreementOn || null : null,
      agreementFileId: v.agreementSigned ? (file?.id ?? null) : null,
      guardianName: v.guardianName?.trim() || null,
      guardianPhone: v.guardianPhone?.trim() || null,
      siteContact: v.siteContact?.trim() || null,
      siteContactPhone: v.siteContactPhone?.trim() || null,
      note: v.note?.trim() || null,
    };
    try {
      const saved = works ? await worksApi.update(works.id, body) : await worksApi.create(body);
      form.resetFields();
      onSaved(saved);
    } catch (err) {
      const field = (err as { details?: { field?: string } }).details?.field;
      const placeField = placeType === 'point' ? ['lng'] : ['ring'];
      setError(
        applyFormError(form, err, {
          codeFields: {
            'works.builder_invalid': ['builderEnterpriseId'],
            'works.region_invalid': ['regionId'],
            'works.outside_scope': ['regionId'],
            'works.place_invalid': placeField,
            'works.not_near_pipeline': ['segmentIds'],
            'works.segment_invalid': ['segmentIds'],
            ...(field && ['endOn', 'agreementOn', 'agreementSigned'].includes(field)
              ? { 'works.dates_invalid': [field] }
              : {}),
          },
          mapPath: (path) => (path[0] === 'place' ? placeField : path),
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  const phoneRule = { pattern: PHONE, message: t('works.phoneInvalid') };
  const required = { required: true, message: t('common.required') };

  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      title={works ? t('works.edit') : t('works.create')}
      width={600}
      form={form}
      onFinish={submit}
      initialValues={initialValues}
      saving={saving}
      error={error}
      saveTestId="works-save"
    >
      <Form.Item name="name" label={t('works.name')} rules={[{ ...required, whitespace: true }, { max: 200 }]}>
        <Input maxLength={200} placeholder="某小区雨污分流管网改造工程" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="kind" label={t('works.kind')} rules={[required]}>
            <Select options={Object.entries(worksKindLabels).map(([value, l]) => ({ value, label: l[locale] }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="startOn" label={t('works.startOn')} rules={[required]}>
            <DateField />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="builderEnterpriseId"
        label={t('works.builder')}
        extra={t('works.builderHint')}
        rules={[required]}
      >
        <EnterpriseSelect
          placeholder={t('works.builder')}
          initial={works ? { id: works.builder.id, name: works.builder.name, creditCode: '' } : null}
        />
      </Form.Item>
      <Form.Item name="address" label={t('works.address')} rules={[{ ...required, whitespace: true }, { max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="regionId" label={t('works.region')} extra={t('works.regionHint')}>
        <RegionTreeSelect placeholder={t('works.region')} />
      </Form.Item>

      <Form.Item name="placeType" label={t('works.place')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'point', label: t('works.placePoint') },
            { value: 'polygon', label: t('works.placePolygon') },
          ]}
        />
      </Form.Item>
      {placeType === 'polygon' ? (
        <Form.Item
          name="ring"
          label={t('works.ring')}
          extra={t('works.ringHint')}
          rules={[
            {
              validator: async (_, v: string | undefined) => {
                if (!parseRing(v)) throw new Error(t('works.ringInvalid'));
              },
            },
          ]}
        >
          <Input.TextArea rows={4} placeholder={'108.8401,38.6012\n108.8412,38.6012\n108.8412,38.6004'} />
        </Form.Item>
      ) : (
        <>
          <Button
            icon={<AimOutlined />}
            loading={locating}
            onClick={locate}
            block={isMobile}
            style={{ marginBottom: 8 }}
          >
            {locating ? t('works.locating') : t('works.useLocation')}
          </Button>
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item name="lng" label={t('registry.lng')} rules={[required]}>
                <InputNumber min={73} max={136} step={0.0001} precision={6} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="lat" label={t('registry.lat')} rules={[required]}>
                <InputNumber min={3} max={54} step={0.0001} precision={6} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
      {nearby ? (
        <div style={{ marginBottom: 12 }} data-testid="works-nearby">
          <div className="ra-muted" style={{ marginBottom: 4 }}>
            {t('works.segmentsPreview')}
          </div>
          {nearby.length === 0 ? (
            <Alert type="info" showIcon title={t('works.segmentsNone')} />
          ) : (
            <List
              size="small"
              bordered
              dataSource={nearby}
              rowKey="id"
              renderItem={(s) => (
                <List.Item>
                  <div style={{ minWidth: 0 }}>
                    <b>{s.code}</b> {s.name}
                    <div className="ra-muted" style={{ fontSize: 12 }}>
                      {pressureClassLabels[s.pressureClass][locale]} · {s.operator?.name ?? '—'} · {t('works.distance')}{' '}
                      {s.distanceM ?? '—'} / {s.protectionDistanceM}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          )}
        </div>
      ) : null}
      <Form.Item name="segmentIds" label={t('works.chosenSegments')} extra={t('works.chosenSegmentsHint')}>
        <Select
          mode="multiple"
          showSearch={{ filterOption: false, onSearch: searchSegments }}
          onFocus={() => searchSegments('')}
          options={segmentOptions.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))}
        />
      </Form.Item>

      <Form.Item
        name="endOn"
        label={t('works.endOn')}
        dependencies={['startOn']}
        rules={[
          {
            validator: async (_, v: string | undefined) => {
              if (v && startOn && v < startOn) throw new Error(t('works.endBeforeStart'));
            },
          },
        ]}
      >
        <DateField min={startOn} />
      </Form.Item>

      <Form.Item name="agreementSigned" label={t('works.agreement')} valuePropName="checked">
        <Switch checkedChildren={t('works.agreementSigned')} unCheckedChildren={t('works.agreementMissing')} />
      </Form.Item>
      {signed ? (
        <>
          <Form.Item
            name="agreementOn"
            label={t('works.agreementOn')}
            rules={[
              {
                validator: async (_, v: string | undefined) => {
                  if (v && v > today) throw new Error(t('works.dateFuture'));
                },
              },
            ]}
          >
            <DateField max={today} />
          </Form.Item>
          <Form.Item label={t('works.agreementFile')}>
            <Space wrap>
              <Button
                icon={<UploadOutlined />}
                loading={uploading}
                onClick={() => document.getElementById('works-agreement-file')?.click()}
              >
                {t('works.agreementUpload')}
              </Button>
              {file ? <Tag color="green">{t('works.agreementUploaded', { name: file.name })}</Tag> : null}
            </Space>
            <input
              id="works-agreement-file"
              type="file"
              accept="application/pdf,image/*"
              capture={isMobile ? 'environment' : undefined}
              style={{ display: 'none' }}
              onChange={(e) => void upload(e.target.files?.[0])}
            />
          </Form.Item>
        </>
      ) : null}
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="guardianName" label={t('works.guardian')} rules={[{ max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="guardianPhone" label={t('works.guardianPhone')} rules={[phoneRule]}>
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="siteContact" label={t('works.siteContact')} rules={[{ max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="siteContactPhone" label={t('works.siteContactPhone')} rules={[phoneRule]}>
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="note" label={t('works.note')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </FormDrawer>
  );
}
