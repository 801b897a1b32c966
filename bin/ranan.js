#!/usr/bin/env node
// The `ranan` command: runs the TypeScript server through tsx (Node 20 cannot strip types itself).
import { register } from 'tsx/esm/api';

register();
await import('../server/main.ts');
