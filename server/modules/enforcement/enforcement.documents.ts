import { articleText, measureLabels } from '../../../domain/enforcement/enforcement.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { chineseFont } from '../../platform/pdf/fonts.ts';
import { caseDocumentNotIssued } from './enforcement.errors.ts';
import { createEnforcementService } from './enforcement.service.ts';
import { loadPDFDocument } from '../../platform/lazy-libs.ts';

const cn = (ymd: string | null) =>
  ymd ? `${ymd.slice(0, 4)}年${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日` : '';

/**
 * The case's documents in the issuing department's own name and form: 责令限期整改指令书 (an order to
 * correct by a date) and 行政处罚决定书 (a penalty decision), numbered when the decision was made.
 */
export async function caseDocument(db: Db, actor: Actor, id: string, kind: 'correction-order' | 'penalty-decision') {
  requirePermission(actor, 'enforcement.read');
  const c = await createEnforcementService({ db }).get({ actor, id });
  const number = kind === 'correction-order' ? c.correctionOrderNumber : c.penaltyDecisionNumber;
  if (!number) throw caseDocumentNotIssued({ kind });
  const issuer = `乌审旗${(c.departmentName ?? '').replace(/^旗/, '')}`;
  const title = kind === 'correction-order' ? '责令限期整改指令书' : '行政处罚决定书';
  const doc = new (await loadPDFDocument())({ size: 'A4', margin: 56, info: { Title: title, Creator: '燃安' } });
  doc.registerFont('cjk', chineseFont());
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.font('cjk').fontSize(16).text(issuer, { align: 'center' });
  doc.moveDown(0.3).fontSize(20).text(title, { align: 'center' });
  doc.moveDown(0.3).fontSize(10).text(number, { align: 'center' });
  doc.moveDown(1).fontSize(12).text(`${c.subjectName}：`);
  doc.moveDown(0.5).fontSize(11);
  doc.text(`经查，${c.facts}`, { indent: 22, lineGap: 3 });
  doc.moveDown(0.3).text(`上述行为违反了${c.legalBasis.map((b) => articleText(b.code)).join('、')}的规定。`, {
    indent: 22,
    lineGap: 3,
  });
  doc.moveDown(0.5);
  if (kind === 'correction-order') {
    for (const m of c.measures.filter((x) => x.type === 'order_to_correct'))
      doc.text(`现责令你（单位）于${cn(m.dueDate ?? null)}前改正${m.note ? `：${m.note}` : '。'}`, {
        indent: 22,
        lineGap: 3,
      });
    doc.moveDown(0.3).text('逾期不改正的，将依法予以处罚。', { indent: 22 });
  } else {
    doc.text(`依据上述规定，本机关决定：${c.decision ?? ''}`, { indent: 22, lineGap: 3 });
    c.measures.forEach((m, i) => {
      const amount = m.amount !== undefined ? `，${m.amount.toLocaleString('zh-CN')}元` : '';
      doc.text(`${i + 1}. ${measureLabels[m.type].zh}${amount}${m.note ? `（${m.note}）` : ''}`, {
        indent: 36,
        lineGap: 2,
      });
    });
    doc
      .moveDown(0.3)
      .text('如不服本决定，可在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。', {
        indent: 22,
        lineGap: 3,
      });
  }
  doc.moveDown(0.5).fontSize(9).text(`立案编号：${c.number}`);
  doc.moveDown(2).fontSize(12).text(issuer, { align: 'right' });
  doc.text(cn(c.decidedOn), { align: 'right' });
  doc.moveDown(1).fontSize(10).text('当事人签收：________________    日期：____________');
  doc.end();
  await done;
  return { pdf: Buffer.concat(chunks), filename: `${title}-${number}.pdf` };
}
