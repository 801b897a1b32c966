import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import { http } from './http.ts';
import { useT } from './i18n.ts';

type Health = { status: 'ok'; database: string; demo: boolean };

// Asked once per page load: whether demo data is loaded is a fact of the database (installation_facts),
// reported by GET /healthz.
let demoAnswer: Promise<boolean> | null = null;
function demoLoaded(): Promise<boolean> {
  demoAnswer ??= http.get<Health>('/healthz').then(
    (h) => h.demo === true,
    () => {
      demoAnswer = null; // offline or failed: ask again next time
      return false;
    },
  );
  return demoAnswer;
}

/** The 演示数据 banner: shown on every page while the database holds demo data with its public password. */
export function DemoBanner() {
  const t = useT();
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    let live = true;
    void demoLoaded().then((d) => live && setDemo(d));
    return () => {
      live = false;
    };
  }, []);
  if (!demo) return null;
  return <Alert type="warning" banner className="ra-demo-banner" data-testid="demo-banner" title={t('demo.banner')} />;
}

/**
 * On the login page, when the page is not a secure context (plain HTTP from another host): the office
 * pages work, but a phone cannot install the offline field app (service workers need HTTPS).
 */
export function InsecureContextNotice() {
  const t = useT();
  if (typeof window === 'undefined' || window.isSecureContext) return null;
  return (
    <Alert
      type="info"
      showIcon
      className="ra-login-notice"
      data-testid="insecure-context"
      title={t('login.insecureContext')}
      description={t('login.insecureContextHint')}
    />
  );
}
