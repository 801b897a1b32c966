import fs from 'node:fs';
import path from 'node:path';

/**
 * What the web build is made from, relative to the package root: the app's sources, the domain files it
 * shares with the server, its build configuration and the installed packages (package-lock.json changes
 * with every `npm ci` of a new version).
 */
const WEB_SOURCES = ['web', 'domain', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'];

/** The newest modification time (ms) of a file or of any file under a folder; 0 when absent. */
function newestMtime(file: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(file, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(file, entry.name)));
  }
  return newest;
}

/**
 * Why the built web app in `distDir` must be (re)built before `ranan start` serves it, or null when it is
 * up to date: it is missing, or a source it is built from changed after it was built (an update pulled
 * without `npm run build`, which would otherwise serve yesterday's pages against today's API). A package
 * installed without its sources (no web/ folder) keeps the build it came with.
 */
export function webBuildNeeded(root: string, distDir: string): 'missing' | 'stale' | null {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) return 'missing';
  if (!fs.existsSync(path.join(root, 'web'))) return null;
  const built = fs.statSync(index).mtimeMs;
  const changed = Math.max(...WEB_SOURCES.map((s) => newestMtime(path.join(root, s))));
  return changed > built ? 'stale' : null;
}
