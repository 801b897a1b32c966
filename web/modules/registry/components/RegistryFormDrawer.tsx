import { App, Form, type FormInstance } from 'antd';
import { FormDrawer } from '../../../app/FormDrawer.tsx';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError, applyFormError } from '../../../app/http.ts';
import { useT } from '../../../app/i18n.ts';

type FieldPath = (string | number)[];

export type RegistryForm<V> = {
  form: FormInstance<V>;
  saving: boolean;
  /** The error shown above the form (one that belongs to no field). */
  error: string | null;
  submit: (values: V) => Promise<void>;
};

/**
 * The state of a register's create / edit drawer: each time it opens (or `source` changes while
 * open) the form is reset and filled from `load`; saving shows 已保存 / 已登记 and hands the saved
 * record on; a failure goes under its field — by `errorFields` (server code → field), else the
 * field the server names in `details.field`, else the zod issue paths — or above the form.
 */
export function useRegistryForm<V, S>({
  open,
  source,
  load,
  editing,
  save,
  onSaved,
  errorFields,
  mapPath,
}: {
  open: boolean;
  /** What the form is filled from (the record, or defaults for a new one); a new value while open refills it. */
  source: unknown;
  /** The values to fill in on opening; none: the form's initial values. */
  load: () => Partial<V> | null | undefined;
  /** An edit (已保存) rather than a new record (已登记). */
  editing: boolean;
  save: (values: V) => Promise<S>;
  onSaved: (saved: S) => void;
  /** Server error codes that belong to one field. */
  errorFields?: Record<string, FieldPath>;
  /** Maps a body path from a validation issue to the form's field (e.g. geometry → geometryText). */
  mapPath?: (path: FieldPath) => FieldPath;
}): RegistryForm<V> {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: source only asks for a refill
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    const values = loadRef.current();
    // biome-ignore lint/suspicious/noExplicitAny: antd's RecursivePartial of a generic V
    if (values) form.setFieldsValue(values as any);
  }, [open, source, form]);

  const submit = async (values: V) => {
    setSaving(true);
    setError(null);
    try {
      const saved = await save(values);
      message.success(t(editing ? 'common.saved' : 'registry.created'));
      onSaved(saved);
    } catch (err) {
      setError(applyFormError(form, err, { codeFields: fieldsFor(form, err, errorFields), mapPath }));
    } finally {
      setSaving(false);
    }
  };

  return { form, saving, error, submit };
}

/** The field an error code belongs to: the form's own map first, then the server's `details.field` if the form has it. */
function fieldsFor(
  form: FormInstance,
  err: unknown,
  errorFields: Record<string, FieldPath> | undefined,
): Record<string, FieldPath> | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const mapped = errorFields?.[err.code];
  if (mapped) return { [err.code]: mapped };
  const named = (err.details as { field?: unknown } | undefined)?.field;
  if (typeof named === 'string' && Object.hasOwn(form.getFieldsValue() ?? {}, named)) return { [err.code]: [named] };
  return undefined;
}

/** The drawer around a register's form: the app's FormDrawer with the state of `useRegistryForm`. */
export function RegistryFormDrawer<V>({
  state,
  ...drawer
}: {
  state: RegistryForm<V>;
  open: boolean;
  onClose: () => void;
  title: string;
  /** Width on a wide screen; a phone gets the whole width. */
  width: number;
  initialValues?: Partial<V>;
  /** Disables the fields (e.g. while saving). */
  disabled?: boolean;
  /** Shown above the error and the form. */
  notice?: ReactNode;
  children: ReactNode;
}) {
  return (
    <FormDrawer<V> {...drawer} form={state.form} onFinish={state.submit} saving={state.saving} error={state.error} />
  );
}
