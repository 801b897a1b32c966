import { AimOutlined, CheckOutlined, DeleteOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Popconfirm, Result, Space, Switch, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { BannedCatalogueEntry, HazardLimits, InspectedObject } from '../../../../domain/hazards/index.ts';
import type { InspectionKind } from '../../../../domain/inspections/inspections.ts';
import { inspectionKindLabels, VISIT_CLOCK_SKEW_MS } from '../../../../domain/inspections/inspections.ts';
import {
  type GasSource,
  gasSourceLabels,
  type VenueFloor,
  venueFloorLabels,
} from '../../../../domain/registry/registry.ts';
import { type MessageKey, useLocale, useT } from '../../../app/i18n.ts';
import { PageLoading } from '../../../app/PageState.tsx';
import { inspectionsApi, type MeasuredFacts, type SubmissionBody } from '../inspections.api.ts';
import { type FieldDraft, fieldStore, type OutboxEntry, queueDraft } from '../offline/store.ts';
import { queued, useSyncStatus } from '../offline/sync.ts';
import { FactInput } from './FactInput.tsx';
import { useFieldIdentity } from './FieldShell.tsx';
import { type ItemChange, FieldItemCard } from './FieldItemCard.tsx';
import {
  buildSubmission,
  checklistFacts,
  countResults,
  decidedByRegister,
  evaluate,
  factProblems,
  fixedByRegister,
  type FormItem,
  fromLocalInput,
  groupByClause,
  inChina,
  objectLevelFacts,
  prefilledFacts,
  toLocalInput,
  visitDay,
} from './fieldModel.ts';

export type FieldSource = {
  draftKey: string;
  inspectionId: string | null;
  plan: SubmissionBody['plan'] | null;
  label: string;
  address: string;
  kind: InspectionKind;
  object: InspectedObject;
  registered: Record<string, unknown> | null;
  /** The limits the server decides computed items by (RANAN_LIMITS), which the instant verdicts use. */
  limits: HazardLimits;
  items: FormItem[];
  editable: boolean;
  /** What a new draft starts from (an inspection's earlier recorded results). */
  prefill?: Partial<FieldDraft>;
};

const SAVE_DELAY_MS = 300;

/**
 * The field form (现场检查表): mobile first, usable without a connection. Every change is kept in
 * the phone's IndexedDB at once; 完成检查并提交 fixes the submission and hands it to the sync queue.
 */
export function FieldForm({ source }: { source: FieldSource }) {
  const t = useT();
  const locale = useLocale();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const { userId } = useFieldIdentity();
  const sync = useSyncStatus(userId);
  const [draft, setDraft] = useState<FieldDraft | null>(null);
  // The draft as last written to IndexedDB: the form shows `data-saved` while it is the one on screen.
  const [stored, setStored] = useState<FieldDraft | null>(null);
  const [locating, setLocating] = useState(false);
  const pending = useRef<FieldDraft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let live = true;
    void fieldStore
      .openDraft(userId, source.draftKey, () => ({
        inspectionId: source.inspectionId,
        plan: source.plan,
        label: source.label,
        visitedAt: new Date().toISOString(),
        location: null,
        notes: '',
        answers: {},
        itemNotes: {},
        itemPhotos: {},
        writtenNoticeGiven: source.kind === 'household' ? false : null,
        ...source.prefill,
        facts: { ...prefilledFacts(source.registered), ...source.prefill?.facts },
        state: 'draft',
      }))
      .then((d) => {
        if (!live) return;
        setDraft(d);
        setStored(d);
      });
    return () => {
      live = false;
    };
  }, [source, userId]);

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (next) {
      await fieldStore.saveDraft(next);
      setStored(next);
    }
  }, []);

  // Save what is left when leaving the page, or when the phone puts the browser away.
  useEffect(() => {
    const away = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    const hide = () => void flush();
    document.addEventListener('visibilitychange', away);
    window.addEventListener('pagehide', hide);
    return () => {
      document.removeEventListener('visibilitychange', away);
      window.removeEventListener('pagehide', hide);
      void flush();
    };
  }, [flush]);

  const update = useCallback(
    (change: (d: FieldDraft) => FieldDraft) => {
      setDraft((current) => {
        if (current?.state !== 'draft') return current;
        const next = change(current);
        pending.current = next;
        // Saved at most SAVE_DELAY_MS after the first unsaved change, however fast the changes come.
        timer.current ??= setTimeout(() => void flush(), SAVE_DELAY_MS);
        return next;
      });
    },
    [flush],
  );

  // The banned-products catalogue: the banned hose and appliance items apply only with an entry in force and
  // offer those entries; offline, the items show as not applicable here and the server decides on receipt.
  const [bannedCatalogue, setBannedCatalogue] = useState<BannedCatalogueEntry[]>([]);
  useEffect(() => {
    let live = true;
    inspectionsApi
      .bannedProducts()
      .then((r) => live && setBannedCatalogue(r.items))
      .catch((err) => console.warn('banned-products catalogue not fetched', err));
    return () => {
      live = false;
    };
  }, []);
  const facts = useMemo(
    () => (draft ? { ...checklistFacts(source.object, source.registered, draft), bannedCatalogue } : null),
    [draft, source.object, source.registered, bannedCatalogue],
  );
  const evaluations = useMemo(
    () => (facts ? new Map(source.items.map((i) => [i.itemId, evaluate(i, facts, source.limits)])) : new Map()),
    [facts, source.items, source.limits],
  );
  const groups = useMemo(() => groupByClause(source.items, locale), [source.items, locale]);
  // Items decided from the register alone are settled by the server on receipt, not by the inspector.
  const counts = countResults(
    source.items.map((i) => {
      const r = evaluations.get(i.itemId)?.result ?? 'unknown';
      return r === 'unknown' && decidedByRegister(i) ? 'not_applicable' : r;
    }),
  );
  const counted = source.items.length;
  const objectFacts = useMemo(
    () =>
      objectLevelFacts.filter((f) =>
        source.items.some(
          (i) =>
            i.fields.includes(f) ||
            (f === 'hoseInUse' && i.item?.appliesTo.some((a) => a.type === 'venue' && a.withHose)),
        ),
      ),
    [source.items],
  );

  const entry = sync.entries.find((e) => draft && e.clientId === draft.clientId);
  const visitOn = draft ? visitDay(draft.visitedAt) : '';
  const problems = draft ? factProblems(draft.facts, visitOn) : {};

  if (!draft || !facts) return <PageLoading />;

  if (draft.state === 'queued' || entry) {
    return <QueuedView draft={draft} entry={entry ?? null} />;
  }

  const editable = source.editable;
  const onItemChange = (itemId: string) => (change: ItemChange) =>
    update((d) => {
      switch (change.type) {
        case 'tick': {
          const answers = { ...d.answers };
          if (change.result) answers[itemId] = change.result;
          else delete answers[itemId];
          return { ...d, answers };
        }
        case 'facts':
          return { ...d, facts: { ...d.facts, ...change.patch } };
        case 'note':
          return { ...d, itemNotes: { ...d.itemNotes, [itemId]: change.note } };
        case 'photos':
          return { ...d, itemPhotos: { ...d.itemPhotos, [itemId]: change.ids } };
      }
    });

  const locate = () => {
    if (!('geolocation' in navigator)) {
      message.warning(t('field.locationFailed'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        const { longitude: lng, latitude: lat, accuracy } = pos.coords;
        if (!inChina(lng, lat)) {
          message.warning(t('field.locationFailed'));
          return;
        }
        update((d) => ({ ...d, location: { lng, lat, accuracy: Number.isFinite(accuracy) ? accuracy : null } }));
      },
      () => {
        setLocating(false);
        message.warning(t('field.locationFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const submit = async () => {
    await flush();
    const current = pending.current ?? draft;
    // Values that cannot be true are corrected before anything is queued (the server refuses them too).
    if (Object.keys(factProblems(current.facts, visitDay(current.visitedAt))).length > 0) {
      message.error(t('field.factProblems'));
      return;
    }
    const body = buildSubmission(current, source.items, source.registered, source.object, source.limits);
    const ok = await modal.confirm({
      title: t('field.submit'),
      content: counts.unknown > 0 ? t('field.incomplete', { n: counts.unknown }) : t('field.submitConfirm'),
      okText: t('field.submit'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    await queueDraft(current, body);
    const inQueue: FieldDraft = { ...current, state: 'queued' };
    setDraft(inQueue);
    setStored(inQueue);
    await queued();
  };

  return (
    <div data-testid="field-form" data-saved={draft !== null && draft === stored}>
      <Card size="small" className="ra-field-section">
        <div style={{ fontSize: 17, fontWeight: 600 }}>{source.label}</div>
        <div className="ra-field-item-meta">
          {inspectionKindLabels[source.kind][locale]}
          {source.address ? ` · ${source.address}` : ''}
        </div>
        {!editable ? <Alert type="info" showIcon title={t('field.notAllowed')} style={{ marginBottom: 8 }} /> : null}
        <div className="ra-field-fact">
          <label htmlFor="field-visit">{t('field.visitTime')}</label>
          <Input
            id="field-visit"
            type="datetime-local"
            value={toLocalInput(draft.visitedAt)}
            max={toLocalInput(new Date().toISOString())}
            onChange={(e) => {
              const iso = fromLocalInput(e.target.value);
              if (!iso) return;
              // The server refuses a visit in the future: say so here rather than at sync time.
              if (Date.parse(iso) > Date.now() + VISIT_CLOCK_SKEW_MS) {
                message.warning(t('errors.inspections.visit_time_invalid'));
                return;
              }
              update((d) => ({ ...d, visitedAt: iso }));
            }}
            style={{ width: 210 }}
            disabled={!editable}
          />
        </div>
        <div className="ra-field-fact">
          <span className="ra-field-label">{t('field.location')}</span>
          {draft.location ? (
            <Space size={4} wrap>
              <Tag>
                {t('field.locationValue', { lng: draft.location.lng.toFixed(5), lat: draft.location.lat.toFixed(5) })}
              </Tag>
              {editable ? (
                <Button size="small" type="link" onClick={() => update((d) => ({ ...d, location: null }))}>
                  {t('field.clearLocation')}
                </Button>
              ) : null}
            </Space>
          ) : (
            <Button icon={<AimOutlined />} loading={locating} onClick={locate} disabled={!editable}>
              {locating ? t('field.locating') : t('field.getLocation')}
            </Button>
          )}
        </div>
        {objectFacts.length > 0 ? (
          <>
            <div className="ra-field-group-title" style={{ marginTop: 12 }}>
              {t('field.basic')}
            </div>
            {objectFacts.map((f) =>
              fixedByRegister(f, source.registered) ? (
                <RegisteredFact key={f} field={f} value={source.registered?.[f]} />
              ) : (
                <FactInput
                  key={f}
                  field={f}
                  facts={draft.facts}
                  problem={problems[f]}
                  visitOn={visitOn}
                  disabled={!editable}
                  onChange={(patch: MeasuredFacts) => update((d) => ({ ...d, facts: { ...d.facts, ...patch } }))}
                />
              ),
            )}
          </>
        ) : null}
        {source.kind === 'household' ? (
          <div className="ra-field-fact">
            <Switch
              checked={draft.writtenNoticeGiven === true}
              onChange={(v) => update((d) => ({ ...d, writtenNoticeGiven: v }))}
              disabled={!editable}
              aria-label={t('field.writtenNotice')}
            />
            <span>{t('field.writtenNotice')}</span>
            <div className="ra-field-item-meta" style={{ width: '100%' }}>
              {t('field.writtenNoticeHint')}
            </div>
          </div>
        ) : null}
      </Card>

      {groups.map((group) => (
        <section key={group.ref || 'other'}>
          <h3 className="ra-field-group-title">
            {group.ref || t('field.otherGroup')}
            {group.title ? <small>{group.title}</small> : null}
          </h3>
          {group.items.map((formItem) => (
            <FieldItemCard
              key={formItem.itemId}
              formItem={formItem}
              evaluation={evaluations.get(formItem.itemId) ?? { result: 'unknown' }}
              bannedCatalogue={bannedCatalogue}
              draftKey={draft.key}
              facts={draft.facts}
              problems={problems}
              visitOn={visitOn}
              registered={source.registered}
              tick={draft.answers[formItem.itemId]}
              note={draft.itemNotes[formItem.itemId] ?? ''}
              photoIds={draft.itemPhotos[formItem.itemId] ?? []}
              disabled={!editable}
              onChange={onItemChange(formItem.itemId)}
            />
          ))}
        </section>
      ))}

      <Card size="small" className="ra-field-section">
        <Input.TextArea
          value={draft.notes}
          onChange={(e) => {
            const notes = e.target.value;
            update((d) => ({ ...d, notes }));
          }}
          placeholder={t('field.notes')}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
          disabled={!editable}
          aria-label={t('field.notes')}
        />
        {editable ? (
          <Popconfirm
            title={t('field.discardConfirm')}
            onConfirm={async () => {
              await fieldStore.discardDraft(draft.ownerId, draft.key);
              navigate('/field');
            }}
          >
            <Button danger type="text" icon={<DeleteOutlined />} style={{ marginTop: 8 }}>
              {t('field.discard')}
            </Button>
          </Popconfirm>
        ) : null}
      </Card>

      <div className="ra-field-footer">
        <div className="ra-field-footer-inner">
          <div className="ra-field-progress" data-testid="field-progress">
            <div>{t('field.progress', { done: counts.done, total: counted })}</div>
            <div style={{ color: counts.failed ? '#cf1322' : 'rgba(0,0,0,.45)' }}>
              {t('field.failCount', { n: counts.failed })} · {t('field.savedLocally')}
            </div>
          </div>
          <Button
            type="primary"
            size="large"
            icon={<CheckOutlined />}
            onClick={() => void submit()}
            disabled={!editable}
          >
            {t('field.submit')}
          </Button>
        </div>
      </div>
    </div>
  );
}

/** A fact the register fixes (floor, gas sources): shown, not asked. */
function RegisteredFact({ field, value }: { field: string; value: unknown }) {
  const t = useT();
  const locale = useLocale();
  const text = (() => {
    if (field === 'floor' && typeof value === 'string') return venueFloorLabels[value as VenueFloor]?.[locale] ?? value;
    if (field === 'gasSources' && Array.isArray(value))
      return value.map((g) => gasSourceLabels[g as GasSource]?.[locale] ?? String(g)).join('、') || '—';
    if (typeof value === 'boolean') return value ? t('field.yes') : t('field.no');
    return String(value);
  })();
  return (
    <div className="ra-field-fact">
      <span className="ra-field-label">{t(`fact.${field}` as MessageKey)}</span>
      <span>{text}</span>
      <span className="ra-field-item-meta" style={{ margin: 0 }}>
        {t('field.registryHint')}
      </span>
    </div>
  );
}

/** After 提交: where the record is (waiting on the phone, synced, refused) and what comes next. */
export function QueuedView({
  draft,
  entry,
  inspectionId: knownId,
}: {
  draft: FieldDraft | null;
  entry: OutboxEntry | null;
  inspectionId?: string;
}) {
  const t = useT();
  // Submitted before (from this phone or another): the server holds it.
  const synced = entry ? entry.state === 'synced' : !draft;
  const problem = entry?.state === 'conflict' || entry?.state === 'failed';
  const inspectionId = entry?.syncedInspectionId ?? draft?.inspectionId ?? knownId ?? null;
  return (
    <Result
      status={synced ? 'success' : problem ? 'warning' : 'info'}
      title={synced ? t('sync.synced') : problem ? t(`sync.state.${entry!.state}`) : t('field.queued')}
      subTitle={
        synced
          ? t('field.syncedHint')
          : problem
            ? entry?.state === 'conflict'
              ? t('sync.conflictHint')
              : (entry?.lastError?.message ?? '')
            : t('field.queuedHint')
      }
      extra={
        <Space wrap style={{ justifyContent: 'center' }}>
          {synced && inspectionId ? (
            <Link to={`/inspections/${inspectionId}`}>
              <Button type="primary">{t('field.goSign')}</Button>
            </Link>
          ) : null}
          <Link to="/field">
            <Button>{t('field.backToTasks')}</Button>
          </Link>
        </Space>
      }
    />
  );
}
