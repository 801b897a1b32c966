import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { downloadFile } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { LoadError, PageHeader } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { supervisionApi } from './supervision.api.ts';

/** 调度通报: the history, issuing one now (the office), and the PDF / .xlsx of each. */
export function BulletinsPage() {
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState(false);
  const { data, error, loading, reload } = useRequest(useCallback(() => supervisionApi.bulletins(page), [page]));
  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  const issue = async () => {
    setBusy(true);
    try {
      const b = await supervisionApi.issueBulletin();
      message.success(t('sv.issued').replace('{n}', String(b.issue)));
      reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader
        title={t('menu.bulletins')}
        extra={
          can('supervision.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} loading={busy} onClick={issue}>
              {t('sv.issue')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Table
          size="small"
          rowKey="id"
          loading={loading}
          locale={{ emptyText: t('sv.noBulletins') }}
          dataSource={data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage }}
          expandable={{ expandedRowRender: (b) => <div style={{ whiteSpace: 'pre-wrap' }}>{b.commentary}</div> }}
          columns={[
            { title: '#', dataIndex: 'issue', width: 60 },
            { title: t('sv.name'), dataIndex: 'title' },
            { title: t('sv.asOf'), dataIndex: 'asOf', width: 110 },
            {
              title: '',
              dataIndex: 'kind',
              width: 80,
              render: (k: 'scheduled' | 'on_demand') => <Tag>{t(`sv.bulletinKind.${k}`)}</Tag>,
            },
            {
              title: '',
              key: 'dl',
              width: 170,
              render: (_: unknown, b) => (
                <Space>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => downloadFile(`/api/v1/bulletins/${b.id}/pdf`, `bulletin-${b.issue}.pdf`)}
                  >
                    PDF
                  </Button>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => downloadFile(`/api/v1/bulletins/${b.id}/xlsx`, `bulletin-${b.issue}.xlsx`)}
                  >
                    Excel
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
