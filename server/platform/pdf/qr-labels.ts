import QRCode from 'qrcode';
import { chineseFont } from './fonts.ts';
import { loadPDFDocument } from '../lazy-libs.ts';

/** One label: the QR's content (a URL), the code printed under it, and optional lines beside it. */
export type QrLabel = { url: string; code: string; lines?: string[] };

/** A4 in points, 3 columns × 8 rows of 70 × 37 mm labels (the common A4 24-up label sheet). */
const PAGE = { width: 595.28, height: 841.89 };
const COLUMNS = 3;
const ROWS = 8;
const LABEL = { width: PAGE.width / COLUMNS, height: PAGE.height / ROWS };
const QR_SIZE = 88; // ≈ 31 mm: readable by a phone at arm's length
const PAD = 8;

export const LABELS_PER_PAGE = COLUMNS * ROWS;

/**
 * Draws a QR code as vector squares (crisp at any printer resolution, no image decoding), quiet zone
 * included in `size`. Error correction M: a label scuffed on a cylinder still reads.
 */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.save().fillColor('black');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell);
    }
  }
  doc.fill().restore();
}

/**
 * A printable sheet of QR labels (一瓶一码): 24 per A4 page, each with its QR, the code in large
 * type, a title and the caller's lines in Chinese (the embedded Noto Sans SC). Each QR is also a link
 * annotation to its URL, so the PDF on a screen opens the same page as a phone scanning the print.
 */
export async function renderQrLabelSheet({
  title,
  labels,
}: {
  /** Printed at the top of every label (e.g. 燃安 · 一瓶一码). */
  title: string;
  labels: readonly QrLabel[];
}): Promise<Buffer> {
  const doc = new (await loadPDFDocument())({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: `${title}（${labels.length}）`, Creator: '燃安' },
  });
  doc.registerFont('cjk', chineseFont());
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  labels.forEach((label, i) => {
    const slot = i % LABELS_PER_PAGE;
    if (slot === 0) doc.addPage();
    const x = (slot % COLUMNS) * LABEL.width;
    const y = Math.floor(slot / COLUMNS) * LABEL.height;
    // Cutting guide
    doc.save().lineWidth(0.3).strokeColor('#bbbbbb').rect(x, y, LABEL.width, LABEL.height).stroke().restore();
    const qrY = y + (LABEL.height - QR_SIZE) / 2;
    drawQr(doc, label.url, x + PAD / 2, qrY, QR_SIZE);
    doc.link(x + PAD / 2, qrY, QR_SIZE, QR_SIZE, label.url);
    const textX = x + PAD / 2 + QR_SIZE + 2;
    const textWidth = LABEL.width - (textX - x) - PAD;
    doc
      .font('cjk')
      .fillColor('black')
      .fontSize(8)
      .text(title, textX, y + 14, { width: textWidth, lineBreak: false, ellipsis: true });
    doc.fontSize(label.code.length > 14 ? 9 : 12).text(label.code, textX, y + 30, { width: textWidth });
    let lineY = y + 52;
    for (const line of label.lines ?? []) {
      doc.fontSize(7).fillColor('#333333').text(line, textX, lineY, { width: textWidth, height: 18, ellipsis: true });
      lineY += 11;
    }
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
