import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import { checkItem } from '../../../domain/hazards/checklist.ts';
import { isOverdue } from '../../../domain/hazards/deadlines.ts';
import { hazardStateLabels } from '../../../domain/hazards/hazard-state.ts';
import { severityLabels } from '../../../domain/hazards/limits.ts';
import { inspectionKindLabels } from '../../../domain/inspections/inspections.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { chineseFont } from '../../platform/pdf/fonts.ts';
import { ledgerScopeFilter } from '../inspections/index.ts';
import { inspectionSignaturesTable, inspectionsTable } from '../inspections/index.ts';
import { departmentsTable } from '../organisation/index.ts';
import { enterprisesTable, peopleTable } from '../registry/index.ts';
import {
  type NoticeIssuer,
  beijingTime,
  itemOrderForm,
  noticeForm,
  orderFormTitles,
  townshipGovernment,
} from '../../../domain/hazards/notice-form.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';
import { hazardReadScope } from './hazards.access.ts';
import { hazardInspectionNotFound, hazardNotFound } from './hazards.errors.ts';
import { dayOf, hazardBasis } from './hazards.presenter.ts';
import { type HazardWithNames, createHazardsRepository, regionNamesOf } from './hazards.repository.ts';
import type { HazardFilterValues, HazardSort } from './hazards.schemas.ts';
import { hazardsTable } from './hazards.table.ts';
import { loadExcelJS, loadPDFDocument } from '../../platform/lazy-libs.ts';

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
  const itemText = item ? `${item.text.zh}（${item.planRef}；${hazardBasis(r)}）` : r.planRef ? `（${r.planRef}）` : '';
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
  const wb = new (await loadExcelJS()).stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
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

type Signer = { name: string; signedAt: Date; contentHash: string };

/**
 * A rectification document as data (issue 10, 13): in its issuer's name and form (domain/hazards/notice-form.ts),
 * signature times in Beijing time. `GET …/notice` answers it as JSON (what the PDF says), `…/notice.pdf` renders it.
 */
export type NoticeModel = {
  form: string;
  title: string;
  issuer: string;
  orders: boolean;
  reference: string;
  addressee: string;
  intro: string;
  demand: string;
  hazards: {
    number: string;
    description: string;
    severity: string;
    item: string | null;
    planRef: string | null;
    basis: string | null;
    deadline: string;
    interimControl: string | null;
    departmentName: string | null;
    /** The order the item's basis calls for (its own form), null when its basis names none. */
    itemForm: string | null;
    itemFormTitle: string | null;
  }[];
  latestDeadline: string;
  signers: { name: string; signedAt: string; signedAtText: string; contentHash: string }[];
  contentHash: string | null;
  date: string;
};

const cn = (ymd: string) => `${ymd.slice(0, 4)}年${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`;

function buildNotice({
  issuer,
  reference,
  addressee,
  address,
  township,
  hazards,
  inspection,
  signers,
  today,
}: {
  issuer: NoticeIssuer;
  reference: string;
  addressee: string;
  address: string;
  township: string;
  hazards: HazardWithNames[];
  inspection: { kind: string; day: string | null; contentHash: string | null } | null;
  signers: Signer[];
  today: string;
}): NoticeModel {
  const itemForms = hazards.map((h) => {
    const basis = hazardBasis(h);
    return basis ? itemOrderForm(basis) : null;
  });
  const form = noticeForm(issuer, itemForms);
  const how = inspection
    ? (inspectionKindLabels[inspection.kind as keyof typeof inspectionKindLabels]?.zh ?? '检查')
    : '检查';
  const subject = issuer.kind === 'self' ? '本单位' : '你单位';
  const intro = `${inspection?.day ? `${cn(inspection.day)}，` : ''}经${how}，${subject}（地址：${address || '—'}${township ? `，${township}` : ''}）存在下列燃气安全隐患。`;
  return {
    form: form.form,
    title: form.title,
    issuer: form.issuerName,
    orders: form.orders,
    reference,
    addressee,
    intro,
    demand: form.demand,
    hazards: hazards.map((h, i) => {
      const item = h.itemId ? checkItem(h.itemId) : undefined;
      const itemForm = itemForms[i] ?? null;
      return {
        itemForm,
        itemFormTitle: itemForm ? orderFormTitles[itemForm] : null,
        number: h.number,
        description: h.description,
        severity: severityLabels[h.severity].zh,
        item: item?.text.zh ?? null,
        planRef: h.planRef,
        basis: hazardBasis(h),
        deadline: h.deadline,
        interimControl: h.interimControl,
        departmentName: h.departmentName,
      };
    }),
    latestDeadline:
      hazards
        .map((h) => h.deadline)
        .sort()
        .at(-1) ?? today,
    signers: signers.map((s) => ({
      name: s.name,
      signedAt: s.signedAt.toISOString(),
      signedAtText: beijingTime(s.signedAt),
      contentHash: s.contentHash,
    })),
    contentHash: inspection?.contentHash ?? null,
    date: today,
  };
}

/** Renders a notice with the embedded Chinese font; the PDF's author is the issuer and its subject the form. */
async function renderNotice(n: NoticeModel): Promise<Buffer> {
  const doc = new (await loadPDFDocument())({
    size: 'A4',
    margin: 56,
    info: { Title: n.title, Author: n.issuer, Subject: n.form, Creator: '燃安' },
  });
  doc.registerFont('cjk', chineseFont());
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  doc.font('cjk').fontSize(20).text(n.title, { align: 'center' });
  doc.moveDown(0.3).fontSize(10).text(n.reference, { align: 'center' });
  doc.moveDown(1).fontSize(12).text(`${n.addressee}：`);
  doc.moveDown(0.5).text(`${n.intro}${n.demand}`, { lineGap: 4 });
  doc.moveDown(0.8);
  n.hazards.forEach((h, i) => {
    doc.fontSize(12).text(`${i + 1}. ${h.description}`, { lineGap: 2 });
    doc.fontSize(10);
    doc.text(`隐患编号：${h.number}    隐患等级：${h.severity}`, { indent: 14, lineGap: 2 });
    if (h.item) doc.text(`检查项：${h.item}`, { indent: 14, lineGap: 2 });
    if (h.planRef) doc.text(`方案依据：${h.planRef}`, { indent: 14, lineGap: 2 });
    if (h.basis) doc.text(`法规依据：${h.basis}`, { indent: 14, lineGap: 2 });
    doc.text(`完成时限：${cn(h.deadline)}前`, { indent: 14, lineGap: 2 });
    if (h.interimControl) doc.text(`管控措施：${h.interimControl}`, { indent: 14, lineGap: 2 });
    if (h.departmentName) doc.text(`责任部门：${h.departmentName}`, { indent: 14, lineGap: 2 });
    if (n.orders && h.itemFormTitle && h.itemFormTitle !== n.title) {
      doc.text(`适用文书：${h.itemFormTitle}`, { indent: 14, lineGap: 2 });
    }
    doc.moveDown(0.5);
  });
  doc
    .moveDown(0.5)
    .fontSize(12)
    .text(`请于${cn(n.latestDeadline)}前完成全部整改。`);
  doc.moveDown(1).fontSize(11).text('检查人员签字（谁检查、谁签字、谁负责）：');
  if (n.signers.length === 0) doc.fontSize(10).text('（无电子签字记录）', { indent: 14 });
  for (const s of n.signers) {
    doc
      .fontSize(10)
      .text(`${s.name}    签字时间：${s.signedAtText}`, { indent: 14 })
      .text(`内容摘要（SHA-256）：${s.contentHash}`, { indent: 14, lineGap: 4 });
  }
  if (n.contentHash) doc.fontSize(9).text(`检查记录摘要：${n.contentHash}`, { indent: 14 });
  doc.moveDown(1.5).fontSize(12).text(n.issuer, { align: 'right' });
  doc.text(cn(n.date), { align: 'right' });
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

async function departmentsOf(db: Db, ids: (string | null)[]) {
  const unique = [...new Set(ids.filter((d): d is string => d !== null))];
  if (!unique.length) return [];
  return db
    .select({ code: departmentsTable.code, name: departmentsTable.name })
    .from(departmentsTable)
    .where(inArray(departmentsTable.id, unique))
    .orderBy(asc(departmentsTable.code));
}

/** The campaign office (专班办公室) of the county: the issuer of last resort, which orders nothing. */
async function officeIssuer(db: Db): Promise<NoticeIssuer> {
  const [office] = await db
    .select({ name: departmentsTable.name })
    .from(departmentsTable)
    .where(eq(departmentsTable.code, 'campaign_office'))
    .limit(1);
  return { kind: 'office', name: office?.name ?? '城镇燃气安全专项整治工作领导小组办公室' };
}

type InspectionForNotice = typeof inspectionsTable.$inferSelect;

/** Who issues the document of an inspection: the operator, the party itself, its departments or its township. */
async function inspectionIssuer(db: Db, inspection: InspectionForNotice): Promise<NoticeIssuer> {
  const enterpriseName = async (id: string | null) =>
    id
      ? ((await db.select({ name: enterprisesTable.name }).from(enterprisesTable).where(eq(enterprisesTable.id, id)))[0]
          ?.name ?? null)
      : null;
  if (inspection.kind === 'household') {
    const name = await enterpriseName(inspection.inspectingEnterpriseId);
    if (name) return { kind: 'operator', name };
  }
  if (inspection.kind === 'monthly_self') return { kind: 'self', name: inspection.objectName };
  if (inspection.kind === 'self') {
    return { kind: 'self', name: (await enterpriseName(inspection.inspectingEnterpriseId)) ?? inspection.objectName };
  }
  const departments = await departmentsOf(db, inspection.departmentIds);
  if (departments.length) return { kind: 'departments', departments };
  if (inspection.inspectingRegionId) {
    const region = (await regionNamesOf(db, [inspection.inspectingRegionId])).get(inspection.inspectingRegionId);
    if (region?.regionName) return { kind: 'township', name: townshipGovernment(region.regionName) };
  }
  return officeIssuer(db);
}

async function hazardNoticeModel(db: Db, actor: Actor, id: string, today: string) {
  requirePermission(actor, 'hazard.read');
  const repo = createHazardsRepository({ db });
  const row = await repo.get(id, hazardReadScope(actor));
  if (!row) throw hazardNotFound();
  const [hazard] = await repo.withNames([row]);
  const inspection = row.sourceInspectionId
    ? (await db.select().from(inspectionsTable).where(eq(inspectionsTable.id, row.sourceInspectionId)))[0]
    : undefined;
  let issuer: NoticeIssuer;
  if (inspection) issuer = await inspectionIssuer(db, inspection);
  else {
    const departments = await departmentsOf(db, [row.departmentId]);
    issuer = departments.length ? { kind: 'departments', departments } : await officeIssuer(db);
  }
  const model = buildNotice({
    issuer,
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
    today,
  });
  return { model, filename: `${model.title}-${row.number}.pdf` };
}

/** The rectification document of one hazard in the actor's scope (404 outside it), as data. */
export async function hazardNoticeData(db: Db, actor: Actor, id: string, today = todayInChina()) {
  return (await hazardNoticeModel(db, actor, id, today)).model;
}

/** The rectification document of one hazard in the actor's scope (404 outside it), as PDF. */
export async function hazardNotice(db: Db, actor: Actor, id: string, today = todayInChina()) {
  const { model, filename } = await hazardNoticeModel(db, actor, id, today);
  return { pdf: await renderNotice(model), filename };
}

async function inspectionNoticeModel(db: Db, actor: Actor, id: string, today: string) {
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
  const model = buildNotice({
    issuer: await inspectionIssuer(db, inspection),
    reference: `检查记录：${inspection.id}`,
    addressee: hazards[0]?.responsibleParty || inspection.objectName,
    address: inspection.objectAddress,
    township: region?.regionName ?? '',
    hazards,
    inspection: { kind: inspection.kind, day, contentHash: inspection.contentHash },
    signers: await signersOf(db, inspection.id),
    today,
  });
  return { model, filename: `${model.title}-${inspection.objectName}-${day ?? today}.pdf` };
}

/** The document of one signed (or recorded) inspection: every hazard it raised, with the inspectors' signatures. */
export async function inspectionNoticeData(db: Db, actor: Actor, id: string, today = todayInChina()) {
  return (await inspectionNoticeModel(db, actor, id, today)).model;
}

export async function inspectionNotice(db: Db, actor: Actor, id: string, today = todayInChina()) {
  const { model, filename } = await inspectionNoticeModel(db, actor, id, today);
  return { pdf: await renderNotice(model), filename };
}
