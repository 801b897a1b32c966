import { App, Button, Checkbox, Segmented, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { referralStatusLabels } from '../../../domain/enforcement/enforcement.ts';
import { formatDate } from '../../app/format.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { ListPage, ListTable } from '../../app/list/ListPage.tsx';
import { EnumFilter } from '../../app/list/filters.tsx';
import type { ListTypes } from '../../app/list/listState.ts';
import { useList } from '../../app/list/useList.ts';
import { useSession } from '../../app/session.tsx';
import { SendReferralModal, TextModal } from './CaseDetailPage.tsx';
import { type Referral, type ReferralListQuery, enforcementApi } from './enforcement.api.ts';

type Filters = Omit<ReferralListQuery, 'page' | 'pageSize'>;
const types: ListTypes<Filters> = { status: 'string', overdue: 'string', direction: 'string' };

/** The user's own department ids (its department grants), to tell sent from received. */
function useOwnDepartments(): Set<string> {
  const { me } = useSession();
  return new Set((me?.roles ?? []).filter((r) => r.scopeType === 'department' && r.scopeId).map((r) => r.scopeId!));
}

export function ReferralStatusTag({ r }: { r: Pick<Referral, 'status' | 'overdue'> }) {
  const locale = useLocale();
  const t = useT();
  return (
    <Space size={4} wrap>
      <Tag color={r.status === 'answered' ? 'green' : 'blue'}>{referralStatusLabels[r.status][locale]}</Tag>
      {r.overdue ? (
        <Tag color="volcano" data-testid="referral-overdue">
          {t('referrals.overdue')}
        </Tag>
      ) : null}
    </Space>
  );
}

/**
 * /referrals — 线索移交: those the user's department sent and those sent to it (the office sees all),
 * with deadlines and overdue flags on both sides; receive, act on, answer; send a new one.
 */
export function ReferralsPage() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useSession();
  const own = useOwnDepartments();
  const list = useList(enforcementApi.referrals, { types, pageSize: 50 });
  const { filters } = list;
  const [sending, setSending] = useState(false);
  const [acting, setActing] = useState<{ r: Referral; step: 'act' | 'answer' } | null>(null);
  const direction = filters.direction ?? 'all';
  const mayAct = (r: Referral) =>
    can('enforcement.manage') &&
    (own.size === 0 || (r.toDepartmentId ? own.has(r.toDepartmentId) : own.has(r.fromDepartmentId)));

  const receive = async (r: Referral) => {
    try {
      await enforcementApi.referralStep(r.id, 'receive');
      message.success(t('common.saved'));
      list.reload();
    } catch (err) {
      message.error(String((err as Error).message));
    }
  };
  const actions = (r: Referral) =>
    mayAct(r) ? (
      <Space size={4} wrap>
        {r.status === 'sent' ? (
          <Button size="small" onClick={() => receive(r)}>
            {t('referrals.receive')}
          </Button>
        ) : null}
        {r.status === 'sent' || r.status === 'received' ? (
          <Button size="small" onClick={() => setActing({ r, step: 'act' })}>
            {t('referrals.act')}
          </Button>
        ) : null}
        {r.status === 'received' || r.status === 'acted' ? (
          <Button size="small" type="primary" onClick={() => setActing({ r, step: 'answer' })}>
            {t('referrals.answer')}
          </Button>
        ) : null}
      </Space>
    ) : null;

  const columns: TableColumnsType<Referral> = [
    {
      title: t('referrals.subject'),
      dataIndex: 'subject',
      render: (v: string, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{v}</Typography.Text>
          <Typography.Text type="secondary" ellipsis={{ tooltip: r.content }} style={{ maxWidth: 360 }}>
            {r.content}
          </Typography.Text>
          {r.caseId ? <Link to={`/cases/${r.caseId}`}>{t('referrals.case')}</Link> : null}
        </Space>
      ),
    },
    { title: t('referrals.from'), dataIndex: 'fromDepartmentName', width: 120 },
    {
      title: t('referrals.to'),
      key: 'to',
      width: 140,
      render: (_, r) => r.toDepartmentName ?? r.toDiscipline ?? '—',
    },
    { title: t('referrals.deadline'), dataIndex: 'deadline', width: 110, render: (v: string) => formatDate(v) },
    { title: t('referrals.status'), key: 'status', width: 160, render: (_, r) => <ReferralStatusTag r={r} /> },
    {
      title: t('referrals.answerText'),
      key: 'answer',
      width: 200,
      render: (_, r) => r.answer ?? r.actionNote ?? '—',
    },
    { title: t('common.actions'), key: 'actions', width: 200, render: (_, r) => actions(r) },
  ];
  const mobileColumns: TableColumnsType<Referral> = [
    {
      title: t('referrals.title'),
      key: 'r',
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong>{r.subject}</Typography.Text>
          <Typography.Text type="secondary">
            {r.fromDepartmentName} → {r.toDepartmentName ?? r.toDiscipline} · {formatDate(r.deadline)}
          </Typography.Text>
          <ReferralStatusTag r={r} />
          {actions(r)}
        </Space>
      ),
    },
  ];

  return (
    <ListPage
      title={t('referrals.title')}
      error={list.error}
      hasData={Boolean(list.data)}
      onRetry={list.reload}
      actions={
        can('enforcement.manage') ? (
          <Button type="primary" onClick={() => setSending(true)}>
            {t('referrals.send')}
          </Button>
        ) : null
      }
      filters={
        <Space wrap>
          <Segmented
            value={direction}
            onChange={(v) => list.set({ direction: v === 'all' ? undefined : (v as 'sent' | 'received') })}
            options={[
              { value: 'all', label: t('referrals.all') },
              { value: 'sent', label: t('referrals.sent') },
              { value: 'received', label: t('referrals.received') },
            ]}
          />
          <EnumFilter
            labels={referralStatusLabels}
            value={filters.status}
            onChange={(status) => list.set({ status })}
            placeholder={t('referrals.status')}
            width={130}
          />
          <Checkbox
            checked={filters.overdue === 'true'}
            onChange={(e) => list.set({ overdue: e.target.checked ? 'true' : undefined })}
          >
            {t('referrals.overdueOnly')}
          </Checkbox>
        </Space>
      }
    >
      <ListTable
        {...list.table}
        emptyText={list.table.emptyText ?? t('referrals.empty')}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1100}
      />
      {sending ? (
        <SendReferralModal
          link={{}}
          onCancel={() => setSending(false)}
          onDone={() => {
            setSending(false);
            message.success(t('common.saved'));
            list.reload();
          }}
        />
      ) : null}
      {acting ? (
        <TextModal
          title={acting.step === 'act' ? t('referrals.act') : t('referrals.answer')}
          label={acting.step === 'act' ? t('referrals.actionNote') : t('referrals.answerText')}
          max={acting.step === 'act' ? 2000 : 4000}
          onCancel={() => setActing(null)}
          onOk={async (text) => {
            if (acting.step === 'act') await enforcementApi.referralStep(acting.r.id, 'act', text);
            else await enforcementApi.answerReferral(acting.r.id, text);
            setActing(null);
            message.success(t('common.saved'));
            list.reload();
          }}
        />
      ) : null}
    </ListPage>
  );
}
