import type ExcelJS from 'exceljs';
import { chineseFont } from '../../platform/pdf/fonts.ts';
import type { Bulletin } from './supervision.bulletins.ts';
import { loadExcelJS, loadPDFDocument } from '../../platform/lazy-libs.ts';

const pct = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
const cn = (ymd: string) => `${ymd.slice(0, 4)}年${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`;
const signed = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : n > 0 ? `↑${n}` : n < 0 ? `↓${-n}` : '—';

const ISSUER = '乌审旗城镇燃气安全专项整治工作领导小组办公室';

type Col = {
  title: string;
  width: number;
  value: (r: Bulletin['rows'][number] | Bulletin['departmentRows'][number]) => string;
};

function columns(b: Bulletin): Col[] {
  return [
    { title: '排名', width: 28, value: (r) => String(r.rank) },
    { title: '较上期', width: 32, value: (r) => signed(r.rankChange) },
    { title: '在册', width: 36, value: (r) => String(r.registered) },
    { title: '已排查', width: 36, value: (r) => String(r.inspected) },
    { title: '覆盖率', width: 40, value: (r) => pct(r.coverageRate) },
    { title: '发现隐患', width: 40, value: (r) => String(r.found) },
    { title: '已整改', width: 36, value: (r) => String(r.closed) },
    { title: '整改率', width: 40, value: (r) => pct(r.closureRate) },
    { title: '逾期', width: 30, value: (r) => String(r.overdue) },
    { title: '重大未改', width: 36, value: (r) => String(r.majorOpen) },
    ...b.extraFigures.map((f) => ({
      title: f.label.zh,
      width: 34,
      value: (r: Parameters<Col['value']>[0]) => String(r.extra[f.key] ?? 0),
    })),
    { title: '得分', width: 34, value: (r) => r.score.toFixed(1) },
  ];
}

/**
 * The bulletin as the campaign office circulates it: a red masthead (工作专班 + 调度通报), the issue
 * number, the issuer and the date over a red rule; the overview, the township and department
 * rankings as tables, the commentary (讲评) and the distribution line (报、送、发).
 */
export async function bulletinPdf(b: Bulletin): Promise<Buffer> {
  const doc = new (await loadPDFDocument())({ size: 'A4', margin: 48, info: { Title: b.title, Creator: '燃安' } });
  doc.registerFont('cjk', chineseFont());
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const red = '#c8161d';

  doc.font('cjk').fillColor(red).fontSize(26).text('城镇燃气安全专项整治', { align: 'center' });
  doc.fontSize(30).text('调 度 通 报', { align: 'center', characterSpacing: 2 });
  doc.moveDown(0.4).fillColor('black').fontSize(12).text(`第${b.issue}期`, { align: 'center' });
  doc.moveDown(0.4);
  const y0 = doc.y;
  doc.fontSize(10).text(ISSUER, left, y0, { width: width * 0.7 });
  doc.text(cn(b.createdAt.slice(0, 10)), left, y0, { width, align: 'right' });
  doc.moveDown(0.3);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(2)
    .strokeColor(red)
    .stroke();
  doc.moveDown(0.8);

  const t = b.total;
  doc.x = left;
  doc.fontSize(15).text(`全旗城镇燃气安全专项整治工作进展情况（截至${cn(b.asOf)}）`, { align: 'center' });
  doc.moveDown(0.6).fontSize(11);
  doc.text(
    `${b.phase ? `本期统计范围为${phaseName(b.phase)}。` : ''}截至${cn(b.asOf)}，全旗在册监管对象${t.registered}个，已排查${t.inspected}个，排查覆盖率${pct(t.coverageRate)}；累计发现燃气安全隐患${t.found}条，已整改销号${t.closed}条，整改率${pct(t.closureRate)}；尚未整改${t.open}条，其中逾期未整改${t.overdue}条，重大隐患未整改${t.majorOpen}条${t.majorUnlisted ? `（其中未挂牌督办${t.majorUnlisted}条）` : ''}${b.extraFigures.map((f) => `，${f.label.zh}${t.extra[f.key] ?? 0}条`).join('')}。`,
    { lineGap: 4, indent: 22 },
  );

  const table = (
    heading: string,
    nameTitle: string,
    rows: (Bulletin['rows'][number] | Bulletin['departmentRows'][number])[],
    nameOf: (r: (typeof rows)[number]) => string,
  ) => {
    doc.moveDown(0.8).fontSize(13).text(heading, left);
    doc.moveDown(0.3);
    const cols: Col[] = [{ title: nameTitle, width: 0, value: nameOf }, ...columns(b)];
    const fixed = cols.slice(1).reduce((s, c) => s + c.width, 0);
    cols[0]!.width = Math.max(60, width - fixed);
    const scale = Math.min(1, width / (cols[0]!.width + fixed));
    const rowH = 16;
    const draw = (cells: string[], bold: boolean) => {
      if (doc.y + rowH > doc.page.height - doc.page.margins.bottom) doc.addPage();
      let x = left;
      const y = doc.y;
      cells.forEach((c, i) => {
        const w = cols[i]!.width * scale;
        doc.rect(x, y, w, rowH).lineWidth(0.5).strokeColor('#555').stroke();
        doc
          .fillColor(bold ? '#000' : '#111')
          .fontSize(bold ? 7 : 8)
          .text(c, x + 2, y + 4, {
            width: w - 4,
            align: i === 0 ? 'left' : 'center',
            lineBreak: false,
            ellipsis: true,
          });
        x += w;
      });
      doc.x = left;
      doc.y = y + rowH;
    };
    draw(
      cols.map((c) => c.title),
      true,
    );
    for (const r of rows)
      draw(
        cols.map((c) => c.value(r)),
        false,
      );
  };
  table('一、各乡镇（街道）排名', '乡镇（街道）', b.rows, (r) => ('regionName' in r ? r.regionName : ''));
  table('二、各成员单位排名', '成员单位', b.departmentRows, (r) => ('departmentName' in r ? r.departmentName : ''));

  doc.moveDown(0.8).fontSize(13).text('三、讲评', left);
  doc.moveDown(0.3).fontSize(11);
  for (const line of b.commentary.split('\n')) doc.text(line, left, doc.y, { lineGap: 4, indent: 22, width });
  doc
    .moveDown(0.5)
    .text(
      '排名末位和逾期隐患较多的乡镇（街道）、成员单位要认真分析原因，倒排工期、挂图作战，于下期通报前完成整改；对重大隐患实行挂牌督办，对整改不力的将按规定予以警示、约谈直至问责。',
      left,
      doc.y,
      { lineGap: 4, indent: 22, width },
    );
  doc
    .moveDown(0.5)
    .fontSize(9)
    .fillColor('#444')
    .text('排名得分 = 40×排查覆盖率 + 40×整改率 + 20×（1 − 逾期数/未整改数）。', left, doc.y, { width });
  doc.moveDown(1.2).fillColor('black');
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.8)
    .strokeColor('black')
    .stroke();
  doc.moveDown(0.3).fontSize(10);
  doc.text('报：旗委、旗政府主要领导，分管领导', left, doc.y, { width });
  doc.text('送：领导小组各成员', left, doc.y, { width });
  doc.text('发：各乡镇（街道），领导小组各成员单位', left, doc.y, { width });
  doc
    .moveTo(left, doc.y + 4)
    .lineTo(left + width, doc.y + 4)
    .lineWidth(0.8)
    .stroke();
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

function phaseName(code: string) {
  return (
    (
      { intensive: '集中攻坚阶段', consolidation: '全面巩固提升阶段', long_term: '建立长效机制阶段' } as Record<
        string,
        string
      >
    )[code] ?? code
  );
}

/** The bulletin as a workbook: an overview sheet, the townships' and the departments' rankings. */
export async function bulletinXlsx(b: Bulletin): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '燃安';
  const overview = wb.addWorksheet('通报');
  overview.addRow([b.title]);
  overview.addRow(['发布单位', ISSUER]);
  overview.addRow(['统计截至', b.asOf]);
  overview.addRow(['阶段', b.phase ? phaseName(b.phase) : '全部']);
  overview.addRow(['讲评', b.commentary]);
  overview.getColumn(1).width = 14;
  overview.getColumn(2).width = 100;
  const headers = (name: string) => [
    '排名',
    name,
    '较上期',
    '在册对象',
    '已排查',
    '覆盖率',
    '发现隐患',
    '已整改',
    '整改率',
    '未整改',
    '逾期未整改',
    '重大隐患未整改',
    '其中未挂牌督办',
    ...b.extraFigures.map((f) => f.label.zh),
    '得分',
  ];
  const line = (name: string, r: Bulletin['rows'][number] | Bulletin['departmentRows'][number]) => [
    r.rank,
    name,
    r.rankChange ?? null,
    r.registered,
    r.inspected,
    r.coverageRate,
    r.found,
    r.closed,
    r.closureRate,
    r.open,
    r.overdue,
    r.majorOpen,
    r.majorUnlisted ?? null,
    ...b.extraFigures.map((f) => r.extra[f.key] ?? 0),
    r.score,
  ];
  const sheet = (
    title: string,
    name: string,
    rows: [string, Bulletin['rows'][number] | Bulletin['departmentRows'][number]][],
  ) => {
    const ws = wb.addWorksheet(title);
    ws.addRow(headers(name)).font = { bold: true };
    for (const [n, r] of rows) ws.addRow(line(n, r));
    ws.getColumn(2).width = 30;
    for (const c of [6, 9]) ws.getColumn(c).numFmt = '0.0%';
    return ws;
  };
  sheet(
    '乡镇排名',
    '乡镇（街道）',
    b.rows.map((r) => [r.regionName, r]),
  );
  sheet(
    '部门排名',
    '成员单位',
    b.departmentRows.map((r) => [r.departmentName, r]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
