import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { type ReactNode, useState } from 'react';
import { useT } from '../../../app/i18n.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';

/** A list's filter bar; on a phone it folds under one 筛选 button so the list stays in view. */
export function CollapsibleFilters({ active, children }: { active: number; children: ReactNode }) {
  const t = useT();
  const isMobile = useIsMobile();
  const [open, setOpen] = useState(false);
  if (isMobile && !open) {
    return (
      <div style={{ marginBottom: 12 }}>
        <Badge count={active} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setOpen(true)}>
            {t('hazards.filter.more')}
          </Button>
        </Badge>
      </div>
    );
  }
  return <div className="ra-toolbar">{children}</div>;
}
