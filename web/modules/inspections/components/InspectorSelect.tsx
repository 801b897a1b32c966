import { Select, Space, Tag } from 'antd';
import { useCallback, useMemo } from 'react';
import { formatDate } from '../../../app/format.ts';
import { useT } from '../../../app/i18n.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { inspectionsApi, type PersonOption } from '../inspections.api.ts';

/**
 * The people assigned to inspect (先培训、后排查): government inspectors, the staff of the
 * enterprise doing a self- or household inspection, or a venue's own staff for its monthly self-inspection. People without a valid training are listed
 * but cannot be chosen (未培训); the server refuses them anyway and its refusal shows on the field.
 */
export function InspectorSelect({
  value,
  onChange,
  enterpriseId,
  venueId,
  disabled,
}: {
  value?: string[];
  onChange?: (value: string[]) => void;
  /** Staff of this enterprise instead of government inspectors. */
  enterpriseId?: string | null;
  /** The venue's own staff, for its monthly self-inspection. */
  venueId?: string | null;
  disabled?: boolean;
}) {
  const t = useT();
  const load = useCallback(
    () =>
      venueId
        ? inspectionsApi.venueStaff(venueId)
        : enterpriseId
          ? inspectionsApi.staff(enterpriseId)
          : inspectionsApi.inspectors(),
    [enterpriseId, venueId],
  );
  const { data, loading } = useRequest(load);
  const options = useMemo(
    () =>
      [...(data?.items ?? [])]
        .sort((a, b) => Number(b.mayInspect) - Number(a.mayInspect) || a.name.localeCompare(b.name, 'zh'))
        .map((p: PersonOption) => ({
          value: p.id,
          disabled: !p.mayInspect,
          name: p.name,
          label: (
            <Space size={4} data-testid={`inspector-option-${p.name}`}>
              <span>{p.name}</span>
              <span style={{ color: 'rgba(0,0,0,.45)', fontSize: 12 }}>
                {p.department?.name ?? p.enterprise?.name ?? p.venue?.name ?? p.region.name}
              </span>
              {p.mayInspect ? (
                p.trainingValidUntil ? (
                  <span style={{ color: 'rgba(0,0,0,.45)', fontSize: 12 }}>
                    {t('inspections.trainedUntil', { date: formatDate(p.trainingValidUntil) })}
                  </span>
                ) : null
              ) : (
                <Tag color="default">{t('inspections.untrained')}</Tag>
              )}
            </Space>
          ),
        })),
    [data, t],
  );
  return (
    <Select
      mode="multiple"
      value={value}
      onChange={onChange}
      loading={loading}
      options={options}
      optionFilterProp="name"
      showSearch
      disabled={disabled}
      placeholder={t('inspections.pickInspectors')}
      aria-label={t('inspections.inspectors')}
      data-testid="inspector-select"
    />
  );
}
