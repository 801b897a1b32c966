import { AuditOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate } from 'react-router';
import type { CaseSource } from '../../../domain/enforcement/enforcement.ts';
import { useT } from '../../app/i18n.ts';
import { useSession } from '../../app/session.tsx';

/** 立案: on a hazard, tip, inspection, seizure or anomaly page, opens the case form with that source. */
export function OpenCaseButton({
  source,
  sourceRef,
  subject,
  size,
}: {
  source: Exclude<CaseSource, 'manual'>;
  sourceRef: string;
  /** The register object concerned, when it is an enterprise or a venue: the form starts with it. */
  subject?: { type: string | null; id: string | null; name: string };
  size?: 'small' | 'middle';
}) {
  const t = useT();
  const navigate = useNavigate();
  const { can } = useSession();
  if (!can('enforcement.manage')) return null;
  return (
    <Button
      size={size}
      icon={<AuditOutlined />}
      onClick={() => {
        const q = new URLSearchParams({ source, ref: sourceRef });
        if (subject?.id && (subject.type === 'enterprise' || subject.type === 'venue')) {
          q.set('subjectType', subject.type);
          q.set('subjectId', subject.id);
          q.set('subjectName', subject.name);
        }
        navigate(`/cases/new?${q}`);
      }}
    >
      {t('cases.open')}
    </Button>
  );
}
