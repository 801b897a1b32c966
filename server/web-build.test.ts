import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webBuildNeeded } from './web-build.ts';

describe('webBuildNeeded (ranan start builds the web app when it is missing or older than its sources)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  /** A package root with web/ and domain/ sources and a build in dist/web, each file dated `at` (seconds). */
  function tree(at: { source: number; build?: number }) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-webbuild-'));
    dirs.push(root);
    const files = ['web/app/App.tsx', 'domain/hazards/evaluate.ts', 'vite.config.ts', 'package-lock.json'];
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '');
      fs.utimesSync(path.join(root, f), at.source, at.source);
    }
    const dist = path.join(root, 'dist/web');
    if (at.build !== undefined) {
      fs.mkdirSync(dist, { recursive: true });
      fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html>');
      fs.utimesSync(path.join(dist, 'index.html'), at.build, at.build);
    }
    const touch = (f: string, t: number) => {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), 'changed');
      fs.utimesSync(path.join(root, f), t, t);
    };
    return { root, dist, touch };
  }

  it('is missing without a build, and up to date when the build is newer than every source', () => {
    expect(webBuildNeeded(tree({ source: 1_000 }).root, tree({ source: 1_000 }).dist)).toBe('missing');
    const t = tree({ source: 1_000, build: 2_000 });
    expect(webBuildNeeded(t.root, t.dist)).toBeNull();
  });

  it('is stale when a page, a shared domain file, the build configuration or the installed packages changed after the build', () => {
    for (const f of [
      'web/modules/hazards/HazardListPage.tsx',
      'domain/dates.ts',
      'vite.config.ts',
      'package-lock.json',
    ]) {
      const t = tree({ source: 1_000, build: 2_000 });
      t.touch(f, 3_000);
      expect(webBuildNeeded(t.root, t.dist), f).toBe('stale');
    }
  });

  it('ignores server-only changes and dot folders, and keeps the build of a package installed without web sources', () => {
    const t = tree({ source: 1_000, build: 2_000 });
    t.touch('server/main.ts', 3_000);
    t.touch('web/.cache/x.json', 3_000);
    expect(webBuildNeeded(t.root, t.dist)).toBeNull();
    fs.rmSync(path.join(t.root, 'web'), { recursive: true });
    t.touch('domain/dates.ts', 4_000);
    expect(webBuildNeeded(t.root, t.dist)).toBeNull();
  });
});
