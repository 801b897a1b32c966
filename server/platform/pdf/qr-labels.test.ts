import { describe, expect, it } from 'vitest';
import { LABELS_PER_PAGE, renderQrLabelSheet } from './qr-labels.ts';

const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
const links = (pdf: Buffer) => [...pdf.toString('latin1').matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1]);

describe('renderQrLabelSheet', () => {
  it('draws one label per code, 24 to a page, each QR linking to its URL, with the Chinese font', async () => {
    const labels = Array.from({ length: LABELS_PER_PAGE + 1 }, (_, i) => ({
      url: `https://ranan.example/c/WSQ-${String(i).padStart(6, '0')}`,
      code: `WSQ-${String(i).padStart(6, '0')}`,
      lines: ['乌审旗天然气公司', '扫码查验气瓶'],
    }));
    const pdf = await renderQrLabelSheet({ title: '燃安 · 一瓶一码', labels });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pages(pdf)).toBe(2);
    expect(links(pdf)).toEqual(labels.map((l) => l.url));
    const text = pdf.toString('latin1');
    expect(text).toContain('/FontFile2');
    expect(text).toContain('/ToUnicode');
  });
});
