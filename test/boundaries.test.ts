import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type SQL, getTableName, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleCode, ScopeType } from '../domain/access/roles.ts';
import type { Database } from '../server/db/client.ts';
import { hazardDescriptor, hazardReadScope, raiseHazard } from '../server/modules/hazards/index.ts';
import { hazardColumns } from '../server/modules/hazards/hazards.access.ts';
import { ledgerDescriptor, ledgerScopeFilter, inspectionsTable } from '../server/modules/inspections/index.ts';
import { regionsTable } from '../server/modules/organisation/index.ts';
import { regionDescriptor, regionReadScope } from '../server/modules/organisation/organisation.access.ts';
import { usersTable } from '../server/modules/users/index.ts';
import {
  grantTargetDescriptor,
  grantTargetInScope,
  userGrantDescriptor,
  userGrantRows,
  usersScope,
  usersWhollyInScope,
} from '../server/modules/users/users.access.ts';
import {
  enterprisesTable,
  loadRegisterObject,
  registryDescriptor,
  registryFilter,
  venuesTable,
} from '../server/modules/registry/index.ts';
import { type Actor, type ActorGrant, buildActor, regionIdFilter, systemActor } from '../server/platform/access.ts';
import { scopeFilter, seesAll } from '../server/platform/scope.ts';
import { regionTreeColumns } from '../server/platform/sql.ts';
import { createTestDatabase } from './db.ts';
import { buildVenue } from './registry-factories.ts';

const dialect = new PgDialect({ casing: 'snake_case' });
const render = (q: SQL) => dialect.sqlToQuery(q);

/** One actor per kind of grant, each holding a role that reads the register, the ledger and the trail. */
function actors(): Actor[] {
  const grant = (role: RoleCode, scopeType: ScopeType, g: Partial<ActorGrant>): ActorGrant => ({
    role,
    scopeType,
    regionId: null,
    regionPath: null,
    departmentId: null,
    departmentCode: null,
    enterpriseId: null,
    venueId: null,
    ...g,
  });
  const id = '00000000-0000-4000-8000-000000000001';
  return [
    grant('township_officer', 'region', { regionId: id, regionPath: '150626/150626100/' }),
    grant('department_officer', 'department', {
      departmentId: id,
      departmentCode: 'market_regulation',
      regionPath: '150626/',
    }),
    grant('department_officer', 'department', {
      departmentId: id,
      departmentCode: 'campaign_office',
      regionPath: '150626/',
    }),
    grant('enterprise_manager', 'enterprise', { enterpriseId: id }),
    grant('venue_manager', 'venue', { venueId: id }),
    // Readers of users and of the region tree: an administrator and a leader of a township.
    grant('office_admin', 'region', { regionId: id, regionPath: '150626/150626100/' }),
    grant('leader', 'region', { regionId: id, regionPath: '150626/150626100/' }),
  ].map((g) => buildActor({ type: 'user', id, name: 'x', grants: [g] }));
}

describe('module boundaries', () => {
  it('every module reads through the one scope engine with the descriptor it declares', () => {
    const i = inspectionsTable;
    const ledgerCols = {
      regionId: i.regionId,
      objectType: i.objectType,
      objectId: i.objectId,
      objectKind: i.objectKind,
      ownerEnterpriseId: i.ownerEnterpriseId,
      departmentIds: i.departmentIds,
      inspectingRegionId: i.inspectingRegionId,
      inspectingEnterpriseId: i.inspectingEnterpriseId,
    };
    const venueCols = {
      regionId: venuesTable.regionId,
      enterpriseId: venuesTable.supplierEnterpriseId,
      venueId: venuesTable.id,
      venueCategory: venuesTable.category,
    };
    const enterpriseCols = {
      regionId: enterprisesTable.regionId,
      enterpriseId: enterprisesTable.id,
      enterpriseKind: enterprisesTable.kind,
    };
    for (const actor of actors()) {
      const pairs: [SQL, SQL][] = [
        [
          ledgerScopeFilter(actor, 'inspection.read', ledgerCols),
          scopeFilter(actor, 'inspection.read', ledgerDescriptor(ledgerCols)),
        ],
        [hazardReadScope(actor), scopeFilter(actor, 'hazard.read', hazardDescriptor(hazardColumns, 'read'))],
        [
          registryFilter(actor, 'registry.read', 'venue', venueCols),
          scopeFilter(actor, 'registry.read', registryDescriptor('venue', venueCols)),
        ],
        [
          registryFilter(actor, 'registry.read', 'enterprise', enterpriseCols),
          scopeFilter(actor, 'registry.read', registryDescriptor('enterprise', enterpriseCols)),
        ],
      ];
      for (const [module, engine] of pairs) expect(render(module)).toEqual(render(engine));
    }
  });

  it('the region tree and the users are scoped by the same engine (a user lies where its grants lie)', () => {
    let sawUsersFilter = false;
    for (const actor of actors()) {
      expect(render(regionReadScope(actor))).toEqual(render(scopeFilter(actor, 'organisation.read', regionDescriptor)));
      // Every user for a global reader; else those with a grant the engine lets the actor see, managed only when
      // the engine lets it see every one of their grants.
      const grantIn = scopeFilter(actor, 'user.read', userGrantDescriptor);
      const read = seesAll(actor, 'user.read')
        ? sql`true`
        : sql`exists (${userGrantRows} where g.user_id = ${usersTable.id} and ${grantIn})`;
      expect(render(usersScope(actor, 'user.read'))).toEqual(render(read));
      const manageIn = scopeFilter(actor, 'user.manage', userGrantDescriptor);
      const manage = seesAll(actor, 'user.manage')
        ? sql`true`
        : sql`(${usersScope(actor, 'user.manage')} and not exists (${userGrantRows} where g.user_id = ${usersTable.id} and not coalesce(${manageIn}, false)))`;
      expect(render(usersWhollyInScope(actor, 'user.manage'))).toEqual(render(manage));
      expect(render(grantTargetInScope(actor))).toEqual(
        render(sql`coalesce(${scopeFilter(actor, 'user.manage', grantTargetDescriptor)}, false)`),
      );
      if (!seesAll(actor, 'user.read') && actor.permissions.has('user.read')) {
        sawUsersFilter = true;
        expect(render(grantIn).sql).toContain('like');
      }
    }
    expect(sawUsersFilter).toBe(true);
  });

  it('the platform names the region tree as the organisation module defines it', () => {
    expect(getTableName(regionsTable)).toBe(regionTreeColumns.table);
    expect(regionsTable.id.name).toBe(regionTreeColumns.id);
    expect(regionsTable.path.name).toBe(regionTreeColumns.path);
  });

  it('the tree itself: modules reach each other only through index.ts, the platform imports no module', () => {
    // Every relative import of every source file (tests may reach further), resolved to a path: exact at any depth,
    // where Biome's patterns (biome.json) are written per folder depth.
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
      );
    const importRe = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm;
    // These read a table of a module whose index.ts depends on theirs (docs/ARCHITECTURE.md, boundaries).
    const readsTables = new Set([
      'server/modules/auth/auth.repository.ts',
      'server/modules/registry/people.repository.ts',
      'server/modules/users/users.access.ts',
      'server/modules/users/users.repository.ts',
      'server/modules/inspections/inspections.repository.ts',
    ]);
    const wrong: string[] = [];
    let crossing = 0;
    for (const root of ['server/modules', 'web/modules', 'server/platform']) {
      for (const file of files(root).filter((f) => !/\.test\.tsx?$/.test(f))) {
        const own = path.relative(root, file).split(path.sep)[0];
        for (const [, spec] of readFileSync(file, 'utf8').matchAll(importRe)) {
          const target = path
            .relative('.', path.resolve(path.dirname(file), spec!))
            .split(path.sep)
            .join('/');
          if (root === 'server/platform') {
            if (target.startsWith('server/modules/')) wrong.push(`${file} → ${target}`);
            continue;
          }
          if (!target.startsWith(`${root}/`)) continue;
          const [other, ...rest] = target.slice(root.length + 1).split('/');
          if (other === own) continue;
          crossing++;
          const inside = rest.join('/');
          const table = /^[\w.-]+\.table\.ts$/.test(inside);
          const ok = file.endsWith('.table.ts')
            ? table
            : inside === 'index.ts' || (table && readsTables.has(file.split(path.sep).join('/')));
          if (!ok) wrong.push(`${file} → ${target}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The walk saw the modules' imports of one another (so an empty list means something).
    expect(crossing).toBeGreaterThan(200);
  });

  it('the spreadsheet and PDF libraries are loaded on first use, never imported at the top of a server file', () => {
    // exceljs and pdfkit are the slowest of the server's dependencies to load, and most processes (each
    // database test file, a command) write no spreadsheet or PDF: server/platform/lazy-libs.ts loads them.
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(path.join(dir, e.name)) : /\.ts$/.test(e.name) ? [path.join(dir, e.name)] : [],
      );
    const valueImport = /^\s*import\s+(?!type\b)[^;]*?\bfrom\s*['"](exceljs|pdfkit)['"]/gm;
    const wrong: string[] = [];
    let typeOnly = 0;
    for (const file of files('server').filter((f) => !f.endsWith('.test.ts'))) {
      const text = readFileSync(file, 'utf8');
      for (const [, lib] of text.matchAll(valueImport)) wrong.push(`${file} → ${lib}`);
      typeOnly += [...text.matchAll(/^\s*import\s+type\s[^;]*?\bfrom\s*['"](?:exceljs|pdfkit)['"]/gm)].length;
    }
    expect(wrong).toEqual([]);
    // The walk saw the files that write spreadsheets (they name the library's types).
    expect(typeOnly).toBeGreaterThan(5);
  });

  it('Biome (biome.json) refuses a platform file importing a module, a module reaching into another (server and web), and a cycle', () => {
    // The repository's own configuration over a few files laid out as the house is.
    const dir = mkdtempSync(path.join(tmpdir(), 'ranan-boundaries-'));
    const files: Record<string, string> = {
      'server/platform/reaches.ts': "import { t } from '../modules/hazards/hazards.table.ts';\nexport const x = t;\n",
      'server/modules/hazards/hazards.table.ts': 'export const t = 1;\n',
      'server/modules/hazards/inside.ts': "import { s } from '../registry/venues.service.ts';\nexport const x = s;\n",
      'server/modules/hazards/allowed.ts':
        "import { s } from '../registry/index.ts';\nimport type { C } from '../../config.ts';\nexport const x: [number, C | null] = [s, null];\n",
      'server/config.ts': 'export type C = string;\n',
      'server/modules/registry/index.ts': "export { s } from './venues.service.ts';\n",
      'server/modules/registry/venues.service.ts': 'export const s = 1;\n',
      'server/modules/registry/registry.table.ts': 'export const v = 1;\n',
      'server/modules/users/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'server/modules/users/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
      // Outside a table file, another module's table comes through its index.ts too.
      'server/modules/tips/tips.repository.ts':
        "import { v } from '../registry/registry.table.ts';\nexport const x = v;\n",
      // A table file references another module's table (a foreign key), never its index.ts (the schema would load services).
      'server/modules/tips/tips.table.ts':
        "import { v } from '../registry/registry.table.ts';\nimport { s } from '../registry/index.ts';\nexport const x = [v, s];\n",
      // The web: a page reaches into another module's component; a component two levels down does; the allowed ways.
      'web/modules/renewal/Page.tsx':
        "import { P } from '../hazards/components/PhotoUpload.tsx';\nimport { Q } from '../hazards/index.ts';\nimport { t } from '../../app/i18n.ts';\nexport const x = [P, Q, t];\n",
      'web/modules/registry/people/Page.tsx':
        "import { P } from '../../hazards/components/PhotoUpload.tsx';\nimport { R } from '../components/Own.tsx';\nimport { Q } from '../../hazards/index.ts';\nexport const x = [P, Q, R];\n",
      'web/modules/registry/components/Own.tsx': 'export const R = 1;\n',
      'web/modules/hazards/components/PhotoUpload.tsx': 'export const P = 1;\n',
      'web/modules/hazards/index.ts': "export { P as Q } from './components/PhotoUpload.tsx';\n",
      'web/app/i18n.ts': 'export const t = 1;\n',
    };
    try {
      copyFileSync('biome.json', path.join(dir, 'biome.json'));
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
      }
      const biome = path.resolve('node_modules/.bin/biome');
      const run = spawnSync(biome, ['lint', '--max-diagnostics=100', '--colors=off', '.'], {
        cwd: dir,
        encoding: 'utf8',
      });
      const found = [...`${run.stdout}${run.stderr}`.matchAll(/^(\S+\.tsx?):\d+:\d+ lint\/\w+\/(\w+)/gm)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
      expect(found.sort()).toEqual([
        'server/modules/hazards/inside.ts noRestrictedImports',
        'server/modules/tips/tips.repository.ts noRestrictedImports',
        'server/modules/tips/tips.table.ts noRestrictedImports',
        'server/modules/users/a.ts noImportCycles',
        'server/modules/users/b.ts noImportCycles',
        'server/platform/reaches.ts noRestrictedImports',
        'web/modules/registry/people/Page.tsx noRestrictedImports',
        'web/modules/renewal/Page.tsx noRestrictedImports',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('foreign keys the schema no longer declares (migration 0011)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase({ organisation: true });
  });
  afterAll(() => database.close());

  it('still hold in the database: files.uploaded_by → users, inspections.follow_up_of_hazard_id → hazards', async () => {
    const result = (await database.db.execute(sql`
      select conname from pg_constraint where contype = 'f'
        and conname in ('files_uploaded_by_users_id_fk', 'inspections_follow_up_of_hazard_id_hazards_id_fk')
      order by conname`)) as unknown as { rows: { conname: string }[] };
    expect(result.rows.map((r) => r.conname)).toEqual([
      'files_uploaded_by_users_id_fk',
      'inspections_follow_up_of_hazard_id_hazards_id_fk',
    ]);
  });

  it("raiseHazard (hazards/index.ts) raises a hazard on a register object in the caller's transaction", async () => {
    const venue = await buildVenue(database.db);
    const hazard = await database.db.transaction((tx) =>
      raiseHazard({
        tx,
        actor: systemActor,
        object: { type: 'venue', id: venue.id },
        source: 'alarm',
        sourceRef: 'ALM-7',
        severity: 'major',
        description: '可燃气体报警',
        interimControl: '关闭阀门',
      }),
    );
    expect(hazard).toMatchObject({
      source: 'alarm',
      sourceRef: 'ALM-7',
      objectKind: venue.category,
      regionId: venue.regionId,
    });
    const audit = (await database.db.execute(
      sql`select action from audit_events where subject_id = ${hazard.id}`,
    )) as unknown as { rows: { action: string }[] };
    expect(audit.rows.length).toBeGreaterThan(0);
    const loaded = await loadRegisterObject(database.db, { type: 'venue', id: venue.id }, '2024-03-01');
    expect(loaded).toMatchObject({ id: venue.id, regionId: venue.regionId, name: venue.name });
  });

  it('the audit trail scope and the region filter come from the same engine', () => {
    const [township] = actors();
    expect(render(regionIdFilter(township!, 'audit.read', regionsTable.id))).toEqual(
      render(scopeFilter(township!, 'audit.read', { regionId: regionsTable.id, department: { wholeCounty: true } })),
    );
  });
});
