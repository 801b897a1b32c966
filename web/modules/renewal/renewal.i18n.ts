// Renewal of ageing pipelines (老化管网更新改造) pages: zh default, en with the same keys.

export const renewalZh = {
  'menu.renewal': '老化管网改造',
  'renewal.title': '老化管网更新改造对象',
  'renewal.intro':
    '依据国办发〔2022〕22号：灰口铸铁管道全部列入；不满足安全运行要求的球墨铸铁管道；运行满 20 年且经评估存在安全隐患（隐患台账中未销号）的钢质、聚乙烯管道。',
  'renewal.export': '导出改造对象',
  'renewal.operator': '运营单位',
  'renewal.reason': '列入理由',
  'renewal.code': '管段编号',
  'renewal.name': '管段名称',
  'renewal.material': '材质',
  'renewal.length': '长度（米）',
  'renewal.serviceYears': '运行年限',
  'renewal.years': '{n} 年',
  'renewal.openHazards': '未销号隐患',
  'renewal.status': '改造状态',
  'renewal.region': '乡镇（街道）',
  'renewal.summary': '共 {n} 段，{km} 公里',
  'renewal.byRegion': '按乡镇',
  'renewal.byOperator': '按运营单位',
  'renewal.segments': '{n} 段',
  'renewal.noOperator': '（未登记运营单位）',
};

export type RenewalKey = keyof typeof renewalZh;

export const renewalEn: Record<RenewalKey, string> = {
  'menu.renewal': 'Pipeline renewal',
  'renewal.title': 'Ageing pipelines to renew',
  'renewal.intro':
    'Per 国办发〔2022〕22号: every grey cast-iron pipe; ductile iron failing the requirements; steel and PE pipe in service 20 years or more with a hazard found (open in the ledger).',
  'renewal.export': 'Export candidates',
  'renewal.operator': 'Operator',
  'renewal.reason': 'Reason',
  'renewal.code': 'Segment code',
  'renewal.name': 'Segment',
  'renewal.material': 'Material',
  'renewal.length': 'Length (m)',
  'renewal.serviceYears': 'In service',
  'renewal.years': '{n} years',
  'renewal.openHazards': 'Open hazards',
  'renewal.status': 'Renewal status',
  'renewal.region': 'Township',
  'renewal.summary': '{n} segments, {km} km',
  'renewal.byRegion': 'By township',
  'renewal.byOperator': 'By operator',
  'renewal.segments': '{n} segments',
  'renewal.noOperator': '(no operator on file)',
};

declare module '../../app/i18n.ts' {
  interface ModuleMessages extends Record<RenewalKey, true> {}
}
