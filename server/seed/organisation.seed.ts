import { campaignSeed, departmentSeeds, planTaskSeeds, regionSeeds } from '../../domain/plan/plan-data.ts';
import type { Db } from '../db/client.ts';
import { systemActor } from '../platform/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { createOrganisationRepository } from '../modules/organisation/index.ts';

/**
 * Loads the plan's organisation: the banner and its townships, the leading group, office and
 * member departments, the campaign with its phases and the plan's numbered tasks. Idempotent:
 * it does nothing when the banner is already there.
 */
export async function seedOrganisation(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    const repo = createOrganisationRepository({ db: tx });
    if (await repo.getRegionByCode({ code: regionSeeds[0]!.code })) return false;

    const regionIds = new Map<string, { id: string; path: string }>();
    for (const r of regionSeeds) {
      const parent = r.parentCode ? regionIds.get(r.parentCode) : undefined;
      const path = `${parent?.path ?? ''}${r.code}/`;
      const row = await repo.insertRegion({
        code: r.code,
        name: r.name,
        nameEn: r.nameEn,
        level: r.level,
        parentId: parent?.id ?? null,
        path,
      });
      regionIds.set(r.code, { id: row.id, path });
    }
    const banner = regionIds.get(regionSeeds[0]!.code)!;

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
      details: { regions: regionSeeds.length, departments: departmentSeeds.length, tasks: planTaskSeeds.length },
    });
    return true;
  });
}
