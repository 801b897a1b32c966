import { and, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { departmentsTable } from '../organisation/index.ts';
import { type RegionRef, findRegionByCodeOrName, memo } from './registry.helpers.ts';
import { enterprisesTable, peopleTable, pipelineSegmentsTable, venuesTable } from './registry.table.ts';
import type { CellErrors } from './tabular.cells.ts';

/**
 * Reference cells of imported rows (pipeline segments, people, vehicles): a region by name or code,
 * an enterprise by credit code, a department by name or code, a person by name + phone. Each
 * resolves once per file (the import transaction handle keys the memo).
 */

type EnterpriseRef = { id: string; name: string; kind: string; regionId: string; archived: boolean };
type DepartmentRef = { id: string; name: string; regionId: string };
type PersonRef = { id: string; name: string; kind: string; enterpriseId: string | null; archived: boolean };

const regions = new WeakMap<object, Map<string, RegionRef | 'ambiguous' | undefined>>();
const enterprises = new WeakMap<object, Map<string, EnterpriseRef | undefined>>();
const departments = new WeakMap<object, Map<string, DepartmentRef | 'ambiguous' | undefined>>();
type VenueRef = { id: string; name: string; regionId: string };
const venues = new WeakMap<object, Map<string, VenueRef | 'ambiguous' | undefined>>();

/** The separator of a venue cell's name and address (名称｜地址), as in the register's natural key. */
export const VENUE_CELL_SEPARATOR = '｜';

/** Region cell (name or code) → region, or an error on the column. */
export async function regionCell(
  errors: CellErrors,
  db: Db,
  column: string,
  header: string,
  text: string,
  required: boolean,
) {
  if (text === '') {
    if (required) errors.push({ column, message: `${header}不能为空` });
    return required ? undefined : null;
  }
  const cache = memo(regions, db);
  if (!cache.has(text)) cache.set(text, await findRegionByCodeOrName(db, text));
  const region = cache.get(text);
  if (region === 'ambiguous') errors.push({ column, message: `区划名称“${text}”对应多个区划，请填写区划代码` });
  else if (!region) errors.push({ column, message: `区划“${text}”不存在` });
  else return region;
  return undefined;
}

/** Enterprise cell (unified social credit code) → enterprise, or an error on the column. */
export async function enterpriseCell(
  errors: CellErrors,
  db: Db,
  column: string,
  header: string,
  text: string,
  required: boolean,
) {
  if (text === '') {
    if (required) errors.push({ column, message: `${header}不能为空` });
    return required ? undefined : null;
  }
  const code = text.toUpperCase();
  const cache = memo(enterprises, db);
  if (!cache.has(code)) {
    const [row] = await db
      .select({
        id: enterprisesTable.id,
        name: enterprisesTable.name,
        kind: enterprisesTable.kind,
        regionId: enterprisesTable.regionId,
        archivedAt: enterprisesTable.archivedAt,
      })
      .from(enterprisesTable)
      .where(eq(enterprisesTable.creditCode, code));
    cache.set(
      code,
      row
        ? { id: row.id, name: row.name, kind: row.kind, regionId: row.regionId, archived: row.archivedAt !== null }
        : undefined,
    );
  }
  const enterprise = cache.get(code);
  if (!enterprise || enterprise.archived) {
    errors.push({ column, message: `统一社会信用代码为“${text}”的企业未登记` });
    return undefined;
  }
  return enterprise;
}

/** Department cell (full name, short name or code) → department, or an error on the column. */
export async function departmentCell(errors: CellErrors, db: Db, column: string, header: string, text: string) {
  if (text === '') return null;
  const cache = memo(departments, db);
  if (!cache.has(text)) {
    const rows = await db
      .select({ id: departmentsTable.id, name: departmentsTable.name, regionId: departmentsTable.regionId })
      .from(departmentsTable)
      .where(
        and(
          isNull(departmentsTable.archivedAt),
          or(eq(departmentsTable.code, text), eq(departmentsTable.name, text), eq(departmentsTable.shortName, text)),
        ),
      )
      .limit(2);
    cache.set(text, rows.length > 1 ? 'ambiguous' : rows[0]);
  }
  const department = cache.get(text);
  if (department === 'ambiguous') errors.push({ column, message: `${header}“${text}”对应多个部门，请填写全称` });
  else if (!department) errors.push({ column, message: `${header}“${text}”不存在` });
  else return department;
  return undefined;
}

/**
 * Venue cell → a live venue: its name when the name is unique, else 名称｜地址 (the register's natural
 * key is name + address).
 */
export async function venueCell(errors: CellErrors, db: Db, column: string, header: string, text: string) {
  if (text === '') return null;
  const cache = memo(venues, db);
  if (!cache.has(text)) {
    const [name, address] = text.split(VENUE_CELL_SEPARATOR).map((part) => part.trim());
    const rows = await db
      .select({ id: venuesTable.id, name: venuesTable.name, regionId: venuesTable.regionId })
      .from(venuesTable)
      .where(
        and(
          isNull(venuesTable.archivedAt),
          eq(venuesTable.name, name ?? ''),
          address ? eq(venuesTable.address, address) : undefined,
        ),
      )
      .limit(2);
    cache.set(text, rows.length > 1 ? 'ambiguous' : rows[0]);
  }
  const venue = cache.get(text);
  if (venue === 'ambiguous')
    errors.push({ column, message: `${header}“${text}”有多个同名场所，请按“名称${VENUE_CELL_SEPARATOR}地址”填写` });
  else if (!venue) errors.push({ column, message: `${header}“${text}”未登记` });
  else return venue;
  return undefined;
}

type PipelineRef = { id: string; name: string; regionId: string };
const pipelines = new WeakMap<object, Map<string, PipelineRef | undefined>>();

/** Pipeline segment cell (its code) → a live segment, or an error on the column. */
export async function pipelineCell(errors: CellErrors, db: Db, column: string, header: string, text: string) {
  if (text === '') return null;
  const cache = memo(pipelines, db);
  if (!cache.has(text)) {
    const [row] = await db
      .select({
        id: pipelineSegmentsTable.id,
        name: pipelineSegmentsTable.name,
        regionId: pipelineSegmentsTable.regionId,
      })
      .from(pipelineSegmentsTable)
      .where(and(isNull(pipelineSegmentsTable.archivedAt), eq(pipelineSegmentsTable.code, text)))
      .limit(1);
    cache.set(text, row);
  }
  const pipeline = cache.get(text);
  if (!pipeline) errors.push({ column, message: `${header}“${text}”未登记` });
  return pipeline;
}

/** A registered person by the natural key name + phone (not memoised: imports may create people). */
export async function personByNamePhone(db: Db, name: string, phone: string): Promise<PersonRef | undefined> {
  const [row] = await db
    .select({
      id: peopleTable.id,
      name: peopleTable.name,
      kind: peopleTable.kind,
      enterpriseId: peopleTable.enterpriseId,
      archivedAt: peopleTable.archivedAt,
    })
    .from(peopleTable)
    .where(and(eq(peopleTable.name, name), eq(peopleTable.phone, phone)));
  return row
    ? { id: row.id, name: row.name, kind: row.kind, enterpriseId: row.enterpriseId, archived: row.archivedAt !== null }
    : undefined;
}

/** "是"/"否" for exports. */
export const yesNo = (v: boolean) => (v ? '是' : '否');
