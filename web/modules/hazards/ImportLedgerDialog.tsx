import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Radio, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { errorText } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { importErrorText } from '../registry/index.ts';
import { type HazardImportReport, hazardsApi } from './hazards.api.ts';

/** 导入历史台账: an Excel ledger kept before the platform, matched to the register; a report of what did not match. */
export function ImportLedgerDialog({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'strict' | 'clean_only'>('strict');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<HazardImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await hazardsApi.importLedger(file, { dryRun, mode });
      setReport(r);
      if (!dryRun && r.created > 0) onImported();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setFile(null);
    setReport(null);
    setError(null);
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('hazards.importTitle')}
      onCancel={close}
      width={720}
      footer={
        <Space>
          <Button onClick={close}>{t('common.close')}</Button>
          <Button disabled={!file} loading={busy} onClick={() => void run(true)}>
            {t('hazards.importCheck')}
          </Button>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void run(false)}>
            {t('hazards.importRun')}
          </Button>
        </Space>
      }
    >
      <p style={{ color: 'rgba(0,0,0,.65)' }}>{t('hazards.importHint')}</p>
      <Upload.Dragger
        accept=".xlsx"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setReport(null);
          return false;
        }}
        onRemove={() => {
          setFile(null);
          setReport(null);
        }}
        fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t('hazards.importFile')}</p>
      </Upload.Dragger>
      <div style={{ margin: '12px 0' }}>
        <span style={{ marginRight: 8 }}>{t('hazards.importMode')}</span>
        <Radio.Group
          value={mode}
          onChange={(e) => setMode(e.target.value)}
          options={[
            { value: 'strict', label: t('hazards.importMode.strict') },
            { value: 'clean_only', label: t('hazards.importMode.clean_only') },
          ]}
        />
      </div>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {report ? (
        <>
          <Alert
            type={report.errorCount > 0 ? 'warning' : 'success'}
            showIcon
            title={
              report.dryRun
                ? t('hazards.importDryResult', { total: report.total, valid: report.valid, bad: report.errorCount })
                : t('hazards.importResult', {
                    total: report.total,
                    valid: report.valid,
                    created: report.created,
                    updated: report.updated,
                    skipped: report.skipped,
                    bad: report.errorCount,
                  })
            }
            style={{ margin: '12px 0' }}
          />
          {report.errors.length > 0 ? (
            <Table
              size="small"
              rowKey={(r) => `${r.line}:${r.column ?? ''}:${r.code}`}
              dataSource={report.errors}
              pagination={{ pageSize: 8, size: 'small' }}
              title={() => t('hazards.importUnmatched')}
              columns={[
                { title: t('hazards.importLine'), dataIndex: 'line', width: 70 },
                {
                  title: t('hazards.importColumn'),
                  dataIndex: 'column',
                  width: 110,
                  render: (c: string | null) => c ?? '—',
                },
                {
                  title: t('hazards.importReason'),
                  dataIndex: 'message',
                  render: (_: string, e: HazardImportReport['errors'][number]) => importErrorText(e),
                },
              ]}
            />
          ) : null}
        </>
      ) : null}
    </Modal>
  );
}
