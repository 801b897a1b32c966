import { childLevel } from '../../../domain/organisation/regions.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, regionScope, requirePermission } from '../../platform/access.ts';
import { regionReadScope } from './organisation.access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { forbidden } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import {
  campaignNotFound,
  phaseDatesInvalid,
  regionCodeTaken,
  regionNameTaken,
  regionHasChildren,
  regionNotFound,
  regionParentInvalid,
} from './organisation.errors.ts';
import { createOrganisationRepository } from './organisation.repository.ts';
import type { regionsTable } from './organisation.table.ts';

type RegionRow = typeof regionsTable.$inferSelect;

/**
 * What the actor may do to a region: add below any region in scope; edit or archive only regions
 * strictly below a scoped grant (a township officer manages its communities, not its township).
 */
export function regionAbilities(actor: Actor, region: Pick<RegionRow, 'path' | 'level' | 'archivedAt'>) {
  const scope = regionScope(actor, 'region.manage');
  const within = scope === 'all' || scope.some((p) => region.path.startsWith(p));
  const below = scope === 'all' || scope.some((p) => region.path.startsWith(p) && region.path !== p);
  const live = !region.archivedAt;
  return {
    edit: below && live,
    archive: below && live,
    addChild:
      within &&
      live &&
      childLevel(region.level) !== null &&
      (scope === 'all' || childLevel(region.level) === 'community'),
  };
}

export function presentRegion(actor: Actor, r: RegionRow) {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    nameEn: r.nameEn,
    level: r.level,
    parentId: r.parentId,
    path: r.path,
    archived: r.archivedAt !== null,
    abilities: regionAbilities(actor, r),
  };
}

type PhaseInput = {
  code: 'intensive' | 'consolidation' | 'long_term';
  name: string;
  nameEn?: string | null;
  startsOn: string;
  endsOn: string | null;
};

/** Phases follow each other without overlap; only the last may be open-ended. */
export function phasesInOrder(phases: PhaseInput[]): boolean {
  const sorted = [...phases].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  return sorted.every((p, i) => {
    if (p.endsOn !== null && p.endsOn < p.startsOn) return false;
    if (p.endsOn === null && i !== sorted.length - 1) return false;
    const next = sorted[i + 1];
    return !next || (p.endsOn !== null && p.endsOn < next.startsOn);
  });
}

export function createOrganisationService({ db }: { db: Db }) {
  const repo = createOrganisationRepository({ db });

  async function loadCampaigns() {
    const campaigns = await repo.listCampaigns();
    const phases = await repo.phasesOf({ campaignIds: campaigns.map((c) => c.id) });
    return campaigns.map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      regionId: c.regionId,
      phases: phases
        .filter((p) => p.campaignId === c.id)
        .map((p) => ({
          id: p.id,
          code: p.code,
          name: p.name,
          nameEn: p.nameEn,
          startsOn: p.startsOn,
          endsOn: p.endsOn,
        })),
    }));
  }

  return {
    /** Regions in the actor's scope, ordered as a tree (by path). */
    async listRegions({ actor, q }: { actor: Actor; q?: string }) {
      requirePermission(actor, 'organisation.read');
      const rows = await repo.listRegions({
        scope: regionReadScope(actor),
        q,
      });
      return rows.map((r) => presentRegion(actor, r));
    },

    async getRegion({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'organisation.read');
      const row = await repo.getRegion({ id, scope: regionReadScope(actor) });
      if (!row) throw regionNotFound();
      return presentRegion(actor, row);
    },

    /** Adds a region below a parent in the actor's scope (a community below a township, for a township officer). */
    async createRegion({
      actor,
      parentId,
      code,
      name,
      nameEn,
    }: {
      actor: Actor;
      parentId: string;
      code: string;
      name: string;
      nameEn?: string;
    }) {
      requirePermission(actor, 'region.manage');
      return db.transaction(async (tx) => {
        const r = createOrganisationRepository({ db: tx });
        const parent = await r.getRegion({
          id: parentId,
          scope: regionReadScope(actor),
        });
        if (!parent) throw regionNotFound({ field: 'parentId' });
        if (!regionAbilities(actor, parent).addChild) {
          if (childLevel(parent.level) === null) throw regionParentInvalid({ field: 'parentId' });
          throw forbidden({ permission: 'region.manage' });
        }
        if (await r.getRegionByCode({ code })) throw regionCodeTaken({ field: 'code' });
        if (await r.siblingNamed({ parentId, name })) throw regionNameTaken({ field: 'name' });
        const level = childLevel(parent.level)!;
        let row: RegionRow;
        try {
          row = await r.insertRegion({
            code,
            name,
            nameEn: nameEn ?? null,
            level,
            parentId,
            path: `${parent.path}${code}/`,
          });
        } catch (err) {
          if (isUniqueViolation(err)) throw regionCodeTaken({ field: 'code' });
          throw err;
        }
        await recordAudit(tx, {
          actor,
          action: 'region.create',
          subject: { type: 'region', id: row.id },
          regionId: row.id,
          after: row,
          details: { code, name, level },
        });
        return presentRegion(actor, row);
      });
    },

    async updateRegion({ actor, id, ...changes }: { actor: Actor; id: string; name?: string; nameEn?: string | null }) {
      requirePermission(actor, 'region.manage');
      return db.transaction(async (tx) => {
        const r = createOrganisationRepository({ db: tx });
        const before = await r.getRegion({
          id,
          scope: regionReadScope(actor),
        });
        if (!before) throw regionNotFound();
        if (!regionAbilities(actor, before).edit) throw forbidden({ permission: 'region.manage' });
        if (
          changes.name !== undefined &&
          changes.name !== before.name &&
          (await r.siblingNamed({ parentId: before.parentId, name: changes.name, exceptId: id }))
        )
          throw regionNameTaken({ field: 'name' });
        const after = await r.updateRegion({ id, ...changes });
        await recordAudit(tx, {
          actor,
          action: 'region.update',
          subject: { type: 'region', id },
          regionId: id,
          before,
          after,
          details: { fields: Object.keys(changes) },
        });
        return presentRegion(actor, after);
      });
    },

    /** Archives a region (regions are never deleted: records point at them). */
    async archiveRegion({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'region.manage');
      return db.transaction(async (tx) => {
        const r = createOrganisationRepository({ db: tx });
        const before = await r.getRegion({
          id,
          scope: regionReadScope(actor),
        });
        if (!before) throw regionNotFound();
        if (!regionAbilities(actor, before).archive) throw forbidden({ permission: 'region.manage' });
        if ((await r.countChildren({ id })) > 0) throw regionHasChildren();
        const after = await r.updateRegion({ id, archivedAt: new Date() });
        await recordAudit(tx, {
          actor,
          action: 'region.archive',
          subject: { type: 'region', id },
          regionId: id,
          before,
          after,
        });
        return presentRegion(actor, after);
      });
    },

    async listDepartments({ actor }: { actor: Actor }) {
      requirePermission(actor, 'organisation.read');
      const rows = await repo.listDepartments();
      return rows.map((d) => ({
        id: d.id,
        code: d.code,
        name: d.name,
        shortName: d.shortName,
        nameEn: d.nameEn,
        kind: d.kind,
      }));
    },

    /** The plan's numbered tasks with their lead and supporting departments, in the plan's order. */
    async listTasks({ actor, section }: { actor: Actor; section?: string }) {
      requirePermission(actor, 'organisation.read');
      const tasks = await repo.listTasks({ section });
      const links = await repo.departmentsOfTasks({ taskIds: tasks.map((t) => t.id) });
      const byTask = new Map<string, typeof links>();
      for (const l of links) byTask.set(l.taskId, [...(byTask.get(l.taskId) ?? []), l]);
      return tasks.map((t) => {
        const deps = byTask.get(t.id) ?? [];
        const ref = (d: (typeof deps)[number]) => ({
          id: d.id,
          name: d.name,
          shortName: d.shortName,
          nameEn: d.nameEn,
        });
        return {
          ref: t.ref,
          section: t.section,
          sectionTitle: t.sectionTitle,
          sectionTitleEn: t.sectionTitleEn,
          title: t.title,
          titleEn: t.titleEn,
          text: t.text,
          summaryEn: t.summaryEn,
          townshipsImplement: t.townshipsImplement,
          leadDepartments: deps.filter((d) => d.role === 'lead').map(ref),
          supportDepartments: deps.filter((d) => d.role === 'support').map(ref),
        };
      });
    },

    async listCampaigns({ actor }: { actor: Actor }) {
      requirePermission(actor, 'organisation.read');
      return loadCampaigns();
    },

    /** Edits a campaign's name and phase dates, so another county can run its own campaign. */
    async updateCampaign({
      actor,
      id,
      name,
      nameEn,
      phases,
    }: {
      actor: Actor;
      id: string;
      name?: string;
      nameEn?: string | null;
      phases?: PhaseInput[];
    }) {
      requirePermission(actor, 'campaign.manage');
      if (phases) {
        const codes = new Set(phases.map((p) => p.code));
        if (codes.size !== phases.length || !phasesInOrder(phases)) throw phaseDatesInvalid({ field: 'phases' });
      }
      await db.transaction(async (tx) => {
        const r = createOrganisationRepository({ db: tx });
        const before = await r.getCampaign({ id });
        if (!before) throw campaignNotFound();
        const beforePhases = await r.phasesOf({ campaignIds: [id] });
        if (name !== undefined || nameEn !== undefined) await r.updateCampaign({ id, name, nameEn });
        const order = ['intensive', 'consolidation', 'long_term'];
        for (const p of phases ?? []) {
          await r.upsertPhase({
            campaignId: id,
            code: p.code,
            name: p.name,
            nameEn: p.nameEn ?? null,
            startsOn: p.startsOn,
            endsOn: p.endsOn,
            sort: order.indexOf(p.code),
          });
        }
        await recordAudit(tx, {
          actor,
          action: 'campaign.update',
          subject: { type: 'campaign', id },
          regionId: before.regionId,
          before: { campaign: before, phases: beforePhases },
          after: { name, nameEn, phases },
        });
      });
      const all = await loadCampaigns();
      return all.find((c) => c.id === id)!;
    },

    /** The home page's figures, each counted in the actor's scope. */
    async overview({ actor, usersInScope }: { actor: Actor; usersInScope: () => Promise<number> }) {
      requirePermission(actor, 'overview.read');
      const readsOrg = can(actor, 'organisation.read');
      const [regions, departments, tasks, users, campaigns, taskRows] = await Promise.all([
        readsOrg ? repo.countRegions({ scope: regionReadScope(actor) }) : 0,
        readsOrg ? repo.countDepartments() : 0,
        readsOrg ? repo.countTasks() : 0,
        can(actor, 'user.read') ? usersInScope() : null,
        loadCampaigns(),
        readsOrg ? repo.listTasks({}) : [],
      ]);
      const today = new Date().toISOString().slice(0, 10);
      const campaign = campaigns[0];
      const sections = new Map<
        string,
        { section: string; sectionTitle: string; sectionTitleEn: string | null; count: number }
      >();
      for (const t of taskRows) {
        const s = sections.get(t.section) ?? {
          section: t.section,
          sectionTitle: t.sectionTitle,
          sectionTitleEn: t.sectionTitleEn,
          count: 0,
        };
        s.count++;
        sections.set(t.section, s);
      }
      return {
        regions,
        departments,
        tasks,
        users,
        campaign: campaign
          ? {
              id: campaign.id,
              name: campaign.name,
              nameEn: campaign.nameEn,
              phases: campaign.phases.map(({ id: _id, ...p }) => ({
                ...p,
                current: p.startsOn <= today && (p.endsOn === null || today <= p.endsOn),
              })),
            }
          : null,
        tasksBySection: [...sections.values()],
      };
    },
  };
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;
