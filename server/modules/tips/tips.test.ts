import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadingZeroBits } from '../../../domain/tips/tips.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, departmentByCode, regionByCode } from '../../../test/factories.ts';
import { buildPerson, PNG_BYTES } from '../../../test/ledger-factories.ts';
import { buildEnterprise, buildScopedUser, buildVenue, multipartFile } from '../../../test/registry-factories.ts';

type Send = Awaited<ReturnType<typeof login>>;
const GALUTU: [number, number] = [108.84, 38.6];

/** Solves a challenge the way the public page does (SHA-256 with leading zero bits). */
function solve(challenge: string, bits: number): string {
  for (let n = 0; ; n++) {
    const d = createHash('sha256').update(`${challenge}:${n}`).digest();
    if (leadingZeroBits(d) >= bits) return String(n);
  }
}

describe('public tips: filing and tracking without sign-in', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const count = async () =>
    ((await ctx.database.db.execute(sql`select count(*)::int as n from tips`)) as unknown as { rows: { n: number }[] })
      .rows[0]!.n;

  it('files a tip with a photo and returns only a tracking code; the reporter reads status, answer and reward', async () => {
    const up = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips/photos',
      ...multipartFile('a.png', PNG_BYTES, 'image/png'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips',
      payload: {
        category: 'black_cylinder',
        description: '小区车库有人倒气',
        lng: GALUTU[0],
        lat: GALUTU[1],
        photoIds: [up.json().id],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(Object.keys(res.json())).toEqual(['trackingCode']);
    const code = res.json().trackingCode as string;
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const track = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/tips/${code.toLowerCase()}` });
    expect(track.statusCode).toBe(200);
    expect(track.json()).toEqual({
      status: 'received',
      category: 'black_cylinder',
      createdAt: expect.any(String),
      answer: null,
      reward: null,
    });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public/tips/ZZZZ-ZZZZ-ZZZZ' })).json().error.code).toBe(
      'tips.not_found',
    );
  });

  it('refuses over-long text, a wrong-type or oversized photo, an unknown photo and a place outside the county, storing nothing', async () => {
    const before = await count();
    const long = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips',
      payload: { category: 'other', description: '长'.repeat(2001), address: '嘎鲁图镇' },
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.code).toBe('validation.failed');
    expect(JSON.stringify(long.json().error.details)).toContain('description');
    const longName = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips',
      payload: { category: 'other', description: '有味道', address: '嘎鲁图镇', contactName: '名'.repeat(51) },
    });
    expect(longName.statusCode).toBe(400);
    const text = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips/photos',
      ...multipartFile('a.png', 'not an image', 'image/png'),
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('tips.photo_type');
    const pdf = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips/photos',
      ...multipartFile('a.pdf', '%PDF-1.4 x', 'application/pdf'),
    });
    expect(pdf.json().error.code).toBe('tips.photo_type');
    const big = Buffer.concat([PNG_BYTES, Buffer.alloc(5 * 1024 * 1024)]);
    const large = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips/photos',
      ...multipartFile('a.png', big, 'image/png'),
    });
    expect(large.statusCode).toBe(413);
    expect(large.json().error.code).toBe('tips.photo_too_large');
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips',
      payload: {
        category: 'other',
        description: 'x',
        address: 'y',
        photoIds: ['00000000-0000-4000-8000-000000000000'],
      },
    });
    expect(unknown.json().error).toMatchObject({ code: 'tips.photo_not_found', details: { field: 'photoIds.0' } });
    const outside = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips',
      payload: { category: 'other', description: 'x', lng: 116.4, lat: 39.9 },
    });
    expect(outside.json().error.code).toBe('tips.place_outside');
    const nowhere = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips',
      payload: { category: 'other', description: 'x' },
    });
    expect(nowhere.json().error).toMatchObject({ code: 'tips.place_required', details: { field: 'address' } });
    expect(await count()).toBe(before);
  });
});

describe('public tips: abuse limits', () => {
  it('a burst from one client is refused with 429 and an error code', async () => {
    const ctx = await createTestApp({ publicTips: { perMinute: 3, withoutProofPerHour: 100, powBits: 4 } });
    try {
      const codes: number[] = [];
      let last: { error?: { code: string } } = {};
      for (let i = 0; i < 5; i++) {
        const r = await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/public/tips',
          payload: { category: 'other', description: `第${i}次`, address: '嘎鲁图镇' },
        });
        codes.push(r.statusCode);
        last = r.json();
      }
      expect(codes).toEqual([201, 201, 201, 429, 429]);
      expect(last.error?.code).toBe('request.rate_limited');
    } finally {
      await ctx.close();
    }
  });

  it('without a proof-of-work a client files only a few tips an hour; a solved challenge lets it through, once', async () => {
    const ctx = await createTestApp({ publicTips: { perMinute: 100, withoutProofPerHour: 2, powBits: 6 } });
    try {
      const file = (headers: Record<string, string> = {}) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/public/tips',
          headers,
          payload: { category: 'other', description: '有人卖黑气', address: '某地' },
        });
      expect((await file()).statusCode).toBe(201);
      expect((await file()).statusCode).toBe(201);
      const refused = await file();
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('tips.proof_required');
      const ch = (await ctx.app.inject({ method: 'GET', url: '/api/v1/public/tips/challenge' })).json();
      expect(ch).toMatchObject({ bits: 6, header: 'x-tip-proof' });
      const proof = `${ch.challenge}:${solve(ch.challenge, 6)}`;
      expect((await file({ 'x-tip-proof': proof })).statusCode).toBe(201);
      const again = await file({ 'x-tip-proof': proof });
      expect(again.statusCode).toBe(400);
      expect(again.json().error.code).toBe('tips.proof_invalid');
      const forged = await file({ 'x-tip-proof': `${ch.challenge.slice(0, -2)}xx:1` });
      expect(forged.json().error.code).toBe('tips.proof_invalid');
    } finally {
      await ctx.close();
    }
  });
});

describe('tips: routing, handling, rewards', () => {
  let ctx: TestContext;
  let housing: Send;
  let market: Send;
  let office: Send;
  let township: Send;
  let otherTownship: Send;
  let enterprise: Send;
  let venueId: string;
  let venueStaffPhone: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    const venue = await buildVenue(db, { name: '举报测试饭店' });
    venueId = venue.id;
    venueStaffPhone = '13912345678';
    await buildPerson(db, { venueId, kind: 'venue_staff' as never, phone: venueStaffPhone, trained: false });
    housing = await login(
      ctx.app,
      (await buildUser(db, 'department_officer', { department: 'housing' })).username,
      TEST_PASSWORD,
    );
    market = await login(
      ctx.app,
      (await buildUser(db, 'department_officer', { department: 'market_regulation' })).username,
      TEST_PASSWORD,
    );
    office = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
    township = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626100' })).username,
      TEST_PASSWORD,
    );
    otherTownship = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626102' })).username,
      TEST_PASSWORD,
    );
    const ent = await buildEnterprise(db);
    enterprise = await login(ctx.app, (await buildScopedUser(db, { enterpriseId: ent.id })).username, TEST_PASSWORD);
  });
  afterAll(() => ctx.close());

  const file = async (body: Record<string, unknown>) => {
    const r = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips',
      payload: { lng: GALUTU[0], lat: GALUTU[1], ...body },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().trackingCode as string;
  };
  const idOf = async (send: Send, code: string) => {
    const list = (await send({ method: 'GET', url: '/api/v1/tips?pageSize=200' })).json();
    return list.items.find((t: { trackingCode: string }) => t.trackingCode === code)?.id as string;
  };
  const track = async (code: string) =>
    (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/tips/${code}` })).json();

  it('routes by category to the department and by place to the township; others see nothing (401, 403, 404)', async () => {
    const code = await file({ category: 'venue_hazard', description: '饭店软管老化', contactPhone: '13800000000' });
    const id = await idOf(housing, code);
    expect(id).toBeTruthy();
    const detail = (await housing({ method: 'GET', url: `/api/v1/tips/${id}` })).json();
    expect(detail).toMatchObject({
      regionName: '嘎鲁图镇',
      departmentName: '住建局',
      status: 'received',
      urgent: false,
    });
    expect(detail.departmentId).toBe((await departmentByCode(ctx.database.db, 'housing')).id);
    expect(await idOf(township, code)).toBe(id);
    expect(await idOf(market, code)).toBeUndefined();
    expect(await idOf(otherTownship, code)).toBeUndefined();
    expect((await market({ method: 'GET', url: `/api/v1/tips/${id}` })).statusCode).toBe(404);
    expect((await otherTownship({ method: 'POST', url: `/api/v1/tips/${id}/accept`, payload: {} })).statusCode).toBe(
      404,
    );
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/tips' })).statusCode).toBe(401);
    expect((await enterprise({ method: 'GET', url: '/api/v1/tips' })).statusCode).toBe(403);
    const bad = await housing({
      method: 'POST',
      url: `/api/v1/tips/${id}/verify`,
      payload: { outcome: 'founded', note: 'x' },
    });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.code).toBe('tips.transition_not_allowed');
  });

  it('a smell of gas is urgent: a short deadline and first in the list', async () => {
    await file({ category: 'pipeline', description: '管道被占压' });
    const code = await file({ category: 'gas_smell', description: '楼道里有很大的燃气味' });
    const list = (await housing({ method: 'GET', url: '/api/v1/tips?open=true' })).json();
    expect(list.items[0]).toMatchObject({ trackingCode: code, urgent: true });
    const hours = (Date.parse(list.items[0].dueAt) - Date.parse(list.items[0].createdAt)) / 3_600_000;
    expect(hours).toBeCloseTo(2, 1);
  });

  it('accepted → verified into a hazard (source tip) → closed with an answer; the reward is proposed, approved and paid', async () => {
    const code = await file({
      category: 'venue_hazard',
      description: '饭店液化气瓶放在地下室',
      contactName: '王先生',
      contactPhone: '13700000001',
    });
    const id = await idOf(housing, code);
    expect(
      (await housing({ method: 'POST', url: `/api/v1/tips/${id}/accept`, payload: { note: '派员核查' } })).statusCode,
    ).toBe(200);
    expect((await track(code)).status).toBe('accepted');
    const missing = await housing({
      method: 'POST',
      url: `/api/v1/tips/${id}/verify`,
      payload: { outcome: 'founded', note: '属实' },
    });
    expect(missing.json().error).toMatchObject({ code: 'tips.grade_required', details: { field: 'grade' } });
    const v = await housing({
      method: 'POST',
      url: `/api/v1/tips/${id}/verify`,
      payload: {
        outcome: 'founded',
        grade: 'general_hazard',
        note: '现场核实属实',
        hazard: { objectType: 'venue', objectId: venueId },
      },
    });
    expect(v.statusCode, v.body).toBe(200);
    const tip = v.json();
    expect(tip).toMatchObject({
      status: 'verified',
      outcome: 'founded',
      rewardStatus: 'proposed',
      rewardAmount: 200,
      alreadyInLedger: false,
    });
    const hazard = (await housing({ method: 'GET', url: `/api/v1/hazards/${tip.hazardId}` })).json();
    expect(hazard).toMatchObject({ source: 'tip', objectId: venueId, status: 'open' });
    expect((await track(code)).reward).toEqual({ status: 'proposed', amount: null });
    // Only the office approves and pays.
    expect((await housing({ method: 'POST', url: `/api/v1/tips/${id}/reward/approve`, payload: {} })).statusCode).toBe(
      403,
    );
    const closed = await housing({
      method: 'POST',
      url: `/api/v1/tips/${id}/close`,
      payload: { answer: '经核查属实，已责令整改。' },
    });
    expect(closed.json().status).toBe('closed');
    expect(
      (await office({ method: 'POST', url: `/api/v1/tips/${id}/reward/pay`, payload: { paymentRef: 'x' } })).json()
        .error.code,
    ).toBe('tips.reward_transition_not_allowed');
    // A general hazard's reward is at most the fixed amount (200 yuan): a larger one is refused, nothing changes.
    expect(
      (await office({ method: 'POST', url: `/api/v1/tips/${id}/reward/approve`, payload: { amount: 300_000 } })).json()
        .error,
    ).toMatchObject({ code: 'tips.reward_out_of_tier', details: { field: 'amount', min: 0, max: 200 } });
    expect(
      (await office({ method: 'POST', url: `/api/v1/tips/${id}/reward/approve`, payload: {} })).json().rewardStatus,
    ).toBe('approved');
    expect(await track(code)).toMatchObject({
      status: 'closed',
      answer: '经核查属实，已责令整改。',
      reward: { status: 'approved', amount: 200 },
    });
    const paid = await office({
      method: 'POST',
      url: `/api/v1/tips/${id}/reward/pay`,
      payload: { paymentRef: '财政支付凭证001' },
    });
    expect(paid.json()).toMatchObject({ rewardStatus: 'paid', rewardPaymentRef: '财政支付凭证001' });
    const pub = await track(code);
    expect(pub.reward).toEqual({ status: 'paid', amount: 200 });
    expect(JSON.stringify(pub)).not.toContain('王先生');
    expect(JSON.stringify(pub)).not.toContain('13700000001');
    expect(paid.json().events.map((e: { event: string }) => e.event)).toEqual([
      'submit',
      'accept',
      'verify',
      'close',
      'reward_approve',
      'reward_pay',
    ]);
    const audit = (await ctx.database.db.execute(
      sql`select action from audit_events where subject_id = ${id} order by seq`,
    )) as unknown as { rows: { action: string }[] };
    expect(audit.rows.map((r) => r.action)).toContain('tip.reward_pay');
  });

  it('no reward when the hazard was already in the ledger or the reporter is the duty holder’s staff; a major hazard earns 15 % of the fine within the tier', async () => {
    const first = await file({ category: 'venue_hazard', description: '饭店无报警器', contactPhone: venueStaffPhone });
    const id1 = await idOf(housing, first);
    await housing({ method: 'POST', url: `/api/v1/tips/${id1}/accept`, payload: {} });
    const v1 = (
      await housing({
        method: 'POST',
        url: `/api/v1/tips/${id1}/verify`,
        payload: {
          outcome: 'founded',
          grade: 'general_hazard',
          note: '属实',
          hazard: { objectType: 'venue', objectId: venueId },
        },
      })
    ).json();
    // The venue already had the open hazard of the previous test, raised before this tip.
    expect(v1).toMatchObject({ insider: true, alreadyInLedger: true, rewardStatus: 'none' });
    const second = await file({ category: 'venue_hazard', description: '饭店使用50公斤气瓶' });
    const id2 = await idOf(housing, second);
    await housing({ method: 'POST', url: `/api/v1/tips/${id2}/accept`, payload: {} });
    const v2 = (
      await housing({
        method: 'POST',
        url: `/api/v1/tips/${id2}/verify`,
        payload: { outcome: 'founded', grade: 'major_hazard', note: '属实', withoutObject: true, fine: 50_000 },
      })
    ).json();
    expect(v2).toMatchObject({ rewardStatus: 'proposed', rewardAmount: 7500 });
    // The office may approve another amount, but only within the grade's tier (3,000 to 300,000 yuan).
    const below = await office({
      method: 'POST',
      url: `/api/v1/tips/${id2}/reward/approve`,
      payload: { amount: 1000 },
    });
    expect(below.statusCode).toBe(400);
    expect(below.json().error).toMatchObject({
      code: 'tips.reward_out_of_tier',
      details: { field: 'amount', min: 3000, max: 300_000 },
    });
    const within = await office({
      method: 'POST',
      url: `/api/v1/tips/${id2}/reward/approve`,
      payload: { amount: 9000 },
    });
    expect(within.json()).toMatchObject({ rewardStatus: 'approved', rewardAmount: 9000 });
    const small = await file({ category: 'venue_hazard', description: '饭店使用50公斤气瓶2' });
    const id3 = await idOf(housing, small);
    await housing({ method: 'POST', url: `/api/v1/tips/${id3}/accept`, payload: {} });
    const v3 = (
      await housing({
        method: 'POST',
        url: `/api/v1/tips/${id3}/verify`,
        payload: { outcome: 'founded', grade: 'illegal_operation', note: '属实', withoutObject: true, fine: 1000 },
      })
    ).json();
    expect(v3.rewardAmount).toBe(3000);
    const unfounded = await file({ category: 'venue_hazard', description: '不属实的举报' });
    const id4 = await idOf(housing, unfounded);
    await housing({ method: 'POST', url: `/api/v1/tips/${id4}/accept`, payload: {} });
    const v4 = (
      await housing({
        method: 'POST',
        url: `/api/v1/tips/${id4}/verify`,
        payload: { outcome: 'unfounded', note: '现场无此情况' },
      })
    ).json();
    expect(v4).toMatchObject({ rewardStatus: 'none', rewardRefusal: 'not_founded' });
  });

  it('shows nearby tips of the same category as possible duplicates and merges the later one into the first', async () => {
    const a = await file({ category: 'bad_gas', description: '某站气不足', lng: 108.841, lat: 38.6 });
    const b = await file({ category: 'bad_gas', description: '同一站气质差', lng: 108.8415, lat: 38.6005 });
    const ida = await idOf(market, a);
    const idb = await idOf(market, b);
    const detail = (await market({ method: 'GET', url: `/api/v1/tips/${idb}` })).json();
    expect(detail.duplicates.map((d: { id: string }) => d.id)).toContain(ida);
    const wrong = await market({ method: 'POST', url: `/api/v1/tips/${ida}/merge`, payload: { intoTipId: idb } });
    expect(wrong.json().error).toMatchObject({ code: 'tips.merge_target_invalid', details: { field: 'intoTipId' } });
    const merged = await market({ method: 'POST', url: `/api/v1/tips/${idb}/merge`, payload: { intoTipId: ida } });
    expect(merged.json()).toMatchObject({ status: 'merged', duplicateOfTipId: ida });
    expect(await track(b)).toMatchObject({ status: 'closed', reward: null });
    expect((await track(b)).answer).toContain('合并');
  });

  it('the office edits routing and reward tiers; a department may not', async () => {
    const current = (await housing({ method: 'GET', url: '/api/v1/tips/settings' })).json();
    expect(current.routing.black_cylinder).toBe('public_security');
    expect((await housing({ method: 'PUT', url: '/api/v1/tips/settings', payload: current })).statusCode).toBe(403);
    const bad = await office({
      method: 'PUT',
      url: '/api/v1/tips/settings',
      payload: { ...current, routing: { ...current.routing, other: 'nobody' } },
    });
    expect(bad.json().error).toMatchObject({ code: 'tips.routing_invalid', details: { field: 'routing.other' } });
    const next = {
      ...current,
      routing: { ...current.routing, other: 'housing' },
      rewardTiers: { ...current.rewardTiers, general_hazard: { fixed: 500 } },
    };
    expect(
      (await office({ method: 'PUT', url: '/api/v1/tips/settings', payload: next })).json().rewardTiers.general_hazard
        .fixed,
    ).toBe(500);
    const code = await file({ category: 'other', description: '其他问题' });
    expect(
      (await housing({ method: 'GET', url: `/api/v1/tips/${await idOf(housing, code)}` })).json().departmentName,
    ).toBe('住建局');
    expect((await regionByCode(ctx.database.db, '150626100')).name).toBe('嘎鲁图镇');
  });

  it('staff read the tip’s photos; nobody else does', async () => {
    const up = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/public/tips/photos',
        ...multipartFile('p.png', PNG_BYTES, 'image/png'),
      })
    ).json();
    const code = await file({ category: 'venue_hazard', description: '有照片', photoIds: [up.id] });
    await idOf(housing, code);
    expect((await housing({ method: 'GET', url: `/api/v1/files/${up.id}` })).statusCode).toBe(200);
    expect((await market({ method: 'GET', url: `/api/v1/files/${up.id}` })).statusCode).toBe(404);
    // A photo belongs to one tip.
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips',
      payload: { category: 'other', description: 'x', address: 'y', photoIds: [up.id] },
    });
    expect(again.json().error.code).toBe('tips.photo_not_found');
  });
});
