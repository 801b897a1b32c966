import type { RoleCode } from '../../domain/access/roles.ts';
import { campaignSeed } from '../../domain/plan/plan-data.ts';
import { chinaToday } from '../../domain/dates.ts';
import type { Db } from '../db/client.ts';
import { systemActor } from '../platform/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { recordDemoLoaded } from '../platform/installation/index.ts';
import { createOrganisationRepository } from '../modules/organisation/index.ts';
import { hashPassword } from '../modules/auth/index.ts';
import { createUsersRepository } from '../modules/users/users.repository.ts';
import { demoCampaignSchedule } from './demo-calendar.ts';
import { seedDemoCylinders } from './demo-cylinders.seed.ts';
import { seedDemoDelivery } from './demo-delivery.seed.ts';
import { seedDemoEnforcement } from './demo-enforcement.seed.ts';
import { seedDemoEnterprises } from './demo-enterprises.seed.ts';
import { seedDemoLedger } from './demo-ledger.seed.ts';
import { seedDemoNetwork } from './demo-network.seed.ts';
import { seedDemoRenewal } from './demo-renewal.seed.ts';
import { seedDemoTraining } from './demo-training.seed.ts';
import { seedDemoWorks } from './demo-works.seed.ts';
import { seedDemoVenues } from './demo-venues.seed.ts';
import { seedOrganisation } from './organisation.seed.ts';

import { DEMO_IDS, DEMO_PASSWORD, DEMO_PERSON_NAMES } from './demo-ids.ts';

export { DEMO_IDS, DEMO_PASSWORD };

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
    scope: { type: 'region', code: '150626100' },
  },
  {
    username: 'tuke',
    displayName: '图克镇 李强',
    role: 'township_officer',
    scope: { type: 'region', code: '150626102' },
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
    displayName: `排查员 ${DEMO_PERSON_NAMES.inspector1}`,
    role: 'inspector',
    scope: { type: 'region', code: '150626100' },
  },
  {
    username: 'inspector2',
    displayName: `排查员 ${DEMO_PERSON_NAMES.inspector2}`,
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
    displayName: `餐馆 ${DEMO_PERSON_NAMES.venue1}`,
    role: 'venue_manager',
    scope: { type: 'venue', id: DEMO_IDS.restaurant },
  },
  {
    username: 'driver1',
    displayName: `送气工 ${DEMO_PERSON_NAMES.driver1}`,
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
  await seedDemoRenewal(db);
  await seedDemoWorks(db);
  await seedDemoEnforcement(db);
  return accounts;
}

/**
 * The demo's campaign runs: its phases are moved from the plan's dates (2023) to the demo calendar
 * (demo-calendar.ts: started a few months before today, the plan's phase lengths). Done once, when
 * the phases still carry the plan's dates, so a demo kept over days keeps the calendar its history
 * was seeded with.
 */
export async function seedDemoCampaignCalendar(db: Db, today: string = chinaToday()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const org = createOrganisationRepository({ db: tx });
    const campaign = (await org.listCampaigns()).find((c) => c.code === campaignSeed.code);
    if (!campaign) return false;
    const phases = await org.phasesOf({ campaignIds: [campaign.id] });
    const planStart = campaignSeed.phases[0]!.startsOn;
    if (phases.find((p) => p.code === 'intensive')?.startsOn !== planStart) return false;
    const schedule = demoCampaignSchedule(today);
    const dates = {
      intensive: [schedule.intensive.startsOn, schedule.intensive.endsOn],
      consolidation: [schedule.consolidation.startsOn, schedule.consolidation.endsOn],
      long_term: [schedule.longTerm.startsOn, null],
    } as const;
    for (const [i, p] of campaignSeed.phases.entries())
      await org.upsertPhase({
        campaignId: campaign.id,
        code: p.code,
        name: p.name,
        nameEn: p.nameEn,
        startsOn: dates[p.code][0],
        endsOn: dates[p.code][1],
        sort: i,
      });
    await recordAudit(tx, {
      actor: systemActor,
      action: 'seed.demo_calendar',
      subject: { type: 'campaign', id: campaign.id },
      regionId: campaign.regionId,
      details: { startsOn: schedule.startsOn, today },
    });
    return true;
  });
}

/** The organisation (with the county's real villages) plus the demo accounts. Idempotent: existing accounts are left alone. */
export async function seedDemoAccounts(db: Db): Promise<{ users: number }> {
  await seedOrganisation(db);
  // First: a database holding demo accounts (public password) says so on every page (the 演示数据 banner).
  await recordDemoLoaded(db);
  await seedDemoCampaignCalendar(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const org = createOrganisationRepository({ db: tx });
    const users = createUsersRepository({ db: tx });
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
