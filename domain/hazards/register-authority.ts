/**
 * Facts the register holds with authority: where a venue is and what it burns, an enterprise's
 * licences and a venue's supply contract. What an inspector records on site cannot override them
 * (a client cannot make "LPG in a basement" pass by saying "ground floor"); the register's value
 * is used and the disagreement is reported. Every other fact (hose, devices, stored weight, driving
 * hours) is what the inspector found on site, which replaces what the register last held.
 * The server decides with this rule (inspections.evaluate.ts), and the field form shows the same
 * facts read-only and previews with the same merge.
 */
import type { ChecklistFacts } from './evaluate.ts';

export const REGISTER_AUTHORITY = [
  'floor',
  'gasSources',
  'licences',
  'hasSupplyContract',
  'contractTo',
] as const satisfies readonly (keyof ChecklistFacts)[];

export type RegisterAuthorityFact = (typeof REGISTER_AUTHORITY)[number];

/** Whether the register decides this fact whenever it holds a value for it. */
export function isRegisterAuthority(key: string): key is RegisterAuthorityFact {
  return (REGISTER_AUTHORITY as readonly string[]).includes(key);
}

/** Whether the register fixes this fact for the object: an authoritative fact it holds a value for. */
export function fixedByRegister(
  key: string,
  registered: Readonly<Record<string, unknown>> | null | undefined,
): boolean {
  const value = registered?.[key];
  return isRegisterAuthority(key) && value !== null && value !== undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The facts the rules read: the register's, with what was recorded on site on top, except where the
 * register has authority and a value (`discrepancies` names those recorded differently).
 */
export function mergeRegisteredFacts(
  registered: Readonly<Record<string, unknown>> | null | undefined,
  recorded: Readonly<Record<string, unknown>>,
): { facts: Record<string, unknown>; discrepancies: string[] } {
  const facts: Record<string, unknown> = { ...(registered ?? {}) };
  const discrepancies: string[] = [];
  for (const [key, value] of Object.entries(recorded)) {
    if (fixedByRegister(key, registered)) {
      if (value !== undefined && !same(registered![key], value)) discrepancies.push(key);
      continue;
    }
    facts[key] = value;
  }
  return { facts, discrepancies };
}
