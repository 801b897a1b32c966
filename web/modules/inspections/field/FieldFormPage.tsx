import { Alert, Result } from 'antd';
import { useCallback, useMemo } from 'react';
import { useParams } from 'react-router';
import { NetworkError } from '../../../app/http.ts';
import { useT } from '../../../app/i18n.ts';
import { LoadError, PageLoading } from '../../../app/PageState.tsx';
import { useRequest } from '../../../app/useRequest.ts';
import { useSyncStatus } from '../offline/sync.ts';
import { FieldForm, type FieldSource, QueuedView } from './FieldForm.tsx';
import { FieldShell, useFieldIdentity } from './FieldShell.tsx';
import { formItems, inspectedObject, prefillFromRecord } from './fieldModel.ts';
import { loadForField } from './loadForField.ts';

function PlannedInspectionForm({ id }: { id: string }) {
  const t = useT();
  const identity = useFieldIdentity();
  const sync = useSyncStatus(identity.userId);
  const load = useCallback(() => loadForField(identity.userId, id), [identity.userId, id]);
  const { data, error, loading, reload } = useRequest(load);

  const source = useMemo<FieldSource | null>(() => {
    if (!data) return null;
    const d = data.inspection;
    return {
      draftKey: d.id,
      inspectionId: d.id,
      plan: null,
      label: d.object.name,
      address: d.object.address,
      kind: d.kind,
      object: inspectedObject(d.object.type, d.object.kind),
      registered: d.registeredFacts,
      limits: data.limits,
      items: formItems(d.checklist),
      editable: d.status !== 'signed' && d.abilities.record,
      prefill: d.results.length > 0 ? prefillFromRecord(d) : undefined,
    };
  }, [data]);

  if (loading && !data) return <PageLoading />;
  if (error) {
    if (error instanceof NetworkError) return <Result status="warning" title={t('field.notCached')} />;
    return <LoadError error={error} onRetry={reload} />;
  }
  if (!source || !data) return null;
  // Already submitted under a clientId: a second submission would be refused (409), so the
  // record is signed or corrected from its page, not filled in again here (with this phone's
  // receipt of the submission when it has one).
  const submitted = data.inspection.clientId;
  const local = submitted ? sync.entries.find((e) => e.clientId === submitted) : undefined;
  if (submitted) return <QueuedView draft={null} entry={local ?? null} inspectionId={data.inspection.id} />;
  return (
    <>
      {!sync.online || identity.offline ? (
        <Alert type="warning" showIcon title={t('field.offlineLoaded')} style={{ marginBottom: 10 }} />
      ) : null}
      <FieldForm source={source} />
    </>
  );
}

/** /inspections/:id/do — the field form of a planned inspection, on a phone, with or without a connection. */
export function FieldFormPage() {
  const t = useT();
  const { id = '' } = useParams();
  return (
    <FieldShell title={t('field.title')} back="/field">
      <PlannedInspectionForm id={id} />
    </FieldShell>
  );
}
