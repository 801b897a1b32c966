import { type BannedCatalogueEntry, bannedEntryInForce } from '../../../../domain/hazards/evaluate.ts';
import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Input, Radio, Tag } from 'antd';
import { useState } from 'react';
import type { ItemEvaluation, TickedResult } from '../../../../domain/hazards/index.ts';
import { severityLabels } from '../../../../domain/hazards/index.ts';
import { pick, useLocale, useT } from '../../../app/i18n.ts';
import type { MeasuredFacts } from '../inspections.api.ts';
import { FactInput } from './FactInput.tsx';
import { useFieldIdentity } from './FieldShell.tsx';
import { type FactProblem, type FormItem, factsToAsk, isMeasuredKey, objectLevelFacts } from './fieldModel.ts';
import { PhotoButton, PhotoThumbs } from './PhotoStrip.tsx';

export type ItemChange =
  | { type: 'tick'; result: TickedResult | undefined }
  | { type: 'facts'; patch: MeasuredFacts }
  | { type: 'note'; note: string }
  | { type: 'photos'; ids: string[] };

const resultKey = {
  pass: 'field.pass',
  fail: 'field.fail',
  not_applicable: 'field.na',
  unknown: 'field.unknown',
} as const;

/**
 * One check item of the field form: its text, plan clause and basis; for an item decided by the
 * rules, the facts it needs and the verdict as soon as they are entered; for any other item the
 * three ticks; a note and photos.
 */
export function FieldItemCard({
  formItem,
  evaluation,
  draftKey,
  facts,
  problems,
  visitOn,
  registered,
  tick,
  note,
  photoIds,
  disabled,
  onChange,
  bannedCatalogue = [],
}: {
  formItem: FormItem;
  evaluation: ItemEvaluation;
  draftKey: string;
  facts: MeasuredFacts;
  /** Recorded values that cannot be true (fieldModel.factProblems). */
  problems: Partial<Record<string, FactProblem>>;
  /** The day of the visit: no installation date may be later. */
  visitOn: string;
  registered: Record<string, unknown> | null;
  tick: TickedResult | undefined;
  note: string;
  photoIds: string[];
  disabled: boolean;
  onChange: (change: ItemChange) => void;
  /** The banned-products catalogue (GET /api/v1/rules/banned-products); a banned-products item offers its entries in force. */
  bannedCatalogue?: readonly BannedCatalogueEntry[];
}) {
  const t = useT();
  const locale = useLocale();
  const { userId } = useFieldIdentity();
  const [noteOpen, setNoteOpen] = useState(Boolean(note));
  const item = formItem.item;
  const result = evaluation.result;
  const text = item ? pick(item.text.zh, item.text.en, locale) : formItem.itemId;
  const bannedEntries = bannedCatalogue.filter(
    (e) => e.checkItemId === formItem.itemId && bannedEntryInForce(e, visitOn),
  );
  // A banned-products item with no catalogue entry in force asks nothing (it does not apply).
  const measured = factsToAsk(
    formItem.fields.filter(isMeasuredKey).filter((f) => !objectLevelFacts.includes(f)),
    facts,
  ).filter((f) => f !== 'bannedProductIds' || bannedEntries.length > 0);
  // Its grade is the catalogue entry's, not the item's.
  const catalogueGraded = item?.measure?.kind === 'banned_product';
  const fromObjectLevel = formItem.fields.some((f) => isMeasuredKey(f) && objectLevelFacts.includes(f));
  const fromRegister = formItem.fields.some((f) => !isMeasuredKey(f));
  // An item the rules set aside (e.g. hose items when no hose is used) needs no tick.
  const ruledOut = !formItem.computed && result === 'not_applicable' && tick !== 'not_applicable';

  const verdictText = (() => {
    const label = t(resultKey[result]);
    const reason = evaluation.reason ? pick(evaluation.reason.zh, evaluation.reason.en, locale) : null;
    const ref = item ? `（${item.planRef}）` : '';
    if (result === 'fail') return reason ? `${reason}：${label}${ref}` : `${label}${ref}`;
    if (result === 'unknown') return reason ?? t('field.mustMeasure');
    return reason ? `${reason}：${label}` : label;
  })();

  return (
    <Card className="ra-field-item" data-result={result} data-item={formItem.itemId} size="small">
      <div className="ra-field-item-text">
        {item?.severity === 'major' && !catalogueGraded ? (
          <Tag color="red" style={{ marginRight: 6 }}>
            {severityLabels.major[locale]}
          </Tag>
        ) : null}
        {text}
      </div>
      {item ? (
        <div className="ra-field-item-meta">
          {item.planRef} · {item.basis}
        </div>
      ) : null}

      {formItem.computed ? (
        <>
          {measured.map((field) => (
            <FactInput
              key={field}
              field={field}
              facts={facts}
              problem={problems[field]}
              visitOn={visitOn}
              registered={registered?.[field]}
              bannedEntries={bannedEntries}
              disabled={disabled}
              onChange={(patch) => onChange({ type: 'facts', patch })}
            />
          ))}
          <div className="ra-field-verdict" data-result={result} data-testid={`verdict-${formItem.itemId}`}>
            {verdictText}
          </div>
          {measured.length === 0 ? (
            <div className="ra-field-item-meta" style={{ marginTop: 4 }}>
              {fromRegister
                ? t('field.registryHint')
                : fromObjectLevel
                  ? t('field.objectLevelHint')
                  : t('field.computedHint')}
            </div>
          ) : null}
        </>
      ) : ruledOut ? (
        <div className="ra-field-verdict" data-result={result}>
          {verdictText} · {t('field.objectLevelHint')}
        </div>
      ) : (
        <Radio.Group
          className="ra-field-ticks"
          optionType="button"
          buttonStyle="solid"
          value={tick}
          disabled={disabled}
          onChange={(e) => onChange({ type: 'tick', result: e.target.value as TickedResult })}
          options={[
            { value: 'pass', label: t('field.pass') },
            { value: 'fail', label: t('field.fail') },
            { value: 'not_applicable', label: t('field.na') },
          ]}
        />
      )}
      {/* What the register records decides over a tick (a defect it holds fails whatever is ticked). */}
      {!formItem.computed && !ruledOut && item?.register && evaluation.reason ? (
        <div className="ra-field-verdict" data-result={result} data-testid={`verdict-${formItem.itemId}`}>
          {verdictText} · {t('field.registryHint')}
        </div>
      ) : null}

      {disabled ? null : (
        <div className="ra-field-tools">
          <PhotoButton
            ownerId={userId}
            draftKey={draftKey}
            itemId={formItem.itemId}
            photoIds={photoIds}
            onChange={(ids) => onChange({ type: 'photos', ids })}
          />
          <Button icon={<EditOutlined />} onClick={() => setNoteOpen((o) => !o)} type={noteOpen ? 'default' : 'text'}>
            {t('field.addNote')}
          </Button>
        </div>
      )}
      {noteOpen || (disabled && note) ? (
        <Input.TextArea
          style={{ marginTop: 8 }}
          value={note}
          onChange={(e) => onChange({ type: 'note', note: e.target.value })}
          placeholder={t('field.notePlaceholder')}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
          disabled={disabled}
          aria-label={t('field.addNote')}
        />
      ) : null}
      <PhotoThumbs
        ownerId={userId}
        photoIds={photoIds}
        disabled={disabled}
        onChange={(ids) => onChange({ type: 'photos', ids })}
      />
    </Card>
  );
}
