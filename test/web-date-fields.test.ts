import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const web = path.resolve(import.meta.dirname, '../web');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return sources(file);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [file] : [];
  });
}

describe('date fields', () => {
  it('no form uses the browser’s native date input: every calendar day goes through DateField', () => {
    const native = /type="date"|type=\{'date'\}|type: 'date'/;
    const offenders = sources(web)
      .filter((file) => native.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(web, file));
    expect(offenders).toEqual([]);
  });
});
