import { createHash } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import {
  type CylinderSpec,
  type Fuel,
  type RefusalCode,
  type UserFacts,
  crewRefusals,
  doorCheckItems,
  failedDoorItems,
  periodsOverlap,
  unansweredDoorItems,
  userRefusals,
} from '../../../domain/delivery/delivery.ts';
import {
  type ZoneGeometry,
  inAnyZone,
  zoneGeometryProblem,
  zoneWithinOutline,
} from '../../../domain/delivery/tracking.ts';
import { chinaToday } from '../../../domain/dates.ts';
import { checkItem, itemsFor } from '../../../domain/hazards/index.ts';
import { type HazardLimits, defaultLimits } from '../../../domain/hazards/limits.ts';
import { searchTokens } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { readableFileIds } from '../../platform/files/index.ts';
import { raiseHazard } from '../hazards/index.ts';
import { createVenuesService, enterprisesTable, loadLedgerObject, peopleTable } from '../registry/index.ts';
import { deliveryScope } from './delivery.access.ts';
import {
  deliveryCheckDone,
  deliveryCheckIncomplete,
  deliveryContractDatesInvalid,
  deliveryFileNotFound,
  deliveryNotAssignedWorker,
  deliveryOperatorInvalid,
  deliveryOrderNotFound,
  deliveryOrderState,
  deliveryOtherSupplier,
  deliveryPublicUserUnknown,
  deliveryScanMissing,
  deliverySubmissionConflict,
  deliveryUserDuplicate,
  deliveryUserNotFound,
  deliveryVenueInvalid,
  deliveryWorkerInvalid,
  deliveryZoneInvalid,
  deliveryZoneOutsideCounty,
  deliveryZoneNotFound,
  refusal,
} from './delivery.errors.ts';
import { presentCheck, presentOrder, presentUser, presentZone } from './delivery.presenter.ts';
import { type GasUserJoined, type OrderRow, createDeliveryRepository } from './delivery.repository.ts';
import type {
  CreateGasUserInput,
  CreateOrderInput,
  DeliverInput,
  DoorCheckInput,
  ListGasUsersQuery,
  ListOrdersQuery,
  UpdateGasUserInput,
} from './delivery.schemas.ts';
import { deliveryUsersTable, deliveryOrdersTable, deliveryZonesTable } from './delivery.table.ts';

/**
 * A cylinder's verdict at delivery: the same rules as the filling gate (a cylinder refused at filling
 * is not delivered), and its dispatched / delivered / returned events in the cylinder log — given by the
 * cylinder module where the app is built; absent, no cylinder rule applies.
 */
export type CylinderHooks = {
  /** Null when the cylinder may be handed over by this operator today; else the gate's reasons (first one first). */
  refusal(
    tx: Db,
    at: { code: string; operatorId: string; today: string },
  ): Promise<{ reason: string; text: string; reasons: { code: string; text: string }[] } | null>;
  record(
    tx: Db,
    event: {
      code: string;
      kind: 'dispatched' | 'delivered' | 'returned';
      at: Date;
      orderId: string;
      operatorId: string;
      actor: Actor;
      orderNumber: string;
      workerName: string;
      vehicleId: string | null;
      plate: string | null;
      userId: string;
      userLabel: string;
      lng: number | null;
      lat: number | null;
    },
  ): Promise<void>;
};

/** How many gas users the export reads at a time. */
const EXPORT_BATCH = 500;

const scopeUsers = (actor: Actor, permission: 'delivery.read' | 'delivery.manage' | 'delivery.deliver') =>
  deliveryScope(actor, permission, {
    regionId: deliveryUsersTable.regionId,
    operatorId: deliveryUsersTable.operatorEnterpriseId,
  });
const scopeOrders = (actor: Actor, permission: 'delivery.read' | 'delivery.manage' | 'delivery.deliver') =>
  deliveryScope(actor, permission, {
    regionId: deliveryOrdersTable.regionId,
    operatorId: deliveryOrdersTable.operatorEnterpriseId,
  });
const scopeZones = (actor: Actor, permission: 'delivery.read' | 'delivery.manage') =>
  deliveryScope(actor, permission, {
    regionId: deliveryZonesTable.regionId,
    operatorId: deliveryZonesTable.operatorEnterpriseId,
  });
const scopeOperators = (actor: Actor, permission: 'delivery.read' | 'delivery.manage') =>
  deliveryScope(actor, permission, { regionId: enterprisesTable.regionId, operatorId: enterprisesTable.id });

/** The canonical JSON of a delivery submission, for recognising a resend. */
function payloadHash(input: DeliverInput): string {
  const canonical = JSON.stringify({
    full: [...input.fullCylinders].sort(),
    empty: [...input.emptyCylinders].sort(),
    check: input.check
      ? { ...input.check, answers: Object.fromEntries(Object.entries(input.check.answers).sort()) }
      : null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export function createDeliveryService({
  db,
  limits = defaultLimits,
  cylinders,
  today = () => chinaToday(),
  now = () => new Date(),
}: {
  db: Db;
  limits?: HazardLimits;
  cylinders?: CylinderHooks;
  today?: () => string;
  now?: () => Date;
}) {
  const repo = createDeliveryRepository({ db });

  async function operatorFor(
    actor: Actor,
    operatorId: string,
    permission: 'delivery.read' | 'delivery.manage',
    tx: Db = db,
  ) {
    const op = await createDeliveryRepository({ db: tx }).operator(operatorId, scopeOperators(actor, permission));
    if (!op) throw deliveryOperatorInvalid({ field: 'operatorId' });
    return op;
  }

  /** A zone within the outline of the operator's county, when the county's outline is stored. */
  async function requireWithinCounty(tx: Db, regionId: string, geometry: ZoneGeometry) {
    const outline = await createDeliveryRepository({ db: tx }).countyOutlineOf(regionId);
    if (outline && !zoneWithinOutline(geometry, outline)) throw deliveryZoneOutsideCounty({ field: 'geometry' });
  }

  /** An operator's delivery zones; `cache` shares them between the users of one page or export batch. */
  function zonesOf(tx: Db, operatorId: string, cache?: Map<string, Promise<ZoneGeometry[]>>) {
    let zones = cache?.get(operatorId);
    if (!zones) {
      zones = createDeliveryRepository({ db: tx })
        .zonesOf(operatorId)
        .then((rows) => rows.map((z) => z.geometry as ZoneGeometry));
      cache?.set(operatorId, zones);
    }
    return zones;
  }

  async function factsOf(tx: Db, j: GasUserJoined, cache?: Map<string, Promise<ZoneGeometry[]>>): Promise<UserFacts> {
    const zones = await zonesOf(tx, j.user.operatorEnterpriseId, cache);
    const { user } = j;
    return {
      kind: user.kind,
      operatorId: user.operatorEnterpriseId,
      belowGround: user.belowGround,
      highRiseBuilding: user.highRiseBuilding,
      contractOperatorId: user.contractFrom ? user.operatorEnterpriseId : null,
      contractFrom: user.contractFrom,
      contractTo: user.contractTo,
      venue: {
        category: j.venueCategory,
        floor: j.venueFloor,
        highRiseBuilding: j.venueHighRise,
        supplyStatus: j.venueSupplyStatus,
      },
      inZone: user.lng === null || user.lat === null ? null : inAnyZone(user.lng, user.lat, zones),
    };
  }

  async function presentUsers(tx: Db, rows: GasUserJoined[]) {
    const day = today();
    const zones = new Map<string, Promise<ZoneGeometry[]>>();
    return Promise.all(
      rows.map(async (j) => presentUser(j, userRefusals(await factsOf(tx, j, zones), null, day), day)),
    );
  }

  async function loadUser(actor: Actor, id: string, permission: 'delivery.read' | 'delivery.manage', tx: Db = db) {
    const j = await createDeliveryRepository({ db: tx }).getUser(id, scopeUsers(actor, permission));
    if (!j) throw deliveryUserNotFound();
    return j;
  }

  /** One supplier at a time: no other operator's contract for this venue may overlap this one. */
  async function checkOneSupplier(
    tx: Db,
    venueId: string,
    operatorId: string,
    from: string | null | undefined,
    to: string | null | undefined,
  ) {
    if (!from && to) throw deliveryContractDatesInvalid({ field: 'contractFrom' });
    if (from && to && to < from) throw deliveryContractDatesInvalid({ field: 'contractTo' });
    if (!from) return;
    const r = createDeliveryRepository({ db: tx });
    await r.lockVenueContracts(venueId);
    for (const other of await r.otherContracts(venueId, operatorId)) {
      if (other.from && periodsOverlap({ from, to: to ?? null }, { from: other.from, to: other.to }))
        throw deliveryOtherSupplier({ field: 'contractFrom', otherOperatorId: other.operatorId });
    }
  }

  async function loadOrder(
    actor: Actor,
    id: string,
    permission: 'delivery.read' | 'delivery.manage' | 'delivery.deliver',
    tx: Db = db,
  ) {
    const row = await createDeliveryRepository({ db: tx }).getOrder(id, scopeOrders(actor, permission));
    if (!row) throw deliveryOrderNotFound();
    return row;
  }

  async function presentOrders(tx: Db, rows: Awaited<ReturnType<typeof repo.getOrder>>[]) {
    const list = rows.filter((r): r is NonNullable<typeof r> => !!r);
    const ids = list.map((r) => r.order.id);
    const r = createDeliveryRepository({ db: tx });
    const [scans, checks] = await Promise.all([r.scansOf(ids), r.checksOf(ids)]);
    const hazards = new Map((await r.hazardNumbers(checks.flatMap((c) => c.hazardIds))).map((h) => [h.id, h.number]));
    return list.map((row) =>
      presentOrder(
        row,
        scans.filter((s) => s.orderId === row.order.id),
        (() => {
          const check = checks.find((c) => c.orderId === row.order.id);
          return check ? presentCheck(check, hazards) : null;
        })(),
      ),
    );
  }

  /** The refusals of the user's side for this order (throws the first). */
  async function checkUser(tx: Db, j: GasUserJoined, order: { spec: CylinderSpec; fuel: Fuel } | null) {
    const codes = userRefusals(await factsOf(tx, j), order, today());
    if (codes.length) throw refusal(codes[0]!, fieldOf(codes[0]!), { reasons: codes });
  }

  /** The worker (trained) and the vehicle bound to them (人车对应, permit in date); throws the first refusal. */
  async function checkCrew(tx: Db, operatorId: string, personId: string, vehicleId?: string | null) {
    const w = await createDeliveryRepository({ db: tx }).worker(personId, operatorId);
    if (!w) throw deliveryWorkerInvalid({ field: 'workerPersonId' });
    const vehicle = vehicleId ? await createDeliveryRepository({ db: tx }).vehicleById(vehicleId) : w.vehicle;
    const codes = crewRefusals(
      {
        training: w.training,
        certificateNumber: w.certificateNumber,
        certificateExpiresOn: w.certificateExpiresOn,
        workerId: w.id,
        vehicleBoundPersonId: vehicle?.boundPersonId ?? null,
        vehiclePermitValidTo: vehicle?.permitValidTo ?? null,
      },
      today(),
    );
    if (codes.length) throw refusal(codes[0]!, 'workerPersonId', { reasons: codes });
    return { worker: w, vehicleId: vehicle!.id, plate: vehicle!.plate };
  }

  async function placeOrder(
    tx: Db,
    actor: Actor,
    j: GasUserJoined,
    input: { channel: 'phone' | 'shop' | 'public'; spec: CylinderSpec; quantity: number; fuel: Fuel; note: string },
  ) {
    await checkUser(tx, j, input);
    const r = createDeliveryRepository({ db: tx });
    const placedAt = now();
    const order = await r.insertOrder({
      number: await r.nextNumber(Number(today().slice(0, 4))),
      operatorEnterpriseId: j.user.operatorEnterpriseId,
      userId: j.user.id,
      regionId: j.user.regionId,
      channel: input.channel,
      spec: input.spec,
      quantity: input.quantity,
      fuel: input.fuel,
      note: input.note,
      placedBy: actor.type === 'user' ? actor.id : null,
      placedAt,
    });
    await recordAudit(tx, {
      actor,
      action: 'delivery_order.create',
      subject: { type: 'delivery_order', id: order.id },
      regionId: order.regionId,
      after: order,
      details: { number: order.number, channel: order.channel, userId: j.user.id },
    });
    await publishEvent(tx, {
      type: 'delivery.order_placed',
      subject: { type: 'delivery_order', id: order.id },
      regionId: order.regionId,
      payload: { operatorId: order.operatorEnterpriseId, number: order.number },
    });
    return order;
  }

  /** Records the door check: one hazard per failed item (source `delivery`, linked both ways), the operator's notice. */
  async function recordCheck(
    tx: Db,
    actor: Actor,
    order: OrderRow,
    j: GasUserJoined,
    workerId: string,
    workerName: string,
    input: DoorCheckInput,
    fieldPrefix: '' | 'check.',
  ) {
    const r = createDeliveryRepository({ db: tx });
    if (await r.checkOf(order.id)) throw deliveryCheckDone();
    // The photos go into the hazards the check raises, readable by their readers: only the caller's own uploads.
    const itemPhotos = (input.itemPhotos ?? {}) as Partial<Record<string, string[]>>;
    const photoIds = [...new Set([...input.photoIds, ...Object.values(itemPhotos).flatMap((ids) => ids ?? [])])];
    const usable = await readableFileIds(tx, actor, photoIds, []);
    const unknown = photoIds.filter((id) => !usable.has(id));
    if (unknown.length) throw deliveryFileNotFound({ field: `${fieldPrefix}photoIds`, missing: unknown });
    const facts = { hoseLengthM: input.hoseLengthM ?? null };
    const missing = unansweredDoorItems(j.user.kind, input.answers, facts);
    if (missing.length) throw deliveryCheckIncomplete({ field: `check.answers.${missing[0]}`, items: missing });
    const failed = failedDoorItems(j.user.kind, input.answers, facts, limits);
    const checkedAt = input.checkedAt ? new Date(input.checkedAt) : now();
    const check = await r.insertCheck({
      orderId: order.id,
      operatorEnterpriseId: order.operatorEnterpriseId,
      regionId: order.regionId,
      workerPersonId: workerId,
      checkedAt,
      answers: input.answers as Record<string, string>,
      hoseLengthM: input.hoseLengthM ?? null,
      photoIds,
      failedItems: failed,
      recordedBy: actor.type === 'user' ? actor.id : null,
    });
    const hazardIds: string[] = [];
    let noticeText: string | null = null;
    if (failed.length > 0) {
      const day = today();
      const object = await loadLedgerObject(tx, { type: 'venue', id: j.user.venueId }, day);
      if (!object) throw deliveryUserNotFound();
      const operatorName = j.operatorName;
      // The hazard is raised by the delivery system on the operator's behalf (the worker holds no ledger permission);
      // the check's own audit entry names the worker.
      const raiser: Actor = {
        type: 'system',
        id: null,
        name: `随瓶安检：${operatorName} ${workerName}`,
        grants: [],
        permissions: new Set(),
      };
      const lines: string[] = [];
      for (const itemId of failed) {
        const item = doorCheckItems.find((i) => i.id === itemId)!;
        const ledgerItem = item.itemId ? checkItem(item.itemId) : undefined;
        const applies = ledgerItem && itemsFor(object.checklistObject, [ledgerItem]).length > 0;
        const hose = itemId === 'hose_length' && input.hoseLengthM != null ? `（实测${input.hoseLengthM}米）` : '';
        const hazard = await raiseHazard({
          tx,
          actor: raiser,
          object,
          source: 'delivery',
          sourceRef: check.id,
          limits,
          today: day,
          ...(applies ? { itemId: item.itemId! } : { severity: 'general' as const }),
          description: `随瓶安检（配送单 ${order.number}）发现：${item.zh}——未通过${hose}。${operatorName}已书面告知用户整改。`,
          // The item's own photos when the phone says which photo shows what; else all the check's photos.
          photoIds: input.itemPhotos ? [...new Set(itemPhotos[itemId] ?? [])] : check.photoIds,
          interimControl: '整改完成前停止使用相关燃气设施',
        });
        hazardIds.push(hazard.id);
        lines.push(`${lines.length + 1}. ${item.zh}：未通过${hose}（隐患编号 ${hazard.number}）`);
      }
      noticeText = [
        `${operatorName}`,
        '燃气安全隐患书面告知书',
        `${j.user.holderName}（${j.user.address}）：`,
        `我公司送气人员${workerName}于${day}送气时随瓶安检，发现您的用气场所存在以下安全隐患：`,
        ...lines,
        '请立即整改。隐患未整改完毕前，我公司将暂停向您供气（方案五(一)2）。',
        `${operatorName}　${day}`,
      ].join('\n');
      await r.setCheckHazards(check.id, hazardIds, noticeText);
    }
    await recordAudit(tx, {
      actor,
      action: 'delivery_check.record',
      subject: { type: 'delivery_order', id: order.id },
      regionId: order.regionId,
      after: { ...check, hazardIds },
      details: { number: order.number, failed, hazardIds },
    });
    await publishEvent(tx, {
      type: 'delivery.checked',
      subject: { type: 'delivery_order', id: order.id },
      regionId: order.regionId,
      payload: { operatorId: order.operatorEnterpriseId, failed: failed.length },
    });
    return { failed, hazardIds };
  }

  /** The assigned worker's person, linked to the signed-in account. */
  async function assignedWorker(tx: Db, actor: Actor, order: OrderRow) {
    if (!actor.id || !order.workerPersonId) throw deliveryNotAssignedWorker();
    const mine = await createDeliveryRepository({ db: tx }).personOfUser(actor.id);
    if (!mine.includes(order.workerPersonId)) throw deliveryNotAssignedWorker();
    return order.workerPersonId;
  }

  return {
    // ---- users ----
    async listUsers({ actor, query }: { actor: Actor; query: ListGasUsersQuery }) {
      const { rows, total } = await repo.listUsers(query, scopeUsers(actor, 'delivery.read'), today());
      return { items: await presentUsers(db, rows), total };
    },
    /**
     * The users of a list's filters (no paging), with what an export needs to be imported again as it is, in the
     * order filed, read in keyset batches of 500 as the file is written (memory stays bounded, as the register's
     * exports do).
     */
    async *exportUsers({ actor, query }: { actor: Actor; query: Partial<ListGasUsersQuery> }) {
      const scope = scopeUsers(actor, 'delivery.read');
      const day = today();
      let after: { at: string; id: string } | null = null;
      for (;;) {
        const rows = await repo.exportUsers(query, scope, day, after, EXPORT_BATCH);
        const presented = await presentUsers(db, rows);
        for (const [i, p] of presented.entries())
          yield { ...p, operatorCreditCode: rows[i]!.operatorCreditCode, venueAddress: rows[i]!.venueAddress };
        const last = rows.at(-1);
        if (!last || rows.length < EXPORT_BATCH) return;
        after = { at: last.cursorAt, id: last.user.id };
      }
    },
    async getUser({ actor, id }: { actor: Actor; id: string }) {
      return (await presentUsers(db, [await loadUser(actor, id, 'delivery.read')]))[0]!;
    },
    /** Files a real-name user (a business: a register venue; a household: its register venue filed with it). */
    async createUser({ actor, input }: { actor: Actor; input: CreateGasUserInput }) {
      requirePermission(actor, 'delivery.manage');
      const id = await db.transaction((tx) => createUserInTransaction(tx, actor, input));
      return (await presentUsers(db, [await loadUser(actor, id, 'delivery.read')]))[0]!;
    },
    async updateUser({ actor, id, changes }: { actor: Actor; id: string; changes: UpdateGasUserInput }) {
      requirePermission(actor, 'delivery.manage');
      await db.transaction(async (tx) => {
        const j = await loadUser(actor, id, 'delivery.manage', tx);
        const r = createDeliveryRepository({ db: tx });
        const before = (await r.lockUser(id))!;
        const from = changes.contractFrom !== undefined ? changes.contractFrom : before.contractFrom;
        const to = changes.contractTo !== undefined ? changes.contractTo : before.contractTo;
        await checkOneSupplier(tx, before.venueId, before.operatorEnterpriseId, from, to);
        const next = { ...changes } as Record<string, unknown>;
        if (changes.holderName || changes.address || changes.holderPhone)
          next.searchTokens = searchTokens(
            changes.holderName ?? before.holderName,
            changes.address ?? before.address,
            changes.holderPhone ?? before.holderPhone,
          );
        const after = await r.updateUser(id, next);
        await recordAudit(tx, {
          actor,
          action: 'delivery_user.update',
          subject: { type: 'delivery_user', id },
          regionId: j.user.regionId,
          before,
          after,
          details: { fields: Object.keys(changes) },
        });
      });
      return (await presentUsers(db, [await loadUser(actor, id, 'delivery.read')]))[0]!;
    },
    createUserInTransaction,

    // ---- zones ----
    async listZones({ actor, operatorId }: { actor: Actor; operatorId?: string }) {
      return { items: (await repo.listZones(scopeZones(actor, 'delivery.read'), operatorId)).map(presentZone) };
    },
    async createZone({
      actor,
      input,
    }: {
      actor: Actor;
      input: { operatorId: string; name: string; geometry: ZoneGeometry };
    }) {
      requirePermission(actor, 'delivery.manage');
      const problem = zoneGeometryProblem(input.geometry);
      if (problem) throw deliveryZoneInvalid({ field: 'geometry', reason: problem });
      const id = await db.transaction(async (tx) => {
        const op = await operatorFor(actor, input.operatorId, 'delivery.manage', tx);
        await requireWithinCounty(tx, op.regionId, input.geometry);
        const row = await createDeliveryRepository({ db: tx }).insertZone({
          operatorEnterpriseId: op.id,
          regionId: op.regionId,
          name: input.name,
          geometry: input.geometry,
        });
        await recordAudit(tx, {
          actor,
          action: 'delivery_zone.create',
          subject: { type: 'delivery_zone', id: row.id },
          regionId: op.regionId,
          after: row,
          details: { name: row.name, operatorId: op.id },
        });
        return row.id;
      });
      return presentZone((await repo.getZone(id, sql`true`))!);
    },
    async updateZone({
      actor,
      id,
      changes,
    }: {
      actor: Actor;
      id: string;
      changes: { name?: string; geometry?: ZoneGeometry };
    }) {
      requirePermission(actor, 'delivery.manage');
      if (changes.geometry) {
        const problem = zoneGeometryProblem(changes.geometry);
        if (problem) throw deliveryZoneInvalid({ field: 'geometry', reason: problem });
      }
      await db.transaction(async (tx) => {
        const r = createDeliveryRepository({ db: tx });
        const current = await r.getZone(id, scopeZones(actor, 'delivery.manage'));
        if (!current) throw deliveryZoneNotFound();
        if (changes.geometry) await requireWithinCounty(tx, current.zone.regionId, changes.geometry);
        const after = await r.updateZone(id, changes);
        await recordAudit(tx, {
          actor,
          action: 'delivery_zone.update',
          subject: { type: 'delivery_zone', id },
          regionId: current.zone.regionId,
          before: current.zone,
          after,
          details: { fields: Object.keys(changes) },
        });
      });
      return presentZone((await repo.getZone(id, sql`true`))!);
    },
    async archiveZone({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'delivery.manage');
      await db.transaction(async (tx) => {
        const r = createDeliveryRepository({ db: tx });
        const current = await r.getZone(id, scopeZones(actor, 'delivery.manage'));
        if (!current) throw deliveryZoneNotFound();
        const after = await r.updateZone(id, { archivedAt: new Date() });
        await recordAudit(tx, {
          actor,
          action: 'delivery_zone.archive',
          subject: { type: 'delivery_zone', id },
          regionId: current.zone.regionId,
          before: current.zone,
          after,
        });
      });
    },

    // ---- orders ----
    async listOrders({ actor, query }: { actor: Actor; query: ListOrdersQuery }) {
      const mine = query.mine ? (actor.id ? await repo.personOfUser(actor.id) : []) : null;
      const { rows, total } = await repo.listOrders(query, scopeOrders(actor, 'delivery.read'), mine);
      return { items: await presentOrders(db, rows), total };
    },
    async getOrder({ actor, id }: { actor: Actor; id: string }) {
      return (await presentOrders(db, [await loadOrder(actor, id, 'delivery.read')]))[0]!;
    },
    async createOrder({ actor, input }: { actor: Actor; input: CreateOrderInput }) {
      requirePermission(actor, 'delivery.manage');
      const id = await db.transaction(async (tx) => {
        const j = await loadUser(actor, input.userId, 'delivery.manage', tx);
        return (await placeOrder(tx, actor, j, input)).id;
      });
      return this.getOrder({ actor, id });
    },
    /** The user's own order on the public page, by the phone number on file with the operator. */
    async publicOrder({
      actor,
      input,
    }: {
      actor: Actor;
      input: { operatorId: string; phone: string; spec: CylinderSpec; quantity: number; fuel: Fuel; note: string };
    }) {
      return db.transaction(async (tx) => {
        const r = createDeliveryRepository({ db: tx });
        const [found] = await r.userByPhone(input.operatorId, input.phone);
        if (!found) throw deliveryPublicUserUnknown({ field: 'phone' });
        const j = (await r.getUser(found.id, sql`true`))!;
        const order = await placeOrder(tx, actor, j, { ...input, channel: 'public' });
        return { number: order.number, status: order.status };
      });
    },
    async publicOperators() {
      return { items: await repo.publicOperators() };
    },
    /** Assigns a worker with the vehicle bound to them (人车对应); refused for an untrained worker or a bad vehicle. */
    async assignOrder({ actor, id, workerPersonId }: { actor: Actor; id: string; workerPersonId: string }) {
      requirePermission(actor, 'delivery.manage');
      await db.transaction(async (tx) => {
        await loadOrder(actor, id, 'delivery.manage', tx);
        const r = createDeliveryRepository({ db: tx });
        const order = (await r.lockOrder(id))!;
        if (order.status !== 'placed' && order.status !== 'assigned')
          throw deliveryOrderState({ status: order.status });
        const j = (await r.getUser(order.userId, sql`true`))!;
        await checkUser(tx, j, order);
        const crew = await checkCrew(tx, order.operatorEnterpriseId, workerPersonId);
        const after = await r.updateOrder(id, {
          status: 'assigned',
          workerPersonId,
          vehicleId: crew.vehicleId,
          assignedAt: now(),
        });
        await recordAudit(tx, {
          actor,
          action: 'delivery_order.assign',
          subject: { type: 'delivery_order', id },
          regionId: order.regionId,
          before: order,
          after,
          details: { number: order.number, workerPersonId, vehicleId: crew.vehicleId },
        });
        await publishEvent(tx, {
          type: 'delivery.order_assigned',
          subject: { type: 'delivery_order', id },
          regionId: order.regionId,
          payload: { operatorId: order.operatorEnterpriseId, number: order.number },
        });
      });
      return this.getOrder({ actor, id });
    },
    async cancelOrder({ actor, id, reason }: { actor: Actor; id: string; reason: string }) {
      requirePermission(actor, 'delivery.manage');
      await db.transaction(async (tx) => {
        await loadOrder(actor, id, 'delivery.manage', tx);
        const r = createDeliveryRepository({ db: tx });
        const order = (await r.lockOrder(id))!;
        if (order.status === 'delivered' || order.status === 'cancelled')
          throw deliveryOrderState({ status: order.status });
        const after = await r.updateOrder(id, { status: 'cancelled', cancelledAt: now(), cancelReason: reason });
        await recordAudit(tx, {
          actor,
          action: 'delivery_order.cancel',
          subject: { type: 'delivery_order', id },
          regionId: order.regionId,
          before: order,
          after,
          details: { number: order.number, reason },
        });
      });
      return this.getOrder({ actor, id });
    },
    /**
     * The worker hands over the full cylinders, takes back the empties and (usually) records the door
     * check, in one submission from the phone; sent again under the same id it is stored once.
     */
    async deliver({ actor, id, input }: { actor: Actor; id: string; input: DeliverInput }) {
      requirePermission(actor, 'delivery.deliver');
      const hash = payloadHash(input);
      await db.transaction(async (tx) => {
        await loadOrder(actor, id, 'delivery.deliver', tx);
        const r = createDeliveryRepository({ db: tx });
        const order = (await r.lockOrder(id))!;
        const replay = await r.orderByClientId(input.clientId);
        if (replay) {
          if (replay.id !== id || replay.deliveryPayloadHash !== hash)
            throw deliverySubmissionConflict({ field: 'clientId' });
          return;
        }
        if (order.status !== 'assigned') throw deliveryOrderState({ status: order.status });
        const workerId = await assignedWorker(tx, actor, order);
        const j = (await r.getUser(order.userId, sql`true`))!;
        await checkUser(tx, j, order);
        const crew = await checkCrew(tx, order.operatorEnterpriseId, workerId, order.vehicleId);
        const full = [...new Set(input.fullCylinders)];
        if (full.length < order.quantity)
          throw deliveryScanMissing({ field: 'fullCylinders', expected: order.quantity, scanned: full.length });
        const day = today();
        if (cylinders) {
          for (const [i, code] of full.entries()) {
            const refused = await cylinders.refusal(tx, { code, operatorId: order.operatorEnterpriseId, today: day });
            if (refused)
              throw refusal('cylinder_refused', `fullCylinders.${i}`, {
                cylinder: code,
                cylinderReason: refused.reason,
                cylinderReasonText: refused.text,
                cylinderReasons: refused.reasons,
              });
          }
        }
        const deliveredAt = input.deliveredAt ? new Date(input.deliveredAt) : now();
        await r.insertScans([
          ...full.map((code) => ({
            orderId: id,
            cylinderCode: code,
            direction: 'full_out' as const,
            scannedAt: deliveredAt,
          })),
          ...[...new Set(input.emptyCylinders)].map((code) => ({
            orderId: id,
            cylinderCode: code,
            direction: 'empty_back' as const,
            scannedAt: deliveredAt,
          })),
        ]);
        if (cylinders) {
          // The life log: on the vehicle, delivered to this user by this worker, the empties taken back.
          const step = {
            orderId: id,
            operatorId: order.operatorEnterpriseId,
            actor,
            orderNumber: order.number,
            workerName: crew.worker.name,
            vehicleId: crew.vehicleId,
            plate: crew.plate,
            userId: j.user.id,
            userLabel: `${j.user.holderName} · ${j.user.address}`,
            lng: j.user.lng,
            lat: j.user.lat,
          };
          for (const code of full) {
            await cylinders.record(tx, { ...step, code, kind: 'dispatched', at: order.assignedAt ?? deliveredAt });
            await cylinders.record(tx, { ...step, code, kind: 'delivered', at: deliveredAt });
          }
          for (const code of new Set(input.emptyCylinders))
            await cylinders.record(tx, { ...step, code, kind: 'returned', at: deliveredAt });
        }
        const after = await r.updateOrder(id, {
          status: 'delivered',
          deliveredAt,
          deliveryClientId: input.clientId,
          deliveryPayloadHash: hash,
          checkDueAt: new Date(deliveredAt.getTime() + limits.deliveryCheckOverdueHours * 3_600_000),
        });
        await recordAudit(tx, {
          actor,
          action: 'delivery_order.deliver',
          subject: { type: 'delivery_order', id },
          regionId: order.regionId,
          before: order,
          after,
          details: { number: order.number, full, empty: input.emptyCylinders, vehicleId: crew.vehicleId },
        });
        await publishEvent(tx, {
          type: 'delivery.order_delivered',
          subject: { type: 'delivery_order', id },
          regionId: order.regionId,
          payload: { operatorId: order.operatorEnterpriseId, number: order.number },
        });
        if (input.check) await recordCheck(tx, actor, after, j, workerId, crew.worker.name, input.check, 'check.');
      });
      return this.getOrder({ actor, id });
    },
    /** The door check after the delivery (until then the delivery counts as unchecked; overdue after the configured hours). */
    async check({ actor, id, input }: { actor: Actor; id: string; input: DoorCheckInput }) {
      requirePermission(actor, 'delivery.deliver');
      await db.transaction(async (tx) => {
        await loadOrder(actor, id, 'delivery.deliver', tx);
        const r = createDeliveryRepository({ db: tx });
        const order = (await r.lockOrder(id))!;
        if (order.status !== 'delivered') throw deliveryOrderState({ status: order.status });
        const workerId = await assignedWorker(tx, actor, order);
        const j = (await r.getUser(order.userId, sql`true`))!;
        const w = await r.worker(workerId, order.operatorEnterpriseId);
        await recordCheck(tx, actor, order, j, workerId, w?.name ?? '', input, '');
      });
      return this.getOrder({ actor, id });
    },

    // ---- workers and rates ----
    async workers({ actor, operatorId }: { actor: Actor; operatorId?: string }) {
      const ops = await db
        .select({ id: enterprisesTable.id })
        .from(enterprisesTable)
        .where(
          sql`${enterprisesTable.kind} = 'bottled_operator' and ${scopeOperators(actor, 'delivery.read')} ${operatorId ? sql`and ${enterprisesTable.id} = ${operatorId}` : sql``}`,
        );
      if (ops.length === 0) return { items: [] };
      const list = await repo.workersOf(
        inArray(
          peopleTable.enterpriseId,
          ops.map((o) => o.id),
        ),
      );
      const day = today();
      const items = [];
      for (const p of list) {
        const w = (await repo.worker(p.personId, p.operatorId!))!;
        const codes = crewRefusals(
          {
            training: w.training,
            certificateNumber: w.certificateNumber,
            certificateExpiresOn: w.certificateExpiresOn,
            workerId: w.id,
            vehicleBoundPersonId: w.vehicle?.boundPersonId ?? null,
            vehiclePermitValidTo: w.vehicle?.permitValidTo ?? null,
          },
          day,
        );
        items.push({
          personId: p.personId,
          name: p.name,
          operatorId: p.operatorId!,
          vehicleId: w.vehicle?.id ?? null,
          plate: w.vehicle?.plate ?? null,
          refusals: codes,
        });
      }
      return { items };
    },
    async rates({ actor, operatorId, from, to }: { actor: Actor; operatorId?: string; from?: string; to?: string }) {
      const { operators, workers } = await repo.rates(scopeOrders(actor, 'delivery.read'), from, to, operatorId);
      const rate = (d: number, c: number) => (d === 0 ? null : c / d);
      return {
        operators: operators.map((o) => ({ ...o, rate: rate(o.delivered, o.checked) })),
        workers: workers.map((w) => ({ ...w, rate: rate(w.delivered, w.checked) })),
      };
    },
    /** The job: deliveries past their due time without a check become overdue (and an event). */
    async markOverdue() {
      return db.transaction(async (tx) => {
        const rows = await createDeliveryRepository({ db: tx }).markOverdue(now());
        for (const row of rows) {
          await publishEvent(tx, {
            type: 'delivery.check_overdue',
            subject: { type: 'delivery_order', id: row.id },
            regionId: row.regionId,
            payload: { operatorId: row.operatorId, number: row.number },
          });
        }
        return rows.length;
      });
    },
  };

  async function createUserInTransaction(tx: Db, actor: Actor, input: CreateGasUserInput): Promise<string> {
    const r = createDeliveryRepository({ db: tx });
    const op = await operatorFor(actor, input.operatorId, 'delivery.manage', tx);
    if (!(await r.regionExists(input.regionId))) throw deliveryVenueInvalid({ field: 'regionId' });
    let venueId: string;
    if (input.kind === 'business') {
      if (!input.venueId) throw deliveryVenueInvalid({ field: 'venueId' });
      const venue = await r.venue(input.venueId);
      if (!venue || venue.category === 'household') throw deliveryVenueInvalid({ field: 'venueId' });
      venueId = venue.id;
    } else {
      if (input.venueId) throw deliveryVenueInvalid({ field: 'venueId' });
      // A household is a venue of the register (category household): filed with it, by the delivery system.
      const name = `${input.holderName}（居民用户）`;
      const existing = await r.venueByNaturalKey(name, input.address);
      if (existing) {
        if (existing.category !== 'household') throw deliveryVenueInvalid({ field: 'address' });
        venueId = existing.id;
      } else {
        const filer: Actor = {
          type: 'system',
          id: null,
          name: `配送信息系统：${actor.name}`,
          grants: [],
          permissions: new Set(),
        };
        const venue = await createVenuesService({ db: tx }).create({
          actor: filer,
          input: {
            name,
            category: 'household',
            regionId: input.regionId,
            address: input.address,
            lng: input.lng ?? null,
            lat: input.lat ?? null,
            floor: input.belowGround !== 'none' ? input.belowGround : input.cylinderFloor > 1 ? 'upper' : 'ground',
            highRiseBuilding: input.highRiseBuilding,
            gasSources: ['bottled_lpg'],
            contactName: input.holderName,
            contactPhone: input.holderPhone,
          },
        });
        venueId = venue.id;
      }
    }
    if (await r.userOfOperatorVenue(op.id, venueId))
      throw deliveryUserDuplicate({ field: input.kind === 'business' ? 'venueId' : 'holderName' });
    await checkOneSupplier(tx, venueId, op.id, input.contractFrom, input.contractTo);
    const row = await r.insertUser({
      operatorEnterpriseId: op.id,
      kind: input.kind,
      venueId,
      holderName: input.holderName,
      holderPhone: input.holderPhone,
      regionId: input.regionId,
      address: input.address,
      lng: input.lng ?? null,
      lat: input.lat ?? null,
      cylinderFloor: input.cylinderFloor,
      belowGround: input.belowGround,
      highRiseBuilding: input.highRiseBuilding,
      contractNumber: input.contractNumber ?? null,
      contractFrom: input.contractFrom ?? null,
      contractTo: input.contractTo ?? null,
      searchTokens: searchTokens(input.holderName, input.address, input.holderPhone),
    });
    await recordAudit(tx, {
      actor,
      action: 'delivery_user.create',
      subject: { type: 'delivery_user', id: row.id },
      regionId: row.regionId,
      after: row,
      details: { operatorId: op.id, kind: row.kind, venueId },
    });
    return row.id;
  }
}

/** The field a user-side refusal points at. */
function fieldOf(code: RefusalCode): string {
  switch (code) {
    case 'below_ground':
      return 'belowGround';
    case 'high_rise':
      return 'highRiseBuilding';
    case 'restaurant_dual_phase':
      return 'spec';
    case 'industrial_fuel':
      return 'fuel';
    case 'outside_zone':
      return 'lat';
    case 'no_contract':
      return 'contractFrom';
    default:
      return 'userId';
  }
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
