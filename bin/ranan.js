#!/usr/bin/env node
// The `ranan` command: runs the TypeScript server through tsx (Node 20 cannot strip types itself).
import { register } from 'tsx/esm/api';

register();
const { runCommand } = await import('../server/main.ts');
runCommand(process.argv.slice(2)).then(
  (code) => {
    if (code) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
