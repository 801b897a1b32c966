import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Segmented } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { authApi } from './auth.api.ts';
import { errorText } from './http.ts';
import { DemoBanner, InsecureContextNotice } from './InstallationNotices.tsx';
import { type Locale, setLocale, useLocale, useT } from './i18n.ts';
import { useSession } from './session.tsx';

type Values = { username: string; password: string };

/** Only paths inside the app are followed after sign-in. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const t = useT();
  const locale = useLocale();
  const { state, signedIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = safeNext(params.get('next'));

  useEffect(() => {
    document.title = t('app.fullName');
  }, [t]);

  if (state.status === 'signedIn') return <Navigate to={next} replace />;

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const { user } = await authApi.login({ username: values.username.trim(), password: values.password });
      signedIn(user);
      navigate(next, { replace: true });
    } catch (err) {
      setError(errorText(err));
      setSubmitting(false);
    }
  };

  return (
    <div className="ra-login">
      <div className="ra-login-banner">
        <DemoBanner />
      </div>
      <div className="ra-login-lang">
        <Segmented<Locale>
          size="small"
          value={locale}
          onChange={setLocale}
          options={[
            { value: 'zh', label: t('lang.zh') },
            { value: 'en', label: t('lang.en') },
          ]}
        />
      </div>
      <div className="ra-login-card">
        <div className="ra-login-brand">
          <span className="ra-brand-mark ra-brand-mark-lg" aria-hidden>
            燃
          </span>
          <h1>
            {t('app.name')}
            <span className="ra-login-dot"> · </span>
            <span className="ra-login-title">{t('app.title')}</span>
          </h1>
          <p>{t('app.subtitle')}</p>
        </div>
        <Form<Values> layout="vertical" size="large" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('login.submit')}
          </Button>
          {error ? <Alert className="ra-login-error" type="error" showIcon title={error} role="alert" /> : null}
        </Form>
        <InsecureContextNotice />
      </div>
      <footer className="ra-login-footer">{t('login.footer')}</footer>
    </div>
  );
}
