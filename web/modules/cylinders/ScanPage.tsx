import { Card } from 'antd';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../app/i18n.ts';
import { PageHeader } from '../../app/PageState.tsx';
import { cylinderPath } from './CylindersPage.tsx';
import { ScanBox } from './ScanBox.tsx';

/** 扫码查瓶: on a phone, the camera (or the typed code) opens the cylinder's record. */
export function ScanPage() {
  const t = useT();
  const navigate = useNavigate();
  const open = useCallback((code: string) => navigate(cylinderPath(code)), [navigate]);
  return (
    <>
      <PageHeader title={t('cylinderScan.title')} />
      <Card style={{ maxWidth: 560 }}>
        <p className="ra-muted">{t('cylinderPublic.lookupHint')}</p>
        <ScanBox onCode={open} autoFocus />
      </Card>
    </>
  );
}
