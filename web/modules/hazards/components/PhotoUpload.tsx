import { PlusOutlined } from '@ant-design/icons';
import { App, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { errorText } from '../../../app/http.ts';
import { useT } from '../../../app/i18n.ts';
import { filesApi } from '../../inspections/index.ts';
import { resizePhoto } from '../../inspections/index.ts';

/**
 * Evidence photos uploaded at once (POST /api/v1/files), resized to ≤ 1600 px JPEG first; the
 * value is the stored file ids. Works inside an antd Form.Item.
 */
export function PhotoUpload({
  value = [],
  onChange,
  onUploadingChange,
  max = 20,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** How many photos are still on their way up: a form waits for them (a photo sent later is lost). */
  onUploadingChange?: (count: number) => void;
  max?: number;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <Upload
      listType="picture-card"
      accept="image/*"
      multiple
      fileList={files}
      customRequest={async ({ file, onSuccess, onError }) => {
        let blob: Blob;
        try {
          ({ blob } = await resizePhoto(file as File));
        } catch (err) {
          // Not a picture the browser can read (a document, a broken file): say so, not 未知错误.
          message.error(t('hazards.photoUnreadable', { name: (file as File).name }));
          onError?.(err as Error);
          return;
        }
        try {
          const stored = await filesApi.upload(blob, `${(file as File).name.replace(/\.\w+$/, '')}.jpg`);
          onSuccess?.(stored);
        } catch (err) {
          message.error(errorText(err));
          onError?.(err as Error);
        }
      }}
      onChange={({ fileList }) => {
        setFiles(fileList);
        onUploadingChange?.(fileList.filter((f) => f.status === 'uploading').length);
        const ids = fileList
          .filter((f) => f.status === 'done')
          .map((f) => (f.response as { id: string } | undefined)?.id)
          .filter((id): id is string => Boolean(id));
        if (ids.join() !== value.join()) onChange?.(ids);
      }}
    >
      {files.length >= max ? null : (
        <div>
          <PlusOutlined />
          <div style={{ marginTop: 6 }}>{t('hazards.uploadPhoto')}</div>
        </div>
      )}
    </Upload>
  );
}
