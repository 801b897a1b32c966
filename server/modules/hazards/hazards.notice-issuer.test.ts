import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, departmentByCode, regionByCode } from '../../../test/factories.ts';
import { buildHazard, buildSignedInspection } from '../../../test/hazard-factories.ts';
import { buildEnterprise, buildVenue } from '../../../test/registry-factories.ts';
import { inspectionsTable } from '../inspections/inspections.table.ts';
import { hazardsTable } from './hazards.table.ts';

type Send = Awaited<ReturnType<typeof login>>;

/** Issue 10, 13: a rectification document is in the name and form of whoever may issue it, dated in Beijing time. */
describe('hazards: documents in the right authority’s name', () => {
  let ctx: TestContext;
  let admin: Send;
  let tuke: Send;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await login(ctx.app, (await buildUser(ctx.database.db, 'office_admin', 'global')).username, TEST_PASSWORD);
    tuke = await login(
      ctx.app,
      (await buildUser(ctx.database.db, 'township_officer', { region: '150626102' })).username,
      TEST_PASSWORD,
    );
  });
  afterAll(() => ctx.close());

  /** A signed inspection of a venue with one failed item, its hazard, and whatever the inspection's kind says. */
  async function inspected(set: Partial<typeof inspectionsTable.$inferInsert>, itemId = 'venue.detector') {
    const db = ctx.database.db;
    const venue = await buildVenue(db);
    const inspection = await buildSignedInspection(db, {
      object: { type: 'venue', id: venue.id, regionId: venue.regionId, kind: 'restaurant', name: venue.name },
      day: '2024-03-01',
      results: { [itemId]: 'fail' },
      signerName: '王检查',
    });
    await db.update(inspectionsTable).set(set).where(eq(inspectionsTable.id, inspection.id));
    await buildHazard(db, {
      objectId: venue.id,
      itemId,
      sourceInspectionId: inspection.id,
      source: 'inspection',
      description: '未安装可燃气体报警器',
    });
    const res = await admin({ method: 'GET', url: `/api/v1/inspections/${inspection.id}/notice` });
    expect(res.statusCode, res.body).toBe(200);
    return { notice: res.json(), inspection };
  }

  it('an operator’s household inspection: the operator’s own written notice, ordering nothing', async () => {
    const operator = await buildEnterprise(ctx.database.db, {
      kind: 'pipeline_operator',
      name: '乌审旗天然气有限公司',
    });
    const { notice } = await inspected({ kind: 'household', inspectingEnterpriseId: operator.id });
    expect(notice).toMatchObject({
      form: 'operator_written_notice',
      title: '燃气安全隐患书面告知书',
      issuer: '乌审旗天然气有限公司',
      orders: false,
    });
    expect(notice.demand).toContain('第十七条');
    expect(notice.demand).not.toContain('责令');
  });

  it('prints signature times in Beijing time', async () => {
    const { notice } = await inspected({ kind: 'department' });
    // Signed at 10:00 China time (02:00 UTC).
    expect(notice.signers).toEqual([
      expect.objectContaining({ name: '王检查', signedAtText: '2024-03-01 10:00:00（北京时间）' }),
    ]);
  });

  it('a department’s order in its own name, in the form the item’s basis calls for: fire, special equipment, gas authority, work safety', async () => {
    const db = ctx.database.db;
    const cases = [
      ['fire_rescue', 'venue.fire_equipment', 'fire_order', '消防法'],
      ['market_regulation', 'filling.operators_uncertified', 'special_equipment_directive', '特种设备安全法'],
      ['housing', 'venue.supply_contract', 'gas_authority_order', '城镇燃气管理条例'],
      ['emergency', 'venue.detector', 'work_safety_order', '安全生产法'],
      // Per item, not per department: a detector (安全生产法 art. 36) is no special-equipment matter, so market
      // regulation orders it under 安全生产法; and housing too.
      ['market_regulation', 'venue.detector', 'work_safety_order', '安全生产法'],
      ['housing', 'venue.detector', 'work_safety_order', '安全生产法'],
      // A department orders only in forms it may issue: fire and rescue keeps to 消防 documents.
      ['fire_rescue', 'venue.detector', 'fire_order', '消防法'],
    ] as const;
    for (const [code, itemId, form, law] of cases) {
      const dept = await departmentByCode(db, code);
      const { notice } = await inspected({ kind: 'department', departmentIds: [dept.id] }, itemId);
      expect(notice, `${code} ${itemId}`).toMatchObject({ form, issuer: dept.name, orders: true });
      expect(notice.demand, code).toContain(law);
      expect(notice.demand, code).toContain('责令');
    }
    const joint = await inspected({
      kind: 'joint',
      departmentIds: [(await departmentByCode(db, 'housing')).id, (await departmentByCode(db, 'fire_rescue')).id],
    });
    expect(joint.notice).toMatchObject({ form: 'joint_notice', orders: true });
    expect(joint.notice.issuer).toContain('、');
  });

  it('a township team’s notice in the township government’s name, ordering nothing', async () => {
    const galutu = await regionByCode(ctx.database.db, '150626100');
    const { notice } = await inspected({ kind: 'department', departmentIds: [], inspectingRegionId: galutu.id });
    expect(notice).toMatchObject({ form: 'township_notice', issuer: '嘎鲁图镇人民政府', orders: false });
    expect(notice.demand).not.toContain('责令');
  });

  it('a hand-entered hazard with no department: the campaign office’s 督办 notice, ordering nothing; 404 out of scope', async () => {
    const db = ctx.database.db;
    const h = await buildHazard(db, { departmentId: null, itemId: 'venue.detector', description: '未装报警器' });
    const res = await admin({ method: 'GET', url: `/api/v1/hazards/${h.id}/notice` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ form: 'office_supervision_notice', orders: false });
    expect(res.json().demand).not.toContain('责令');
    const dept = await departmentByCode(db, 'housing');
    await db.update(hazardsTable).set({ departmentId: dept.id }).where(eq(hazardsTable.id, h.id));
    // The detector item's basis is 安全生产法 art. 36: housing orders it in the work-safety form.
    expect((await admin({ method: 'GET', url: `/api/v1/hazards/${h.id}/notice` })).json()).toMatchObject({
      form: 'work_safety_order',
      issuer: dept.name,
    });
    expect((await tuke({ method: 'GET', url: `/api/v1/hazards/${h.id}/notice` })).statusCode).toBe(404);
    // The PDF carries the issuer as its author.
    const pdf = await admin({ method: 'GET', url: `/api/v1/hazards/${h.id}/notice.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdfInfo(pdf.rawPayload, 'Author')).toBe(dept.name);
  });
});

/** A PDF info entry (pdfkit writes it as a literal UTF-16BE string with a BOM, in an object of its own). */
function pdfInfo(pdf: Buffer, key: string): string | null {
  const text = pdf.toString('latin1');
  const ref = text.match(new RegExp(`/${key} (\\d+) 0 R`));
  if (!ref) return null;
  const obj = text.match(new RegExp(`\\n${ref[1]} 0 obj\\n\\(([\\s\\S]*?)\\)\\nendobj`));
  if (!obj) return null;
  const bytes: number[] = [];
  const raw = obj[1]!;
  for (let i = 0; i < raw.length; i++) {
    let c = raw.charCodeAt(i);
    if (raw[i] === '\\') {
      const next = raw[++i]!;
      const map: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
      if (/[0-7]/.test(next)) {
        let oct = next;
        while (oct.length < 3 && /[0-7]/.test(raw[i + 1] ?? '')) oct += raw[++i];
        c = Number.parseInt(oct, 8);
      } else c = map[next] ?? next.charCodeAt(0);
    }
    bytes.push(c);
  }
  const buf = Buffer.from(bytes);
  if (buf[0] !== 0xfe || buf[1] !== 0xff) return buf.toString('latin1');
  return buf.subarray(2).swap16().toString('utf16le');
}
