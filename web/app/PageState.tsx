import { Button, Empty, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError, errorText, isNotFound } from './http.ts';
import { useT } from './i18n.ts';

/** The placeholder while a page's first data loads. */
export function PageLoading({ rows = 6 }: { rows?: number }) {
  return <Skeleton active paragraph={{ rows }} style={{ padding: 8 }} />;
}

/**
 * A failed load, with the reason and a retry button; something missing or out of scope shows
 * as not found, with the way home instead (retrying would not help).
 */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const forbidden = error instanceof ApiError && error.status === 403;
  if (isNotFound(error)) {
    const status = (error as ApiError).status;
    return (
      <Result
        status="404"
        title="404"
        subTitle={status === 404 ? errorText(error) : t('common.recordNotFound')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <Result
      status={forbidden ? '403' : 'error'}
      title={forbidden ? t('common.forbidden') : t('common.loadFailed')}
      subTitle={
        <>
          {errorText(error)}
          {error instanceof ApiError && error.requestId ? (
            <div style={{ fontSize: 12, marginTop: 4 }}>
              {t('audit.requestId')}: {error.requestId}
            </div>
          ) : null}
        </>
      }
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null
      }
    />
  );
}

export function EmptyState({ description, children }: { description?: ReactNode; children?: ReactNode }) {
  const t = useT();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t('common.empty')}>
      {children}
    </Empty>
  );
}

export function Forbidden() {
  const t = useT();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('common.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** A page's title row: a heading and, on the right, the page's actions. */
export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <div className="ra-page-header">
      <h1>{title}</h1>
      {extra ? <div className="ra-page-header-extra">{extra}</div> : null}
    </div>
  );
}
