import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { INSPECTION_LIMITS } from '../../../../domain/inspections/inspections.ts';
import { useT } from '../../../app/i18n.ts';
import { resizePhoto } from '../offline/photos.ts';
import { filesApi } from '../inspections.api.ts';
import { fieldStore, newId, SERVER_PHOTO_PREFIX } from '../offline/store.ts';
import '../inspections.css';

/**
 * The phone's photos of one item, kept in the field app's photo store (IndexedDB) until they are sent:
 * the field app's check items and the delivery driver's door check (through the module's index.ts).
 * `ownerId` is the signed-in person (or, offline, the one last signed in on this phone).
 */
function Thumb({
  ownerId,
  id,
  onRemove,
  disabled,
  testId,
}: {
  ownerId: string;
  id: string;
  onRemove: () => void;
  disabled?: boolean;
  testId: string;
}) {
  const t = useT();
  const userId = ownerId;
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let href: string | null = null;
    let live = true;
    if (id.startsWith(SERVER_PHOTO_PREFIX)) {
      setUrl(filesApi.url(id.slice(SERVER_PHOTO_PREFIX.length)));
      return;
    }
    void fieldStore.photo(userId, id).then((p) => {
      if (!live || !p) return;
      href = URL.createObjectURL(p.blob);
      setUrl(href);
    });
    return () => {
      live = false;
      if (href) URL.revokeObjectURL(href);
    };
  }, [userId, id]);
  return (
    <div className="ra-field-photo" data-testid={testId}>
      {url ? <img src={url} alt="" /> : null}
      {disabled ? null : (
        <Button
          size="small"
          shape="circle"
          icon={<CloseOutlined />}
          aria-label={t('field.removePhoto')}
          onClick={onRemove}
        />
      )}
    </div>
  );
}

/** The photos of one item, as thumbnails (removable while the draft is open). */
export function PhotoThumbs({
  ownerId,
  photoIds,
  onChange,
  disabled,
  testId = 'field-photo',
}: {
  ownerId: string;
  photoIds: string[];
  onChange: (ids: string[]) => void;
  disabled?: boolean;
  testId?: string;
}) {
  if (photoIds.length === 0) return null;
  return (
    <div className="ra-field-photos">
      {photoIds.map((id) => (
        <Thumb
          key={id}
          ownerId={ownerId}
          id={id}
          testId={testId}
          disabled={disabled}
          onRemove={() => {
            if (!id.startsWith(SERVER_PHOTO_PREFIX)) void fieldStore.deletePhoto(id);
            onChange(photoIds.filter((p) => p !== id));
          }}
        />
      ))}
    </div>
  );
}

/**
 * 拍照 for one check item: the phone's camera (capture=environment); each photo is resized to at
 * most 1600 px JPEG and stored on the phone until the sync queue uploads it.
 */
export function PhotoButton({
  ownerId,
  draftKey,
  itemId,
  photoIds,
  onChange,
  max = INSPECTION_LIMITS.maxPhotosPerItem,
  inputTestId = `photo-input-${itemId}`,
  size,
}: {
  ownerId: string;
  draftKey: string;
  itemId: string;
  photoIds: string[];
  onChange: (ids: string[]) => void;
  /** At most this many photos for the item. */
  max?: number;
  inputTestId?: string;
  size?: 'small' | 'middle';
}) {
  const t = useT();
  const { message } = App.useApp();
  const userId = ownerId;
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const full = photoIds.length >= max;

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    const added: string[] = [];
    try {
      for (const file of [...files].slice(0, max - photoIds.length)) {
        try {
          const { blob, width, height } = await resizePhoto(file);
          const id = newId();
          await fieldStore.savePhoto({
            id,
            ownerId: userId,
            draftKey,
            itemId,
            blob,
            width,
            height,
            takenAt: new Date().toISOString(),
            fileId: null,
          });
          added.push(id);
        } catch {
          message.error(t('field.photoFailed'));
        }
      }
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
    if (added.length > 0) onChange([...photoIds, ...added]);
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        className="ra-visually-hidden"
        data-testid={inputTestId}
        onChange={(e) => void add(e.target.files)}
        tabIndex={-1}
        aria-hidden
      />
      <Button
        size={size}
        icon={<CameraOutlined />}
        loading={busy}
        disabled={full}
        onClick={() => input.current?.click()}
      >
        {t('field.takePhoto')}
        {photoIds.length > 0 ? ` (${photoIds.length})` : ''}
      </Button>
    </>
  );
}
