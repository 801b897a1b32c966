import type { RoleCode } from '../../domain/access/roles.ts';
import type { Db } from '../db/client.ts';
import { systemActor } from '../platform/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { recordDemoLoaded } from '../platform/installation/index.ts';
import { createOrganisationRepository } from '../modules/organisation/index.ts';
import { hashPassword } from '../modules/auth/index.ts';
import { createUsersRepository } from '../modules/users/users.repository.ts';
import { seedDemoCylinders } from './demo-cylinders.seed.ts';
import { seedDemoDelivery } from './demo-delivery.seed.ts';
import { seedDemoEnforcement } from './demo-enforcement.seed.ts';
import { seedDemoEnterprises } from './demo-enterprises.seed.ts';
import { seedDemoLedger } from './demo-ledger.seed.ts';
import { seedDemoNetwork } from './demo-network.seed.ts';
import { seedDemoTraining } from './demo-training.seed.ts';
import { seedDemoVenues } from './demo-venues.seed.ts';
import { seedOrganisation } from './organisation.seed.ts';

import { DEMO_IDS, DEMO_PASSWORD } from './demo-ids.ts';

export { DEMO_IDS, DEMO_PASSWORD };

// Fictional communities (社区 / 嘎查) below each township.
const communities: Record<string, string[]> = {
  '150626100': ['苏里格社区', '查汗庙嘎查'],
  '150626101': ['萨如拉社区', '团结社区', '新华社区', '阳光社区'],
  '150626102': ['召镇社区', '巴音敖包嘎查'],
  '150626103': ['图克社区', '梅林庙嘎查'],
  '150626104': ['陶勒盖社区', '巴音温都尔嘎查'],
  '150626105': ['无定河社区', '河南嘎查'],
  '150626106': ['苏力德社区', '沙尔利格嘎查'],
};

type DemoUser = {
  username: string;
  displayName: string;
  role: RoleCode;
  scope:
    | { type: 'global' }
    | { type: 'region'; code: string }
    | { type: 'department'; code: string }
    | { type: 'enterprise'; id: string }
    | { type: 'venue'; id: string };
};

/** One account per role, with scopes that make sense (README lists them). */
export const demoUsers: DemoUser[] = [
  { username: 'admin', displayName: '专班管理员', role: 'office_admin', scope: { type: 'global' } },
  { username: 'leader', displayName: '周副旗长', role: 'leader', scope: { type: 'global' } },
  {
    username: 'galutu',
    displayName: '嘎鲁图镇 王芳',
    role: 'township_officer',
    scope: { type: 'region', code: '150626101' },
  },
  {
    username: 'tuke',
    displayName: '图克镇 李强',
    role: 'township_officer',
    scope: { type: 'region', code: '150626103' },
  },
  {
    username: 'scjg',
    displayName: '市场监管局 张敏',
    role: 'department_officer',
    scope: { type: 'department', code: 'market_regulation' },
  },
  {
    username: 'zjj',
    displayName: '住建局 刘洋',
    role: 'department_officer',
    scope: { type: 'department', code: 'housing' },
  },
  {
    username: 'inspector1',
    displayName: '排查员 赵磊',
    role: 'inspector',
    scope: { type: 'region', code: '150626101' },
  },
  {
    username: 'inspector2',
    displayName: '排查员 孙丽',
    role: 'inspector',
    scope: { type: 'department', code: 'market_regulation' },
  },
  {
    username: 'enterprise1',
    displayName: '瓶装气企业 陈经理',
    role: 'enterprise_manager',
    scope: { type: 'enterprise', id: DEMO_IDS.bottledOperator },
  },
  {
    username: 'venue1',
    displayName: '餐馆 周老板',
    role: 'venue_manager',
    scope: { type: 'venue', id: DEMO_IDS.restaurant },
  },
  {
    username: 'driver1',
    displayName: '送气工 吴师傅',
    role: 'delivery_worker',
    scope: { type: 'enterprise', id: DEMO_IDS.bottledOperator },
  },
];

/**
 * The whole demo: the organisation, communities and accounts, then the register (enterprises,
 * venues, the network, people and vehicles), then the ledger's history (inspections and hazards).
 * Every step is idempotent.
 */
export async function seedDemo(db: Db): Promise<{ users: number }> {
  const accounts = await seedDemoAccounts(db);
  await seedDemoEnterprises(db);
  await seedDemoVenues(db);
  await seedDemoNetwork(db);
  await seedDemoLedger(db);
  await seedDemoCylinders(db);
  await seedDemoDelivery(db);
  await seedDemoTraining(db);
  await seedDemoEnforcement(db);
  return accounts;
}

/** The organisation plus demo communities and accounts. Idempotent: existing accounts are left alone. */
export async function seedDemoAccounts(db: Db): Promise<{ users: number }> {
  await seedOrganisation(db);
  // First: a database holding demo accounts (public password) says so on every page (the 演示数据 banner).
  await recordDemoLoaded(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const org = createOrganisationRepository({ db: tx });
    const users = createUsersRepository({ db: tx });
    for (const [townshipCode, names] of Object.entries(communities)) {
      const township = await org.getRegionByCode({ code: townshipCode });
      if (!township) continue;
      for (const [i, name] of names.entries()) {
        const code = `${townshipCode}${String(i + 1).padStart(3, '0')}`;
        if (await org.getRegionByCode({ code })) continue;
        await org.insertRegion({
          code,
          name,
          level: 'community',
          parentId: township.id,
          path: `${township.path}${code}/`,
        });
      }
    }
    const departments = new Map((await org.listDepartments()).map((d) => [d.code, d.id]));
    let created = 0;
    for (const u of demoUsers) {
      if (await users.usernameExists({ username: u.username })) continue;
      const row = await users.insert({ username: u.username, displayName: u.displayName, passwordHash });
      const s = u.scope;
      const grant = {
        role: u.role,
        scopeType: s.type,
        regionId: s.type === 'region' ? (await org.getRegionByCode({ code: s.code }))!.id : null,
        departmentId: s.type === 'department' ? departments.get(s.code)! : null,
        enterpriseId: s.type === 'enterprise' ? s.id : null,
        venueId: s.type === 'venue' ? s.id : null,
      };
      await users.replaceGrants({ userId: row.id, grants: [grant] });
      created++;
    }
    if (created > 0) {
      await recordAudit(tx, {
        actor: systemActor,
        action: 'seed.demo',
        subject: { type: 'deployment' },
        details: { users: created },
      });
    }
    return { users: created };
  });
}
