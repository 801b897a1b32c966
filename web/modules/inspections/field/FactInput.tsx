import { Checkbox, InputNumber, Segmented, Select } from 'antd';
import {
  gasSourceLabels,
  gasSources,
  hoseTypeLabels,
  hoseTypes,
  venueFloorLabels,
  venueFloors,
} from '../../../../domain/registry/registry.ts';
import type { BannedCatalogueEntry } from '../../../../domain/hazards/evaluate.ts';
import { type MessageKey, useLocale, useT } from '../../../app/i18n.ts';
import type { MeasuredFacts } from '../inspections.api.ts';
import { type FactProblem, installationDateFacts, type MeasuredKey } from './fieldModel.ts';
import { DateField } from '../../../app/DateField.tsx';

const numberUnits: Partial<Record<MeasuredKey, { unit: MessageKey; max: number; step: number }>> = {
  hoseLengthM: { unit: 'unit.m', max: 1000, step: 0.1 },
  hoseMarkedLifeYears: { unit: 'unit.years', max: 50, step: 1 },
  detectorHeightM: { unit: 'unit.m', max: 20, step: 0.05 },
  storedLpgKg: { unit: 'unit.kg', max: 100_000, step: 1 },
  longestDrivingHours: { unit: 'unit.h', max: 72, step: 0.5 },
};

/** One measured fact of the field form, with the input that fits it (large enough for a thumb). */
export function FactInput({
  field,
  facts,
  onChange,
  disabled,
  registered,
  problem,
  visitOn,
  bannedEntries = [],
}: {
  field: MeasuredKey;
  facts: MeasuredFacts;
  onChange: (patch: MeasuredFacts) => void;
  disabled?: boolean;
  /** Why the value entered cannot be true (fieldModel.factProblems), shown under the input. */
  problem?: FactProblem | undefined;
  /** The day of the visit: the latest installation date the date picker offers. */
  visitOn?: string;
  /** The register's value, shown as a hint while nothing is entered (the rules use it until then). */
  registered?: unknown;
  /** For `bannedProductIds`: the catalogue entries in force for this item, offered to name what was found. */
  bannedEntries?: readonly BannedCatalogueEntry[];
}) {
  const t = useT();
  const locale = useLocale();
  const id = `fact-${field}`;
  const label = t(`fact.${field}` as MessageKey);
  let input: React.ReactNode;
  const number = numberUnits[field];
  if (number) {
    input = (
      <InputNumber
        id={id}
        inputMode="decimal"
        max={number.max}
        status={problem ? 'error' : undefined}
        step={number.step}
        value={(facts[field] as number | undefined) ?? null}
        onChange={(v) => onChange({ [field]: typeof v === 'number' ? v : undefined })}
        suffix={t(number.unit)}
        placeholder={typeof registered === 'number' ? t('field.registered', { value: registered }) : undefined}
        style={{ width: 150 }}
        disabled={disabled}
        aria-label={label}
      />
    );
  } else if (installationDateFacts.includes(field)) {
    input = (
      <DateField
        id={id}
        max={visitOn}
        status={problem ? 'error' : undefined}
        value={facts[field] as string | undefined}
        onChange={(day) => onChange({ [field]: day })}
        style={{ width: 170 }}
        title={typeof registered === 'string' ? t('field.registered', { value: registered }) : undefined}
        disabled={disabled}
        aria-label={label}
      />
    );
  } else if (field === 'bannedProductIds') {
    // One fact for the object: entries of other items stay as they are; "none" clears this item's.
    const all = facts.bannedProductIds;
    const mine = bannedEntries.map((e) => e.id);
    const others = (all ?? []).filter((id) => !mine.includes(id));
    const selected = all === undefined ? [] : all.filter((id) => mine.includes(id));
    const NONE = 'none';
    input = (
      <Select
        id={id}
        mode="multiple"
        value={all !== undefined && selected.length === 0 ? [NONE] : selected}
        onChange={(v: string[]) => {
          const last = v.at(-1);
          const ids = last === NONE ? [] : v.filter((x) => x !== NONE);
          onChange({ bannedProductIds: [...others, ...ids] });
        }}
        options={[
          { value: NONE, label: t('field.bannedNone') },
          ...bannedEntries.map((e) => ({ value: e.id, label: `${e.name}（${e.documentNumber}）` })),
        ]}
        style={{ minWidth: 220, maxWidth: '100%' }}
        disabled={disabled}
        aria-label={label}
      />
    );
  } else if (field === 'floor') {
    input = (
      <Select
        id={id}
        value={facts.floor}
        onChange={(v) => onChange({ floor: v })}
        options={venueFloors.map((f) => ({ value: f, label: venueFloorLabels[f][locale] }))}
        style={{ minWidth: 150 }}
        disabled={disabled}
        aria-label={label}
      />
    );
  } else if (field === 'hoseType') {
    input = (
      <Select
        id={id}
        value={facts.hoseType}
        onChange={(v) => onChange({ hoseType: v })}
        options={hoseTypes.map((h) => ({ value: h, label: hoseTypeLabels[h][locale] }))}
        style={{ minWidth: 170 }}
        disabled={disabled}
        aria-label={label}
      />
    );
  } else if (field === 'gasSources') {
    input = (
      <Checkbox.Group
        value={facts.gasSources ?? []}
        onChange={(v) => onChange({ gasSources: v as MeasuredFacts['gasSources'] })}
        options={gasSources.map((g) => ({ value: g, label: gasSourceLabels[g][locale] }))}
        disabled={disabled}
        aria-label={label}
      />
    );
  } else {
    // The yes/no facts: installed, working, cylinder room, hose in use.
    const value = facts[field] as boolean | undefined;
    input = (
      <Segmented
        id={id}
        value={value === undefined ? '' : value ? 'yes' : 'no'}
        onChange={(v) => onChange({ [field]: v === 'yes' ? true : v === 'no' ? false : undefined })}
        options={[
          { value: 'yes', label: t('field.yes') },
          { value: 'no', label: t('field.no') },
        ]}
        disabled={disabled}
        aria-label={label}
      />
    );
  }
  return (
    <div className="ra-field-fact">
      <label htmlFor={id}>{label}</label>
      {input}
      {problem ? (
        <div className="ra-field-fact-problem" role="alert" style={{ color: '#cf1322', width: '100%' }}>
          {t(problem)}
        </div>
      ) : null}
    </div>
  );
}
