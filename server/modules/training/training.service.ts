import { and } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import { chinaToday } from '../../../domain/dates.ts';
import type { RananLimits } from '../../../domain/hazards/limits.ts';
import { TRAINING_VALID_DAYS, personKindLabels } from '../../../domain/registry/registry.ts';
import {
  type AttendeeResult,
  type TrainingStatus,
  attendeeResultLabels,
  defaultCertificateValidUntil,
  parseResult,
  trainingStatus,
} from '../../../domain/training/training.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { forbidden } from '../../platform/errors.ts';
import { peopleTable, readTable, registryFilter, withinScope } from '../registry/index.ts';
import {
  attendeeDuplicate,
  attendeeNotFound,
  sessionNotFound,
  signInSheetEmpty,
  signInSheetInvalid,
  signInSheetMissingColumns,
  trainingDatesInvalid,
  trainingUnitNotFound,
  trainingUnitOutsideScope,
  trainingUnitRequired,
} from './training.errors.ts';
import { type SessionListRow, createTrainingRepository, sessionConditions } from './training.repository.ts';
import type {
  AttendeeInputValue,
  CreateSessionInput,
  SessionFilterValues,
  SignInSheetReportValue,
} from './training.schemas.ts';
import { trainingSessionsTable } from './training.table.ts';
import { loadExcelJS } from '../../platform/lazy-libs.ts';

const s = trainingSessionsTable;
const p = peopleTable;

/** A session is seen and managed like a person of its organising unit (the register's scope over people). */
const sessionScope = (actor: Actor, permission: 'registry.read' | 'registry.manage') =>
  registryFilter(actor, permission, 'person', {
    regionId: s.regionId,
    enterpriseId: s.enterpriseId,
    venueId: s.venueId,
    departmentId: s.departmentId,
  });
const personScope = (actor: Actor) =>
  registryFilter(actor, 'registry.manage', 'person', {
    regionId: p.regionId,
    enterpriseId: p.enterpriseId,
    venueId: p.venueId,
    departmentId: p.departmentId,
  });

export function presentSession(r: SessionListRow) {
  const x = r.session;
  return {
    id: x.id,
    topic: x.topic,
    organiser: x.organiser,
    trainer: x.trainer,
    heldOn: x.heldOn,
    place: x.place,
    region: { id: x.regionId, name: r.regionName },
    department: x.departmentId && r.departmentName !== null ? { id: x.departmentId, name: r.departmentName } : null,
    enterprise: x.enterpriseId && r.enterpriseName !== null ? { id: x.enterpriseId, name: r.enterpriseName } : null,
    venue: x.venueId && r.venueName !== null ? { id: x.venueId, name: r.venueName } : null,
    certificateValidUntil: x.certificateValidUntil,
    note: x.note,
    attendeeCount: r.attendeeCount,
    passedCount: r.passedCount,
    createdAt: x.createdAt.toISOString(),
  };
}

/** The sign-in sheet's columns (签到表): header variants in Chinese and English. */
const sheetColumns = {
  name: ['姓名', 'name'],
  phone: ['手机号', '手机', '联系电话', '电话', 'phone'],
  result: ['考核结果', '考核', '结果', 'result'],
  score: ['成绩', '分数', 'score'],
  certificateNumber: ['证书编号', '合格证编号', 'certificate', 'certificatenumber'],
} as const;
type SheetKey = keyof typeof sheetColumns;
const normalise = (v: string) => v.replace(/\s+/g, '').replace(/[*＊]/g, '').toLowerCase();

/** The status of each person under the "trained before duty" rule (先培训、后上岗). */
export async function trainingStatusOf(
  db: Db,
  personIds: string[],
  today: string = chinaToday(),
): Promise<Map<string, TrainingStatus>> {
  const records = await createTrainingRepository({ db }).recordsOf({ personIds });
  return new Map(
    personIds.map((id) => [
      id,
      trainingStatus(
        records.filter((r) => r.personId === id),
        today,
      ),
    ]),
  );
}

/**
 * A venue's staff against the training rule: each person's status, and whether its principal or
 * safety manager is trained (the checklist item "从业人员经过培训" is decided from this).
 */
export async function venueTrainingStatus(db: Db, venueId: string, today: string = chinaToday()) {
  const staff = await createTrainingRepository({ db }).venueStaff({ venueId });
  const status = await trainingStatusOf(
    db,
    staff.map((x) => x.id),
    today,
  );
  const people = staff.map((x) => ({ personId: x.id, name: x.name, kind: x.kind, ...status.get(x.id)! }));
  const managers = people.filter((x) => x.kind === 'principal' || x.kind === 'safety_manager');
  const trainedCount = people.filter((x) => x.trained).length;
  return {
    people,
    staffCount: people.length,
    trainedCount,
    managerTrained: managers.length === 0 ? null : managers.some((m) => m.trained),
    allTrained: people.length > 0 && trainedCount === people.length,
  };
}

export function createTrainingService({
  db,
  today = chinaToday,
  limits = { trainingValidDays: TRAINING_VALID_DAYS },
}: {
  db: Db;
  today?: () => string;
  /** The limits in force (规则参数), read at each use: the default validity of a session's certificates. */
  limits?: Pick<RananLimits, 'trainingValidDays'>;
}) {
  const repo = createTrainingRepository({ db });

  async function loadOne(actor: Actor, id: string) {
    const row = await repo.get({ id, scope: sessionScope(actor, 'registry.read') });
    if (!row) throw sessionNotFound();
    return row;
  }

  async function detail(actor: Actor, id: string) {
    const row = await loadOne(actor, id);
    const now = today();
    const attendees = await repo.attendees({ sessionId: id });
    const manage =
      can(actor, 'registry.manage') && (await repo.inScope({ id, scope: sessionScope(actor, 'registry.manage') }));
    return {
      ...presentSession(row),
      attendees: attendees.map((x) => ({
        id: x.attendee.id,
        person: {
          id: x.attendee.personId,
          name: x.name,
          kind: x.kind,
          phone: x.phone,
          employer: x.enterpriseName ?? x.venueName,
        },
        result: x.attendee.result,
        score: x.attendee.score,
        certificateNumber: x.attendee.certificateNumber,
        validUntil: x.attendee.result === 'passed' ? x.validUntil : null,
        current: x.attendee.result === 'passed' && (x.validUntil === null || x.validUntil >= now),
      })),
      abilities: { addAttendees: manage },
    };
  }

  /** The organising unit and its township: the one given, else the actor's own unit. */
  async function resolveUnit(tx: Db, actor: Actor, input: CreateSessionInput) {
    let { regionId, departmentId, enterpriseId, venueId } = input;
    if (!regionId && !departmentId && !enterpriseId && !venueId) {
      const grant = actor.grants.find((g) => g.scopeType !== 'global' && g.scopeType !== 'facility');
      if (grant?.scopeType === 'enterprise') enterpriseId = grant.enterpriseId ?? undefined;
      else if (grant?.scopeType === 'venue') venueId = grant.venueId ?? undefined;
      else if (grant?.scopeType === 'department') departmentId = grant.departmentId ?? undefined;
      else if (grant?.scopeType === 'region') regionId = grant.regionId ?? undefined;
    }
    const r = createTrainingRepository({ db: tx });
    if (venueId) {
      const v = await r.venue({ id: venueId });
      if (!v) throw trainingUnitNotFound({ field: 'venueId' });
      regionId = v.regionId;
    } else if (enterpriseId) {
      const e = await r.enterprise({ id: enterpriseId });
      if (!e) throw trainingUnitNotFound({ field: 'enterpriseId' });
      regionId ??= e.regionId;
    } else if (departmentId) {
      const d = await r.department({ id: departmentId });
      if (!d) throw trainingUnitNotFound({ field: 'departmentId' });
      regionId ??= d.regionId;
    }
    if (!regionId) throw trainingUnitRequired({ field: 'regionId' });
    if (!(await r.region({ id: regionId }))) throw trainingUnitNotFound({ field: 'regionId' });
    const unit = {
      regionId,
      departmentId: departmentId ?? null,
      enterpriseId: enterpriseId ?? null,
      venueId: venueId ?? null,
    };
    if (!(await withinScope(tx, actor, 'registry.manage', 'person', unit)))
      throw trainingUnitOutsideScope({
        field: venueId ? 'venueId' : enterpriseId ? 'enterpriseId' : departmentId ? 'departmentId' : 'regionId',
      });
    return unit;
  }

  /**
   * Adds attendees with their results inside the transaction: each gets a training record (the one
   * every "trained before duty" check reads), valid until the session's certificates end when passed.
   */
  async function addAttendeesTx(
    tx: Db,
    actor: Actor,
    session: { id: string; topic: string; heldOn: string; certificateValidUntil: string; regionId: string },
    attendees: AttendeeInputValue[],
    via: 'api' | 'sign_in_sheet',
  ) {
    const r = createTrainingRepository({ db: tx });
    const ids = attendees.map((x) => x.personId);
    const found = new Set((await r.peopleIn({ ids, scope: personScope(actor) })).map((x) => x.id));
    const already = await r.attendeePersonIds({ sessionId: session.id });
    const seen = new Set<string>();
    attendees.forEach((x, i) => {
      if (!found.has(x.personId)) throw attendeeNotFound({ field: `attendees.${i}.personId` });
      if (already.has(x.personId) || seen.has(x.personId))
        throw attendeeDuplicate({ field: `attendees.${i}.personId` });
      seen.add(x.personId);
    });
    for (const x of attendees) {
      const passed = x.result === 'passed';
      const record = await r.insertRecord({
        personId: x.personId,
        course: session.topic,
        trainedOn: session.heldOn,
        passed,
        validUntil: passed ? session.certificateValidUntil : null,
      });
      try {
        await r.insertAttendee({
          sessionId: session.id,
          personId: x.personId,
          result: x.result,
          score: x.score ?? null,
          certificateNumber: x.certificateNumber ?? null,
          trainingRecordId: record.id,
        });
      } catch (err) {
        // A concurrent addition of the same person.
        if (isUniqueViolation(err)) throw attendeeDuplicate({ field: 'personId' });
        throw err;
      }
    }
    if (attendees.length > 0) {
      await r.touch({ id: session.id });
      await recordAudit(tx, {
        actor,
        action: 'training.add_attendees',
        subject: { type: 'training_session', id: session.id },
        regionId: session.regionId,
        details: {
          via,
          attendees: attendees.map((x) => ({ personId: x.personId, result: x.result })),
          passed: attendees.filter((x) => x.result === 'passed').length,
        },
      });
    }
  }

  async function manageable(tx: Db, actor: Actor, id: string) {
    const r = createTrainingRepository({ db: tx });
    const row = await r.get({ id, scope: sessionScope(actor, 'registry.read') });
    if (!row) throw sessionNotFound();
    if (!(await r.inScope({ id, scope: sessionScope(actor, 'registry.manage') })))
      throw forbidden({ permission: 'registry.manage' });
    return row.session;
  }

  return {
    async list({
      actor,
      page,
      pageSize,
      ...filters
    }: { actor: Actor; page: number; pageSize: number } & SessionFilterValues) {
      requirePermission(actor, 'registry.read');
      const where = and(sessionScope(actor, 'registry.read'), ...sessionConditions(filters));
      const { items, total } = await repo.list({ where, limit: pageSize, offset: (page - 1) * pageSize });
      return { items: items.map(presentSession), total, page, pageSize };
    },

    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.read');
      return detail(actor, id);
    },

    /** Records a session with its attendees (先培训、后上岗, plan 五(一)1), all or nothing. */
    async create({ actor, attendees, ...input }: { actor: Actor } & CreateSessionInput) {
      requirePermission(actor, 'registry.manage');
      const now = today();
      if (input.heldOn > now) throw trainingDatesInvalid({ field: 'heldOn' });
      const until = input.certificateValidUntil ?? defaultCertificateValidUntil(input.heldOn, limits.trainingValidDays);
      if (until < input.heldOn) throw trainingDatesInvalid({ field: 'certificateValidUntil' });
      const id = await db.transaction(async (tx) => {
        const unit = await resolveUnit(tx, actor, { ...input, attendees });
        const row = await createTrainingRepository({ db: tx }).insertSession({
          topic: input.topic,
          organiser: input.organiser,
          trainer: input.trainer ?? null,
          heldOn: input.heldOn,
          place: input.place ?? null,
          ...unit,
          certificateValidUntil: until,
          note: input.note ?? null,
          createdBy: actor.type === 'user' ? actor.id : null,
        });
        await recordAudit(tx, {
          actor,
          action: 'training.create_session',
          subject: { type: 'training_session', id: row.id },
          regionId: row.regionId,
          after: row,
          details: { topic: row.topic, heldOn: row.heldOn, attendees: attendees.length },
        });
        await addAttendeesTx(tx, actor, row, attendees, 'api');
        return row.id;
      });
      return detail(actor, id);
    },

    async addAttendees({ actor, id, attendees }: { actor: Actor; id: string; attendees: AttendeeInputValue[] }) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const session = await manageable(tx, actor, id);
        await addAttendeesTx(tx, actor, session, attendees, 'api');
      });
      return detail(actor, id);
    },

    /**
     * A sign-in sheet (签到表 .xlsx or .csv: 姓名, 手机号, 考核结果, 成绩, 证书编号) adds its rows as
     * attendees, matched to the register by name and phone. Any row in error: the report lists each
     * (line, column, message) and nothing is stored (400 training.sign_in_sheet_invalid).
     */
    async importSignInSheet({
      actor,
      id,
      file,
      dryRun,
    }: {
      actor: Actor;
      id: string;
      file: { bytes: Buffer; filename: string; mimetype: string };
      dryRun: boolean;
    }): Promise<SignInSheetReportValue> {
      requirePermission(actor, 'registry.manage');
      const rows = await readTable(file, '签到表');
      const [header, ...data] = rows;
      const index = new Map<SheetKey, number>();
      (header?.cells ?? []).forEach((cell, i) => {
        const n = normalise(cell);
        for (const [key, names] of Object.entries(sheetColumns) as [SheetKey, readonly string[]][])
          if (!index.has(key) && names.some((x) => normalise(x) === n)) index.set(key, i);
      });
      const missing = (['name', 'phone', 'result'] as const).filter((k) => !index.has(k));
      if (missing.length) throw signInSheetMissingColumns({ missing: missing.map((k) => sheetColumns[k][0]) });
      if (data.length === 0) throw signInSheetEmpty();
      const cell = (r: { cells: string[] }, k: SheetKey) => {
        const i = index.get(k);
        return i === undefined ? '' : (r.cells[i] ?? '').trim();
      };
      return db.transaction(async (tx) => {
        const session = await manageable(tx, actor, id);
        const r = createTrainingRepository({ db: tx });
        const keys = data.map((row) => ({ name: cell(row, 'name'), phone: cell(row, 'phone') }));
        const people = await r.peopleByNamePhone({ keys: keys.filter((k) => k.name), scope: personScope(actor) });
        const already = await r.attendeePersonIds({ sessionId: session.id });
        const errors: SignInSheetReportValue['errors'] = [];
        const attendees: AttendeeInputValue[] = [];
        const seen = new Set<string>();
        const checkRow = (row: { line: number; cells: string[] }, i: number) => {
          const err = (column: SheetKey, message: string) => ({ column: sheetColumns[column][0], message });
          const { name, phone } = keys[i]!;
          if (!name) return err('name', '缺少姓名');
          if (!phone) return err('phone', '缺少手机号');
          const person = people.find((x) => x.name === name && x.phone === phone);
          if (!person) return err('name', '登记信息中没有此人（姓名与手机号须一致），或不在您的管辖范围内');
          if (already.has(person.id) || seen.has(person.id)) return err('name', '此人已在本次培训的签到名单中');
          const result: AttendeeResult | null = parseResult(cell(row, 'result'));
          if (!result) return err('result', '考核结果须为“合格”“不合格”或“缺考”');
          const scoreText = cell(row, 'score');
          const score = scoreText === '' ? null : Number(scoreText);
          if (score !== null && (!Number.isFinite(score) || score < 0 || score > 100))
            return err('score', '成绩须为 0–100 的数字');
          const certificate = cell(row, 'certificateNumber');
          if (certificate.length > 50) return err('certificateNumber', '证书编号过长（最多 50 字）');
          seen.add(person.id);
          return { personId: person.id, result, score, certificateNumber: certificate || null };
        };
        data.forEach((row, i) => {
          const outcome = checkRow(row, i);
          if ('message' in outcome) errors.push({ line: row.line, ...outcome });
          else attendees.push(outcome);
        });
        if (errors.length > 0)
          throw signInSheetInvalid({ total: data.length, errors: errors.slice(0, 200), errorCount: errors.length });
        if (!dryRun) await addAttendeesTx(tx, actor, session, attendees, 'sign_in_sheet');
        return { total: data.length, added: dryRun ? 0 : attendees.length, dryRun, errors: [] };
      });
    },

    /** The sign-in sheet's template. */
    async signInSheetTemplate() {
      const wb = new (await loadExcelJS()).Workbook();
      const ws = wb.addWorksheet('签到表');
      ws.addRow(['姓名', '手机号', '考核结果', '成绩', '证书编号']).font = { bold: true };
      ws.addRow(['张三', '13900000000', '合格', 90, 'PX-2026-001']);
      for (const [i, w] of [12, 16, 12, 8, 18].entries()) ws.getColumn(i + 1).width = w;
      const guide = wb.addWorksheet('填写说明');
      guide.addRow(['姓名与手机号须与人员登记信息一致；考核结果填“合格”“不合格”或“缺考”；示例行请删除。']);
      return Buffer.from(await wb.xlsx.writeBuffer());
    },

    /** The attendees of the sessions in scope matching the filters, one row each (for the returns). */
    async exportAttendees({ actor, ...filters }: { actor: Actor } & SessionFilterValues) {
      requirePermission(actor, 'registry.read');
      const where = and(sessionScope(actor, 'registry.read'), ...sessionConditions(filters));
      const { items } = await repo.list({ where, limit: 5000, offset: 0 });
      const wb = new (await loadExcelJS()).Workbook();
      const ws = wb.addWorksheet('培训记录');
      ws.addRow([
        '培训日期',
        '培训主题',
        '组织单位',
        '授课人',
        '乡镇（街道）',
        '姓名',
        '人员类别',
        '手机号',
        '所在单位',
        '考核结果',
        '成绩',
        '证书编号',
        '有效期至',
      ]).font = { bold: true };
      for (const row of items) {
        const x = row.session;
        for (const a of await repo.attendees({ sessionId: x.id })) {
          ws.addRow([
            x.heldOn,
            x.topic,
            x.organiser,
            x.trainer ?? '',
            row.regionName,
            a.name,
            personKindLabels[a.kind].zh,
            a.phone,
            a.enterpriseName ?? a.venueName ?? '',
            attendeeResultLabels[a.attendee.result].zh,
            a.attendee.score ?? '',
            a.attendee.certificateNumber ?? '',
            a.attendee.result === 'passed' ? (a.validUntil ?? '') : '',
          ]);
        }
      }
      for (const [i, w] of [12, 24, 20, 10, 14, 10, 14, 14, 24, 10, 6, 16, 12].entries()) ws.getColumn(i + 1).width = w;
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}
