import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/instances.ts';

const root = path.resolve(import.meta.dirname, '..');

type Running = { id: number; url: string; child: ChildProcess; dataDir: string };

/**
 * Starts `ranan serve` as a user would, on a fresh embedded database with demo data (a copy of `demoDataDir`,
 * which the global setup seeded once), with no MQTT broker and no simulators; resolves once /healthz answers.
 * `host` is the address it listens on (0.0.0.0 to be reached on this machine's other interfaces too).
 */
async function boot(id: number, demoDataDir: string, host: string): Promise<Running> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-e2e-'));
  fs.cpSync(demoDataDir, dataDir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/ranan.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: host,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      RANAN_DEMO: '1',
      LOG_LEVEL: 'warn',
      // No embedded MQTT broker: servers of parallel test files would compete for its port.
      MQTT_BROKER_PORT: '0',
      // Nor the demo's monitoring simulator: its alarms would move other tests' figures.
      MONITORING_SIMULATOR: '0',
      // Nor the demo's moving vehicles: their orders, deliveries and flags would move other tests' lists.
      DELIVERY_SIMULATOR: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`server exited: ${output}`);
    }
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { id, url, child, dataDir };
    if (Date.now() > deadline) {
      await stop({ id, url, child, dataDir });
      throw new Error(`server did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function stop(s: Running) {
  if (s.child.exitCode === null && s.child.signalCode === null) {
    const exited = new Promise((r) => s.child.once('exit', r));
    s.child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(s.dataDir, { recursive: true, force: true });
}

/**
 * The browser tests' servers, kept by the global setup (issue 8). Test files run one after the other, and a
 * server took 10–25 s of each file's time to start (tsx loading the server, the copy of the demo folder, the
 * embedded database opening it) while the machine waited on the previous file's browser. So when a file takes
 * a server, the next one starts at once, for the next file: each file still gets a server of its own on a fresh
 * copy of the demo data, started the same way, and stops it when done. Files reach the pool over HTTP on
 * 127.0.0.1 (`POST /servers` → `{ id, url }` once it answers /healthz, `POST /servers/:id/stop`). A server on
 * another address (`host`) is started when asked, not ahead. E2E_SERVERS_AHEAD=0 starts none ahead.
 */
export async function startServerPool(demoDataDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const ahead = process.env.E2E_SERVERS_AHEAD !== '0';
  const running = new Map<number, Running>();
  const spare: Promise<Running>[] = [];
  let nextId = 1;
  const start = (host: string) => {
    const p = boot(nextId++, demoDataDir, host).then((s) => {
      running.set(s.id, s);
      return s;
    });
    // A spare that fails is reported to the file that takes it.
    p.catch(() => undefined);
    return p;
  };

  const endpoint = await listen(async (req, body) => {
    const stopMatch = /^\/servers\/(\d+)\/stop$/.exec(req.url ?? '');
    if (req.method === 'POST' && req.url === '/servers') {
      const host = (JSON.parse(body || '{}') as { host?: string }).host ?? '127.0.0.1';
      const taken = host === '127.0.0.1' && spare.length > 0 ? spare.shift()! : start(host);
      if (ahead && host === '127.0.0.1') spare.push(start('127.0.0.1'));
      const s = await taken;
      return { id: s.id, url: s.url };
    }
    if (req.method === 'POST' && stopMatch) {
      const s = running.get(Number(stopMatch[1]));
      if (s) {
        running.delete(s.id);
        await stop(s);
      }
      return {};
    }
    throw new Error(`no such request: ${req.method} ${req.url}`);
  });

  return {
    url: endpoint.url,
    async close() {
      await endpoint.close();
      await Promise.allSettled(spare);
      await Promise.all([...running.values()].map((s) => stop(s)));
      running.clear();
    },
  };
}

/** A JSON-over-HTTP endpoint on 127.0.0.1: a thrown error answers 500 with its message. */
async function listen(
  handle: (req: http.IncomingMessage, body: string) => Promise<unknown>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      handle(req, body).then(
        (value) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(value));
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(err instanceof Error ? err.message : String(err));
        },
      );
    });
  });
  // A file waits for its server as long as a start may take (the boot's own deadline is 120 s).
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
