import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Radio, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { errorText } from '../../../app/http.ts';
import { useT } from '../../../app/i18n.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { type ImportRowError, importErrorText } from './importErrorText.ts';
import { type ImportMode, type ImportOutcome, tabularApi } from './tabular.api.ts';

type Props = {
  /** The register kind (URL segment), e.g. 'enterprises'. */
  kind: string;
  /** Shown in the title: 导入{title}. */
  title: string;
  open: boolean;
  onClose: () => void;
  /** Called after rows were stored (not after a dry run or a refused import). */
  onImported?: () => void;
};

/**
 * Upload a filled template (.xlsx or .csv), check it (dry run) or import it, and see the report:
 * counts and every bad row with its line number, column and reason. A strict import with bad rows
 * stores nothing; the dialog then offers to import only the clean rows.
 */
export function ImportDialog({ kind, title, open, onClose, onImported }: Props) {
  const t = useT();
  const isMobile = useIsMobile();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('strict');
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setFile(null);
    setOutcome(null);
    setError(null);
    setMode('strict');
  };

  const run = async (dryRun: boolean, runMode: ImportMode = mode) => {
    if (!file) {
      setError(t('tabular.noFile'));
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const result = await tabularApi.importFile(kind, file, { mode: runMode, dryRun });
      setOutcome(result);
      if (result.ok && !dryRun && result.report.created + result.report.updated > 0) onImported?.();
    } catch (err) {
      setOutcome(null);
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const report = outcome?.report;
  const bad = report ? new Set(report.errors.map((e) => e.line)).size : 0;
  let summary: { type: 'success' | 'info' | 'warning' | 'error'; text: string } | null = null;
  if (report && outcome) {
    const counts = {
      total: report.total,
      valid: report.valid,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      bad,
    };
    if (!outcome.ok) summary = { type: 'error', text: t('tabular.result.invalid', counts) };
    else if (report.dryRun)
      summary = { type: report.errorCount ? 'warning' : 'info', text: t('tabular.result.dry', counts) };
    else if (report.errorCount) summary = { type: 'warning', text: t('tabular.result.partial', counts) };
    else summary = { type: 'success', text: t('tabular.result.ok', counts) };
  }

  return (
    <Modal
      open={open}
      title={t('tabular.importTitle', { title })}
      width={isMobile ? '100%' : 760}
      style={isMobile ? { top: 0, maxWidth: '100%', paddingBottom: 0 } : undefined}
      onCancel={() => {
        reset();
        onClose();
      }}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button
            onClick={() => {
              reset();
              onClose();
            }}
          >
            {t('common.close')}
          </Button>
          {outcome && !outcome.ok && report && report.valid > 0 ? (
            <Button danger loading={busy === 'import'} onClick={() => void run(false, 'clean_only')}>
              {t('tabular.importCleanOnly', { n: report.valid })}
            </Button>
          ) : null}
          <Button loading={busy === 'check'} disabled={!file || busy !== null} onClick={() => void run(true)}>
            {t('tabular.validate')}
          </Button>
          <Button
            type="primary"
            loading={busy === 'import'}
            disabled={!file || busy !== null}
            onClick={() => void run(false)}
          >
            {t('tabular.start')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          multiple={false}
          fileList={file ? [{ uid: '1', name: file.name, status: 'done', size: file.size }] : []}
          beforeUpload={(f) => {
            setFile(f);
            setOutcome(null);
            setError(null);
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setOutcome(null);
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('tabular.chooseFile')}</p>
          <p className="ant-upload-hint">{t('tabular.fileHint')}</p>
        </Upload.Dragger>
        <div>
          <Typography.Text strong>{t('tabular.mode')}：</Typography.Text>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)}>
            <Radio value="strict">{t('tabular.mode.strict')}</Radio>
            <Radio value="clean_only">{t('tabular.mode.clean_only')}</Radio>
          </Radio.Group>
        </div>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        {summary ? <Alert type={summary.type} showIcon title={summary.text} /> : null}
        {report?.ignoredColumns.length ? (
          <Alert type="info" showIcon title={t('tabular.ignoredColumns', { cols: report.ignoredColumns.join('、') })} />
        ) : null}
        {report && report.errors.length > 0 ? (
          <>
            <Table
              size="small"
              rowKey={(e) => `${e.line}:${e.column ?? ''}:${e.message}`}
              dataSource={report.errors}
              pagination={{ pageSize: 10, size: 'small', showSizeChanger: false }}
              scroll={isMobile ? { x: 480 } : undefined}
              columns={[
                { title: t('tabular.line'), dataIndex: 'line', width: 72 },
                { title: t('tabular.column'), dataIndex: 'column', width: 140, render: (c: string | null) => c ?? '—' },
                {
                  title: t('tabular.message'),
                  dataIndex: 'message',
                  render: (_: string, e: ImportRowError & { line: number; column: string | null }) =>
                    importErrorText(e),
                },
              ]}
            />
            {report.errorCount > report.errors.length ? (
              <Typography.Text type="secondary">
                {t('tabular.truncated', { shown: report.errors.length, count: report.errorCount })}
              </Typography.Text>
            ) : null}
          </>
        ) : null}
      </Space>
    </Modal>
  );
}
