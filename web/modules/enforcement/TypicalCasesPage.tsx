import { Button, Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { measureLabels } from '../../../domain/enforcement/enforcement.ts';
import { formatDate } from '../../app/format.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { LoadError } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { PublicShell } from '../tips/index.ts';
import { enforcementApi } from './enforcement.api.ts';

const load = () => enforcementApi.typical();

/** /typical-cases — 典型案例: the published cases for the public (no sign-in, phone-first). */
export function TypicalCasesPage() {
  const t = useT();
  const locale = useLocale();
  const { data, error, loading, reload } = useRequest(load);
  return (
    <PublicShell title={t('typical.title')}>
      <Typography.Paragraph type="secondary">{t('typical.intro')}</Typography.Paragraph>
      {loading && !data ? (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <Spin />
        </div>
      ) : error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : !data?.length ? (
        <Empty description={t('typical.empty')} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          {data.map((c) => (
            <Card key={c.number} size="small" className="ra-typical-case" title={c.departmentName ?? ''}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.summary}</Typography.Paragraph>
              <Space size={[4, 4]} wrap>
                {c.measures.map((m) => (
                  <Tag key={m} color={m === 'licence_revocation' || m === 'transfer_police' ? 'red' : 'blue'}>
                    {measureLabels[m][locale]}
                  </Tag>
                ))}
                {c.fineTotal > 0 ? (
                  <Tag color="orange">{t('typical.fine', { amount: c.fineTotal.toLocaleString('zh-CN') })}</Tag>
                ) : null}
              </Space>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
                {c.number} · {t('typical.decidedOn', { date: formatDate(c.decidedOn) })}
              </Typography.Paragraph>
            </Card>
          ))}
        </Space>
      )}
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/report">
          <Button type="primary" size="large" block>
            {t('typical.report')}
          </Button>
        </Link>
      </div>
    </PublicShell>
  );
}
