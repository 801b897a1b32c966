import { type RiskWeights, defaultRiskWeights, resolveRiskWeights } from '../domain/supervision/risk.ts';
import path from 'node:path';
import { z } from 'zod';
import { type RananLimits, defaultRananLimits, resolveLimits } from '../domain/hazards/limits.ts';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  /** A streaming replica of DATABASE_URL: GET handlers' read-only queries go there (server/db/read-routing.ts). */
  DATABASE_READ_URL: z.string().url().optional(),
  /** After a change, the same browser's reads stay on the primary this long (read-your-own-writes). */
  READ_YOUR_WRITES_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  RANAN_DEMO: z.enum(['0', '1']).default('1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  COOKIE_SECURE: z.enum(['0', '1']).default('0'),
  WEBHOOK_ALLOW_INTERNAL: z.enum(['0', '1']).default('0'),
  /** Optional map tile server, e.g. http://tiles.example.local/{z}/{x}/{y}.png (the map draws boundaries only without it). */
  MAP_TILE_URL: z.string().url().optional(),
  /** The address the public prints on cylinder QR labels (https://ranan.example.gov.cn); the request's own host without it. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** JSON overrides of the ledger's limits (deadlines, escalation, follow-up share, thresholds). */
  RANAN_LIMITS: z.string().optional(),
  RANAN_RISK_WEIGHTS: z.string().optional(),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Connections in the PostgreSQL pool (with DATABASE_URL). */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  /** How long a session's or token's actor (user, grants) is reused without reading the database; 0 turns it off. */
  ACTOR_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** PEM files: with both, the server speaks HTTPS itself (the offline field app needs HTTPS on phones). */
  TLS_CERT: z.string().optional(),
  TLS_KEY: z.string().optional(),
  /** Scheduled backups by the running server: the folder, every how many hours, how many to keep. */
  BACKUP_DIR: z.string().optional(),
  BACKUP_INTERVAL_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(24),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(14),
  /** MQTT broker for machine rows (ingest): absent, no subscriber. E.g. mqtt://127.0.0.1:1883 */
  MQTT_URL: z.string().url().optional(),
  /** With MQTT_URL: the shared subscription's group (the instances of one installation share one). */
  MQTT_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default('ranan'),
  /** Without MQTT_URL: the port of the embedded MQTT broker for gateways (0: none). */
  MQTT_BROKER_PORT: z.coerce.number().int().min(0).max(65535).default(1883),
  /** NATS with JetStream (several instances): live events and machine rows through it. E.g. nats://127.0.0.1:4222 */
  NATS_URL: z.string().url().optional(),
  /** The installation's name on NATS: subjects `<prefix>.events`, `<prefix>.ingest.<stream>`, stream `<PREFIX>_INGEST`. */
  NATS_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/)
    .default('ranan'),
  /** Seconds JetStream waits for an instance's acknowledgement before giving the message to another. */
  NATS_ACK_WAIT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /** Monitoring (issue 13): months of readings kept (older monthly partitions are dropped). */
  MONITORING_RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  /** Months of vehicle positions kept (older monthly partitions are dropped; platform/partitions). */
  POSITIONS_RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  /** Minutes an alarm may stay unacknowledged before each escalation step (enterprise → department → office). */
  MONITORING_ACK_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Hours a restaurant's detector may stay offline before a hazard is raised in the ledger. */
  MONITORING_DETECTOR_HAZARD_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(24),
  /**
   * Seconds within which a kitchen detector's interlocked shut-off valve must report closed after the
   * detector reaches its alarm level (plan 三(四)2: detector and valve interlocked and working).
   */
  MONITORING_INTERLOCK_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  /** With the demo loaded: feed the demo sensors simulated readings (0 turns it off). */
  MONITORING_SIMULATOR: z.enum(['0', '1']).default('1'),
  /** With the demo loaded: move the demo vehicles and deliver orders (0 turns it off; tests and e2e do). */
  DELIVERY_SIMULATOR: z.enum(['0', '1']).default('1'),
  /** The built web app (`vite build --outDir <dir>`); dist/web of the package by default. */
  WEB_DIST_DIR: z.string().optional(),
  /** The audit key (≥ 32 characters); without it the key file below is used (created at first start). */
  AUDIT_KEY: z.string().min(32).optional(),
  AUDIT_KEY_FILE: z.string().optional(),
  /** Where the sealer appends signed checkpoints of the audit chain's head. */
  AUDIT_CHECKPOINT_FILE: z.string().optional(),
  AUDIT_SEAL_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(1000),
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For) and protocol: off by default,
   * as Fastify's `trustProxy` takes it — true/false, a hop count, or comma-separated addresses/CIDRs.
   */
  TRUST_PROXY: z.string().optional(),
  /** Origins besides the server's own host allowed to send unsafe requests with the session cookie. */
  ALLOWED_ORIGINS: z.string().optional(),
});

/** `TRUST_PROXY` as Fastify's `trustProxy` option; anything else stops the start with its name. */
export function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  const v = value?.trim().toLowerCase();
  if (!v || v === 'false' || v === '0' || v === 'off') return false;
  if (v === 'true' || v === 'on') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const address = /^(?:[0-9.]+|[0-9a-f:.]+)(?:\/\d{1,3})?$|^(?:loopback|linklocal|uniquelocal)$/;
  if (list.length === 0 || !list.every((a) => address.test(a))) {
    throw new Error('Invalid configuration: TRUST_PROXY: expected true, false, a hop count or addresses/CIDRs');
  }
  return list;
}

/** `ALLOWED_ORIGINS` as normalised origins (scheme://host[:port]). */
function parseOrigins(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      try {
        const origin = new URL(o).origin;
        if (origin === 'null') throw new Error();
        return origin;
      } catch {
        throw new Error(`Invalid configuration: ALLOWED_ORIGINS: ${o} is not an origin`);
      }
    });
}

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** DATABASE_READ_URL (only with DATABASE_URL). */
  databaseReadUrl: string | undefined;
  readYourWritesSeconds: number;
  /** Connections in the PostgreSQL pool. */
  dbPoolSize: number;
  /** Milliseconds an authenticated actor is reused before it is read again (0: every request reads it). */
  actorCacheTtlMs: number;
  demo: boolean;
  logLevel: string;
  sessionTtlHours: number;
  cookieSecure: boolean;
  /** WEBHOOK_ALLOW_INTERNAL=1: outgoing webhooks may reach loopback/private/link-local addresses (refused by default: SSRF). */
  webhookAllowInternal: boolean;
  bodyLimitBytes: number;
  /** Failed logins before an account is locked, and for how long (minutes). */
  loginLockout: { maxFailures: number; lockMinutes: number };
  /** Sign-in attempts per client address per minute. */
  loginRateLimitPerMinute: number;
  webDistDir: string;
  /** XYZ tile URL template for the map, or null: the map then draws region boundaries only (works offline). */
  mapTileUrl: string | null;
  /** The origin printed in cylinder QR labels (PUBLIC_BASE_URL), or null: the request's own. */
  publicBaseUrl: string | null;
  /** The ledger's limits: the defaults of domain/hazards/limits.ts with RANAN_LIMITS applied. */
  hazardLimits: RananLimits;
  /** Risk grading's weights: the defaults of domain/supervision/risk.ts with RANAN_RISK_WEIGHTS applied. */
  riskWeights: RiskWeights;
  /** The audit key (or its file), the checkpoint file and how often the sealer runs. */
  audit: { key: string | undefined; keyFile: string; checkpointFile: string | null; sealIntervalMs: number };
  /** Fastify's `trustProxy` (TRUST_PROXY); false: the client address is the socket's. */
  trustProxy: boolean | number | string[];
  /** Origins other than the request's own host allowed for cookie-authenticated unsafe requests. */
  allowedOrigins: string[];
  /** TLS_CERT/TLS_KEY: serve HTTPS directly; null serves plain HTTP (or HTTPS at a reverse proxy). */
  tls: { certFile: string; keyFile: string } | null;
  /** BACKUP_DIR set: the running server writes a backup there at start and every interval, keeping the newest `keep`. */
  backup: { dir: string; intervalHours: number; keep: number } | null;
  /** The MQTT broker the ingest subscriber reads (`ranan/ingest/<stream>`), or null: no subscriber. */
  mqttUrl: string | null;
  /** The shared subscription's group on MQTT_URL (`$share/<group>/ranan/ingest/+`). */
  mqttGroup: string;
  /**
   * Public tips (issue 14): requests per client address per minute on the public routes; tips a client
   * may file per hour without a proof-of-work; the proof's difficulty in leading zero bits.
   */
  publicTips: PublicTipsConfig;
  /** The embedded MQTT broker's port when no MQTT_URL is given (0: none). */
  mqttBrokerPort: number;
  /**
   * NATS_URL: live events between instances travel over NATS (instead of each instance tailing the outbox), and
   * machine rows are also taken from a JetStream durable consumer; null (the default): neither.
   */
  nats: { url: string; prefix: string; ackWaitSeconds: number } | null;
  /** Monitoring: retention of readings, time to acknowledge before escalation, detector offline → hazard. */
  monitoring: {
    retentionMonths: number;
    ackMinutes: number;
    detectorHazardHours: number;
    interlockSeconds: number;
    simulator: boolean;
  };
  /** With the demo loaded: the demo's moving vehicles and their deliveries (DELIVERY_SIMULATOR). */
  deliverySimulator: boolean;
  /** Months of vehicle positions kept (POSITIONS_RETENTION_MONTHS): older monthly partitions are dropped. */
  positionsRetentionMonths: number;
};

export type PublicTipsConfig = { perMinute: number; withoutProofPerHour: number; powBits: number };
export const defaultPublicTips: PublicTipsConfig = { perMinute: 10, withoutProofPerHour: 3, powBits: 16 };

/** Reads and validates the environment once at start; a bad value stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  const e = parsed.data;
  let overrides: Partial<RananLimits> = {};
  if (e.RANAN_LIMITS) {
    try {
      overrides = JSON.parse(e.RANAN_LIMITS) as Partial<RananLimits>;
    } catch {
      throw new Error('Invalid configuration: RANAN_LIMITS is not JSON');
    }
  }
  if (Boolean(e.TLS_CERT) !== Boolean(e.TLS_KEY))
    throw new Error('Invalid configuration: TLS_CERT and TLS_KEY go together');
  let riskOverrides: unknown = {};
  if (e.RANAN_RISK_WEIGHTS) {
    try {
      riskOverrides = JSON.parse(e.RANAN_RISK_WEIGHTS);
    } catch {
      throw new Error('Invalid configuration: RANAN_RISK_WEIGHTS is not JSON');
    }
  }
  const risk = resolveRiskWeights(riskOverrides);
  if (!risk.ok) throw new Error(`Invalid configuration: RANAN_RISK_WEIGHTS: ${risk.errors.join(', ')}`);
  const limits = resolveLimits(overrides);
  if (!limits.ok) throw new Error(`Invalid configuration: RANAN_LIMITS: ${limits.errors.join(', ')}`);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_URL ? e.DATABASE_READ_URL : undefined,
    readYourWritesSeconds: e.READ_YOUR_WRITES_SECONDS,
    dbPoolSize: e.DB_POOL_SIZE,
    actorCacheTtlMs: e.ACTOR_CACHE_TTL_MS,
    demo: e.RANAN_DEMO !== '0',
    logLevel: e.LOG_LEVEL,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE === '1',
    webhookAllowInternal: e.WEBHOOK_ALLOW_INTERNAL === '1',
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    loginLockout: { maxFailures: 5, lockMinutes: 15 },
    loginRateLimitPerMinute: 20,
    webDistDir: e.WEB_DIST_DIR ? path.resolve(e.WEB_DIST_DIR) : path.resolve(import.meta.dirname, '../dist/web'),
    mapTileUrl: e.MAP_TILE_URL ?? null,
    publicBaseUrl: e.PUBLIC_BASE_URL ? e.PUBLIC_BASE_URL.replace(/\/+$/, '') : null,
    hazardLimits: limits.limits,
    riskWeights: risk.weights,
    mqttUrl: e.MQTT_URL ?? null,
    mqttGroup: e.MQTT_GROUP,
    publicTips: defaultPublicTips,
    mqttBrokerPort: e.MQTT_BROKER_PORT,
    nats: e.NATS_URL ? { url: e.NATS_URL, prefix: e.NATS_PREFIX, ackWaitSeconds: e.NATS_ACK_WAIT_SECONDS } : null,
    monitoring: {
      retentionMonths: e.MONITORING_RETENTION_MONTHS,
      ackMinutes: e.MONITORING_ACK_MINUTES,
      detectorHazardHours: e.MONITORING_DETECTOR_HAZARD_HOURS,
      interlockSeconds: e.MONITORING_INTERLOCK_SECONDS,
      simulator: e.MONITORING_SIMULATOR !== '0',
    },
    deliverySimulator: e.DELIVERY_SIMULATOR !== '0',
    positionsRetentionMonths: e.POSITIONS_RETENTION_MONTHS,
    audit: {
      key: e.AUDIT_KEY,
      keyFile: path.resolve(e.AUDIT_KEY_FILE ?? path.join(e.DATA_DIR, 'audit.key')),
      checkpointFile: path.resolve(e.AUDIT_CHECKPOINT_FILE ?? path.join(e.DATA_DIR, 'audit-checkpoints.log')),
      sealIntervalMs: e.AUDIT_SEAL_INTERVAL_MS,
    },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    allowedOrigins: parseOrigins(e.ALLOWED_ORIGINS),
    backup: e.BACKUP_DIR
      ? { dir: path.resolve(e.BACKUP_DIR), intervalHours: e.BACKUP_INTERVAL_HOURS, keep: e.BACKUP_KEEP }
      : null,
    tls: e.TLS_CERT && e.TLS_KEY ? { certFile: path.resolve(e.TLS_CERT), keyFile: path.resolve(e.TLS_KEY) } : null,
  };
}

/** A config for tests: no environment read, quiet logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '',
    databaseUrl: undefined,
    databaseReadUrl: undefined,
    readYourWritesSeconds: 10,
    dbPoolSize: 20,
    actorCacheTtlMs: 5_000,
    demo: false,
    logLevel: 'silent',
    sessionTtlHours: 12,
    cookieSecure: false,
    webhookAllowInternal: false,
    bodyLimitBytes: 1024 * 1024,
    loginLockout: { maxFailures: 5, lockMinutes: 15 },
    // Tests sign in hundreds of times from one address; the limit itself has its own test.
    loginRateLimitPerMinute: 100_000,
    webDistDir: path.resolve(import.meta.dirname, '../dist/web'),
    mapTileUrl: null,
    publicBaseUrl: null,
    hazardLimits: defaultRananLimits,
    riskWeights: defaultRiskWeights,
    mqttUrl: null,
    mqttGroup: 'ranan',
    // Tests file many tips from one address; the limits have their own tests (tips.public.test.ts).
    publicTips: { perMinute: 100_000, withoutProofPerHour: 100_000, powBits: 8 },
    mqttBrokerPort: 0,
    nats: null,
    monitoring: {
      retentionMonths: 24,
      ackMinutes: 15,
      detectorHazardHours: 24,
      interlockSeconds: 30,
      simulator: false,
    },
    deliverySimulator: false,
    positionsRetentionMonths: 24,
    audit: { key: undefined, keyFile: '', checkpointFile: null, sealIntervalMs: 1000 },
    trustProxy: false,
    allowedOrigins: [],
    tls: null,
    backup: null,
    ...overrides,
  };
}
