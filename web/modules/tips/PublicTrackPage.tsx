import { Alert, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { tipCategoryLabels, tipStatusLabels } from '../../../domain/tips/tips.ts';
import { formatDateTime } from '../../app/format.ts';
import { errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { PublicShell } from './PublicShell.tsx';
import { type PublicTip, tipsApi } from './tips.api.ts';

/** The reporter follows a tip with its tracking code: status, the answer written for them, the reward. */
export function PublicTrackPage() {
  const t = useT();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const [tip, setTip] = useState<PublicTip | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!code) return;
    let live = true;
    setLoading(true);
    setError(null);
    tipsApi.track(code).then(
      (r) => {
        if (!live) return;
        setTip(r);
        setLoading(false);
      },
      (err) => {
        if (!live) return;
        setTip(null);
        setError(errorText(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [code]);

  const reward = tip?.reward;
  return (
    <PublicShell title={t('tips.track.title')}>
      <Card>
        <Form
          layout="vertical"
          initialValues={{ code }}
          onFinish={(v: { code: string }) => setParams({ code: v.code.trim() })}
        >
          <Form.Item
            name="code"
            label={t('tips.track.code')}
            rules={[{ required: true, message: t('tips.track.code') }]}
          >
            <Input placeholder={t('tips.track.codePlaceholder')} autoCapitalize="characters" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={loading}>
            {t('tips.track.query')}
          </Button>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {tip ? (
        <Card style={{ marginTop: 12 }} data-testid="tip-status">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('tips.status')}>
              <Tag color={tip.status === 'closed' ? 'green' : 'blue'}>{tipStatusLabels[tip.status][locale]}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('tips.category')}>{tipCategoryLabels[tip.category][locale]}</Descriptions.Item>
            <Descriptions.Item label={t('tips.createdAt')}>{formatDateTime(tip.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('tips.answer')}>
              {tip.answer ? (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{tip.answer}</Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">{t('tips.noAnswer')}</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('tips.reward')}>
              <span data-testid="tip-reward">
                {!reward
                  ? t('tips.reward.none')
                  : reward.status === 'proposed'
                    ? t('tips.reward.proposed')
                    : t(reward.status === 'paid' ? 'tips.reward.paid' : 'tips.reward.approved', {
                        amount: reward.amount ?? 0,
                      })}
              </span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
      <Space style={{ width: '100%', justifyContent: 'center', marginTop: 16 }}>
        <Link to="/report">{t('tips.track.fileTip')}</Link>
      </Space>
    </PublicShell>
  );
}
