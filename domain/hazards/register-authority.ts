/**
 * How the register's facts and what the inspector finds on site combine. An observed defect must
 * fail: where the register and the site both speak to where a venue's gas is, which building it is
 * in, what it burns and its contract (`WORSE_OF_REGISTER_AND_SITE`), the worse of the two counts
 * (LPG found in the basement of a venue registered on the ground floor; a second gas source the
 * register does not know; a contract the site finds missing), and the disagreement is reported in
 * `discrepancies` so the register is corrected. An enterprise's licences are the register's alone
 * (`REGISTER_ONLY`): they are not seen on site. Every other fact (hose, devices, stored weight,
 * driving hours) is what the inspector found, which replaces what the register last held.
 * The server decides with this rule (inspections.evaluate.ts), and the field form previews with
 * the same merge.
 */
import { type ChecklistFacts, registerOnlyFactKeys } from './evaluate.ts';

/** Facts both the register and the site speak to: the worse of the two counts. */
export const WORSE_OF_REGISTER_AND_SITE = [
  'floor',
  'highRiseBuilding',
  'gasSources',
  'hasSupplyContract',
  'contractTo',
] as const satisfies readonly (keyof ChecklistFacts)[];

/**
 * Facts only the register holds (an enterprise's licences, people's training and certificates, a
 * vehicle's permit, a venue's supplier's licence, a pipeline segment): the site cannot change them.
 */
export const REGISTER_ONLY = registerOnlyFactKeys satisfies readonly (keyof ChecklistFacts)[];

/** Every fact the register has a say in whenever it holds a value for it. */
export const REGISTER_AUTHORITY = [...WORSE_OF_REGISTER_AND_SITE, ...REGISTER_ONLY] as const;

export type RegisterAuthorityFact = (typeof REGISTER_AUTHORITY)[number];

/** Whether the register has a say in this fact whenever it holds a value for it. */
export function isRegisterAuthority(key: string): key is RegisterAuthorityFact {
  return (REGISTER_AUTHORITY as readonly string[]).includes(key);
}

const present = (v: unknown) => v !== null && v !== undefined;

/** Whether the register alone fixes this fact for the object (nothing recorded on site changes it). */
export function fixedByRegister(
  key: string,
  registered: Readonly<Record<string, unknown>> | null | undefined,
): boolean {
  return (REGISTER_ONLY as readonly string[]).includes(key) && present(registered?.[key]);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Floors from the safest to the worst for gas: below ground is where LPG is forbidden outright. */
const floorRank: Record<string, number> = { ground: 0, upper: 1, high_rise: 2, semi_basement: 3, basement: 4 };

/** The worse of a register value and a site value of a worse-of fact (both present). */
function worse(key: (typeof WORSE_OF_REGISTER_AND_SITE)[number], registered: unknown, site: unknown): unknown {
  switch (key) {
    case 'floor':
      return (floorRank[String(site)] ?? -1) > (floorRank[String(registered)] ?? -1) ? site : registered;
    case 'highRiseBuilding':
      return registered === true || site === true;
    case 'gasSources': {
      const union = [...(registered as readonly string[])];
      for (const s of site as readonly string[]) if (!union.includes(s)) union.push(s);
      return union;
    }
    case 'hasSupplyContract':
      return registered === true && site === true;
    case 'contractTo':
      // The earlier end: a contract the site finds ended earlier has ended.
      return String(site) < String(registered) ? site : registered;
  }
}

/**
 * The facts the rules read: the register's, with what was recorded on site on top; for the facts
 * both speak to, the worse of the two; licences from the register. `discrepancies` names the facts
 * recorded on site differently from a value the register holds (the register to be corrected).
 */
export function mergeRegisteredFacts(
  registered: Readonly<Record<string, unknown>> | null | undefined,
  recorded: Readonly<Record<string, unknown>>,
): { facts: Record<string, unknown>; discrepancies: string[] } {
  const facts: Record<string, unknown> = { ...(registered ?? {}) };
  const discrepancies: string[] = [];
  for (const [key, value] of Object.entries(recorded)) {
    const held = registered?.[key];
    if (isRegisterAuthority(key) && present(held)) {
      if (value === undefined) continue;
      if (!same(held, value)) discrepancies.push(key);
      if (fixedByRegister(key, registered) || value === null) continue;
      facts[key] = worse(key as (typeof WORSE_OF_REGISTER_AND_SITE)[number], held, value);
      continue;
    }
    facts[key] = value;
  }
  return { facts, discrepancies };
}
