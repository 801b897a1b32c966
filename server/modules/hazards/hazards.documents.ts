import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { and, asc, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { checkItem } from '../../../domain/hazards/checklist.ts';
import { isOverdue } from '../../../domain/hazards/deadlines.ts';
import { hazardStateLabels } from '../../../domain/hazards/hazard-state.ts';
import { severityLabels } from '../../../domain/hazards/limits.ts';
import { inspectionKindLabels } from '../../../domain/inspections/inspections.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { chineseFont } from '../../platform/pdf/fonts.ts';
import { ledgerScopeFilter } from '../inspections/index.ts';
import { inspectionSignaturesTable, inspectionsTable } from '../inspections/inspections.table.ts';
import { departmentsTable } from '../organisation/organisation.table.ts';
import { peopleTable } from '../registry/registry.table.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';
import { hazardReadScope } from './hazards.access.ts';
import { hazardInspectionNotFound, hazardNotFound } from './hazards.errors.ts';
import { dayOf } from './hazards.presenter.ts';
import { type HazardWithNames, createHazardsRepository, regionNamesOf } from './hazards.repository.ts';
import type { HazardFilterValues, HazardSort } from './hazards.schemas.ts';
import { hazardsTable } from './hazards.table.ts';

/** The usual 台账 columns (as the townships kept them before the platform), then the ledger's own number and day found. */
export const ledgerColumns = [
  { key: 'seq', header: '序号', width: 7 },
  { key: 'objectName', header: '隐患单位', width: 28 },
  { key: 'address', header: '地址', width: 30 },
  { key: 'township', header: '所属乡镇', width: 12 },
  { key: 'description', header: '隐患描述', width: 40 },
  { key: 'severity', header: '隐患等级', width: 10 },
  { key: 'item', header: '检查项/依据', width: 48 },
  { key: 'department', header: '责任部门', width: 18 },
  { key: 'person', header: '整治责任人', width: 14 },
  { key: 'phone', header: '联系电话', width: 15 },
  { key: 'deadline', header: '完成时限', width: 12 },
  { key: 'interimControl', header: '管控措施', width: 30 },
  { key: 'rectification', header: '整治措施/进展', width: 30 },
  { key: 'status', header: '整治状态', width: 10 },
  { key: 'closedOn', header: '销号时间', width: 12 },
  { key: 'overdue', header: '是否超期', width: 9 },
  { key: 'number', header: '隐患编号', width: 17 },
  { key: 'foundOn', header: '发现日期', width: 12 },
] as const;

/** One row of the 台账; 所属乡镇 is the township of the object's region (`regionName`), never a community. */
function ledgerRow(r: HazardWithNames, seq: number, today: string) {
  const item = r.itemId ? checkItem(r.itemId) : undefined;
  const closedOn = dayOf(r.closedAt);
  const itemText = item ? `${item.text.zh}（${item.planRef}；${item.basis}）` : r.planRef ? `（${r.planRef}）` : '';
  return {
    seq,
    objectName: r.objectName,
    address: r.objectAddress,
    township: r.regionName ?? '',
    description: r.description,
    severity: severityLabels[r.severity].zh,
    item: itemText,
    department: r.departmentName ?? '',
    person: r.responsiblePersonName ?? r.responsibleParty,
    phone: r.responsiblePhone ?? '',
    deadline: r.deadline,
    interimControl: r.interimControl ?? '',
    rectification: r.rectification ?? '',
    status: hazardStateLabels[r.status].zh,
    closedOn: closedOn ?? '',
    overdue:
      isOverdue({ deadline: r.deadline, closedAt: closedOn }, today) || (closedOn !== null && closedOn > r.deadline)
        ? '是'
        : '否',
    number: r.number,
    foundOn: r.foundOn,
  };
}

/**
 * The ledger as .xlsx in the 台账 layout for any filter, streamed: exceljs' WorkbookWriter commits
 * each row as it is written, and rows are read in keyset batches of 1,000, so memory stays bounded
 * whatever the size. The first batch is read before the answer starts, so a bad filter is still a
 * JSON error rather than a broken download.
 */
export async function streamLedgerExport(
  db: Db,
  actor: Actor,
  { filters, sort }: { filters: HazardFilterValues; sort: HazardSort },
  today = todayInChina(),
): Promise<PassThrough> {
  requirePermission(actor, 'ledger.export');
  const repo = createHazardsRepository({ db });
  const batches = repo.iterate({ scope: hazardReadScope(actor), filters, sort, today });
  const first = await batches.next();

  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '燃安';
  const ws = wb.addWorksheet('隐患台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = ledgerColumns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  void (async () => {
    try {
      let seq = 0;
      for (let b = first; !b.done; b = await batches.next()) {
        for (const r of b.value) {
          seq++;
          ws.addRow(ledgerRow(r, seq, today)).commit();
          if (seq % 100 === 0) await sheetDrained(ws);
        }
        if (out.writableNeedDrain) await once(out, 'drain');
      }
      ws.commit();
      await wb.commit();
    } catch (err) {
      await batches.return(undefined);
      out.destroy(err as Error);
    }
  })();
  return out;
}

/**
 * exceljs' WorkbookWriter passes committed rows to its zip entry without heeding backpressure (its
 * StreamBuf writes into archiver's PassThrough whatever that answers), so rows produced faster than
 * they are deflated pile up in memory — the whole sheet, for a large export (measured: ~2 kB per
 * row). Waiting for that stream to drain keeps memory bounded whatever the number of rows.
 */
async function sheetDrained(ws: object) {
  const entry = (ws as unknown as { _stream?: { pipes?: NodeJS.EventEmitter[] } })._stream?.pipes?.[0] as
    | (NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } })
    | undefined;
  if (entry?._writableState?.needDrain) await once(entry, 'drain');
}

type NoticeHazard = HazardWithNames;
type Signer = { name: string; signedAt: Date; contentHash: string };

/** Renders a 整改通知书 (rectification notice) with the embedded Chinese font. */
async function renderNotice({
  title,
  reference,
  addressee,
  address,
  township,
  hazards,
  inspection,
  signers,
  issuer,
  today,
}: {
  title: string;
  reference: string;
  addressee: string;
  address: string;
  township: string;
  hazards: NoticeHazard[];
  inspection: { kind: string; day: string | null; contentHash: string | null } | null;
  signers: Signer[];
  issuer: string;
  today: string;
}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Creator: '燃安' } });
  doc.registerFont('cjk', chineseFont());
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const cn = (ymd: string) => `${ymd.slice(0, 4)}年${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`;

  doc.font('cjk').fontSize(20).text(title, { align: 'center' });
  doc.moveDown(0.3).fontSize(10).text(reference, { align: 'center' });
  doc.moveDown(1).fontSize(12).text(`${addressee}：`);
  const latest =
    hazards
      .map((h) => h.deadline)
      .sort()
      .at(-1) ?? today;
  doc
    .moveDown(0.5)
    .text(
      `${inspection?.day ? `${cn(inspection.day)}，` : ''}经${inspection ? (inspectionKindLabels[inspection.kind as keyof typeof inspectionKindLabels]?.zh ?? '检查') : '检查'}，你单位（地址：${address || '—'}${township ? `，${township}` : ''}）存在下列燃气安全隐患。根据《城镇燃气管理条例》及相关规定，现责令你单位按下列时限整改完毕，整改期间落实管控措施，确保安全；整改完成后及时报请复核销号。逾期未整改或拒不整改的，将依法处理，必要时暂停供气。`,
      { lineGap: 4 },
    );
  doc.moveDown(0.8);
  hazards.forEach((h, i) => {
    const item = h.itemId ? checkItem(h.itemId) : undefined;
    doc.fontSize(12).text(`${i + 1}. ${h.description}`, { lineGap: 2 });
    doc.fontSize(10);
    doc.text(`隐患编号：${h.number}    隐患等级：${severityLabels[h.severity].zh}`, { indent: 14, lineGap: 2 });
    if (item) doc.text(`检查项：${item.text.zh}`, { indent: 14, lineGap: 2 });
    if (h.planRef) doc.text(`方案依据：${h.planRef}`, { indent: 14, lineGap: 2 });
    if (item) doc.text(`法规依据：${item.basis}`, { indent: 14, lineGap: 2 });
    doc.text(`完成时限：${cn(h.deadline)}前`, { indent: 14, lineGap: 2 });
    if (h.interimControl) doc.text(`管控措施：${h.interimControl}`, { indent: 14, lineGap: 2 });
    if (h.departmentName) doc.text(`责任部门：${h.departmentName}`, { indent: 14, lineGap: 2 });
    doc.moveDown(0.5);
  });
  doc
    .moveDown(0.5)
    .fontSize(12)
    .text(`请于${cn(latest)}前完成全部整改。`);
  doc.moveDown(1).fontSize(11).text('检查人员签字（谁检查、谁签字、谁负责）：');
  if (signers.length === 0) doc.fontSize(10).text('（无电子签字记录）', { indent: 14 });
  for (const s of signers) {
    doc
      .fontSize(10)
      .text(`${s.name}    签字时间：${s.signedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC`, { indent: 14 })
      .text(`内容摘要（SHA-256）：${s.contentHash}`, { indent: 14, lineGap: 4 });
  }
  if (inspection?.contentHash) doc.fontSize(9).text(`检查记录摘要：${inspection.contentHash}`, { indent: 14 });
  doc.moveDown(1.5).fontSize(12).text(issuer, { align: 'right' });
  doc.text(cn(today), { align: 'right' });
  doc.moveDown(1).fontSize(10).text('被检查单位签收：________________    日期：____________');
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

async function signersOf(db: Db, inspectionId: string | null): Promise<Signer[]> {
  if (!inspectionId) return [];
  return db
    .select({
      name: peopleTable.name,
      signedAt: inspectionSignaturesTable.signedAt,
      contentHash: inspectionSignaturesTable.contentHash,
    })
    .from(inspectionSignaturesTable)
    .innerJoin(peopleTable, eq(peopleTable.id, inspectionSignaturesTable.personId))
    .where(eq(inspectionSignaturesTable.inspectionId, inspectionId))
    .orderBy(asc(inspectionSignaturesTable.signedAt));
}

async function issuerOf(db: Db, departmentIds: (string | null)[]): Promise<string> {
  const ids = [...new Set(departmentIds.filter((d): d is string => d !== null))];
  if (ids.length === 0) return '城镇燃气安全专项整治工作领导小组办公室';
  const rows = await db
    .select({ name: departmentsTable.name })
    .from(departmentsTable)
    .where(inArray(departmentsTable.id, ids));
  return rows.map((r) => r.name).join('、');
}

/** The 整改通知书 of one hazard in the actor's scope (404 outside it). */
export async function hazardNotice(db: Db, actor: Actor, id: string, today = todayInChina()) {
  requirePermission(actor, 'hazard.read');
  const repo = createHazardsRepository({ db });
  const row = await repo.get(id, hazardReadScope(actor));
  if (!row) throw hazardNotFound();
  const [hazard] = await repo.withNames([row]);
  const inspection = row.sourceInspectionId
    ? (await db.select().from(inspectionsTable).where(eq(inspectionsTable.id, row.sourceInspectionId)))[0]
    : undefined;
  const pdf = await renderNotice({
    title: '燃气安全隐患整改通知书',
    reference: `编号：${row.number}`,
    addressee: row.responsibleParty || row.objectName,
    address: row.objectAddress,
    township: hazard!.regionName ?? '',
    hazards: [hazard!],
    inspection: inspection
      ? {
          kind: inspection.kind,
          day: dayOf(inspection.visitedAt) ?? dayOf(inspection.signedAt),
          contentHash: inspection.contentHash,
        }
      : null,
    signers: await signersOf(db, row.sourceInspectionId),
    issuer: await issuerOf(db, inspection?.departmentIds ?? [row.departmentId]),
    today,
  });
  return { pdf, filename: `整改通知书-${row.number}.pdf` };
}

/** The 整改通知书 of one signed (or recorded) inspection: every hazard it raised, with the inspectors' signatures. */
export async function inspectionNotice(db: Db, actor: Actor, id: string, today = todayInChina()) {
  requirePermission(actor, 'inspection.read');
  const t = inspectionsTable;
  const [inspection] = await db
    .select()
    .from(t)
    .where(
      and(
        eq(t.id, id),
        ledgerScopeFilter(actor, 'inspection.read', {
          regionId: t.regionId,
          objectType: t.objectType,
          objectId: t.objectId,
          objectKind: t.objectKind,
          ownerEnterpriseId: t.ownerEnterpriseId,
          departmentIds: t.departmentIds,
          inspectingRegionId: t.inspectingRegionId,
          inspectingEnterpriseId: t.inspectingEnterpriseId,
        }),
      ),
    );
  if (!inspection) throw hazardInspectionNotFound();
  const repo = createHazardsRepository({ db });
  const rows = await db
    .select()
    .from(hazardsTable)
    .where(eq(hazardsTable.sourceInspectionId, id))
    .orderBy(asc(hazardsTable.number));
  const hazards = await repo.withNames(rows);
  const region = (await regionNamesOf(db, [inspection.regionId])).get(inspection.regionId);
  const day = dayOf(inspection.visitedAt) ?? dayOf(inspection.signedAt) ?? inspection.plannedOn;
  const pdf = await renderNotice({
    title: '燃气安全隐患整改通知书',
    reference: `检查记录：${inspection.id}`,
    addressee: hazards[0]?.responsibleParty || inspection.objectName,
    address: inspection.objectAddress,
    township: region?.regionName ?? '',
    hazards,
    inspection: { kind: inspection.kind, day, contentHash: inspection.contentHash },
    signers: await signersOf(db, inspection.id),
    issuer: await issuerOf(db, inspection.departmentIds),
    today,
  });
  return { pdf, filename: `整改通知书-${inspection.objectName}-${day ?? today}.pdf` };
}
