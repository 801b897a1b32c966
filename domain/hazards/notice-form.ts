/**
 * In whose name a rectification document is issued, and in which form (issue 10, 13). A document is shown to the
 * inspected party, so it must be one its issuer may issue:
 *
 * - an operator's household inspection: the operator's own written notice (书面告知, 城镇燃气管理条例 art. 17;
 *   MOHURD 建城规〔2023〕4号 art. 9) — never an order, and never in a government body's name;
 * - a party's own (monthly) self-inspection: its own rectification record;
 * - a department: its own order in its own form — 消防救援 under 消防法 (责令改正通知书), 市场监管 for special
 *   equipment (特种设备安全监察指令书, 特种设备安全法), 住建 as the gas authority (城镇燃气管理条例), any other
 *   department with safety duties under 安全生产法 (责令限期整改指令书); several departments together (joint): a joint
 *   notice, each acting under its own powers;
 * - a township (a township team's inspection): a notice of the township government, which asks and reports but
 *   orders nothing;
 * - nobody (a hazard entered with no department): a 督办 notice of the campaign office, which orders nothing either.
 *
 * A department's form follows the items, not the department alone (`itemOrderForm`): the law an item's basis
 * names first decides (消防法 → 消防 documents, 特种设备安全法 or TSG → 特种设备安全监察指令书, 安全生产法 → 责令限期
 * 整改指令书, the gas regulation and standards → the gas authority's order), where the department may issue that
 * form (`departmentOrderForms`); otherwise the department's own form. A document whose items need different
 * forms is issued in the department's own form, each item naming the form its basis calls for.
 */
export type NoticeIssuer =
  | { kind: 'operator'; name: string }
  | { kind: 'self'; name: string }
  | { kind: 'departments'; departments: { code: string; name: string }[] }
  | { kind: 'township'; name: string }
  | { kind: 'office'; name: string };

export type NoticeForm = {
  /** Stable code of the form, e.g. 'fire_order'. */
  form: string;
  title: string;
  /** The name printed at the foot (the issuer). */
  issuerName: string;
  /** The sentence after the findings' introduction: the basis and what is asked or ordered. */
  demand: string;
  /** Whether this document orders (责令) — only a department's may. */
  orders: boolean;
};

/** The orders a department may issue: fire under 消防法, market regulation under 特种设备安全法, housing as the gas authority. */
export const orderForms = [
  'fire_order',
  'special_equipment_directive',
  'gas_authority_order',
  'work_safety_order',
] as const;
export type OrderForm = (typeof orderForms)[number];

export const orderFormTitles: Record<OrderForm, string> = {
  fire_order: '责令改正通知书（消防）',
  special_equipment_directive: '特种设备安全监察指令书',
  gas_authority_order: '责令限期改正通知书',
  work_safety_order: '责令限期整改指令书',
};

/**
 * The forms each department may issue, its own first. Every department with safety duties may order under
 * 安全生产法 (art. 65) except fire and rescue, whose documents are those of 消防法.
 */
export function departmentOrderForms(code: string): readonly OrderForm[] {
  switch (code) {
    case 'fire_rescue':
      return ['fire_order'];
    case 'market_regulation':
      return ['special_equipment_directive', 'work_safety_order'];
    case 'housing':
      return ['gas_authority_order', 'work_safety_order'];
    default:
      return ['work_safety_order'];
  }
}

const gasRules = [
  '城镇燃气管理条例',
  '城镇燃气经营安全重大隐患判定标准',
  '燃气经营许可管理办法',
  '内蒙古自治区燃气管理条例',
];

/** The order an item's basis calls for: the first law of its basis that names one (null when none does). */
export function itemOrderForm(basis: string): OrderForm | null {
  for (const part of basis.split('；')) {
    if (part.startsWith('消防法')) return 'fire_order';
    if (part.startsWith('特种设备安全法') || part.startsWith('TSG')) return 'special_equipment_directive';
    if (part.startsWith('安全生产法')) return 'work_safety_order';
    if (gasRules.some((g) => part.startsWith(g))) return 'gas_authority_order';
  }
  return null;
}

/** The form a department's order of these items takes (see the module's comment). */
export function departmentFormFor(code: string, itemForms: readonly (OrderForm | null)[]): OrderForm {
  const may = departmentOrderForms(code);
  const chosen = new Set(itemForms.map((f) => (f && may.includes(f) ? f : may[0]!)));
  return chosen.size === 1 ? [...chosen][0]! : may[0]!;
}

const ask = '请按下列时限整改完毕，整改期间落实管控措施，确保安全；整改完成后及时报请复核销号。';

/** The township government's name: 镇/苏木/乡 → 人民政府, a development zone → 管理委员会. */
export function townshipGovernment(regionName: string): string {
  if (/(开发区|园区)$/.test(regionName)) return `${regionName}管理委员会`;
  return `${regionName}人民政府`;
}

/** `itemForms`: the order each listed item's basis calls for (itemOrderForm), for a department's form. */
export function noticeForm(issuer: NoticeIssuer, itemForms: readonly (OrderForm | null)[] = []): NoticeForm {
  switch (issuer.kind) {
    case 'operator':
      return {
        form: 'operator_written_notice',
        title: '燃气安全隐患书面告知书',
        issuerName: issuer.name,
        demand:
          '依据《城镇燃气管理条例》第十七条和《城镇燃气经营安全重大隐患判定标准》（建城规〔2023〕4号）第九条，我单位特此书面告知。' +
          '请按下列时限整改完毕；整改前存在重大隐患的，我单位将依照有关规定采取停止供气等安全措施，并报告燃气管理部门。',
        orders: false,
      };
    case 'self':
      return {
        form: 'self_inspection_record',
        title: '燃气安全隐患自查整改记录',
        issuerName: issuer.name,
        demand: '本单位按下列时限整改完毕，整改期间落实管控措施；整改完成后报请复核销号。',
        orders: false,
      };
    case 'township':
      return {
        form: 'township_notice',
        title: '燃气安全隐患整改通知书',
        issuerName: issuer.name,
        demand: `根据乌审旗城镇燃气安全专项整治实施方案，${ask}逾期未整改的，将移交有关主管部门依法处理。`,
        orders: false,
      };
    case 'office':
      return {
        form: 'office_supervision_notice',
        title: '燃气安全隐患督办通知',
        issuerName: issuer.name,
        demand: `根据乌审旗城镇燃气安全专项整治实施方案五(一)3，${ask}逾期未整改的，将移交有关主管部门依法处理。`,
        orders: false,
      };
    case 'departments': {
      const names = issuer.departments.map((d) => d.name).join('、');
      if (issuer.departments.length !== 1) {
        return {
          form: 'joint_notice',
          title: '燃气安全隐患限期整改通知书（联合检查）',
          issuerName: names,
          demand: `以上隐患由${names}依照各自法定职责责令你单位按下列时限整改完毕，整改期间落实管控措施，确保安全；整改完成后及时报请复核销号。逾期未整改或拒不整改的，由主管部门依法处理。`,
          orders: true,
        };
      }
      const form = departmentFormFor(issuer.departments[0]!.code, itemForms);
      const order = (law: string) =>
        `根据${law}，现责令你单位按下列时限整改完毕，整改期间落实管控措施，确保安全；整改完成后及时报请复核销号。逾期未整改或拒不整改的，将依法处理。`;
      const demand: Record<OrderForm, string> = {
        fire_order: order('《中华人民共和国消防法》'),
        special_equipment_directive: order('《中华人民共和国特种设备安全法》'),
        gas_authority_order: `${order('《城镇燃气管理条例》')}必要时依法暂停供气。`,
        work_safety_order: order('《中华人民共和国安全生产法》'),
      };
      return { form, title: orderFormTitles[form], issuerName: names, demand: demand[form], orders: true };
    }
  }
}

/** An instant as Beijing time, 'YYYY-MM-DD HH:mm:ss（北京时间）' (documents print local time, never UTC). */
export function beijingTime(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}（北京时间）`;
}
