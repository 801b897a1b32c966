import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { type ReactNode, useState } from 'react';
import { errorText } from '../../../app/http.ts';
import { useT } from '../../../app/i18n.ts';
import type { Permission } from '../../../../domain/access/roles.ts';
import { useSession } from '../../../app/session.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { type TabularFilters, tabularApi } from './tabular.api.ts';

/** A button that downloads a file: busy until it is saved, a failure as a message. */
function DownloadButton({
  icon,
  size,
  download,
  children,
}: {
  icon: ReactNode;
  size?: 'small' | 'middle';
  download: () => Promise<void>;
  children: ReactNode;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size={size}
      icon={icon}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await download();
        } catch (err) {
          message.error(errorText(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      {children}
    </Button>
  );
}

/** 下载模板: the kind's import template (.xlsx with a 填写说明 sheet). */
export function TemplateButton({ kind, size }: { kind: string; size?: 'small' | 'middle' }) {
  const t = useT();
  return (
    <DownloadButton size={size} icon={<DownloadOutlined />} download={() => tabularApi.downloadTemplate(kind)}>
      {t('tabular.template')}
    </DownloadButton>
  );
}

/** 导出 Excel: the list as it is filtered now, within the user's scope. */
export function ExportButton({
  kind,
  filters,
  size,
}: {
  kind: string;
  filters?: TabularFilters;
  size?: 'small' | 'middle';
}) {
  const t = useT();
  return (
    <DownloadButton size={size} icon={<FileExcelOutlined />} download={() => tabularApi.downloadExport(kind, filters)}>
      {t('tabular.export')}
    </DownloadButton>
  );
}

/** 导入: opens the import dialog; shown only to users holding the import permission (registry.import). */
export function ImportButton({
  kind,
  title,
  onImported,
  size,
  importPermission = 'registry.import',
}: {
  kind: string;
  title: string;
  onImported?: () => void;
  size?: 'small' | 'middle';
  importPermission?: Permission;
}) {
  const t = useT();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  if (!can(importPermission)) return null;
  return (
    <>
      <Button size={size} icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        {t('tabular.import')}
      </Button>
      <ImportDialog kind={kind} title={title} open={open} onClose={() => setOpen(false)} onImported={onImported} />
    </>
  );
}

/**
 * The three buttons a register list shows: 下载模板, 导入 (with registry.import) and 导出 Excel.
 * `filters` are the list's current query filters (page and pageSize are not needed).
 */
export function TabularActions({
  kind,
  title,
  filters,
  onImported,
  size,
  importPermission = 'registry.import',
}: {
  /** A register kind, or another module's base path (see tabular.api.ts). */
  kind: string;
  title: string;
  filters?: TabularFilters;
  onImported?: () => void;
  size?: 'small' | 'middle';
  importPermission?: Permission;
}) {
  const { can } = useSession();
  return (
    <Space wrap size={8}>
      {can(importPermission) ? <TemplateButton kind={kind} size={size} /> : null}
      <ImportButton kind={kind} title={title} onImported={onImported} size={size} importPermission={importPermission} />
      <ExportButton kind={kind} filters={filters} size={size} />
    </Space>
  );
}
