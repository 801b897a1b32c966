import { Button, Typography } from 'antd';
import type { ReactNode } from 'react';
import { setLocale, useLocale } from '../../app/i18n.ts';
import './tips.css';

/** The public pages' frame: outside the signed-in shell, one column for phones, a language switch. */
export function PublicShell({ title, children }: { title: string; children: ReactNode }) {
  const locale = useLocale();
  return (
    <div className="ra-public">
      <header className="ra-public-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <Button size="small" type="text" onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}>
          {locale === 'zh' ? 'English' : '中文'}
        </Button>
      </header>
      <main className="ra-public-main">{children}</main>
    </div>
  );
}
