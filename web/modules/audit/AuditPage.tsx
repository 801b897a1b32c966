import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { downloadFile, errorText } from '../../app/http.ts';
import { codesWithText, useT } from '../../app/i18n.ts';
import { ListPage } from '../../app/list/ListPage.tsx';
import { useListState } from '../../app/list/useListState.ts';
import { EmptyState, LoadError } from '../../app/PageState.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { type AuditActorOption, type AuditEvent, actorLabel, auditApi, codeLabel, subjectText } from './audit.api.ts';

const PAGE = 50;

// Every action and subject type with a text is offered in the filters (web/modules/audit/auditCodes.test.ts
// checks the server records none without one); a code without a text still shows, by code.
const knownActions = codesWithText('auditAction');
const knownSubjectTypes = codesWithText('auditSubject');

const label = codeLabel;

export function AuditPage() {
  const t = useT();
  const isMobile = useIsMobile();
  // The filters are in the address (the app's list state); the trail pages by cursor (加载更多), not by page number.
  const { message } = App.useApp();
  const list = useListState<{
    action?: string;
    subjectType?: string;
    actorId?: string;
    actorName?: string;
    from?: string;
    to?: string;
  }>({
    types: {
      action: 'string',
      subjectType: 'string',
      actorId: 'string',
      actorName: 'string',
      from: 'string',
      to: 'string',
    },
  });
  const { action, subjectType, actorId, actorName, from, to } = list.filters;
  const [people, setPeople] = useState<AuditActorOption[]>([]);
  const [exporting, setExporting] = useState(false);
  const peopleSearch = useRef(0);
  const searchPeople = useCallback(async (q: string) => {
    const id = ++peopleSearch.current;
    try {
      const res = await auditApi.people(q);
      if (id === peopleSearch.current) setPeople(res.items);
    } catch {
      if (id === peopleSearch.current) setPeople([]);
    }
  }, []);
  const exportList = async () => {
    setExporting(true);
    try {
      await downloadFile(auditApi.exportUrl({ action, subjectType, actorId, from, to }), '审计日志.xlsx');
    } catch (err) {
      message.error(`${t('audit.exportFailed')}：${errorText(err)}`);
    } finally {
      setExporting(false);
    }
  };
  const [items, setItems] = useState<AuditEvent[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);

  /** Loads the first page (before undefined) or the page after the last row shown. */
  const load = useCallback(
    async (before?: number) => {
      const id = ++latest.current;
      setLoading(true);
      setError(null);
      try {
        const page = await auditApi.list({ action, subjectType, actorId, from, to, before, limit: PAGE });
        if (id !== latest.current) return;
        setItems((prev) => (before === undefined ? page.items : [...prev, ...page.items]));
        setNextBefore(page.nextBefore);
        setLoaded(true);
      } catch (err) {
        if (id === latest.current) setError(err);
      } finally {
        if (id === latest.current) setLoading(false);
      }
    },
    [action, subjectType, actorId, from, to],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const actionOptions = useMemo(() => {
    const codes = new Set([...knownActions, ...items.map((i) => i.action)]);
    return [...codes].map((c) => ({ value: c, label: label(t, 'auditAction', c) }));
  }, [items, t]);
  const subjectOptions = useMemo(() => {
    const codes = new Set([...knownSubjectTypes, ...items.map((i) => i.subjectType)]);
    return [...codes].map((c) => ({ value: c, label: label(t, 'auditSubject', c) }));
  }, [items, t]);

  // Chinese texts only in the cells; the codes and the subject's id are in the expanded row.
  const actionCell = (e: AuditEvent) => <div>{label(t, 'auditAction', e.action)}</div>;
  const subjectCell = (e: AuditEvent) => <div data-testid="audit-subject">{subjectText(e, t)}</div>;
  const actorCell = (e: AuditEvent) => (
    <span>
      {actorLabel(e, t)} {e.actorType === 'machine' ? <Tag>{label(t, 'audit.actorType', e.actorType)}</Tag> : null}
    </span>
  );

  const columns: TableColumnsType<AuditEvent> = isMobile
    ? [
        {
          title: t('audit.action'),
          key: 'event',
          render: (_, e) => (
            <div>
              {actionCell(e)}
              <div className="ra-muted" style={{ fontSize: 12, marginTop: 2 }}>
                {formatDateTime(e.at)} · {actorLabel(e, t)}
              </div>
            </div>
          ),
        },
        { title: t('audit.subject'), key: 'subject', width: 110, render: (_, e) => subjectCell(e) },
      ]
    : [
        { title: t('audit.time'), dataIndex: 'at', width: 150, render: (at: string) => formatDateTime(at) },
        { title: t('audit.actor'), key: 'actor', width: 160, render: (_, e) => actorCell(e) },
        { title: t('audit.action'), key: 'action', render: (_, e) => actionCell(e) },
        { title: t('audit.subject'), key: 'subject', width: 150, render: (_, e) => subjectCell(e) },
        { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? '—' },
        {
          title: t('audit.requestId'),
          dataIndex: 'requestId',
          width: 140,
          render: (id: string | null) => (id ? <Typography.Text code>{id}</Typography.Text> : '—'),
        },
      ];

  return (
    <>
      <ListPage
        title={t('menu.audit')}
        filters={
          <>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('audit.filterAction')}
              style={{ width: 220 }}
              value={action}
              onChange={(v) => list.set({ action: v })}
              options={actionOptions}
            />
            <Select
              allowClear
              placeholder={t('audit.filterSubjectType')}
              style={{ width: 200 }}
              value={subjectType}
              onChange={(v) => list.set({ subjectType: v })}
              options={subjectOptions}
            />
            <Select
              allowClear
              showSearch={{ filterOption: false, onSearch: (q) => void searchPeople(q) }}
              placeholder={t('audit.filterActor')}
              style={{ width: 200 }}
              value={actorId}
              onFocus={() => (people.length === 0 ? void searchPeople('') : undefined)}
              onChange={(v, option) =>
                list.set({
                  actorId: v,
                  actorName: v
                    ? Array.isArray(option)
                      ? undefined
                      : (option?.label as string | undefined)
                    : undefined,
                })
              }
              options={[
                ...(actorId && !people.some((p) => p.id === actorId)
                  ? [{ value: actorId, label: actorName ?? actorId }]
                  : []),
                ...people.map((p) => ({ value: p.id, label: p.displayName })),
              ]}
            />
            <DatePicker.RangePicker
              inputReadOnly
              placeholder={[t('audit.from'), t('audit.to')]}
              style={isMobile ? { width: '100%' } : undefined}
              value={from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null}
              allowEmpty={[true, true]}
              onChange={(v) => list.set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
            />
          </>
        }
        actions={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportList()}>
            {t('audit.export')}
          </Button>
        }
        error={error}
        hasData={loaded}
        onRetry={() => void load()}
      >
        <>
          <Table<AuditEvent>
            rowKey="seq"
            size={isMobile ? 'small' : 'middle'}
            columns={columns}
            dataSource={items}
            loading={loading && items.length === 0}
            pagination={false}
            scroll={isMobile ? undefined : { x: 900 }}
            expandable={{
              expandedRowRender: (e) => (
                <div style={{ fontSize: 12 }}>
                  {isMobile ? (
                    <p style={{ margin: '0 0 6px' }}>
                      {t('audit.ip')}: {e.ip ?? '—'} · {t('audit.requestId')}: {e.requestId ?? '—'}
                    </p>
                  ) : null}
                  <p style={{ margin: '0 0 6px' }}>
                    {t('audit.actionCode')}: <Typography.Text code>{e.action}</Typography.Text>
                    {e.subjectId ? (
                      <>
                        {' · '}
                        {t('audit.subjectId')}:{' '}
                        <Typography.Text code copyable={{ text: e.subjectId }}>
                          {e.subjectId}
                        </Typography.Text>
                      </>
                    ) : null}
                  </p>
                  <div className="ra-muted">{t('audit.details')}</div>
                  <pre className="ra-json">{e.details ? JSON.stringify(e.details, null, 2) : '—'}</pre>
                  <div className="ra-muted">
                    #{e.seq} · {t('audit.hash')}: <Typography.Text code>{e.hash.slice(0, 16)}…</Typography.Text>
                  </div>
                </div>
              ),
            }}
            locale={{
              emptyText: loading ? (
                <span />
              ) : (
                <EmptyState
                  description={action || subjectType || actorId || from || to ? t('common.noMatch') : undefined}
                />
              ),
            }}
          />
          {error && loaded ? <LoadError error={error} onRetry={() => void load(nextBefore ?? undefined)} /> : null}
          {items.length > 0 ? (
            <div style={{ textAlign: 'center', marginTop: 16 }}>
              {nextBefore !== null ? (
                <Button loading={loading} onClick={() => void load(nextBefore)}>
                  {t('common.loadMore')}
                </Button>
              ) : (
                <span className="ra-muted">{t('common.noMore')}</span>
              )}
            </div>
          ) : null}
        </>
      </ListPage>
    </>
  );
}
