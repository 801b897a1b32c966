/**
 * A to-do of one user (issue 9.20): what the user must act on, computed from the current state by the module that
 * owns it (hazards, inspections, the register's change requests) and listed by the notifications module. Platform
 * code: the type only, so the modules and the list share it without importing each other.
 */
export const todoKinds = [
  'hazard_rectify',
  'hazard_verify',
  'inspection_do',
  'inspection_sign',
  'registry_change_decide',
] as const;
export type TodoKind = (typeof todoKinds)[number];

export type TodoItem = {
  kind: TodoKind;
  subjectType: string;
  subjectId: string;
  /** The object's name or the hazard's description, as stored. */
  title: string;
  /** A readable number (YH-…) when the subject has one. */
  number: string | null;
  /** The day it is due (China calendar), when it has one. */
  due: string | null;
  overdue: boolean;
  /** A hazard sent back (退回) to be rectified again. */
  sentBack: boolean;
  /** The web path that opens it. */
  link: string;
};

/** One module's to-dos of one kind: the count and the first items (most urgent first). */
export type TodoGroup = { kind: TodoKind; total: number; overdue: number; items: TodoItem[] };
