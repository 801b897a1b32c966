import { PlacePicker } from './PlacePicker.tsx';
import { AimOutlined, CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Result, Select, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { TIP_LIMITS, type TipCategory, tipCategories, tipCategoryLabels } from '../../../domain/tips/tips.ts';
import { applyFormError, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { PublicShell } from './PublicShell.tsx';
import { tipsApi } from './tips.api.ts';

type Values = {
  category: TipCategory;
  description: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
};
type Photo = { id: string; url: string };

/** 举报 (plan 五(一)2): the public form, no sign-in, phone-first; the answer is a tracking code. */
export function PublicReportPage() {
  const t = useT();
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const category = Form.useWatch('category', form);
  const [place, setPlace] = useState<{ lng: number; lat: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [showMap, setShowMap] = useState(false);
  const [placeError, setPlaceError] = useState<string | null>(null);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [uploading, setUploading] = useState(false);
  const [solving, setSolving] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const locate = () => {
    if (!navigator.geolocation) {
      setPlaceError(t('tips.locationFailed'));
      return;
    }
    setLocating(true);
    setPlaceError(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setPlace({ lng: Number(pos.coords.longitude.toFixed(6)), lat: Number(pos.coords.latitude.toFixed(6)) });
      },
      () => {
        setLocating(false);
        setPlaceError(t('tips.locationFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const addPhoto = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    setError(null);
    try {
      const { id } = await tipsApi.uploadPhoto(file);
      setPhotos((p) => [...p, { id, url: URL.createObjectURL(file) }]);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const submit = async (v: Values) => {
    if (!place && !v.address?.trim()) {
      setPlaceError(t('tips.placeRequired'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const res = await tipsApi.submit(
        {
          category: v.category,
          description: v.description,
          ...(place ?? {}),
          address: v.address?.trim() || undefined,
          contactName: v.contactName?.trim() || undefined,
          contactPhone: v.contactPhone?.trim() || undefined,
          photoIds: photos.length ? photos.map((p) => p.id) : undefined,
        },
        setSolving,
      );
      setCode(res.trackingCode);
    } catch (err) {
      setError(applyFormError(form, err) ?? null);
    } finally {
      setSaving(false);
      setSolving(false);
    }
  };

  if (code) {
    return (
      <PublicShell title={t('tips.public.title')}>
        <Card>
          <Result
            status="success"
            title={t('tips.submitted.title')}
            subTitle={t('tips.submitted.keep')}
            extra={
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text type="secondary">{t('tips.submitted.code')}</Typography.Text>
                <div className="ra-public-code" data-testid="tracking-code">
                  {code}
                </div>
                <Link to={`/report/track?code=${encodeURIComponent(code)}`}>
                  <Button type="primary" block>
                    {t('tips.track.link')}
                  </Button>
                </Link>
                <Button
                  block
                  onClick={() => {
                    setCode(null);
                    setPhotos([]);
                    setPlace(null);
                    form.resetFields();
                  }}
                >
                  {t('tips.newTip')}
                </Button>
              </Space>
            }
          />
        </Card>
      </PublicShell>
    );
  }

  return (
    <PublicShell title={t('tips.public.title')}>
      <Typography.Paragraph type="secondary">{t('tips.public.intro')}</Typography.Paragraph>
      {category === 'gas_smell' ? (
        <Alert type="warning" showIcon title={t('tips.public.urgentHint')} style={{ marginBottom: 12 }} />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Card>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item
            name="category"
            label={t('tips.category')}
            rules={[{ required: true, message: t('tips.category') }]}
          >
            <Select
              placeholder={t('tips.category')}
              options={tipCategories.map((c) => ({ value: c, label: tipCategoryLabels[c][locale] }))}
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('tips.description')}
            rules={[{ required: true, whitespace: true, message: t('tips.descriptionRequired') }]}
          >
            <Input.TextArea
              rows={4}
              maxLength={TIP_LIMITS.description}
              showCount
              placeholder={t('tips.descriptionPlaceholder')}
            />
          </Form.Item>
          <Form.Item
            label={t('tips.place')}
            required
            validateStatus={placeError ? 'error' : undefined}
            help={placeError}
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              {place ? (
                <Space>
                  <Typography.Text>{t('tips.located', { lng: place.lng, lat: place.lat })}</Typography.Text>
                  <Button
                    size="small"
                    icon={<CloseOutlined />}
                    onClick={() => setPlace(null)}
                    aria-label={t('tips.clearLocation')}
                  />
                </Space>
              ) : (
                <Button icon={<AimOutlined />} loading={locating} onClick={locate} block>
                  {locating ? t('tips.locating') : t('tips.useLocation')}
                </Button>
              )}
              <Button block onClick={() => setShowMap((v) => !v)}>
                {showMap ? t('tips.hideMap') : t('tips.pickOnMap')}
              </Button>
              {showMap ? (
                <PlacePicker
                  value={place}
                  onChange={(p) => {
                    setPlace(p);
                    setPlaceError(null);
                  }}
                />
              ) : null}
              <Form.Item name="address" noStyle>
                <Input
                  maxLength={TIP_LIMITS.address}
                  placeholder={t('tips.addressPlaceholder')}
                  aria-label={t('tips.address')}
                  onChange={() => setPlaceError(null)}
                />
              </Form.Item>
            </Space>
          </Form.Item>
          <Form.Item label={t('tips.photos')}>
            <div className="ra-public-photos">
              {photos.map((p) => (
                <img key={p.id} src={p.url} alt="" />
              ))}
              {photos.length < TIP_LIMITS.photos ? (
                <Button icon={<CameraOutlined />} loading={uploading} onClick={() => fileInput.current?.click()}>
                  {uploading ? t('tips.photoUploading') : t('tips.addPhoto')}
                </Button>
              ) : null}
              <input
                ref={fileInput}
                type="file"
                accept="image/jpeg,image/png,image/webp"
                style={{ display: 'none' }}
                data-testid="tip-photo-input"
                onChange={(e) => void addPhoto(e.target.files?.[0])}
              />
            </div>
          </Form.Item>
          <Typography.Text type="secondary">{t('tips.contact')}</Typography.Text>
          <Form.Item name="contactName" label={t('tips.contactName')} style={{ marginTop: 8 }}>
            <Input maxLength={TIP_LIMITS.contactName} autoComplete="name" />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label={t('tips.contactPhone')}
            rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('tips.phoneInvalid') }]}
          >
            <Input inputMode="tel" autoComplete="tel" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={saving} disabled={uploading}>
            {solving ? t('tips.solving') : t('tips.submit')}
          </Button>
        </Form>
      </Card>
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        <Link to="/report/track">{t('tips.track.link')}</Link>
      </div>
    </PublicShell>
  );
}
