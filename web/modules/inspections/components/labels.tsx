import { Tag } from 'antd';
import {
  type HazardState,
  hazardStateLabels,
  type Severity,
  severityLabels,
} from '../../../../domain/hazards/index.ts';
import {
  type InspectionStatus,
  inspectionStatusLabels,
  type RecordedResult,
  recordedResultLabels,
} from '../../../../domain/inspections/inspections.ts';
import { useLocale } from '../../../app/i18n.ts';
import '../inspections.css';

const statusColor: Record<InspectionStatus, string> = { planned: 'blue', in_progress: 'orange', signed: 'green' };

export function InspectionStatusTag({ status }: { status: InspectionStatus }) {
  const locale = useLocale();
  return <Tag color={statusColor[status]}>{inspectionStatusLabels[status][locale]}</Tag>;
}

const resultColor: Record<RecordedResult | 'unknown', string> = {
  pass: 'success',
  fail: 'error',
  not_applicable: 'default',
  unknown: 'warning',
};

/** An item's result; `pending` (an inspection not yet done) shows the missing result without a warning colour. */
export function ResultTag({
  result,
  unknownLabel,
  pending = false,
}: {
  result: RecordedResult | 'unknown' | null;
  unknownLabel: string;
  pending?: boolean;
}) {
  const locale = useLocale();
  const r = result ?? 'unknown';
  return (
    <Tag color={r === 'unknown' && pending ? 'default' : resultColor[r]}>
      {r === 'unknown' ? unknownLabel : recordedResultLabels[r][locale]}
    </Tag>
  );
}

/** 重大 red / 一般 orange. */
export function SeverityTag({ severity }: { severity: Severity }) {
  const locale = useLocale();
  return (
    <Tag color={severity === 'major' ? 'red' : 'orange'} data-severity={severity}>
      {locale === 'zh'
        ? severityLabels[severity].zh.replace('隐患', '')
        : severityLabels[severity].en.replace(' hazard', '')}
    </Tag>
  );
}

const hazardColor: Record<HazardState, string> = {
  open: 'red',
  rectifying: 'orange',
  submitted: 'blue',
  closed: 'green',
};

export function HazardStateTag({ status }: { status: HazardState }) {
  const locale = useLocale();
  return (
    <Tag color={hazardColor[status] ?? 'default'} data-status={status}>
      {hazardStateLabels[status]?.[locale] ?? status}
    </Tag>
  );
}

/**
 * Who inspects: the township and departments together (a township's plan joined by a department is
 * joint), else the inspecting enterprise (self- and household inspections).
 */
export function inspectingParties(r: {
  departments: { name: string }[];
  inspectingRegion: { name: string } | null;
  inspectingEnterprise?: { name: string } | null;
}): string {
  const parties = [r.inspectingRegion?.name, ...r.departments.map((d) => d.name)].filter(Boolean);
  return parties.join('、') || r.inspectingEnterprise?.name || '—';
}
