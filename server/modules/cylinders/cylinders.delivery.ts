import { sql } from 'drizzle-orm';
import {
  type CylinderLimits,
  type FillRefusalCode,
  defaultCylinderLimits,
  evaluateFillingGate,
  fillRefusalRules,
  normaliseCylinderCode,
} from '../../../domain/cylinders/cylinders.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { blacklistedSql } from './cylinders.gate.ts';
import { appendCylinderEvents, eventRow } from './cylinders.log.ts';
import { cylindersTable } from './cylinders.table.ts';

/**
 * The cylinders' contract with delivery (plan 三(一)2, 三(一)5, 四(三)2): a full cylinder handed over at a
 * door passes the filling gate's rules with the supplier in the filler's place — it must be the
 * supplier's own, in date for inspection and life, not failed, refurbished, seized, scrapped or
 * blacklisted — and every hand-over is written to the cylinder's life log (dispatched on the vehicle,
 * delivered to the user by the worker, the empties returned).
 */
export type DeliveryCylinderRefusal = {
  /** The first reason, as the gate orders them. */
  reason: FillRefusalCode;
  text: string;
  reasons: { code: FillRefusalCode; text: string }[];
};

export type DeliveryCylinderEvent = {
  code: string;
  kind: 'dispatched' | 'delivered' | 'returned';
  at: Date;
  orderId: string;
  operatorId: string;
  actor: Actor;
  /** Who handed it over, to whom, on which vehicle: what the life log says of the hand-over. */
  orderNumber?: string;
  workerName?: string;
  vehicleId?: string | null;
  plate?: string | null;
  userId?: string;
  userLabel?: string;
  lng?: number | null;
  lat?: number | null;
};

/** The gate's verdict on a cylinder handed over by `supplierId` today: the failed rules, empty when it may go. */
export async function deliveryRefusals(
  db: Db,
  {
    code,
    supplierId,
    today,
    limits = defaultCylinderLimits,
  }: { code: string; supplierId: string; today: string; limits?: CylinderLimits },
): Promise<FillRefusalCode[]> {
  const result = (await db.execute(sql`select to_jsonb(c.*) as cylinder, ${blacklistedSql(
    {
      manufacturer: sql`c.manufacturer`,
      model: sql`c.model`,
      batch: sql`c.batch`,
      manufacturedOn: sql`c.manufactured_on`,
    },
    today,
  )} as blacklisted
    from ${cylindersTable} c where c.code = ${normaliseCylinderCode(code)}`)) as unknown as {
    rows: { cylinder: Record<string, unknown>; blacklisted: boolean }[];
  };
  const row = result.rows[0];
  const j = row?.cylinder;
  return evaluateFillingGate({
    cylinder: j
      ? {
          ownerEnterpriseId: String(j.owner_enterprise_id),
          manufacturedOn: String(j.manufactured_on),
          designLifeYears: (j.design_life_years as number | null) ?? null,
          lastInspectedOn: (j.last_inspected_on as string | null) ?? null,
          lastInspectionPassed: (j.last_inspection_passed as boolean | null) ?? null,
          nextInspectionDue: (j.next_inspection_due as string | null) ?? null,
          refurbished: j.refurbished === true,
          status: j.status as 'in_service' | 'seized' | 'scrapped',
        }
      : null,
    // The supplier stands where the filler stands at the gate; a delivery needs no filling licence.
    station: { enterpriseId: supplierId, licensed: true },
    blacklisted: row?.blacklisted === true,
    today,
    limits,
  });
}

const eventTypes = { dispatched: 'dispatched', delivered: 'delivered', returned: 'returned_empty' } as const;

/**
 * The hooks the delivery module takes (`createDeliveryService({ cylinders })`, passed where the app is
 * built): the refusal and the life-log record, both in delivery's transaction.
 */
export function deliveryCylinderHooks({ limits = defaultCylinderLimits }: { limits?: CylinderLimits } = {}) {
  return {
    async refusal(
      tx: Db,
      { code, operatorId, today }: { code: string; operatorId: string; today: string },
    ): Promise<DeliveryCylinderRefusal | null> {
      const codes = await deliveryRefusals(tx, { code, supplierId: operatorId, today, limits });
      if (codes.length === 0) return null;
      const reasons = codes.map((c) => ({ code: c, text: fillRefusalRules[c].zh }));
      return { reason: codes[0]!, text: reasons[0]!.text, reasons };
    },
    async record(tx: Db, e: DeliveryCylinderEvent): Promise<void> {
      const code = normaliseCylinderCode(e.code);
      const [cylinder] = await tx
        .select({ id: cylindersTable.id, regionId: cylindersTable.regionId })
        .from(cylindersTable)
        .where(sql`${cylindersTable.code} = ${code}`);
      const onVehicle = e.kind !== 'delivered';
      await appendCylinderEvents(
        tx,
        [
          eventRow(
            {
              // One event per order, cylinder and step: a replayed delivery adds nothing.
              eventId: `delivery:${e.orderId}:${e.kind}:${code}`,
              type: eventTypes[e.kind],
              code,
              occurredAt: e.at,
              locationType: onVehicle ? (e.vehicleId ? 'vehicle' : 'unknown') : 'user',
              locationId: onVehicle ? (e.vehicleId ?? null) : (e.userId ?? null),
              lng: e.kind === 'dispatched' ? null : (e.lng ?? null),
              lat: e.kind === 'dispatched' ? null : (e.lat ?? null),
              details: {
                orderId: e.orderId,
                orderNumber: e.orderNumber ?? null,
                workerName: e.workerName ?? null,
                plate: e.plate ?? null,
                userId: e.userId ?? null,
                userLabel: e.userLabel ?? null,
              },
            },
            {
              actor: e.actor,
              cylinderId: cylinder?.id ?? null,
              enterpriseId: e.operatorId,
              regionId: cylinder?.regionId ?? null,
            },
          ),
        ],
        limits,
      );
    },
  };
}
