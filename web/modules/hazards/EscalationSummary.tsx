import { AlertOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Skeleton } from 'antd';
import { Link } from 'react-router';
import { useT } from '../../app/i18n.ts';
import { useEscalationCount } from './escalationCount.ts';

/**
 * The home page's line on 督办: how many open hazards are escalated in the user's scope, linking
 * to the escalation page. For users with hazard.read (the caller checks).
 */
export function EscalationSummary() {
  const t = useT();
  const count = useEscalationCount();
  const alarming = (count ?? 0) > 0;
  const color = alarming ? '#cf1322' : 'rgba(0,0,0,.45)';
  return (
    <Card size="small" style={{ marginTop: 12, borderColor: alarming ? '#ffccc7' : undefined }}>
      <Link
        to="/hazards/escalations"
        data-testid="home-escalations"
        style={{ display: 'flex', alignItems: 'center', gap: 12, color: 'inherit' }}
      >
        <span
          aria-hidden
          style={{
            flex: 'none',
            width: 40,
            height: 40,
            borderRadius: 8,
            display: 'inline-flex',
            alignItems: 'center',
            justifyContent: 'center',
            fontSize: 20,
            color,
            background: alarming ? '#fff1f0' : '#f5f5f5',
          }}
        >
          <AlertOutlined />
        </span>
        <span style={{ flex: 1, minWidth: 0 }}>
          {count === null ? (
            <Skeleton.Input active size="small" />
          ) : (
            <strong style={{ fontSize: 16, color: alarming ? color : undefined }} data-count={count}>
              {count > 0 ? t('escalations.home', { n: count }) : t('escalations.homeNone')}
            </strong>
          )}
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,.45)' }}>{t('escalations.homeHint')}</div>
        </span>
        <span style={{ flex: 'none', color: '#0b5cad', whiteSpace: 'nowrap' }}>
          {t('escalations.homeOpen')} <RightOutlined />
        </span>
      </Link>
    </Card>
  );
}
