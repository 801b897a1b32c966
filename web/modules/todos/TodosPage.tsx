import { App, Button, Card, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { formatDate } from '../../app/format.ts';
import { errorText } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { EmptyState, LoadError, PageLoading } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { refreshCounts } from './counts.ts';
import { type Todos, todosApi } from './todos.api.ts';

type Item = Todos['groups'][number]['items'][number];

/** 我的待办 (issue 9.20): what the signed-in user must act on, most urgent first, by kind. */
export function TodosPage() {
  const t = useT();
  const { message } = App.useApp();
  const { me } = useSession();
  const { data, error, loading, reload } = useRequest(useCallback(() => todosApi.todos(), []));
  const [rejecting, setRejecting] = useState<Item | null>(null);
  const [note, setNote] = useState('');

  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if (!data) return loading ? <PageLoading /> : null;

  const done = () => {
    reload();
    if (me) void refreshCounts(me.id, true);
  };
  const approve = async (item: Item) => {
    try {
      await todosApi.approve(item.subjectId);
      message.success(t('changes.decided'));
      done();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const reject = async () => {
    if (!rejecting) return;
    try {
      await todosApi.reject(rejecting.subjectId, note);
      message.success(t('changes.decided'));
      setRejecting(null);
      setNote('');
      done();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const groups = data.groups.filter((g) => g.total > 0);
  return (
    <>
      <Typography.Title level={4}>{t('todos.title')}</Typography.Title>
      {groups.length === 0 ? (
        <EmptyState description={t('todos.empty')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('todos.total', { n: data.total, overdue: data.overdue })}
          </Typography.Paragraph>
          {groups.map((g) => (
            <Card
              key={g.kind}
              size="small"
              style={{ marginBottom: 12 }}
              title={
                <Space>
                  {t(`todos.kind.${g.kind}`)}
                  <Tag>{g.total}</Tag>
                  {g.overdue > 0 ? <Tag color="red">{`${t('todos.overdue')} ${g.overdue}`}</Tag> : null}
                </Space>
              }
              data-testid={`todo-group-${g.kind}`}
            >
              <List
                size="small"
                dataSource={g.items}
                renderItem={(item) => (
                  <List.Item
                    actions={
                      item.kind === 'registry_change_decide'
                        ? [
                            <Button key="a" size="small" type="primary" onClick={() => approve(item)}>
                              {t('changes.approve')}
                            </Button>,
                            <Button key="r" size="small" danger onClick={() => setRejecting(item)}>
                              {t('changes.reject')}
                            </Button>,
                          ]
                        : undefined
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Link to={item.link} style={{ wordBreak: 'break-word' }}>
                          {item.number ? `${item.number} ` : ''}
                          {item.title}
                        </Link>
                      }
                      description={
                        <Space size={4} wrap>
                          {item.due ? <span>{t('todos.due', { date: formatDate(item.due) })}</span> : null}
                          {item.overdue ? <Tag color="red">{t('todos.overdue')}</Tag> : null}
                          {item.sentBack ? <Tag color="orange">{t('todos.sentBack')}</Tag> : null}
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
              {g.total > g.items.length ? (
                <Typography.Text type="secondary">{t('todos.more', { n: g.total - g.items.length })}</Typography.Text>
              ) : null}
            </Card>
          ))}
        </>
      )}
      <Modal
        open={rejecting !== null}
        title={t('changes.reject')}
        onCancel={() => setRejecting(null)}
        onOk={reject}
        okButtonProps={{ disabled: note.trim() === '', danger: true }}
        okText={t('changes.reject')}
      >
        <Typography.Paragraph>{rejecting?.title}</Typography.Paragraph>
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('changes.rejectNote')}
          maxLength={500}
          rows={3}
        />
      </Modal>
    </>
  );
}
