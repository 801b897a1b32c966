import { sql } from 'drizzle-orm';
import {
  type CylinderLimits,
  cylinderModelSpecs,
  defaultCylinderLimits,
  evaluateFillingGate,
  type fillRefusalRules,
  inspectionDue,
} from '../../../domain/cylinders/cylinders.ts';
import { doorVerdict } from '../../../domain/cylinders/verdict.ts';
import { chinaToday } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { renderQrLabelSheet } from '../../platform/pdf/qr-labels.ts';
import { evaluateGateAt } from './cylinders.gate.ts';
import { labelsNothingAsked, labelsTooMany } from './cylinders.public.errors.ts';
import { createCylindersPublicRepository } from './cylinders.public.repository.ts';
import { type LabelsInput, MAX_LABELS, type PublicCylinder } from './cylinders.public.schemas.ts';
import { checkedCode } from './cylinders.service.ts';

/** The public page's path for a code: what a label's QR opens. */
export const publicPath = (code: string) => `/c/${encodeURIComponent(code)}`;

/**
 * The public page for a code (一瓶一码: the householder at the door scans the label): the owner, the
 * last fill, the inspection's validity and, in plain Chinese, whether to accept the cylinder — the
 * filling gate's own evaluation (`evaluateGateAt`) of the cylinder, without its station reasons.
 * Nothing personal leaves: no user, address, phone or operator.
 */
export async function publicCylinder(
  db: Db,
  rawCode: string,
  { limits = defaultCylinderLimits, today = chinaToday() }: { limits?: CylinderLimits; today?: string } = {},
): Promise<PublicCylinder> {
  const code = checkedCode(rawCode);
  const facts = await createCylindersPublicRepository({ db }).facts(code);
  if (!facts) {
    const reasons = evaluateFillingGate({
      cylinder: null,
      station: { enterpriseId: '', licensed: true },
      blacklisted: false,
      today,
      limits,
    });
    return present(code, null, reasons);
  }
  const outcome = facts.stationId
    ? await evaluateGateAt(db, { code, stationId: facts.stationId, stationScope: sql`true`, today, limits })
    : null;
  // (No facility at all in the register: the gate's rules without the blacklist.)
  const reasons =
    outcome?.reasons ??
    evaluateFillingGate({
      cylinder: facts.cylinder,
      station: { enterpriseId: facts.cylinder.ownerEnterpriseId, licensed: true },
      blacklisted: false,
      today,
      limits,
    });
  return present(code, facts, reasons, limits);
}

type Facts = NonNullable<Awaited<ReturnType<ReturnType<typeof createCylindersPublicRepository>['facts']>>>;

function present(
  code: string,
  facts: Facts | null,
  gateReasons: readonly (keyof typeof fillRefusalRules)[],
  limits: CylinderLimits = defaultCylinderLimits,
): PublicCylinder {
  const c = facts?.cylinder ?? null;
  const v = doorVerdict({ reasons: gateReasons, legacyDualPhase: c?.phase === 'dual_phase' });
  return {
    code,
    registered: c !== null,
    ownerName: c?.ownerName ?? null,
    model: c?.model ?? null,
    modelLabel: c ? cylinderModelSpecs[c.model].label : null,
    legacyDualPhase: c?.phase === 'dual_phase',
    status: c?.status ?? null,
    manufacturedOn: c?.manufacturedOn ?? null,
    lastFilledAt: facts?.lastFill?.at.toISOString() ?? null,
    lastFilledAtStation: facts?.lastFill?.stationName ?? null,
    inspectionValidUntil: c ? inspectionDue(c, limits) : null,
    verdict: {
      level: v.level,
      headline: v.headline.zh,
      reasons: v.reasons.map((r) => ({ code: r.code, message: r.text.zh })),
      advice: v.advice.zh,
      caution: v.caution?.zh ?? null,
    },
  };
}

/** The codes a label request names: a list, or a series (prefix + 6-digit number), each checked. */
export function labelCodes(input: LabelsInput): string[] {
  let raw: string[];
  if (input.codes?.trim()) {
    raw = input.codes.split(/[\s,，;；]+/).filter(Boolean);
  } else if (input.prefix?.trim() && input.count !== undefined) {
    const first = input.first ?? 1;
    raw = Array.from({ length: input.count }, (_, i) => `${input.prefix!.trim()}${String(first + i).padStart(6, '0')}`);
  } else {
    throw labelsNothingAsked({ field: input.prefix?.trim() ? 'count' : 'codes' });
  }
  if (raw.length > MAX_LABELS) throw labelsTooMany({ field: 'codes', max: MAX_LABELS });
  const field = input.codes?.trim() ? 'codes' : 'prefix';
  return [...new Set(raw.map((c) => checkedCode(c, field)))];
}

/** A printable PDF of QR labels whose QR opens `<origin>/c/<code>`. */
export async function labelsPdf(input: LabelsInput, origin: string) {
  const codes = labelCodes(input);
  const pdf = await renderQrLabelSheet({
    title: '燃安 · 一瓶一码',
    labels: codes.map((code) => ({ url: `${origin}${publicPath(code)}`, code, lines: ['扫码查验气瓶是否安全'] })),
  });
  return { pdf, filename: `气瓶二维码标签-${codes.length}.pdf` };
}
