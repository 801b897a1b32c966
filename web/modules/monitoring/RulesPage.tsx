import { Card, Space, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { conditionKindsOf, sensorUnits } from '../../../domain/monitoring/rules.ts';
import { type MessageKey, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { monitoringApi } from './monitoring.api.ts';
import { RulesEditor } from './RulesEditor.tsx';

/**
 * 报警规则: each sensor kind's thresholds for the county, with their basis — the defaults of the
 * national rules and the office's overrides (editable by a county-wide office administrator, audited
 * with a reason). A sensor's own overrides are set on its page.
 */
export function RulesPage() {
  const t = useT();
  const { can, me } = useSession();
  const rules = useRequest(useCallback(() => monitoringApi.kindRules(), []));
  // Kind-wide rules are the county's: the server accepts them from a global office administrator only.
  const canEdit =
    can('monitoring.rules') && (me?.roles ?? []).some((g) => g.scopeType === 'global' && g.role === 'office_admin');
  if (rules.error) return <LoadError error={rules.error} onRetry={rules.reload} />;
  if (!rules.data) return <PageLoading />;
  return (
    <>
      <PageHeader title={t('monitoring.rules.title')} />
      <Typography.Paragraph type="secondary">{t('monitoring.rules.intro')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        {rules.data.items.map((item) => (
          <Card
            key={item.kind}
            size="small"
            title={
              <Space wrap>
                {t(`monitoring.sensorKind.${item.kind}` as MessageKey)}
                {item.overridden && item.overrides.length > 0 ? (
                  <Tag color="blue">{t('monitoring.rules.overridden')}</Tag>
                ) : null}
              </Space>
            }
          >
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('monitoring.basis')}：{item.rules.basis}
            </Typography.Paragraph>
            <RulesEditor
              unit={sensorUnits[item.kind]}
              kinds={conditionKindsOf(item.kind)}
              current={item.rules}
              existing={item.overrides}
              canEdit={canEdit}
              onSave={async (overrides, reason) => {
                await monitoringApi.setKindRules(item.kind, { overrides, reason });
                rules.reload();
              }}
              onReset={async (reason) => {
                await monitoringApi.setKindRules(item.kind, { overrides: [], reason });
                rules.reload();
              }}
            />
          </Card>
        ))}
      </Space>
    </>
  );
}
