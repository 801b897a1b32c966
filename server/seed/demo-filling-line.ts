import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type CylinderModel, cylinderModelSpecs, fillingOperatorGaps } from '../../domain/cylinders/cylinders.ts';
import { chinaToday } from '../../domain/dates.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { createAuthService } from '../modules/auth/index.ts';
import { cylindersTable } from '../modules/cylinders/index.ts';
import { facilitiesTable, peopleTable, trainingRecordsTable } from '../modules/registry/index.ts';
import type { Actor } from '../platform/access.ts';
import { demoLoaded } from '../platform/installation/index.ts';
import { internalRequestHeaders } from '../platform/internal-requests.ts';

/** The name every demo line's token carries (a restart revokes the previous ones). */
const TOKEN_NAME = '演示充装线';

/** Who issues the demo lines' tokens: the system, with the one permission it needs. */
const demoLineActor: Actor = {
  type: 'system',
  id: null,
  name: 'demo-filling-line',
  grants: [],
  permissions: new Set(['machine_token.manage']),
};

type Line = {
  stationId: string;
  enterpriseId: string;
  secret: string;
  own: string[];
  foreign: string[];
  /** The enterprise's filling operators who may fill today (trained and certified). */
  operators: string[];
};

/** The filling operators of an enterprise who may fill today (先培训、后上岗 and a valid certificate). */
async function qualifiedOperators(db: Db, enterpriseId: string): Promise<string[]> {
  const people = await db
    .select({
      id: peopleTable.id,
      certificateNumber: peopleTable.certificateNumber,
      certificateExpiresOn: peopleTable.certificateExpiresOn,
    })
    .from(peopleTable)
    .where(
      and(
        eq(peopleTable.enterpriseId, enterpriseId),
        eq(peopleTable.kind, 'filling_operator'),
        isNull(peopleTable.archivedAt),
      ),
    );
  if (people.length === 0) return [];
  const training = await db
    .select({
      personId: trainingRecordsTable.personId,
      passed: trainingRecordsTable.passed,
      validUntil: trainingRecordsTable.validUntil,
    })
    .from(trainingRecordsTable)
    .where(
      inArray(
        trainingRecordsTable.personId,
        people.map((p) => p.id),
      ),
    );
  const today = chinaToday();
  return people
    .filter(
      (p) => fillingOperatorGaps({ ...p, training: training.filter((t) => t.personId === p.id) }, today).length === 0,
    )
    .map((p) => p.id);
}

/**
 * A simulated filling line for the demo (一瓶一码, issue 11): for each demo filling station, a
 * `filling_line` machine token bound to the station, and a loop that asks the real gate
 * (`POST /api/v1/filling/check`, through the HTTP contract in process) and records the fill or the
 * refusal (`POST /api/v1/filling/records`) every few seconds — mostly the station's own cylinders, some
 * of another filler's, a few unknown codes — so the office's refusal view moves while the demo runs.
 * Runs only when the database holds demo data; returns the function that stops it.
 */
export async function startDemoFillingLine({
  app,
  db,
  config,
  intervalMs = 4000,
  random = Math.random,
  log,
}: {
  app: FastifyInstance;
  db: Db;
  config: Config;
  intervalMs?: number;
  /** Tests pass a fixed sequence. */
  random?: () => number;
  log: (msg: string, err?: unknown) => void;
}): Promise<() => Promise<void>> {
  if (!(await demoLoaded(db))) return async () => {};
  const stations = await db
    .select({ id: facilitiesTable.id, enterpriseId: facilitiesTable.enterpriseId, name: facilitiesTable.name })
    .from(facilitiesTable)
    .where(and(eq(facilitiesTable.kind, 'filling_station'), isNull(facilitiesTable.archivedAt)));
  if (stations.length === 0) return async () => {};

  const auth = createAuthService({ db, config });
  for (const old of await auth.listMachineTokens({ actor: demoLineActor }))
    if (old.name.startsWith(TOKEN_NAME) && !old.revokedAt)
      await auth.revokeMachineToken({ actor: demoLineActor, id: old.id });

  const lines: Line[] = [];
  for (const s of stations) {
    const { secret } = await auth.issueMachineToken({
      actor: demoLineActor,
      name: `${TOKEN_NAME} · ${s.name}`,
      role: 'filling_line',
      scopeType: 'facility',
      facilityId: s.id,
    });
    const sample = (own: boolean) =>
      db
        .select({ code: cylindersTable.code })
        .from(cylindersTable)
        .where(
          own
            ? eq(cylindersTable.ownerEnterpriseId, s.enterpriseId)
            : ne(cylindersTable.ownerEnterpriseId, s.enterpriseId),
        )
        .orderBy(sql`random()`)
        .limit(own ? 3000 : 300)
        .then((rows) => rows.map((r) => r.code));
    lines.push({
      stationId: s.id,
      enterpriseId: s.enterpriseId,
      secret,
      own: await sample(true),
      foreign: await sample(false),
      operators: await qualifiedOperators(db, s.enterpriseId),
    });
  }
  const models = new Map(
    (
      await db
        .select({ code: cylindersTable.code, model: cylindersTable.model })
        .from(cylindersTable)
        .where(
          inArray(
            cylindersTable.code,
            lines.flatMap((l) => l.own),
          ),
        )
    ).map((r) => [r.code, r.model as CylinderModel]),
  );

  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let turn = 0;
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];

  const once = async () => {
    const line = lines[turn++ % lines.length]!;
    const r = random();
    const code =
      r < 0.85
        ? pick(line.own)
        : r < 0.95
          ? pick(line.foreign)
          : `WSX-${String(Math.floor(random() * 1e6)).padStart(6, '0')}`;
    if (!code) return;
    const headers = { ...internalRequestHeaders, authorization: `Bearer ${line.secret}` };
    const check = await app.inject({
      method: 'POST',
      url: '/api/v1/filling/check',
      headers,
      payload: { cylinderCode: code, stationId: line.stationId },
    });
    if (check.statusCode !== 200) throw new Error(`check answered ${check.statusCode}: ${check.body}`);
    // A station without a trained, certified operator only checks (nobody may fill: 先培训、后上岗).
    const operatorPersonId = pick(line.operators);
    if (!operatorPersonId) return;
    const spec = cylinderModelSpecs[models.get(code) ?? 'YSP35.5'];
    // Now and then a fill outside the model's tolerance (recorded and flagged).
    const spread = random() < 0.03 ? 4 : 1.6;
    const netWeightKg = Math.round((spec.nominalKg + (random() - 0.5) * spec.toleranceKg * spread) * 100) / 100;
    const record = await app.inject({
      method: 'POST',
      url: '/api/v1/filling/records',
      headers,
      payload: {
        eventId: randomUUID(),
        cylinderCode: code,
        stationId: line.stationId,
        operatorPersonId,
        filledAt: new Date().toISOString(),
        netWeightKg,
      },
    });
    // A refused cylinder is recorded as a refusal and answered 409 cylinders.fill_refused.
    const refused =
      record.statusCode === 409 &&
      record.json<{ error?: { code?: string } }>().error?.code === 'cylinders.fill_refused';
    if (record.statusCode >= 300 && !refused) throw new Error(`record answered ${record.statusCode}: ${record.body}`);
  };

  const loop = () => {
    if (stopped) return;
    running = once()
      .catch((err) => log('demo filling line: a round failed', err))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  timer = setTimeout(loop, intervalMs);
  log(`Demo filling line started at ${lines.length} station(s).`);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
