import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { addDays, chinaToday } from '../../domain/dates.ts';
import { withCheckChar } from '../../domain/registry/credit-code.ts';
import { searchTokens } from '../../domain/registry/registry.ts';
import type { Db } from '../db/client.ts';
import { regionsTable } from '../modules/organisation/organisation.table.ts';
import { gasConversionsTable, publicityActivitiesTable } from '../modules/publicity/index.ts';
import { enterprisesTable, pipelineSegmentsTable } from '../modules/registry/registry.table.ts';
import { createWorksService, worksTable, worksVisitsTable } from '../modules/works/index.ts';
import { systemActor } from '../platform/access.ts';

const M = 1 / 111_195;

const builders = [
  { org: 'MA0W0B0L1', name: '鄂尔多斯市鑫达市政工程有限公司', address: '嘎鲁图镇萨拉乌苏大街 18 号' },
  { org: 'MA0W0B0L2', name: '乌审旗宏远建筑安装有限责任公司', address: '嘎鲁图镇统万城大街 56 号' },
];

/**
 * The third-party works, publicity and conversions demo (issue 16): two builders of the register; three works near
 * the demo network's segments — one with its agreement and guardian visits, one started without an agreement (which
 * raises its hazard against the builder through the same rule as the web), one not yet started; publicity activities
 * and conversions in several townships. Idempotent: nothing is added when works are on file.
 */
export async function seedDemoWorks(db: Db, today: string = chinaToday()) {
  const [any] = await db.select({ id: worksTable.id }).from(worksTable).limit(1);
  if (any) return { works: 0, activities: 0, conversions: 0 };
  const segments = await db
    .select({
      id: pipelineSegmentsTable.id,
      geometry: pipelineSegmentsTable.geometry,
      regionId: pipelineSegmentsTable.regionId,
      ownerEnterpriseId: pipelineSegmentsTable.ownerEnterpriseId,
    })
    .from(pipelineSegmentsTable)
    .where(
      and(
        isNotNull(pipelineSegmentsTable.geometry),
        isNotNull(pipelineSegmentsTable.ownerEnterpriseId),
        isNull(pipelineSegmentsTable.archivedAt),
      ),
    )
    .orderBy(asc(pipelineSegmentsTable.code))
    .limit(40);
  const usable = segments.filter((s) => (s.geometry?.length ?? 0) >= 2);
  if (usable.length < 3) return { works: 0, activities: 0, conversions: 0 };
  const [galutu] = await db.select().from(regionsTable).where(eq(regionsTable.code, '150626100'));
  if (!galutu) return { works: 0, activities: 0, conversions: 0 };

  const builderIds: string[] = [];
  for (const b of builders) {
    const creditCode = withCheckChar(`91150626${b.org}`);
    let [row] = await db
      .select({ id: enterprisesTable.id })
      .from(enterprisesTable)
      .where(eq(enterprisesTable.creditCode, creditCode));
    if (!row)
      [row] = await db
        .insert(enterprisesTable)
        .values({
          name: b.name,
          kind: 'builder',
          creditCode,
          regionId: galutu.id,
          address: b.address,
          contactPhone: '0477-7512345',
          searchTokens: searchTokens(b.name, creditCode, b.address),
        })
        .returning({ id: enterprisesTable.id });
    builderIds.push(row!.id);
  }

  /** A point 2 m beside the middle of a segment's first stretch. */
  const beside = (g: [number, number][]): [number, number] => {
    const [a, b] = [g[0]!, g[1]!];
    return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + 2 * M];
  };
  const works = createWorksService({ db, today: () => today });
  const [s1, s2, s3] = [usable[0]!, usable[Math.floor(usable.length / 2)]!, usable.at(-1)!];
  const signed = await works.create({
    actor: systemActor,
    name: '萨拉乌苏大街雨污分流管网改造工程',
    kind: 'excavation',
    builderEnterpriseId: builderIds[0]!,
    regionId: s1.regionId,
    address: '萨拉乌苏大街与统万城大街交叉口东侧',
    place: { type: 'point', point: beside(s1.geometry!) },
    segmentIds: [],
    startOn: addDays(today, -20),
    endOn: addDays(today, 40),
    agreementSigned: true,
    agreementOn: addDays(today, -25),
    guardianName: '高建军',
    guardianPhone: '13847701234',
    siteContact: '刘工',
    siteContactPhone: '13947705678',
    note: '开挖前已人工探沟确认管位',
  });
  const [c1, c2] = [beside(s2.geometry!), s2.geometry![1]!];
  await works.create({
    actor: systemActor,
    name: '小区供热管网检修开挖',
    kind: 'utility',
    builderEnterpriseId: builderIds[1]!,
    regionId: s2.regionId,
    address: '团结社区 3 号楼北侧',
    place: {
      type: 'polygon',
      ring: [
        [c1[0] - 0.0001, c1[1] - 3 * M],
        [c1[0] + 0.0001, c1[1] - 3 * M],
        [c1[0] + 0.0001, c1[1] + 6 * M],
        [c1[0] - 0.0001, c1[1] + 6 * M],
      ],
    },
    segmentIds: [],
    startOn: addDays(today, -3),
    endOn: addDays(today, 10),
    agreementSigned: false,
    siteContact: '王队长',
    siteContactPhone: '13704771122',
    note: `现场位于 ${c2[0].toFixed(4)},${c2[1].toFixed(4)} 附近`,
  });
  await works.create({
    actor: systemActor,
    name: '通信光缆顶管穿越工程',
    kind: 'utility',
    builderEnterpriseId: builderIds[0]!,
    regionId: s3.regionId,
    address: '统万城大街南段',
    place: { type: 'point', point: beside(s3.geometry!) },
    segmentIds: [],
    startOn: addDays(today, 7),
    endOn: addDays(today, 30),
    agreementSigned: false,
  });
  if (s1.ownerEnterpriseId)
    await db.insert(worksVisitsTable).values(
      [-18, -11, -4].map((d, i) => ({
        worksId: signed.id,
        enterpriseId: s1.ownerEnterpriseId!,
        visitedOn: addDays(today, d),
        guardianName: '高建军',
        measuresInPlace: i !== 1,
        note: i === 1 ? '开挖边线距管道不足 1 米，已要求改为人工开挖' : '警示带、标志桩齐全',
      })),
    );

  // Publicity and conversions in the townships.
  const townships = await db
    .select({ id: regionsTable.id, name: regionsTable.name })
    .from(regionsTable)
    .where(eq(regionsTable.level, 'township'))
    .orderBy(asc(regionsTable.code));
  const kinds = ['street_stand', 'door_to_door', 'lecture', 'school', 'media', 'drill'] as const;
  const activities = townships.flatMap((t, i) =>
    [0, 1].map((k) => ({
      kind: kinds[(i + k * 3) % kinds.length]!,
      title: k === 0 ? '燃气安全宣传进社区、进餐饮场所' : '“安全用气 平安万家”主题宣传',
      heldOn: addDays(today, -(5 + i * 7 + k * 20)),
      place: `${t.name}${k === 0 ? '文化广场' : '便民服务中心'}`,
      regionId: t.id,
      audienceCount: 60 + ((i * 37 + k * 53) % 140),
      leafletCount: 150 + ((i * 71 + k * 29) % 300),
      materials: '展板、《燃气安全使用手册》、安全用气明白纸',
    })),
  );
  if (activities.length) await db.insert(publicityActivitiesTable).values(activities);
  const conversions = townships.slice(0, 4).flatMap((t, i) => [
    {
      kind: 'bottle_to_pipe' as const,
      target: 'household' as const,
      regionId: t.id,
      count: 30 + i * 12,
      completedOn: addDays(today, -(10 + i * 9)),
      place: `${t.name}集中居住区`,
    },
    {
      kind: (i % 2 === 0 ? 'bottle_to_pipe' : 'gas_to_electric') as 'bottle_to_pipe' | 'gas_to_electric',
      target: 'business' as const,
      regionId: t.id,
      count: 3 + i,
      completedOn: addDays(today, -(15 + i * 6)),
      place: `${t.name}餐饮街`,
    },
  ]);
  if (conversions.length) await db.insert(gasConversionsTable).values(conversions);
  return { works: 3, activities: activities.length, conversions: conversions.length };
}
