import { eq, inArray, sql } from 'drizzle-orm';
import { addDays, chinaToday } from '../../domain/dates.ts';
import type { CaseMeasure } from '../modules/enforcement/index.ts';
import type { Db } from '../db/client.ts';
import { systemActor } from '../platform/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import {
  blackSitesTable,
  blacklistEntriesTable,
  enforcementCasesTable,
  enforcementCountersTable,
  referralsTable,
} from '../modules/enforcement/index.ts';
import { departmentsTable, regionsTable } from '../modules/organisation/index.ts';
import { enterprisesTable, venuesTable } from '../modules/registry/index.ts';
import { DEMO_IDS } from './demo-ids.ts';

/**
 * Enforcement's demo (issue 14), small: three cases (two decided and published as typical cases, one
 * open against the demo restaurant), two referrals (one past its deadline, so overdue for both
 * departments), a blacklisted filling enterprise and a black site struck jointly. Places and
 * departments are found by name and code of the organisation, dates relative to today. Idempotent.
 */
export async function seedDemoEnforcement(db: Db, { today = chinaToday() }: { today?: string } = {}) {
  return db.transaction(async (tx) => {
    const [any] = await tx.select({ id: enforcementCasesTable.id }).from(enforcementCasesTable).limit(1);
    if (any) return { cases: 0 };
    const depts = await tx
      .select()
      .from(departmentsTable)
      .where(inArray(departmentsTable.code, ['market_regulation', 'housing', 'public_security']));
    const dept = (code: string) => depts.find((d) => d.code === code);
    const market = dept('market_regulation');
    const housing = dept('housing');
    const police = dept('public_security');
    const [galutu] = await tx.select().from(regionsTable).where(eq(regionsTable.name, '嘎鲁图镇'));
    const [filler] = await tx
      .select()
      .from(enterprisesTable)
      .where(eq(enterprisesTable.name, '乌审召镇祥和液化气充装站有限公司'));
    const [restaurant] = await tx.select().from(venuesTable).where(eq(venuesTable.id, DEMO_IDS.restaurant));
    if (!market || !housing || !police || !galutu || !filler || !restaurant) return { cases: 0 };

    const year = today.slice(0, 4);
    const counters = new Map<string, number>();
    const number = (d: { id: string; shortName: string }, kind: '立' | '责改' | '罚') => {
      const key = `${d.id}:${kind}:${year}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      return `乌${d.shortName.replace(/局|委|大队$/g, '')}${kind}〔${year}〕${n}号`;
    };
    const published = new Date(`${addDays(today, -5)}T10:00:00+08:00`);
    const fillerMeasures: CaseMeasure[] = [
      { type: 'order_to_correct', dueDate: addDays(today, -20), note: '停止为非自有气瓶充装，建立充装记录' },
      { type: 'fine', amount: 50_000 },
    ];
    const blackMeasures: CaseMeasure[] = [
      { type: 'confiscation', amount: 8_000, note: '没收违法所得及非法充装设备' },
      { type: 'transfer_police', note: '涉嫌非法经营罪' },
    ];
    const cases = await tx
      .insert(enforcementCasesTable)
      .values([
        {
          number: number(market, '立'),
          departmentId: market.id,
          regionId: filler.regionId,
          subjectType: 'enterprise',
          subjectId: filler.id,
          subjectName: filler.name,
          enterpriseId: filler.id,
          source: 'manual',
          facts: '该公司充装站为非自有产权气瓶充装液化石油气 46 只，未建立充装前检查记录。',
          legalBasis: ['gas_reg_18', 'special_eq_cylinder'],
          status: 'closed',
          measures: fillerMeasures,
          decision: '责令限期改正，并处罚款人民币伍万元整。',
          fineTotal: 50_000,
          correctionOrderNumber: number(market, '责改'),
          penaltyDecisionNumber: number(market, '罚'),
          openedOn: addDays(today, -45),
          decidedOn: addDays(today, -30),
          closedOn: addDays(today, -10),
          closingNote: '已缴纳罚款，整改复查合格。',
          typicalSummary:
            '乌审召镇某液化气充装站为非自有产权气瓶充装液化石油气，市场监管部门依据《城镇燃气管理条例》责令其限期改正，并处罚款 5 万元。',
          publishedAt: published,
        },
        {
          number: number(police, '立'),
          departmentId: police.id,
          regionId: galutu.id,
          subjectType: 'person',
          subjectName: '郝某',
          source: 'manual',
          facts: '郝某在嘎鲁图镇某村废弃院落内私设充装点，使用无码气瓶倒灌液化石油气并对外销售。',
          legalBasis: ['gas_reg_licence', 'criminal_law'],
          status: 'decided',
          measures: blackMeasures,
          decision: '没收违法所得及非法充装设备，移送公安机关依法追究刑事责任。',
          fineTotal: 0,
          penaltyDecisionNumber: number(police, '罚'),
          openedOn: addDays(today, -12),
          decidedOn: addDays(today, -8),
          typicalSummary:
            '嘎鲁图镇一处“黑窝点”私自倒灌液化石油气，经群众举报，公安、市场监管等部门联合查处，查扣气瓶 36 只，当事人被移送追究刑事责任。',
          publishedAt: new Date(`${addDays(today, -3)}T10:00:00+08:00`),
        },
        {
          number: number(housing, '立'),
          departmentId: housing.id,
          regionId: restaurant.regionId,
          subjectType: 'venue',
          subjectId: restaurant.id,
          subjectName: restaurant.name,
          source: 'manual',
          facts: '该饭店厨房使用橡胶软管连接液化气瓶，未安装可燃气体报警装置。',
          legalBasis: ['safety_law_36', 'gas_reg_user'],
          openedOn: addDays(today, -6),
        },
      ])
      .returning();
    for (const [key, value] of counters)
      await tx
        .insert(enforcementCountersTable)
        .values({ key, value })
        .onConflictDoUpdate({
          target: enforcementCountersTable.key,
          set: { value: sql`greatest(${enforcementCountersTable.value}, ${value})` },
        });

    await tx.insert(referralsTable).values([
      {
        fromDepartmentId: housing.id,
        toDepartmentId: market.id,
        departmentIds: [housing.id, market.id],
        regionId: restaurant.regionId,
        caseId: cases[2]!.id,
        subject: '饭店使用不合格燃气软管，请追溯销售者和生产者',
        content: '排查中发现该饭店使用的橡胶软管无生产厂家标识，店主称购自嘎鲁图镇某五金店，请依法追溯查处。',
        deadline: addDays(today, -3),
        status: 'received',
        receivedAt: new Date(`${addDays(today, -5)}T09:30:00+08:00`),
        overdueFlaggedAt: new Date(`${addDays(today, -2)}T00:15:00+08:00`),
      },
      {
        fromDepartmentId: market.id,
        toDiscipline: '乌审旗纪委监委',
        departmentIds: [market.id],
        regionId: filler.regionId,
        caseId: cases[0]!.id,
        subject: '充装站违规充装问题中相关监管人员履职情况',
        content: '该充装站长期违规充装，请核查属地相关监管人员是否存在失职失责问题。',
        deadline: addDays(today, -15),
        status: 'answered',
        receivedAt: new Date(`${addDays(today, -28)}T09:00:00+08:00`),
        answeredAt: new Date(`${addDays(today, -16)}T16:00:00+08:00`),
        answer: '经核查，已对相关人员进行提醒谈话。',
      },
    ]);

    await tx.insert(blacklistEntriesTable).values({
      subjectType: 'enterprise',
      enterpriseId: filler.id,
      subjectName: filler.name,
      basis: '为非自有产权气瓶充装，经行政处罚后列入燃气行业失信联合惩戒名单',
      caseId: cases[0]!.id,
      departmentId: market.id,
      regionId: filler.regionId,
      startsOn: addDays(today, -10),
      endsOn: addDays(today, 355),
    });

    await tx.insert(blackSitesTable).values({
      origin: 'found',
      address: '嘎鲁图镇某村废弃院落',
      lng: 108.83,
      lat: 38.61,
      regionId: galutu.id,
      departmentIds: [police.id, market.id],
      description: '院内私设充装点，堆放无码液化气瓶，夜间对外倒灌销售。',
      status: 'struck',
      struckOn: addDays(today, -12),
      strikeNote: '公安、市场监管联合查处，现场查扣气瓶和充装设备。',
      seizedCylinders: 36,
      caseId: cases[1]!.id,
    });

    await recordAudit(tx, {
      actor: systemActor,
      action: 'seed.demo_enforcement',
      subject: { type: 'enforcement_case', id: null },
      regionId: null,
      details: { cases: cases.length },
    });
    return { cases: cases.length };
  });
}
