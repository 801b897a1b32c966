import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { type SQL, eq, sql } from 'drizzle-orm';
import { WUSHEN_BOUNDS } from '../../../domain/registry/places.ts';
import { townshipAt } from '../../../domain/registry/wushen-boundaries.ts';
import {
  DUPLICATE_RADIUS_M,
  type TipEvent,
  type TipGrade,
  TIP_PROOF_HEADER,
  allowedTipEvents,
  computeReward,
  defaultRewardTiers,
  defaultTipRouting,
  distanceM,
  isUrgentCategory,
  leadingZeroBits,
  rewardBounds,
  rewardRefusal,
  tipDueAt,
  tipEventAllowed,
  tipOverdue,
} from '../../../domain/tips/tips.ts';
import type { HazardLimits } from '../../../domain/hazards/limits.ts';
import type { PublicTipsConfig } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { sniffContentType } from '../../platform/files/index.ts';
import { hazardReadScope, raiseHazard } from '../hazards/index.ts';
import { tipScope } from './tips.access.ts';
import {
  tipDepartmentNotFound,
  tipGradeRequired,
  tipHazardNotFound,
  tipMergeTarget,
  tipNotFound,
  tipPhotoNotFound,
  tipPhotoTooLarge,
  tipPhotoType,
  tipPlaceOutside,
  tipPlaceRequired,
  tipProofInvalid,
  tipProofRequired,
  tipRegionNotFound,
  tipResultRequired,
  tipRewardNotAllowed,
  tipRewardOutOfTier,
  tipRoutingInvalid,
  tipTransitionNotAllowed,
} from './tips.errors.ts';
import { presentPublicTip, presentTipDetail, presentTipEvent, presentTipListItem } from './tips.presenter.ts';
import { type TipInsert, type TipRow, createTipsRepository } from './tips.repository.ts';
import type { ListTipsInput, SubmitTipInput, TipSettingsInput, VerifyTipInput } from './tips.schemas.ts';
import { tipsTable } from './tips.table.ts';

/** Public photos: phone pictures, images only, recognised by their magic bytes. */
export const TIP_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
const PROOF_MAX_AGE_MS = 30 * 60_000;
/** Tracking codes: 12 characters of an alphabet without look-alikes (0/O, 1/I/L), 60 bits. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** The public caller (no account): audited as the public, never with the reporter's address. */
const publicActor: Actor = { type: 'system', id: null, name: 'public', grants: [], permissions: new Set() };

function trackingCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('base64url');

export type TipsServiceOptions = { db: Db; publicTips: PublicTipsConfig; limits?: HazardLimits; now?: () => Date };

export function createTipsService({ db, publicTips, limits, now = () => new Date() }: TipsServiceOptions) {
  async function settingsOf(tx: Db) {
    const repo = createTipsRepository({ db: tx });
    let s = await repo.settings();
    if (!s) {
      await repo.insertSettings({
        id: 'default',
        routing: defaultTipRouting,
        rewardTiers: defaultRewardTiers,
        powKey: randomBytes(32).toString('hex'),
      });
      s = (await repo.settings())!;
    }
    return s;
  }

  /** Checks `<challenge>:<nonce>`: our MAC, not expired, enough leading zero bits. Returns the challenge. */
  function checkProof(header: string, key: string): string {
    const at = header.lastIndexOf(':');
    if (at <= 0 || header.length > 200) throw tipProofInvalid({ header: TIP_PROOF_HEADER });
    const challenge = header.slice(0, at);
    const nonce = header.slice(at + 1);
    const [ts, rand, mac] = challenge.split('.');
    if (!ts || !rand || !mac || nonce.length === 0 || nonce.length > 40)
      throw tipProofInvalid({ header: TIP_PROOF_HEADER });
    const expected = Buffer.from(hmac(key, `${ts}.${rand}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw tipProofInvalid({ header: TIP_PROOF_HEADER });
    const age = now().getTime() - Number(ts);
    if (!Number.isFinite(age) || age < -60_000 || age > PROOF_MAX_AGE_MS)
      throw tipProofInvalid({ header: TIP_PROOF_HEADER, reason: 'expired' });
    const digest = createHash('sha256').update(`${challenge}:${nonce}`).digest();
    if (leadingZeroBits(digest) < publicTips.powBits) throw tipProofInvalid({ header: TIP_PROOF_HEADER });
    return challenge;
  }

  /** The township (or the county) a tip's place lies in. */
  async function placeOf(tx: Db, input: SubmitTipInput) {
    const repo = createTipsRepository({ db: tx });
    const hasLng = input.lng !== undefined;
    if (hasLng !== (input.lat !== undefined)) throw tipPlaceRequired({ field: hasLng ? 'lat' : 'lng' });
    if (!hasLng && !input.address) throw tipPlaceRequired({ field: 'address' });
    const county = await repo.county();
    if (!county) throw tipRegionNotFound();
    if (hasLng) {
      const { lngMin, lngMax, latMin, latMax } = WUSHEN_BOUNDS;
      if (input.lng! < lngMin || input.lng! > lngMax || input.lat! < latMin || input.lat! > latMax)
        throw tipPlaceOutside({ field: 'lng' });
      const code = townshipAt([input.lng!, input.lat!]);
      const township = code ? await repo.regionByCode(code) : undefined;
      if (township) return township;
    }
    return county;
  }

  async function record(
    tx: Db,
    actor: Actor,
    tip: TipRow,
    event: string,
    {
      note = null,
      details = null,
      before,
      after,
    }: { note?: string | null; details?: Record<string, unknown> | null; before?: unknown; after?: unknown } = {},
  ) {
    await createTipsRepository({ db: tx }).addEvent({
      tipId: tip.id,
      event,
      actorId: actor.type === 'user' ? actor.id : null,
      actorName: actor.name,
      note,
      details,
    });
    await recordAudit(tx, {
      actor,
      action: `tip.${event}`,
      subject: { type: 'tip', id: tip.id },
      regionId: tip.regionId,
      before,
      after,
      details: { category: tip.category, ...(details ?? {}) },
    });
    await publishEvent(tx, {
      type: `tip.${event}`,
      subject: { type: 'tip', id: tip.id },
      regionId: tip.regionId,
      payload: { category: tip.category, urgent: tip.urgent },
    });
  }

  /** The tip for a step: 404 outside the read scope, 403 outside the acting scope. */
  async function lockFor(tx: Db, actor: Actor, id: string, permission: 'tip.handle' | 'tip.reward') {
    requirePermission(actor, permission);
    const repo = createTipsRepository({ db: tx });
    const row = await repo.lock(id, tipScope(actor, 'tip.read'));
    if (!row) throw tipNotFound();
    if (!(await repo.lock(id, tipScope(actor, permission)))) throw tipNotFound();
    return row;
  }

  function mustAllow(row: TipRow, event: TipEvent) {
    if (!tipEventAllowed(row.status, event))
      throw tipTransitionNotAllowed({ status: row.status, event, allowed: allowedTipEvents(row.status) });
  }

  async function detail(actor: Actor, id: string) {
    requirePermission(actor, 'tip.read');
    const repo = createTipsRepository({ db });
    const t = await repo.get(id, tipScope(actor, 'tip.read'));
    if (!t) throw tipNotFound();
    const current = now();
    const candidates = await repo.nearbyCandidates(t, tipScope(actor, 'tip.read'));
    const normal = (a: string | null) => (a ?? '').replace(/\s+/g, '');
    const duplicates = candidates
      .map((c) => {
        const d =
          t.lng !== null && t.lat !== null && c.lng !== null && c.lat !== null
            ? Math.round(distanceM({ lng: t.lng, lat: t.lat }, { lng: c.lng, lat: c.lat }))
            : null;
        const near =
          d !== null ? d <= DUPLICATE_RADIUS_M : normal(c.address) !== '' && normal(c.address) === normal(t.address);
        return near
          ? {
              id: c.id,
              trackingCode: c.trackingCode,
              status: c.status,
              createdAt: c.createdAt.toISOString(),
              address: c.address,
              distanceM: d,
              description: c.description,
            }
          : null;
      })
      .filter((x) => x !== null);
    const handles = can(actor, 'tip.handle') && (await repo.get(id, tipScope(actor, 'tip.handle'))) !== undefined;
    const rewards = can(actor, 'tip.reward') && (await repo.get(id, tipScope(actor, 'tip.reward'))) !== undefined;
    return {
      ...presentTipDetail(t, current),
      events: (await repo.events(id)).map(presentTipEvent),
      duplicates,
      abilities: {
        accept: handles && tipEventAllowed(t.status, 'accept'),
        verify: handles && tipEventAllowed(t.status, 'verify'),
        close: handles && tipEventAllowed(t.status, 'close'),
        merge: handles && tipEventAllowed(t.status, 'merge'),
        approveReward: rewards && t.rewardStatus === 'proposed',
        payReward: rewards && t.rewardStatus === 'approved',
      },
    };
  }

  return {
    /** A proof-of-work challenge for the public form (solved in the browser, offline-capable, no third party). */
    async challenge() {
      const s = await settingsOf(db);
      const body = `${now().getTime()}.${randomBytes(9).toString('base64url')}`;
      return { challenge: `${body}.${hmac(s.powKey, body)}`, bits: publicTips.powBits, header: TIP_PROOF_HEADER };
    },

    /** Stores a photo sent with a public tip: an image by its magic bytes, at most TIP_PHOTO_MAX_BYTES. */
    async uploadPhoto({ bytes, name }: { bytes: Buffer; name: string }) {
      if (bytes.length === 0) throw tipPhotoType({ accepted: ['image/jpeg', 'image/png', 'image/webp'] });
      if (bytes.length > TIP_PHOTO_MAX_BYTES) throw tipPhotoTooLarge({ limitBytes: TIP_PHOTO_MAX_BYTES });
      const type = sniffContentType(bytes);
      if (type !== 'image/jpeg' && type !== 'image/png' && type !== 'image/webp')
        throw tipPhotoType({ accepted: ['image/jpeg', 'image/png', 'image/webp'] });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return db.transaction(async (tx) => {
        const row = await createTipsRepository({ db: tx }).insertPhoto({
          sha256,
          contentType: type,
          size: bytes.length,
          name: name.slice(0, 200),
          data: bytes,
          uploadedBy: null,
        });
        await recordAudit(tx, {
          actor: publicActor,
          action: 'tip.photo_upload',
          subject: { type: 'file', id: row.id },
          details: { sha256, contentType: type, size: bytes.length },
        });
        return { id: row.id };
      });
    },

    /** Files a public tip: place → township, category → department, deadline, tracking code. */
    async submit({ input, clientAddress, proof }: { input: SubmitTipInput; clientAddress: string; proof?: string }) {
      try {
        return await db.transaction(async (tx) => {
          const repo = createTipsRepository({ db: tx });
          const s = await settingsOf(tx);
          const clientKey = hmac(s.powKey, `client:${clientAddress}`);
          let powChallenge: string | null = null;
          if (proof) {
            powChallenge = checkProof(proof, s.powKey);
            if (await repo.challengeSpent(powChallenge))
              throw tipProofInvalid({ header: TIP_PROOF_HEADER, reason: 'spent' });
          } else {
            const since = new Date(now().getTime() - 3_600_000);
            if ((await repo.countWithoutProofSince(clientKey, since)) >= publicTips.withoutProofPerHour)
              throw tipProofRequired({ header: TIP_PROOF_HEADER });
          }
          const region = await placeOf(tx, input);
          const photoIds = [...new Set(input.photoIds ?? [])];
          const free = await repo.freePublicPhotos(photoIds);
          const missing = photoIds.findIndex((p) => !free.has(p));
          if (missing >= 0) throw tipPhotoNotFound({ field: `photoIds.${missing}` });
          const departmentId = await repo.departmentByCode(s.routing[input.category] ?? 'campaign_office', region.path);
          const createdAt = now();
          const row = await repo.insert({
            trackingCode: trackingCode(),
            category: input.category,
            description: input.description,
            lng: input.lng ?? null,
            lat: input.lat ?? null,
            address: input.address ?? null,
            contactName: input.contactName ?? null,
            contactPhone: input.contactPhone ?? null,
            photoIds,
            urgent: isUrgentCategory(input.category),
            regionId: region.id,
            departmentId,
            dueAt: tipDueAt(input.category, createdAt),
            clientKey,
            powChallenge,
            createdAt,
          });
          await record(tx, publicActor, row, 'submit', {
            details: { photos: photoIds.length, withProof: powChallenge !== null },
          });
          return { trackingCode: row.trackingCode };
        });
      } catch (err) {
        // Two submissions with one challenge at once: the unique index lets one through.
        if (isUniqueViolation(err)) throw tipProofInvalid({ header: TIP_PROOF_HEADER, reason: 'spent' });
        throw err;
      }
    },

    /** The reporter's view by tracking code. */
    async track(code: string) {
      const row = await createTipsRepository({ db }).byTrackingCode(code.trim().toUpperCase());
      if (!row) throw tipNotFound();
      return presentPublicTip(row);
    },

    async list({ actor, query }: { actor: Actor; query: ListTipsInput }) {
      requirePermission(actor, 'tip.read');
      const where: SQL[] = [];
      const t = tipsTable;
      if (query.status) where.push(eq(t.status, query.status));
      if (query.category) where.push(eq(t.category, query.category));
      const openCond = sql`${t.status} in ('received', 'accepted', 'verified')`;
      if (query.open === 'true') where.push(openCond);
      if (query.open === 'false') where.push(sql`not ${openCond}`);
      if (query.overdue === 'true') where.push(sql`(${openCond} and ${t.dueAt} < ${now().toISOString()}::timestamptz)`);
      if (query.overdue === 'false')
        where.push(sql`not (${openCond} and ${t.dueAt} < ${now().toISOString()}::timestamptz)`);
      const { rows, total } = await createTipsRepository({ db }).list({
        scope: tipScope(actor, 'tip.read'),
        where,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      const current = now();
      return {
        items: rows.map((r) => presentTipListItem(r, current)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    get: ({ actor, id }: { actor: Actor; id: string }) => detail(actor, id),

    /** 受理: the tip is taken on, re-routed if its department or township was wrong. */
    async accept({
      actor,
      id,
      departmentId,
      regionId,
      note,
    }: {
      actor: Actor;
      id: string;
      departmentId?: string;
      regionId?: string;
      note?: string;
    }) {
      await db.transaction(async (tx) => {
        const row = await lockFor(tx, actor, id, 'tip.handle');
        mustAllow(row, 'accept');
        const repo = createTipsRepository({ db: tx });
        const next: Partial<TipInsert> = { status: 'accepted', acceptedAt: now() };
        if (departmentId && departmentId !== row.departmentId) {
          if (!(await repo.departmentById(departmentId))) throw tipDepartmentNotFound({ field: 'departmentId' });
          next.departmentId = departmentId;
        }
        if (regionId && regionId !== row.regionId) {
          const region = await repo.regionById(regionId);
          if (!region || (region.level !== 'township' && region.level !== 'county'))
            throw tipRegionNotFound({ field: 'regionId' });
          next.regionId = regionId;
        }
        await repo.update(id, next);
        await record(tx, actor, row, 'accept', {
          note: note ?? null,
          details: { rerouted: Boolean(next.departmentId || next.regionId) },
          before: { departmentId: row.departmentId, regionId: row.regionId },
          after: { departmentId: next.departmentId ?? row.departmentId, regionId: next.regionId ?? row.regionId },
        });
      });
      return detail(actor, id);
    },

    /**
     * 核查: founded (with its grade) becomes a hazard in the ledger (source 'tip', through the hazards'
     * contract) or names the hazard already there; an illegal operation with no register object waits
     * for its case. The reward is proposed from the tiers unless refused (not first, already in the
     * ledger, the duty holder's own staff).
     */
    async verify({ actor, id, input }: { actor: Actor; id: string; input: VerifyTipInput }) {
      await db.transaction(async (tx) => {
        const row = await lockFor(tx, actor, id, 'tip.handle');
        mustAllow(row, 'verify');
        const repo = createTipsRepository({ db: tx });
        const s = await settingsOf(tx);
        const next: Partial<TipInsert> = {
          status: 'verified',
          verifiedAt: now(),
          outcome: input.outcome,
          verificationNote: input.note,
        };
        if (input.outcome === 'founded') {
          if (!input.grade) throw tipGradeRequired({ field: 'grade' });
          const grade: TipGrade = input.grade;
          let owner: { enterpriseId: string | null; venueId: string | null } = { enterpriseId: null, venueId: null };
          let alreadyInLedger = false;
          if (input.hazard) {
            const h = await raiseHazard({
              tx,
              actor,
              object: { type: input.hazard.objectType, id: input.hazard.objectId },
              source: 'tip',
              sourceRef: row.id,
              limits,
              severity: grade === 'major_hazard' ? 'major' : 'general',
              itemId: input.hazard.itemId,
              description: input.hazard.description ?? row.description.slice(0, 2000),
              interimControl: input.hazard.interimControl,
              deadline: input.hazard.deadline,
              // The hazard answers to the department the tip was routed to (unless a check item names one).
              departmentId: input.hazard.itemId ? undefined : (row.departmentId ?? undefined),
            });
            next.hazardId = h.id;
            alreadyInLedger = await repo.openHazardBefore(h.objectType, h.objectId, row.createdAt, h.id);
            owner = { enterpriseId: h.ownerEnterpriseId, venueId: h.objectType === 'venue' ? h.objectId : null };
          } else if (input.existingHazardId) {
            const h = await repo.hazard(input.existingHazardId, hazardReadScope(actor));
            if (!h) throw tipHazardNotFound({ field: 'existingHazardId' });
            next.hazardId = h.id;
            alreadyInLedger = h.createdAt.getTime() <= row.createdAt.getTime();
            owner = { enterpriseId: h.ownerEnterpriseId, venueId: h.objectType === 'venue' ? h.objectId : null };
          } else if (!input.withoutObject) {
            throw tipResultRequired({ field: 'hazard' });
          }
          const insider =
            Boolean(input.insider) || (row.contactPhone !== null && (await repo.isStaffPhone(row.contactPhone, owner)));
          const fine = input.fine ?? null;
          const refusal = rewardRefusal({ outcome: 'founded', merged: false, alreadyInLedger, insider });
          Object.assign(next, {
            grade,
            alreadyInLedger,
            insider,
            fine,
            rewardRefusal: refusal,
            rewardStatus: refusal ? 'none' : 'proposed',
            rewardAmount: refusal ? null : computeReward(grade, fine, s.rewardTiers),
          } satisfies Partial<TipInsert>);
        } else {
          Object.assign(next, { rewardRefusal: 'not_founded', rewardStatus: 'none' } satisfies Partial<TipInsert>);
        }
        await repo.update(id, next);
        await record(tx, actor, row, 'verify', {
          note: input.note,
          details: {
            outcome: input.outcome,
            grade: next.grade ?? null,
            hazardId: next.hazardId ?? null,
            rewardStatus: next.rewardStatus,
            rewardAmount: next.rewardAmount ?? null,
            rewardRefusal: next.rewardRefusal ?? null,
          },
        });
      });
      return detail(actor, id);
    },

    /** 办结: the answer written for the reporter. */
    async close({ actor, id, answer }: { actor: Actor; id: string; answer: string }) {
      await db.transaction(async (tx) => {
        const row = await lockFor(tx, actor, id, 'tip.handle');
        mustAllow(row, 'close');
        await createTipsRepository({ db: tx }).update(id, { status: 'closed', answer, closedAt: now() });
        await record(tx, actor, row, 'close', { note: answer });
      });
      return detail(actor, id);
    },

    /** Merges a later duplicate into the earlier tip: only the first reporter can earn the reward. */
    async merge({ actor, id, intoTipId, note }: { actor: Actor; id: string; intoTipId: string; note?: string }) {
      await db.transaction(async (tx) => {
        const row = await lockFor(tx, actor, id, 'tip.handle');
        mustAllow(row, 'merge');
        const repo = createTipsRepository({ db: tx });
        const target = await repo.get(intoTipId, tipScope(actor, 'tip.read'));
        if (
          !target ||
          target.id === row.id ||
          target.status === 'merged' ||
          target.category !== row.category ||
          target.createdAt.getTime() > row.createdAt.getTime()
        )
          throw tipMergeTarget({ field: 'intoTipId' });
        await repo.update(id, {
          status: 'merged',
          duplicateOfTipId: target.id,
          closedAt: now(),
          rewardRefusal: 'not_first',
          answer: '您反映的问题已有群众先行举报，已与该举报合并核查处理。感谢您的监督。',
        });
        await record(tx, actor, row, 'merge', { note: note ?? null, details: { intoTipId: target.id } });
        await repo.addEvent({
          tipId: target.id,
          event: 'merged_in',
          actorId: actor.type === 'user' ? actor.id : null,
          actorName: actor.name,
          note: note ?? null,
          details: { tipId: row.id, trackingCode: row.trackingCode },
        });
      });
      return detail(actor, id);
    },

    /** 奖励审批: the office approves the proposed reward (possibly another amount within the tier). */
    async approveReward({ actor, id, amount, note }: { actor: Actor; id: string; amount?: number; note?: string }) {
      await db.transaction(async (tx) => {
        const row = await lockFor(tx, actor, id, 'tip.reward');
        if (row.rewardStatus !== 'proposed') throw tipRewardNotAllowed({ rewardStatus: row.rewardStatus });
        const final = amount ?? row.rewardAmount ?? 0;
        // Another amount than proposed, but within the tier of the verified grade (never beyond it).
        if (amount !== undefined && row.grade) {
          const { min, max } = rewardBounds(row.grade, (await settingsOf(tx)).rewardTiers);
          if (amount < min || amount > max) throw tipRewardOutOfTier({ field: 'amount', min, max });
        }
        await createTipsRepository({ db: tx }).update(id, {
          rewardStatus: 'approved',
          rewardAmount: final,
          rewardApprovedBy: actor.type === 'user' ? actor.id : null,
          rewardApprovedAt: now(),
        });
        await record(tx, actor, row, 'reward_approve', {
          note: note ?? null,
          details: { proposed: row.rewardAmount, amount: final },
          before: { rewardStatus: row.rewardStatus, rewardAmount: row.rewardAmount },
          after: { rewardStatus: 'approved', rewardAmount: final },
        });
      });
      return detail(actor, id);
    },

    /** 奖励发放: the payment with its reference. */
    async payReward({ actor, id, paymentRef, note }: { actor: Actor; id: string; paymentRef: string; note?: string }) {
      await db.transaction(async (tx) => {
        const row = await lockFor(tx, actor, id, 'tip.reward');
        if (row.rewardStatus !== 'approved') throw tipRewardNotAllowed({ rewardStatus: row.rewardStatus });
        await createTipsRepository({ db: tx }).update(id, {
          rewardStatus: 'paid',
          rewardPaidAt: now(),
          rewardPaymentRef: paymentRef,
        });
        await record(tx, actor, row, 'reward_pay', {
          note: note ?? null,
          details: { amount: row.rewardAmount, paymentRef },
        });
      });
      return detail(actor, id);
    },

    async settings({ actor }: { actor: Actor }) {
      requirePermission(actor, 'tip.read');
      const s = await settingsOf(db);
      return { routing: s.routing, rewardTiers: s.rewardTiers };
    },

    /** The office edits the routing by category and the reward tiers; audited with before and after. */
    async updateSettings({ actor, input }: { actor: Actor; input: TipSettingsInput }) {
      requirePermission(actor, 'tip.configure');
      return db.transaction(async (tx) => {
        const repo = createTipsRepository({ db: tx });
        const before = await settingsOf(tx);
        const codes = await repo.departmentCodes();
        for (const [category, code] of Object.entries(input.routing))
          if (!codes.has(code)) throw tipRoutingInvalid({ field: `routing.${category}` });
        for (const grade of ['major_hazard', 'illegal_operation'] as const)
          if (input.rewardTiers[grade].min > input.rewardTiers[grade].max)
            throw tipRoutingInvalid({ field: `rewardTiers.${grade}.min` });
        await repo.updateSettings({ routing: input.routing, rewardTiers: input.rewardTiers });
        await recordAudit(tx, {
          actor,
          action: 'tip.settings_update',
          subject: { type: 'tip_settings', id: null },
          before: { routing: before.routing, rewardTiers: before.rewardTiers },
          after: input,
        });
        return { routing: input.routing, rewardTiers: input.rewardTiers };
      });
    },
  };
}

export type TipsService = ReturnType<typeof createTipsService>;

/**
 * The tips' contract for enforcement (called in the case's transaction): a case opened from a tip
 * links it, and the fine decided sets the tip's fine — a reward still only proposed is computed again
 * from the tiers.
 */
export async function recordCaseForTip(
  tx: Db,
  actor: Actor,
  { tipId, caseId, fine }: { tipId: string; caseId: string; fine?: number | null },
) {
  const repo = createTipsRepository({ db: tx });
  const [row] = await tx.select().from(tipsTable).where(eq(tipsTable.id, tipId)).for('update');
  if (!row) return;
  const next: Partial<TipInsert> = { caseId };
  if (fine !== undefined && fine !== null) {
    next.fine = fine;
    if (row.rewardStatus === 'proposed' && row.grade) {
      const s = await repo.settings();
      next.rewardAmount = computeReward(row.grade, fine, s?.rewardTiers ?? defaultRewardTiers);
    }
  }
  await repo.update(tipId, next);
  await repo.addEvent({
    tipId,
    event: fine !== undefined && fine !== null ? 'case_fine' : 'case_opened',
    actorId: actor.type === 'user' ? actor.id : null,
    actorName: actor.name,
    note: null,
    details: { caseId, fine: fine ?? null, rewardAmount: next.rewardAmount ?? row.rewardAmount },
  });
}

/** Tips the actor may read, by id (for the enforcement module opening a case from one). */
export async function loadTip(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select()
    .from(tipsTable)
    .where(sql`${tipsTable.id} = ${id} and ${tipScope(actor, 'tip.read')}`);
  return row;
}

export { tipOverdue };
