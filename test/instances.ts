import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** `ranan serve` processes for the tests of several instances over one PostgreSQL (issue 17). */
const root = path.resolve(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export type Instance = { url: string; child: ChildProcess; dataDir: string; output: () => string };

export async function startInstance(
  databaseUrl: string,
  auditKey: string,
  env: Record<string, string> = {},
): Promise<Instance> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-multi-'));
  const child = spawn(process.execPath, [path.join(root, 'bin/ranan.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      // Every instance signs the one audit trail: they share the key.
      AUDIT_KEY: auditKey,
      RANAN_DEMO: '0',
      LOG_LEVEL: 'warn',
      MQTT_URL: '',
      // Three processes cannot share the embedded broker's port; gateways reach them over HTTP here.
      MQTT_BROKER_PORT: '0',
      // Live events by the outbox's LISTEN/NOTIFY unless the test gives NATS_URL.
      NATS_URL: '',
      // Cached actors live long here, so a session ended elsewhere can only end here by the outbox's word.
      ACTOR_CACHE_TTL_MS: '60000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return { url: `http://127.0.0.1:${port}`, child, dataDir, output: () => output };
}

export async function waitHealthy(instance: Instance) {
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (instance.child.exitCode !== null) throw new Error(`instance exited: ${instance.output()}`);
    const ok = await fetch(`${instance.url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`instance did not start: ${instance.output()}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
