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

const ask = '请按下列时限整改完毕，整改期间落实管控措施，确保安全；整改完成后及时报请复核销号。';

/** The township government's name: 镇/苏木/乡 → 人民政府, a development zone → 管理委员会. */
export function townshipGovernment(regionName: string): string {
  if (/(开发区|园区)$/.test(regionName)) return `${regionName}管理委员会`;
  return `${regionName}人民政府`;
}

export function noticeForm(issuer: NoticeIssuer): NoticeForm {
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
      const code = issuer.departments[0]!.code;
      const order = (law: string) =>
        `根据${law}，现责令你单位按下列时限整改完毕，整改期间落实管控措施，确保安全；整改完成后及时报请复核销号。逾期未整改或拒不整改的，将依法处理。`;
      if (code === 'fire_rescue')
        return {
          form: 'fire_order',
          title: '责令改正通知书（消防）',
          issuerName: names,
          demand: order('《中华人民共和国消防法》'),
          orders: true,
        };
      if (code === 'market_regulation')
        return {
          form: 'special_equipment_directive',
          title: '特种设备安全监察指令书',
          issuerName: names,
          demand: order('《中华人民共和国特种设备安全法》'),
          orders: true,
        };
      if (code === 'housing')
        return {
          form: 'gas_authority_order',
          title: '责令限期改正通知书',
          issuerName: names,
          demand: `${order('《城镇燃气管理条例》')}必要时依法暂停供气。`,
          orders: true,
        };
      return {
        form: 'work_safety_order',
        title: '责令限期整改指令书',
        issuerName: names,
        demand: order('《中华人民共和国安全生产法》'),
        orders: true,
      };
    }
  }
}

/** An instant as Beijing time, 'YYYY-MM-DD HH:mm:ss（北京时间）' (documents print local time, never UTC). */
export function beijingTime(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}（北京时间）`;
}
