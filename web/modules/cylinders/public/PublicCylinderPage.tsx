import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Segmented, Skeleton } from 'antd';
import { type ReactNode, useCallback, useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { doorVerdict } from '../../../../domain/cylinders/verdict.ts';
import { formatDate, formatDateTime } from '../../../app/format.ts';
import { errorText } from '../../../app/http.ts';
import { type Locale, setLocale, useLocale, useT } from '../../../app/i18n.ts';
import { DemoBanner } from '../../../app/InstallationNotices.tsx';
import { useRequest } from '../../../app/useRequest.ts';
import { cylindersApi, type PublicCylinder } from '../cylinders.api.ts';
import { ScanBox } from '../ScanBox.tsx';
import { codeFromScan, publicCylinderPath } from '../scan.ts';
import '../cylinders.css';

const verdictIcon = {
  safe: <CheckCircleFilled />,
  unsafe: <CloseCircleFilled />,
  unknown: <QuestionCircleFilled />,
} as const;

/** The frame of the public pages: phone-first, no sign-in, the language switch and the demo banner. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  useEffect(() => {
    document.title = `${t('cylinderPublic.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <div className="ra-public">
      <DemoBanner />
      <header className="ra-public-head">
        <span className="ra-brand-mark" aria-hidden>
          燃
        </span>
        <div className="ra-public-brand">
          <strong>{t('cylinderPublic.title')}</strong>
          <span>{t('cylinderPublic.subtitle')}</span>
        </div>
        <Segmented<Locale>
          size="small"
          value={locale}
          onChange={setLocale}
          options={[
            { value: 'zh', label: t('lang.zh') },
            { value: 'en', label: t('lang.en') },
          ]}
        />
      </header>
      <main className="ra-public-main">{children}</main>
      <footer className="ra-public-foot">{t('cylinderPublic.footer')}</footer>
    </div>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="ra-public-fact" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function CylinderFacts({ cylinder }: { cylinder: PublicCylinder }) {
  const t = useT();
  const locale = useLocale();
  const verdict = doorVerdict({
    reasons: cylinder.verdict.reasons.map((r) => r.code),
    legacyDualPhase: cylinder.legacyDualPhase,
  });
  const tr = (text: { zh: string; en: string }) => (locale === 'en' ? text.en : text.zh);
  return (
    <>
      <section className={`ra-verdict ra-verdict-${verdict.level}`} data-testid="cylinder-verdict" role="status">
        <div className="ra-verdict-icon" aria-hidden>
          {verdictIcon[verdict.level]}
        </div>
        <h1>{tr(verdict.headline)}</h1>
        {verdict.reasons.length > 0 ? (
          <ul>
            {verdict.reasons.map((r) => (
              <li key={r.code} data-reason={r.code}>
                {tr(r.text)}
              </li>
            ))}
          </ul>
        ) : null}
        <p>{tr(verdict.advice)}</p>
      </section>
      {verdict.caution ? (
        <Alert type="warning" showIcon icon={<WarningFilled />} title={tr(verdict.caution)} style={{ marginTop: 12 }} />
      ) : null}
      <dl className="ra-public-facts">
        <Fact label={t('cylinderPublic.code')} testId="cylinder-code">
          <span className="ra-mono">{cylinder.code}</span>
        </Fact>
        {cylinder.registered ? (
          <>
            <Fact label={t('cylinderPublic.owner')}>{cylinder.ownerName ?? '—'}</Fact>
            <Fact label={t('cylinderPublic.model')}>
              {cylinder.model ? `${cylinder.model}${cylinder.modelLabel ? `（${cylinder.modelLabel}）` : ''}` : '—'}
            </Fact>
            <Fact label={t('cylinderPublic.status')}>
              {cylinder.status ? t(`cylinderStatus.${cylinder.status}`) : '—'}
            </Fact>
            <Fact label={t('cylinderPublic.lastFill')}>
              {cylinder.lastFilledAt ? (
                <>
                  {formatDateTime(cylinder.lastFilledAt)}
                  {cylinder.lastFilledAtStation ? <div className="ra-muted">{cylinder.lastFilledAtStation}</div> : null}
                </>
              ) : (
                t('cylinderPublic.neverFilled')
              )}
            </Fact>
            <Fact label={t('cylinderPublic.inspectionValidUntil')}>
              {formatDate(cylinder.inspectionValidUntil, t('cylinderPublic.unknownDate'))}
            </Fact>
            <Fact label={t('cylinderPublic.manufacturedOn')}>
              {formatDate(cylinder.manufacturedOn, t('cylinderPublic.unknownDate'))}
            </Fact>
          </>
        ) : null}
      </dl>
    </>
  );
}

/** `/c/:code`: what the QR on a cylinder opens — its safety verdict, in plain words, without signing in. */
export function PublicCylinderPage() {
  const t = useT();
  const navigate = useNavigate();
  const { code: raw = '' } = useParams();
  const code = codeFromScan(raw);
  const load = useCallback(
    () => (code ? cylindersApi.publicLookup(code) : Promise.reject(new Error(t('cylinderPublic.badCode')))),
    [code, t],
  );
  const { data, error, loading, reload } = useRequest(load);
  const open = useCallback((next: string) => navigate(publicCylinderPath(next)), [navigate]);
  return (
    <PublicFrame>
      {loading && !data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : error ? (
        <Alert
          type="error"
          showIcon
          title={code ? t('cylinderPublic.loadFailed') : t('cylinderPublic.badCode')}
          description={code ? errorText(error) : null}
          action={code ? <Button onClick={reload}>{t('common.retry')}</Button> : null}
        />
      ) : data ? (
        <CylinderFacts cylinder={data} />
      ) : null}
      <section className="ra-public-lookup">
        <h2>{t('cylinderPublic.lookupAnother')}</h2>
        <ScanBox onCode={open} />
      </section>
    </PublicFrame>
  );
}

/** `/c`: the public lookup — scan or type a code. */
export function PublicLookupPage() {
  const t = useT();
  const navigate = useNavigate();
  const open = useCallback((code: string) => navigate(publicCylinderPath(code)), [navigate]);
  return (
    <PublicFrame>
      <section className="ra-public-lookup ra-public-lookup-first">
        <h1>{t('cylinderPublic.title')}</h1>
        <p className="ra-muted">{t('cylinderPublic.lookupHint')}</p>
        <ScanBox onCode={open} autoFocus />
      </section>
    </PublicFrame>
  );
}
