import { Image, Space } from 'antd';
import { filesApi } from '../inspections.api.ts';

/** Stored photos (GET /api/v1/files/:id) as thumbnails that open a preview. */
export function PhotoGallery({ ids, size = 64 }: { ids: string[]; size?: number }) {
  if (ids.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space size={6} wrap>
        {ids.map((id) => (
          <Image
            key={id}
            src={filesApi.url(id)}
            width={size}
            height={size}
            style={{ objectFit: 'cover', borderRadius: 4 }}
            alt=""
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
