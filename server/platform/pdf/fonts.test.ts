import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { chineseFont } from './fonts.ts';

describe('chineseFont', () => {
  it('unpacks the WOFF into an sfnt that pdfkit embeds, with Chinese text', async () => {
    const font = chineseFont();
    expect([0x00010000, 0x4f54544f]).toContain(font.readUInt32BE(0));
    const doc = new PDFDocument();
    doc.registerFont('cjk', font);
    doc.font('cjk').text('整改通知书：乌审旗嘎鲁图镇');
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((r) => doc.on('end', r));
    doc.end();
    await done;
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The font is embedded as a subset with a ToUnicode map, so the text can be extracted.
    expect(pdf.toString('latin1')).toContain('/ToUnicode');
  });
});
