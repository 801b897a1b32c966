import { describe, expect, it } from 'vitest';
import { hazardEventTypes } from '../../../domain/hazards/hazard-state.ts';
import { auditActionLabels, auditSubjectLabels } from '../../../domain/audit/labels.ts';
import { codesWithText } from '../../app/i18n.ts';
// The modules' own texts (auditAction.*, auditSubject.*), registered as the app does at start.
import { webModules } from '../../app/modules.ts';

const moduleTexts: Record<string, string> = Object.assign({}, ...webModules.map((m) => m.texts?.zh ?? {}));

// The server's source as text (Vite's glob import, so the web's type-check needs no Node types).
const serverSources = import.meta.glob<string>(['../../../server/**/*.ts', '!../../../server/**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

function sources(): { file: string; text: string }[] {
  return Object.entries(serverSources).map(([file, text]) => ({ file, text }));
}

function matches(text: string, re: RegExp): string[] {
  return [...text.matchAll(re)].map((m) => m[1] as string);
}

/** What the server writes into the audit trail, read from its source. */
function recordedCodes() {
  const actions = new Set<string>();
  const subjects = new Set<string>();
  for (const { file, text } of sources()) {
    for (const a of matches(text, /action: '([a-z_]+\.[a-z_]+)'/g)) actions.add(a);
    // Scope descriptors (platform/scope.ts, the modules' *.access.ts) say `subject: { type: 'row' … }` of a
    // grant's subject, not of an audit entry.
    const describesScope = file.endsWith('.access.ts') || file.endsWith('/platform/scope.ts');
    if (!describesScope) for (const s of matches(text, /subject: \{ type: '([a-z_]+)'/g)) subjects.add(s);
    for (const s of matches(text, /subjectType: '([a-z_]+)'/g)) subjects.add(s);
    // recordHazardEvent writes `hazard.${action}`, the action defaulting to the event type.
    if (file.includes('/hazards/')) {
      for (const a of matches(text, /action: '([a-z_]+)'/g)) actions.add(`hazard.${a}`);
    }
    // The tips service writes `tip.${event}` through its record(tx, actor, row, '<event>').
    if (file.includes('/tips/')) {
      for (const a of matches(text, /record\(tx, [a-zA-Z]+, row, '([a-z_]+)'/g)) actions.add(`tip.${a}`);
    }
    // The licences service writes `licence.${action}`.
    if (file.endsWith('licences.service.ts')) {
      for (const a of matches(text, /record\(tx, actor, '([a-z_]+)'/g)) actions.add(`licence.${a}`);
      for (const a of matches(text, /StatusAction = ([^;]+);/g).flatMap((u) => matches(u, /'([a-z_]+)'/g))) {
        actions.add(`licence.${a}`);
      }
    }
  }
  for (const e of hazardEventTypes) actions.add(`hazard.${e}`);
  return { actions, subjects };
}

describe('audit trail texts', () => {
  const { actions, subjects } = recordedCodes();

  it('reads a plausible set of codes from the server', () => {
    // Guards the reading itself: if the patterns stop matching, the checks below would pass on nothing.
    expect(actions.size).toBeGreaterThan(40);
    expect(actions).toContain('auth.login');
    expect(actions).toContain('licence.suspend');
    expect(actions).toContain('hazard.escalate');
    expect(actions).toContain('inspection.sign');
    expect(subjects).toContain('user');
    expect(subjects).toContain('venue');
  });

  it('has a Chinese and English text for every action the server records (the audit page offers them as filters)', () => {
    const known = new Set(codesWithText('auditAction'));
    expect([...actions].filter((a) => !known.has(a)).sort()).toEqual([]);
    // In the one list the server's .xlsx export reads too, not only in a web module's texts.
    expect([...actions].filter((a) => !auditActionLabels[a]).sort()).toEqual([]);
  });

  it('has a text for every subject type the server records', () => {
    const known = new Set(codesWithText('auditSubject'));
    expect([...subjects].filter((s) => !known.has(s)).sort()).toEqual([]);
    expect([...subjects].filter((s) => !auditSubjectLabels[s]).sort()).toEqual([]);
  });

  it('keeps the words of the audit codes in domain/audit/labels.ts only (a web module adding its own would not reach the export)', () => {
    const own = Object.keys(moduleTexts).filter((k) => k.startsWith('auditAction.') || k.startsWith('auditSubject.'));
    expect(own).toEqual([]);
  });
});
