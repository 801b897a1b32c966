// The app itself (main.tsx loads it after web/boot.ts has started the first screen's requests).
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { getLocale, useLocale } from './app/i18n.ts';
import { registerServiceWorker } from './app/serviceWorker.ts';
import { SessionProvider } from './app/session.tsx';
import { theme } from './app/theme.ts';
import { router } from './router.tsx';

function Root() {
  const locale = useLocale();
  // Date pickers name months and weekdays through dayjs: in Chinese with the Chinese interface.
  dayjs.locale(locale === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={locale === 'zh' ? zhCN : enUS} theme={theme}>
      <AntApp>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

document.documentElement.lang = getLocale() === 'zh' ? 'zh-CN' : 'en';
const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
registerServiceWorker();
