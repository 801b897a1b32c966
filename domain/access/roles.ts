/**
 * Permissions are `noun.verb`; a role is a named set of them. The server checks them on every
 * route; the web uses the same catalogue to label roles and to show only what a user may use.
 * Modules that come later add their permissions here.
 */
export const permissions = [
  'overview.read',
  'organisation.read',
  'region.manage',
  'campaign.manage',
  // 规则参数 (issue 10.14): the office changes the limits (deadlines, intervals, lives, thresholds).
  'rules.manage',
  'user.read',
  'user.manage',
  'machine_token.manage',
  'audit.read',
  'metrics.read',
  'registry.read',
  'registry.manage',
  'registry.import',
  // The hazard ledger (issue 4): inspections, hazards and their export.
  'inspection.read',
  'inspection.plan',
  'inspection.record',
  'inspection.sign',
  'hazard.read',
  'hazard.rectify',
  'hazard.verify',
  'hazard.manage',
  'ledger.export',
  // Public tips (issue 14): handling, the office's routing and reward settings, reward approval and payment.
  'tip.read',
  'tip.handle',
  'tip.configure',
  'tip.reward',
  // Enforcement (issue 14): cases, referrals, black sites, blacklists, typical cases and their figures.
  'enforcement.read',
  'enforcement.manage',
  // Supervision and command (issue 15): bulletins, 督办单, warnings, interviews, accountability,
  // accidents, risk grading. read: the bulletins and what concerns one's scope; manage: the office's
  // part (issue, order, interview, hold to account); answer: a township's or department's answer to an order.
  'supervision.read',
  'supervision.manage',
  'supervision.answer',
  // Machine rows sent in bulk (platform/ingest); each stream may ask for its own permission too.
  'ingest.write',
  // One cylinder, one code (issue 11): the cylinder register, the pre-fill gate, seizure, blacklists.
  'cylinder.read',
  'cylinder.manage',
  'cylinder.event',
  'cylinder.seize',
  'cylinder.inspect',
  'cylinder.blacklist',
  'filling.check',
  'filling.record',
  // The bottled-gas delivery system (issue 12): read, the operator's desk, the worker's deliveries, positions.
  'delivery.read',
  'delivery.manage',
  'delivery.deliver',
  'delivery.position',
  // Monitoring and early warning (issue 13, plan 四(三)1): sensors, readings, alarms and their rules.
  'monitoring.read',
  'monitoring.manage',
  'monitoring.rules',
  'alarm.handle',
  'reading.write',
  // Third-party works near gas facilities (issue 16, plan 三(三)1, 三(五)8): read; record (housing, townships, the
  // office); the operator's on-site guardian visits (监护).
  'works.read',
  'works.record',
  'works.guard',
  // Publicity and 瓶改管/气改电 conversions (issue 16, plan 四(六), 四(二)4): read the figures; record them.
  'publicity.read',
  'publicity.manage',
  // Renewal of ageing pipelines (issue 16, plan 四(二)1–2): projects recorded by the office and the housing
  // department (the service narrows department grants to 住建); the operator reports progress and photos.
  'renewal.manage',
  'renewal.report',
] as const;
export type Permission = (typeof permissions)[number];

/** `facility`: one facility of an enterprise (a filling line's station); machine tokens only. */
export const scopeTypes = ['global', 'region', 'department', 'enterprise', 'venue', 'facility'] as const;
export type ScopeType = (typeof scopeTypes)[number];

type RoleDef = {
  label: { zh: string; en: string };
  /** Scope types this role may be granted with. */
  scopeTypes: readonly ScopeType[];
  /** Machine roles are for bearer tokens, not for people. */
  machine?: boolean;
  permissions: readonly Permission[];
};

const read: Permission[] = ['overview.read', 'organisation.read'];
/** Townships and departments plan inspections and run the ledger in their scope (plan 五、工作安排(一)1, 3). */
const ledgerOfficer: Permission[] = [
  'inspection.read',
  'inspection.plan',
  'hazard.read',
  'hazard.manage',
  'hazard.verify',
  'ledger.export',
  'supervision.read',
  'supervision.answer',
];
/** Departments and townships handle the tips routed to them and run their enforcement cases (plan 五(一)2, 五(一)5). */
const enforcer: Permission[] = ['tip.read', 'tip.handle', 'enforcement.read', 'enforcement.manage'];
/** Monitoring (plan 四(三)1): watch sensors and alarms in scope, register sensors, handle alarms to the end. */
const monitoringOfficer: Permission[] = ['monitoring.read', 'monitoring.manage', 'alarm.handle'];
/** A supervised party's own inspections, in its own scope. */
const selfInspection: Permission[] = [
  'inspection.read',
  'inspection.plan',
  'inspection.record',
  'inspection.sign',
  'hazard.read',
];

export const roles = {
  office_admin: {
    label: { zh: '专班办公室管理员', en: 'Campaign office administrator' },
    scopeTypes: ['global', 'region'],
    permissions: [...permissions],
  },
  leader: {
    label: { zh: '领导（只读）', en: 'Leader (read-only)' },
    scopeTypes: ['global', 'region'],
    permissions: [
      ...read,
      'user.read',
      'audit.read',
      'registry.read',
      'inspection.read',
      'hazard.read',
      'ledger.export',
      'cylinder.read',
      'tip.read',
      'enforcement.read',
      'delivery.read',
      'monitoring.read',
      'supervision.read',
      'works.read',
      'publicity.read',
    ],
  },
  department_officer: {
    label: { zh: '部门工作人员', en: 'Department officer' },
    scopeTypes: ['department'],
    permissions: [
      ...read,
      'registry.read',
      'registry.manage',
      'registry.import',
      ...ledgerOfficer,
      // Cylinders: read and check in scope, seize (三(一)5, 三(二)1); the blacklist is market regulation's (service).
      'cylinder.read',
      'filling.check',
      'cylinder.seize',
      'cylinder.blacklist',
      ...monitoringOfficer,
      ...enforcer,
      'delivery.read',
      // Works near gas lines: the housing department records them (the scope gives the others nothing to record).
      'works.read',
      'works.record',
      'publicity.read',
      'publicity.manage',
      // Renewal projects: only the housing department's and the office's grants count (renewal.access.ts).
      'renewal.manage',
      'renewal.report',
    ],
  },
  township_officer: {
    label: { zh: '乡镇工作人员', en: 'Township officer' },
    scopeTypes: ['region'],
    permissions: [
      ...read,
      'region.manage',
      'registry.read',
      'registry.manage',
      'registry.import',
      ...ledgerOfficer,
      'cylinder.read',
      ...enforcer,
      'delivery.read',
      ...monitoringOfficer,
      'works.read',
      'works.record',
      'publicity.read',
      'publicity.manage',
    ],
  },
  inspector: {
    label: { zh: '排查人员', en: 'Inspector' },
    scopeTypes: ['region', 'department'],
    // 谁检查、谁签字、谁负责: inspectors record and sign what they inspect, and verify rectifications (复核销号).
    permissions: [
      ...read,
      'registry.read',
      'inspection.read',
      'inspection.record',
      'inspection.sign',
      'hazard.read',
      'hazard.verify',
    ],
  },
  enterprise_manager: {
    label: { zh: '企业管理人员', en: 'Enterprise manager' },
    scopeTypes: ['enterprise'],
    // Self-inspections and household inspections of its users (plan 五、工作安排(一)2); rectifies its own hazards.
    permissions: [
      ...read,
      'registry.read',
      'registry.manage',
      'registry.import',
      ...selfInspection,
      'hazard.rectify',
      // Its own cylinders (产权单位), its stations' checks and fills; an inspection agency records inspections.
      'cylinder.read',
      'cylinder.manage',
      'cylinder.event',
      'cylinder.inspect',
      'filling.check',
      'filling.record',
      // Its delivery system: users, orders, zones, tracks (plan 四(三)3).
      'delivery.read',
      'delivery.manage',
      ...monitoringOfficer,
      // A pipeline operator sees the works near its network and records its guardian's visits.
      'works.read',
      'works.guard',
      // Progress and photos of its own renewal projects (plan 四(二)1–2).
      'renewal.report',
    ],
  },
  venue_manager: {
    label: { zh: '场所负责人', en: 'Venue manager' },
    scopeTypes: ['venue'],
    // The monthly self-inspection (每月一次全面自查, plan 五、工作安排(一)2); rectifies its own hazards.
    permissions: [
      ...read,
      'registry.read',
      'registry.manage',
      ...selfInspection,
      'hazard.rectify',
      'monitoring.read',
      'alarm.handle',
    ],
  },
  delivery_worker: {
    label: { zh: '送气人员', en: 'Delivery worker' },
    scopeTypes: ['enterprise'],
    // Today's orders, scans, the door check (随瓶安检) and the phone's positions.
    permissions: ['overview.read', 'delivery.read', 'delivery.deliver', 'delivery.position'],
  },
  filling_line: {
    label: { zh: '充装线终端', en: 'Filling line' },
    // Bound to one station (facility): it checks and records for that station only.
    scopeTypes: ['facility', 'enterprise'],
    machine: true,
    permissions: ['ingest.write', 'cylinder.event', 'filling.check', 'filling.record'],
  },
  vehicle_terminal: {
    label: { zh: '车载定位终端', en: 'Vehicle terminal' },
    scopeTypes: ['enterprise'],
    machine: true,
    permissions: ['delivery.position'],
  },
  metrics_scraper: {
    label: { zh: '监控采集', en: 'Metrics scraper' },
    scopeTypes: ['global'],
    machine: true,
    permissions: ['metrics.read'],
  },
  sensor_gateway: {
    label: { zh: '监测网关', en: 'Sensor gateway' },
    scopeTypes: ['global', 'region', 'enterprise'],
    machine: true,
    // Readings of the sensors in its scope (its enterprise's, or its region's): POST /api/v1/readings and MQTT.
    permissions: ['ingest.write', 'reading.write'],
  },
} as const satisfies Record<string, RoleDef>;

export type RoleCode = keyof typeof roles;
export const roleCodes = Object.keys(roles) as RoleCode[];
export const personRoleCodes = roleCodes.filter((r) => !(roles[r] as RoleDef).machine);
export const machineRoleCodes = roleCodes.filter((r) => (roles[r] as RoleDef).machine);

export function isRoleCode(value: string): value is RoleCode {
  return Object.hasOwn(roles, value);
}

export function permissionsOf(role: string): readonly Permission[] {
  return isRoleCode(role) ? roles[role].permissions : [];
}
