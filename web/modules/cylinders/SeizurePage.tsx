import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, List, Space, Switch } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { cylinderLocationLabels } from '../../../domain/cylinders/cylinders.ts';
import { formatDateTime } from '../../app/format.ts';
import { LoadError } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { applyFormError, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { PageHeader } from '../../app/PageState.tsx';
import { filesApi } from '../inspections/index.ts';
import { resizePhoto } from '../inspections/index.ts';
import { cylindersApi } from './cylinders.api.ts';
import { StatusTag, cylinderPath } from './CylindersPage.tsx';
import { codeFromScan } from './scan.ts';

/** Why a cylinder is seized (黑气瓶), as the seizure route takes them. */
export const seizureGrounds = ['no_code', 'foreign_filler', 'overdue', 'blacklisted', 'scrapped', 'other'] as const;
export type SeizureGround = (typeof seizureGrounds)[number];
export const isSeizureGround = (v: string): v is SeizureGround => (seizureGrounds as readonly string[]).includes(v);

type Values = { code?: string; grounds: SeizureGround[]; address: string; note?: string };
type Photo = { id: string; name: string; url: string };

/**
 * 查扣: a department seizes a cylinder found in the field (no code, another filler's, overdue, on the
 * blacklist …) with where, why and photos; it goes to an inspection agency and the gate refuses
 * its code from then on. Phone first: the camera opens for photos, the place comes from the form.
 */
export function SeizurePage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [noCode, setNoCode] = useState(false);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [uploading, setUploading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  // One id for this seizure: pressing 提交 again after a lost answer stores it once.
  const eventId = useRef(crypto.randomUUID());

  const addPhotos = async (files: FileList | null) => {
    if (!files?.length) return;
    setUploading(true);
    try {
      for (const file of Array.from(files).slice(0, 10 - photos.length)) {
        const { blob } = await resizePhoto(file);
        const stored = await filesApi.upload(blob, file.name || 'photo.jpg');
        setPhotos((p) => [...p, { id: stored.id, name: file.name, url: URL.createObjectURL(blob) }]);
      }
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    const code = noCode ? undefined : (codeFromScan(v.code ?? '') ?? v.code?.trim());
    try {
      await cylindersApi.seize({
        eventId: eventId.current,
        ...(code ? { code } : {}),
        grounds: v.grounds,
        address: v.address.trim(),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        occurredAt: new Date().toISOString(),
        ...(photos.length ? { photoFileIds: photos.map((p) => p.id) } : {}),
      });
      message.success(t('cylinderSeizure.done'));
      navigate(code ? cylinderPath(code) : '/cylinders');
    } catch (err) {
      setError(applyFormError(form, err) ?? errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title={t('cylinderSeizure.title')} />
      <Card style={{ maxWidth: 640 }}>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cylinderSeizure.intro')} />
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ code: params.get('code') ?? '', grounds: [] }}
        >
          <Form.Item label={t('cylinderSeizure.noCode')}>
            <Switch
              checked={noCode}
              onChange={(v) => {
                setNoCode(v);
                if (v)
                  form.setFieldValue('grounds', [...new Set([...(form.getFieldValue('grounds') ?? []), 'no_code'])]);
              }}
              aria-label={t('cylinderSeizure.noCode')}
            />
          </Form.Item>
          {noCode ? null : (
            <Form.Item
              name="code"
              label={t('cylinder.code')}
              rules={[
                { required: true, whitespace: true, message: t('common.required') },
                {
                  validator: async (_, value: string | undefined) => {
                    if (value?.trim() && !codeFromScan(value)) throw new Error(t('cylinderPublic.badCode'));
                  },
                },
              ]}
            >
              <Input className="ra-mono" autoCapitalize="characters" autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item
            name="grounds"
            label={t('cylinderSeizure.grounds')}
            rules={[{ required: true, type: 'array', min: 1, message: t('cylinderSeizure.groundsRequired') }]}
          >
            <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
              {seizureGrounds.map((g) => (
                <Checkbox key={g} value={g}>
                  {t(`cylinderSeizure.ground.${g}`)}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
          <Form.Item
            name="address"
            label={t('cylinderSeizure.address')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={200} placeholder={t('cylinderSeizure.addressHint')} />
          </Form.Item>
          <Form.Item name="note" label={t('cylinderSeizure.note')}>
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
          <Form.Item label={t('cylinderSeizure.photos')}>
            <Space wrap>
              {photos.map((p) => (
                <div key={p.id} className="ra-seize-photo">
                  <img src={p.url} alt={p.name} />
                  <Button
                    size="small"
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('cylinderSeizure.removePhoto')}
                    onClick={() => setPhotos((all) => all.filter((x) => x.id !== p.id))}
                  />
                </div>
              ))}
              {photos.length < 10 ? (
                <Button icon={<CameraOutlined />} loading={uploading} onClick={() => fileInput.current?.click()}>
                  {t('cylinderSeizure.addPhoto')}
                </Button>
              ) : null}
            </Space>
            <input
              ref={fileInput}
              type="file"
              accept="image/*"
              capture="environment"
              multiple
              style={{ display: 'none' }}
              data-testid="seizure-photo-input"
              onChange={(e) => void addPhotos(e.target.files)}
            />
          </Form.Item>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
          <Button type="primary" danger htmlType="submit" block loading={saving} disabled={uploading}>
            {t('cylinderSeizure.submit')}
          </Button>
        </Form>
      </Card>
      <SeizedList />
    </>
  );
}

/** The cylinders seized so far in the user's scope (status 已查扣), newest first by last sighting. */
function SeizedList() {
  const t = useT();
  const locale = useLocale();
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useRequest(
    useCallback(() => cylindersApi.list({ status: 'seized', page, pageSize: 20 }), [page]),
  );
  return (
    <Card title={t('cylinderSeizure.seizedList')} style={{ maxWidth: 640, marginTop: 16 }} size="small">
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <List
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('cylinderSeizure.noneSeized') }}
          pagination={
            data && data.total > data.pageSize
              ? { current: page, pageSize: data.pageSize, total: data.total, onChange: setPage, size: 'small' }
              : false
          }
          renderItem={(c) => (
            <List.Item>
              <div>
                <Link className="ra-mono" to={cylinderPath(c.code)}>
                  {c.code}
                </Link>{' '}
                <StatusTag status={c.status} />
                <div className="ra-muted">
                  {c.ownerName} · {c.location.label ?? cylinderLocationLabels[c.location.type][locale]} ·{' '}
                  {formatDateTime(c.lastSeenAt)}
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
