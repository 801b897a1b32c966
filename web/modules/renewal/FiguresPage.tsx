import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, InputNumber, Row, Space, Table } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { fundSourceLabels } from '../../../domain/renewal/projects.ts';
import { downloadFile, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { EChart } from '../supervision/index.ts';
import { wan } from './ProjectsPage.tsx';
import { type Figures, projectsApi } from './renewal.api.ts';

type Group = Figures['byRegion'][number];

/** 管网改造统计: km renewed per year against the office's target, funds by source, by township and operator; export. */
export function FiguresPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [planYear, setPlanYear] = useState<number | undefined>();
  const req = useRequest(useCallback(() => projectsApi.figures(planYear), [planYear]));
  const f = req.data;

  const yearsOption = useMemo(
    () =>
      f && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 12, top: 36, bottom: 24 },
        xAxis: { type: 'category', data: f.years.map((y) => String(y.year)) },
        yAxis: { type: 'value', name: 'km' },
        series: [
          { name: t('renewalFigures.target'), type: 'bar', data: f.years.map((y) => y.targetKm) },
          { name: t('renewalFigures.plannedKm'), type: 'bar', data: f.years.map((y) => y.plannedKm) },
          { name: t('renewalFigures.doneKm'), type: 'bar', data: f.years.map((y) => y.doneKm) },
        ],
      },
    [f, t],
  );
  const sourceOption = useMemo(
    () =>
      f && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 50, right: 12, top: 36, bottom: 24 },
        xAxis: { type: 'category', data: f.bySource.map((s) => fundSourceLabels[s.source][locale]) },
        yAxis: { type: 'value' },
        series: [
          { name: t('renewalFigures.planned'), type: 'bar', data: f.bySource.map((s) => s.plannedYuan / 10_000) },
          { name: t('renewalFigures.received'), type: 'bar', data: f.bySource.map((s) => s.receivedYuan / 10_000) },
        ],
      },
    [f, t, locale],
  );

  if (req.error) return <LoadError error={req.error} onRetry={req.reload} />;
  if (!f || !yearsOption || !sourceOption) return <PageLoading />;

  const groupTable = (title: string, rows: Group[]) => (
    <Card size="small" title={title}>
      <Table<Group>
        size="small"
        rowKey={(g) => g.id ?? ''}
        pagination={false}
        dataSource={rows}
        scroll={{ x: 520 }}
        columns={[
          { title, dataIndex: 'name' },
          { title: t('renewalFigures.projects'), dataIndex: 'projects', width: 70 },
          { title: t('renewalFigures.lengthKm'), dataIndex: 'lengthKm', width: 90 },
          { title: t('renewalFigures.doneKm'), dataIndex: 'doneKm', width: 80 },
          {
            title: t('renewalProjects.fundsColumn'),
            key: 'm',
            width: 150,
            render: (_, g) => `${wan(g.receivedYuan)} / ${wan(g.budgetYuan)}`,
          },
        ]}
      />
    </Card>
  );

  return (
    <div>
      <PageHeader
        title={t('renewalFigures.title')}
        extra={
          <Space wrap>
            <InputNumber
              placeholder={t('renewalFigures.allYears')}
              min={2020}
              max={2100}
              value={planYear}
              onChange={(v) => setPlanYear(v ?? undefined)}
            />
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                void downloadFile(projectsApi.figuresExportUrl(planYear), '管网改造统计.xlsx').catch((err: unknown) =>
                  message.error(errorText(err)),
                )
              }
            >
              {t('renewalFigures.export')}
            </Button>
          </Space>
        }
      />
      <p className="ra-muted">{t('renewalFigures.intro')}</p>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('renewalFigures.byYear')}>
            <EChart option={yearsOption} height={isMobile ? 240 : 300} />
            {f.canSetTargets ? <TargetForm onSaved={req.reload} /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('renewalFigures.bySource')}>
            <EChart option={sourceOption} height={isMobile ? 240 : 300} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          {groupTable(t('renewalFigures.byRegion'), f.byRegion)}
        </Col>
        <Col xs={24} lg={12}>
          {groupTable(t('renewalFigures.byOperator'), f.byOperator)}
        </Col>
      </Row>
    </div>
  );
}

/** 设置年度目标 (the campaign office): km to renew in a year. */
function TargetForm({ onSaved }: { onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ year: number; targetKm: number }>();
  const [saving, setSaving] = useState(false);
  return (
    <Form
      form={form}
      layout="inline"
      style={{ marginTop: 8, rowGap: 8 }}
      initialValues={{ year: new Date().getFullYear() }}
      onFinish={async (v) => {
        setSaving(true);
        try {
          await projectsApi.setTarget(v.year, v.targetKm);
          message.success(t('renewalFigures.targetSaved'));
          onSaved();
        } catch (err) {
          message.error(errorText(err));
        } finally {
          setSaving(false);
        }
      }}
    >
      <Form.Item
        name="year"
        label={t('renewalFigures.year')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <InputNumber min={2020} max={2100} />
      </Form.Item>
      <Form.Item
        name="targetKm"
        label={t('renewalFigures.targetKm')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <InputNumber min={0} max={100000} precision={2} />
      </Form.Item>
      <Button htmlType="submit" loading={saving}>
        {t('renewalFigures.setTarget')}
      </Button>
    </Form>
  );
}
