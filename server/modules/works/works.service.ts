import { and } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import { chinaToday } from '../../../domain/dates.ts';
import { pressureClassLabels } from '../../../domain/registry/registry.ts';
import {
  type LngLat,
  PROTECTION_DISTANCE_BASIS,
  PROTECTION_DISTANCE_M,
  type WorksPlace,
  needsWorksHazard,
  segmentsWithinProtection,
  worksKindLabels,
} from '../../../domain/works/works.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission, systemActor } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { forbidden } from '../../platform/errors.ts';
import { type FileReader, readableFileIds } from '../../platform/files/index.ts';
import { raiseHazard } from '../hazards/index.ts';
import { worksGuardScope, worksReadScope, worksRecordScope } from './works.access.ts';
import {
  worksAgreementFileInvalid,
  worksBuilderInvalid,
  worksDatesInvalid,
  worksNotFound,
  worksNotNearPipeline,
  worksNotOperator,
  worksOutsideScope,
  worksPlaceInvalid,
  worksRegionInvalid,
  worksSegmentInvalid,
} from './works.errors.ts';
import { type WorksListRow, createWorksRepository, worksConditions } from './works.repository.ts';
import type { CreateWorksInput, WorksFilterValues, WorksVisitInput } from './works.schemas.ts';
import { loadExcelJS } from '../../platform/lazy-libs.ts';

export function presentWorks(r: WorksListRow) {
  const x = r.works;
  return {
    id: x.id,
    name: x.name,
    kind: x.kind,
    builder: { id: x.builderEnterpriseId, name: r.builderName, kind: r.builderKind },
    region: { id: x.regionId, name: r.regionName },
    address: x.address,
    place: x.place,
    lng: x.lng,
    lat: x.lat,
    segmentMatch: x.segmentMatch,
    segmentCount: r.segmentCount,
    startOn: x.startOn,
    endOn: x.endOn,
    agreementSigned: x.agreementSigned,
    agreementOn: x.agreementOn,
    agreementFileId: x.agreementFileId,
    guardianName: x.guardianName,
    guardianPhone: x.guardianPhone,
    siteContact: x.siteContact,
    siteContactPhone: x.siteContactPhone,
    note: x.note,
    hazard:
      x.hazardId && r.hazardNumber && r.hazardStatus
        ? { id: x.hazardId, number: r.hazardNumber, status: r.hazardStatus }
        : null,
    createdAt: x.createdAt.toISOString(),
    updatedAt: x.updatedAt.toISOString(),
  };
}

/** A place's corners checked: a polygon needs three distinct corners (a closing repeat is dropped). */
function checkedPlace(place: WorksPlace): WorksPlace {
  if (place.type === 'point') return place;
  const ring = [...place.ring];
  const [first] = ring;
  const last = ring.at(-1);
  if (ring.length > 3 && first && last && first[0] === last[0] && first[1] === last[1]) ring.pop();
  if (new Set(ring.map(([a, b]) => `${a},${b}`)).size < 3) throw worksPlaceInvalid({ field: 'place.ring' });
  return { type: 'polygon', ring };
}

function centreOf(place: WorksPlace): LngLat {
  if (place.type === 'point') return place.point;
  const n = place.ring.length;
  return [place.ring.reduce((s, p) => s + p[0], 0) / n, place.ring.reduce((s, p) => s + p[1], 0) / n];
}

/** "lng,lat" or "lng,lat;lng,lat;…" (the nearby-segments query) as a place. */
export function parsePlaceQuery(text: string): WorksPlace {
  const pts = text.split(';').map((p) => p.split(',').map((n) => Number(n.trim())));
  const ok = pts.every((p) => p.length === 2 && p.every(Number.isFinite));
  if (!ok || pts.length === 2 || pts.length > 200) throw worksPlaceInvalid({ field: 'place' });
  const lngLats = pts as LngLat[];
  if (lngLats.some(([lng, lat]) => lng < 73 || lng > 136 || lat < 3 || lat > 54))
    throw worksPlaceInvalid({ field: 'place' });
  return checkedPlace(
    lngLats.length === 1 ? { type: 'point', point: lngLats[0]! } : { type: 'polygon', ring: lngLats },
  );
}

const segmentOut = (s: {
  id: string;
  code: string;
  name: string;
  pressureClass: keyof typeof PROTECTION_DISTANCE_M;
  geometry: LngLat[] | null;
  operatorId: string | null;
  operatorName: string | null;
  distanceM: number | null;
}) => ({
  id: s.id,
  code: s.code,
  name: s.name,
  pressureClass: s.pressureClass,
  operator: s.operatorId && s.operatorName !== null ? { id: s.operatorId, name: s.operatorName } : null,
  distanceM: s.distanceM,
  protectionDistanceM: PROTECTION_DISTANCE_M[s.pressureClass],
  geometry: s.geometry,
});

export function createWorksService({
  db,
  today = chinaToday,
  fileReaders = [],
}: {
  db: Db;
  today?: () => string;
  /** Every module's file readers (a file the actor can read may be named as the agreement). */
  fileReaders?: readonly FileReader[];
}) {
  const repo = createWorksRepository({ db });

  async function detail(actor: Actor, id: string) {
    const row = await repo.get({ id, scope: worksReadScope(actor) });
    if (!row) throw worksNotFound();
    const [segments, visits] = await Promise.all([repo.segments({ worksId: id }), repo.visits({ worksId: id })]);
    const edit = can(actor, 'works.record') && (await repo.inScope({ id, scope: worksRecordScope(actor) }));
    const recordVisit = can(actor, 'works.guard') && (await repo.inScope({ id, scope: worksGuardScope(actor) }));
    return {
      ...presentWorks(row),
      segments: segments.map(segmentOut),
      visits: visits.map((x) => ({
        id: x.visit.id,
        visitedOn: x.visit.visitedOn,
        guardianName: x.visit.guardianName,
        measuresInPlace: x.visit.measuresInPlace,
        note: x.visit.note,
        enterprise: { id: x.visit.enterpriseId, name: x.enterpriseName },
        createdAt: x.visit.createdAt.toISOString(),
      })),
      abilities: { edit, recordVisit },
    };
  }

  /** The segments within protection distance of the place (computed), and those chosen by hand (no geometry). */
  async function segmentsFor(tx: Db, place: WorksPlace, chosenIds: string[]) {
    const r = createWorksRepository({ db: tx });
    const computed = segmentsWithinProtection(place, await r.mappedSegments());
    const unique = [...new Set(chosenIds)];
    const chosen = await r.segmentsByIds({ ids: unique });
    unique.forEach((id, i) => {
      const s = chosen.find((x) => x.id === id);
      if (!s || (s.geometry && s.geometry.length > 0)) throw worksSegmentInvalid({ field: `segmentIds.${i}` });
    });
    const rows = [
      ...computed.map((c) => ({ segmentId: c.segment.id, distanceM: c.distanceM, operatorId: c.segment.operatorId })),
      ...chosen.map((c) => ({ segmentId: c.id, distanceM: null, operatorId: c.operatorId })),
    ];
    if (rows.length === 0) throw worksNotNearPipeline({ field: 'place' });
    return {
      rows: rows.map(({ segmentId, distanceM }) => ({ segmentId, distanceM })),
      operatorIds: [...new Set(rows.map((x) => x.operatorId).filter((x): x is string => x !== null))],
      match: computed.length > 0 ? ('computed' as const) : ('chosen' as const),
    };
  }

  /** Checks and resolves the record's fields (builder, township, dates, agreement, file, segments). */
  async function resolve(tx: Db, actor: Actor, input: CreateWorksInput) {
    const r = createWorksRepository({ db: tx });
    const builder = await r.builder({ id: input.builderEnterpriseId });
    if (!builder) throw worksBuilderInvalid({ field: 'builderEnterpriseId' });
    const regionId = input.regionId ?? builder.regionId;
    if (!(await r.regionExists({ id: regionId }))) throw worksRegionInvalid({ field: 'regionId' });
    if (input.endOn && input.endOn < input.startOn) throw worksDatesInvalid({ field: 'endOn' });
    if (!input.agreementSigned && (input.agreementOn || input.agreementFileId))
      throw worksDatesInvalid({ field: 'agreementSigned' });
    if (input.agreementOn && input.agreementOn > today()) throw worksDatesInvalid({ field: 'agreementOn' });
    if (input.agreementFileId) {
      const ok = await readableFileIds(tx, actor, [input.agreementFileId], fileReaders);
      if (!ok.has(input.agreementFileId)) throw worksAgreementFileInvalid({ field: 'agreementFileId' });
    }
    const place = checkedPlace(input.place);
    const segments = await segmentsFor(tx, place, input.segmentIds);
    const [lng, lat] = centreOf(place);
    const departmentGrant = actor.grants.find(
      (g) => g.scopeType === 'department' && g.departmentId && can(actor, 'works.record'),
    );
    return {
      builder,
      segments,
      values: {
        name: input.name,
        kind: input.kind,
        builderEnterpriseId: builder.id,
        regionId,
        address: input.address,
        place,
        lng,
        lat,
        segmentMatch: segments.match,
        operatorIds: segments.operatorIds,
        startOn: input.startOn,
        endOn: input.endOn ?? null,
        agreementSigned: input.agreementSigned,
        agreementOn: input.agreementSigned ? (input.agreementOn ?? null) : null,
        agreementFileId: input.agreementSigned ? (input.agreementFileId ?? null) : null,
        guardianName: input.guardianName ?? null,
        guardianPhone: input.guardianPhone ?? null,
        siteContact: input.siteContact ?? null,
        siteContactPhone: input.siteContactPhone ?? null,
        note: input.note ?? null,
        departmentId: departmentGrant?.departmentId ?? null,
      },
    };
  }

  /**
   * 三(五)8: a works started within the protection distance without an agreement raises one hazard against its
   * builder (施工单位, the responsible party), once: the row is locked and `hazard_id` is set in the same
   * transaction (and unique), so a re-save or a concurrent save never raises a second. Raised by the rule (the
   * system), answering to the county's housing department; the recorder is in the works' audit entry.
   */
  async function raiseIfNeeded(tx: Db, actor: Actor, id: string, builder: { id: string; name: string }) {
    const r = createWorksRepository({ db: tx });
    const row = await r.lock({ id });
    if (!row || row.hazardId) return null;
    const segments = await r.segments({ worksId: id });
    if (!needsWorksHazard({ ...row, segmentCount: segments.length, today: today() })) return null;
    const departmentId = await r.housingDepartmentFor({ regionId: row.regionId });
    const near = segments.map((s) => `${s.code}（${pressureClassLabels[s.pressureClass].zh}）`).join('、');
    const hazard = await raiseHazard({
      tx,
      actor: systemActor,
      object: { type: 'enterprise', id: builder.id },
      source: 'works',
      sourceRef: id,
      today: today(),
      severity: 'general',
      departmentId: departmentId ?? undefined,
      responsibleParty: builder.name,
      description: `第三方施工未签订燃气设施安全保护协议即开工（方案三(五)8）：${row.name}，${row.address}，${row.startOn} 开工，保护范围内管段 ${near}。`,
    });
    await r.update({ id, values: { hazardId: hazard.id } });
    await recordAudit(tx, {
      actor,
      action: 'works.hazard_raised',
      subject: { type: 'third_party_works', id },
      regionId: row.regionId,
      details: { hazardId: hazard.id, hazardNumber: hazard.number, builderEnterpriseId: builder.id },
    });
    return hazard;
  }

  return {
    async list({
      actor,
      page,
      pageSize,
      ...filters
    }: { actor: Actor; page: number; pageSize: number } & WorksFilterValues) {
      requirePermission(actor, 'works.read');
      const where = and(worksReadScope(actor), ...worksConditions(filters, today()));
      const { items, total } = await repo.list({ where, limit: pageSize, offset: (page - 1) * pageSize });
      return { items: items.map(presentWorks), total, page, pageSize };
    },

    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'works.read');
      return detail(actor, id);
    },

    /** The map layer: the live works in scope (not ended more than 30 days ago unless asked by filters). */
    async map({ actor, ...filters }: { actor: Actor } & WorksFilterValues) {
      requirePermission(actor, 'works.read');
      const rows = await repo.mapItems({ where: and(worksReadScope(actor), ...worksConditions(filters, today())) });
      return {
        items: rows.map((x) => ({
          id: x.works.id,
          name: x.works.name,
          lng: x.works.lng,
          lat: x.works.lat,
          place: x.works.place,
          agreementSigned: x.works.agreementSigned,
          startOn: x.works.startOn,
          endOn: x.works.endOn,
          builderName: x.builderName,
        })),
      };
    },

    /** The segments within protection distance of a place (the form's preview before saving). */
    async nearby({ actor, place }: { actor: Actor; place: string }) {
      if (!can(actor, 'works.record')) throw forbidden({ permission: 'works.record' });
      const parsed = parsePlaceQuery(place);
      const found = segmentsWithinProtection(parsed, await repo.mappedSegments());
      return {
        items: found
          .sort((a, b) => a.distanceM - b.distanceM)
          .map((f) => segmentOut({ ...f.segment, distanceM: f.distanceM })),
      };
    },

    async create({ actor, ...input }: { actor: Actor } & CreateWorksInput) {
      requirePermission(actor, 'works.record');
      const id = await db.transaction(async (tx) => {
        const r = createWorksRepository({ db: tx });
        const { builder, segments, values } = await resolve(tx, actor, input);
        const row = await r.insert({ ...values, createdBy: actor.type === 'user' ? actor.id : null });
        if (!(await r.inScope({ id: row.id, scope: worksRecordScope(actor) })))
          throw worksOutsideScope({ field: 'regionId' });
        await r.replaceSegments({ worksId: row.id, rows: segments.rows });
        await recordAudit(tx, {
          actor,
          action: 'works.create',
          subject: { type: 'third_party_works', id: row.id },
          regionId: row.regionId,
          after: row,
          details: { segments: segments.rows.length, agreementSigned: row.agreementSigned },
        });
        await raiseIfNeeded(tx, actor, row.id, builder);
        return row.id;
      });
      return detail(actor, id);
    },

    /** A re-save of the whole record (the agreement recorded later, dates, guardian…); never a second hazard. */
    async update({ actor, id, ...input }: { actor: Actor; id: string } & CreateWorksInput) {
      requirePermission(actor, 'works.record');
      await db.transaction(async (tx) => {
        const r = createWorksRepository({ db: tx });
        if (!(await r.get({ id, scope: worksReadScope(actor) }))) throw worksNotFound();
        if (!(await r.inScope({ id, scope: worksRecordScope(actor) }))) throw forbidden({ permission: 'works.record' });
        const before = await r.lock({ id });
        const { builder, segments, values } = await resolve(tx, actor, input);
        const { departmentId: _keep, ...changes } = values;
        const after = await r.update({ id, values: changes });
        if (!(await r.inScope({ id, scope: worksRecordScope(actor) }))) throw worksOutsideScope({ field: 'regionId' });
        await r.replaceSegments({ worksId: id, rows: segments.rows });
        await recordAudit(tx, {
          actor,
          action: 'works.update',
          subject: { type: 'third_party_works', id },
          regionId: after.regionId,
          before,
          after,
        });
        await raiseIfNeeded(tx, actor, id, builder);
      });
      return detail(actor, id);
    },

    /** The operator's guardian on site (现场监护): a visit, by an operator of a pipeline near the works. */
    async addVisit({ actor, id, ...input }: { actor: Actor; id: string } & WorksVisitInput) {
      requirePermission(actor, 'works.guard');
      await db.transaction(async (tx) => {
        const r = createWorksRepository({ db: tx });
        const row = await r.get({ id, scope: worksReadScope(actor) });
        if (!row) throw worksNotFound();
        const grant = actor.grants.find(
          (g) => g.scopeType === 'enterprise' && g.enterpriseId && row.works.operatorIds.includes(g.enterpriseId),
        );
        if (!grant?.enterpriseId || !(await r.inScope({ id, scope: worksGuardScope(actor) }))) throw worksNotOperator();
        if (input.visitedOn > today() || input.visitedOn < row.works.startOn)
          throw worksDatesInvalid({ field: 'visitedOn' });
        const visit = await r.insertVisit({
          worksId: id,
          enterpriseId: grant.enterpriseId,
          visitedOn: input.visitedOn,
          guardianName: input.guardianName,
          measuresInPlace: input.measuresInPlace,
          note: input.note ?? null,
          createdBy: actor.type === 'user' ? actor.id : null,
        });
        await recordAudit(tx, {
          actor,
          action: 'works.visit',
          subject: { type: 'third_party_works', id },
          regionId: row.works.regionId,
          after: visit,
        });
      });
      return detail(actor, id);
    },

    /** The register of works in scope for the returns (.xlsx). */
    async export({ actor, ...filters }: { actor: Actor } & WorksFilterValues) {
      requirePermission(actor, 'works.read');
      const where = and(worksReadScope(actor), ...worksConditions(filters, today()));
      const { items } = await repo.list({ where, limit: 5000, offset: 0 });
      const wb = new (await loadExcelJS()).Workbook();
      const ws = wb.addWorksheet('第三方施工');
      ws.addRow([
        '工程名称',
        '施工类型',
        '施工单位',
        '乡镇（街道）',
        '地点',
        '开工日期',
        '完工日期',
        '保护范围内管段数',
        '安全保护协议',
        '协议签订日期',
        '现场监护人',
        '监护人电话',
        '隐患编号',
      ]).font = { bold: true };
      for (const r of items) {
        const x = r.works;
        ws.addRow([
          x.name,
          worksKindLabels[x.kind].zh,
          r.builderName,
          r.regionName,
          x.address,
          x.startOn,
          x.endOn ?? '',
          r.segmentCount,
          x.agreementSigned ? '已签订' : '未签订',
          x.agreementOn ?? '',
          x.guardianName ?? '',
          x.guardianPhone ?? '',
          r.hazardNumber ?? '',
        ]);
      }
      ws.addRow([]);
      ws.addRow([`保护范围按管道压力级制确定（${PROTECTION_DISTANCE_BASIS}）`]);
      for (const [i, wd] of [24, 14, 24, 14, 24, 12, 12, 10, 10, 12, 10, 14, 18].entries())
        ws.getColumn(i + 1).width = wd;
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}
