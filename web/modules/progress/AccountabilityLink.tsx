import { AuditOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { Link } from 'react-router';
import type { InspectionObjectType } from '../../../domain/inspections/inspections.ts';
import { useT } from '../../app/i18n.ts';
import { useSession } from '../../app/session.tsx';

/** 责任倒查 for an object of the register, for its detail page (shown to those who may read the ledger). */
export function AccountabilityLink({ type, id }: { type: InspectionObjectType; id: string }) {
  const t = useT();
  const { can } = useSession();
  if (!can('hazard.read')) return null;
  return (
    <Link to={`/accountability/${type}/${id}`}>
      <Button icon={<AuditOutlined />}>{t('accountability.open')}</Button>
    </Link>
  );
}
