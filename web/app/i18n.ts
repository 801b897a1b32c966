import { useMemo, useSyncExternalStore } from 'react';

// The interface speaks Chinese by default and English as the second locale. Terms follow
// shared/plan/glossary.md: 隐患 hazard, 排查 inspection, 台账 ledger, 专项整治 campaign, 苏木镇 township.

const zh = {
  'app.name': '燃安',
  'app.title': '城镇燃气安全监管平台',
  'app.fullName': '燃安 · 城镇燃气安全监管平台',
  'app.subtitle': '乌审旗城镇燃气安全专项整治',

  'menu.home': '首页',
  'menu.campaign': '专项整治',
  'menu.planTasks': '重点任务',
  'menu.organisation': '区划与部门',
  'menu.users': '用户管理',
  'menu.machineTokens': '机器令牌',
  'menu.audit': '审计日志',
  'menu.open': '打开菜单',

  'user.changePassword': '修改密码',
  'user.language': '语言',
  'user.logout': '退出登录',
  'lang.zh': '中文',
  'lang.en': 'English',

  'common.retry': '重试',
  'common.loadFailed': '加载失败',
  'common.empty': '暂无数据',
  'common.noMatch': '没有符合条件的记录',
  'common.save': '保存',
  'common.cancel': '取消',
  'common.ok': '确定',
  'common.edit': '编辑',
  'common.actions': '操作',
  'common.all': '全部',
  'common.saved': '已保存',
  'common.close': '关闭',
  'common.required': '此项必填',
  'common.notFound': '页面不存在',
  'common.forbidden': '您没有访问此页面的权限',
  'common.backHome': '返回首页',
  'common.loadMore': '加载更多',
  'common.noMore': '已全部加载',
  'common.refresh': '刷新',
  'common.more': '更多',
  'common.total': '共 {n} 条',
  'common.optional': '选填',

  'login.submit': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.footer': '乌审旗城镇燃气安全专项整治工作领导小组办公室',

  'password.current': '当前密码',
  'password.new': '新密码',
  'password.confirm': '确认新密码',
  'password.mismatch': '两次输入的密码不一致',
  'password.changed': '密码已修改',
  'password.mustChange': '您的密码为初始密码或已被重置，请先设置新密码。',
  'password.hint': '至少 8 位，须同时包含字母和数字',
  'password.weakness.too_short': '密码至少 8 位',
  'password.weakness.too_long': '密码不能超过 128 位',
  'password.weakness.needs_letter_and_digit': '密码须同时包含字母和数字',

  'errors.validation.failed': '提交的内容有误，请检查标出的项目',
  'errors.request.malformed_json': '请求格式错误',
  'errors.request.unsupported_media_type': '不支持的请求类型',
  'errors.request.body_too_large': '提交的内容过大',
  'errors.request.not_found': '请求的资源不存在',
  'errors.request.rate_limited': '操作过于频繁，请稍后再试',
  'errors.internal.error': '服务器出错，请稍后重试',
  'errors.auth.unauthenticated': '登录已失效，请重新登录',
  'errors.auth.forbidden': '您没有执行此操作的权限',
  'errors.auth.invalid_credentials': '用户名或密码错误',
  'errors.auth.account_locked': '登录失败次数过多，账号已临时锁定，请 {minutes} 分钟后再试',
  'errors.auth.account_disabled': '账号已停用，请联系管理员',
  'errors.auth.wrong_current_password': '当前密码不正确',
  'errors.auth.weak_password': '密码强度不足',
  'errors.users.not_found': '用户不存在',
  'errors.users.username_taken': '该用户名已被占用',
  'errors.users.invalid_grant': '角色与授权范围不匹配',
  'errors.regions.not_found': '区划不存在',
  'errors.regions.code_taken': '该区划代码已存在',
  'errors.regions.parent_invalid': '社区/嘎查只能添加在苏木镇之下',
  'errors.regions.has_children': '请先归档其下级区划',
  'errors.departments.not_found': '部门不存在',
  'errors.scopes.not_found': '授权范围不存在',
  'errors.campaigns.not_found': '专项整治不存在',
  'errors.campaigns.phase_dates_invalid': '各阶段日期须按顺序排列且不能重叠',
  'errors.machine_tokens.not_found': '机器令牌不存在',
  'errors.machine_tokens.invalid_role': '机器令牌只能使用机器角色',
  'errors.network': '无法连接服务器，请检查网络后重试',
  'errors.unknown': '操作失败，请稍后重试',

  'issue.too_small': '内容为空或过短',
  'issue.too_big': '内容过长',
  'issue.invalid_type': '格式不正确',
  'issue.invalid_format': '格式不正确',
  'issue.invalid_value': '取值无效',
  'issue.unrecognized_keys': '包含不允许的字段',

  'overview.regions': '行政区划',
  'overview.departments': '成员单位',
  'overview.tasks': '重点任务',
  'overview.users': '用户',
  'overview.campaign': '专项整治',
  'overview.noCampaign': '尚未设置专项整治',
  'overview.currentPhase': '当前阶段',
  'overview.ongoing': '长期',
  'overview.tasksBySection': '各领域重点任务数',
  'overview.taskCount': '任务数',
  'overview.editCampaign': '编辑阶段',

  'campaign.editTitle': '编辑专项整治',
  'campaign.name': '名称',
  'campaign.nameEn': '英文名称',
  'campaign.phases': '工作阶段',
  'campaign.phaseName': '阶段名称',
  'campaign.phaseNameEn': '英文名称',
  'campaign.startsOn': '开始日期',
  'campaign.endsOn': '结束日期',
  'campaign.endsOnHint': '留空表示长期',
  'campaign.phase.intensive': '集中攻坚',
  'campaign.phase.consolidation': '全面巩固提升',
  'campaign.phase.long_term': '建立长效机制',

  'plan.title': '重点任务',
  'plan.ref': '编号',
  'plan.task': '任务',
  'plan.lead': '牵头单位',
  'plan.support': '配合单位',
  'plan.filterText': '搜索编号、标题或全文',
  'plan.filterDepartment': '按部门筛选',
  'plan.allSections': '全部领域',
  'plan.townships': '各苏木镇政府负责组织落实',
  'plan.fullText': '任务全文',
  'plan.count': '共 {n} 项',

  'org.regions': '行政区划',
  'org.departments': '成员单位',
  'org.code': '代码',
  'org.name': '名称',
  'org.nameEn': '英文名称',
  'org.level': '级别',
  'org.codeHint': '字母、数字、下划线或连字符，最多 32 位',
  'org.addCommunity': '添加社区/嘎查',
  'org.addCommunityTitle': '在“{parent}”下添加社区/嘎查',
  'org.rename': '重命名',
  'org.renameTitle': '重命名“{name}”',
  'org.archive': '归档',
  'org.archiveConfirm': '确定归档“{name}”？归档后将不再显示。',
  'org.archived': '已归档',
  'org.created': '已添加',
  'org.deptName': '全称',
  'org.deptShortName': '简称',
  'org.deptKind': '类别',
  'org.kind.leading_group': '领导小组',
  'org.kind.office': '办公室',
  'org.kind.department': '成员单位',

  'users.username': '用户名',
  'users.displayName': '姓名',
  'users.phone': '电话',
  'users.status': '状态',
  'users.status.active': '正常',
  'users.status.disabled': '已停用',
  'users.lastLogin': '最近登录',
  'users.never': '从未登录',
  'users.mustChange': '待改密',
  'users.grants': '角色与范围',
  'users.search': '搜索用户名、姓名或电话',
  'users.statusFilter': '状态',
  'users.create': '新建用户',
  'users.createTitle': '新建用户',
  'users.initialPassword': '初始密码',
  'users.addGrant': '添加授权',
  'users.grantsRequired': '请至少添加一项授权',
  'users.role': '角色',
  'users.scopeType': '范围类型',
  'users.scope': '范围',
  'users.scopeType.global': '全局',
  'users.scopeType.region': '区划',
  'users.scopeType.department': '部门',
  'users.scopeType.enterprise': '企业',
  'users.enterpriseId': '企业编号',
  'users.edit': '编辑信息',
  'users.editTitle': '编辑用户“{name}”',
  'users.editGrants': '调整授权',
  'users.editGrantsTitle': '调整“{name}”的授权',
  'users.resetPassword': '重置密码',
  'users.resetPasswordTitle': '重置“{name}”的密码',
  'users.resetPasswordHint': '重置后该用户下次登录须修改密码。',
  'users.disable': '停用',
  'users.enable': '启用',
  'users.disableConfirm': '确定停用“{name}”？停用后该账号将无法登录。',
  'users.enableConfirm': '确定启用“{name}”？',
  'users.created': '用户已创建',
  'users.passwordReset': '密码已重置',
  'users.phoneInvalid': '请输入有效的电话号码',

  'tokens.name': '名称',
  'tokens.role': '角色',
  'tokens.scope': '范围',
  'tokens.prefix': '令牌前缀',
  'tokens.createdAt': '签发时间',
  'tokens.expiresAt': '到期时间',
  'tokens.expiresAtHint': '留空表示永不过期',
  'tokens.lastUsedAt': '最近使用',
  'tokens.status': '状态',
  'tokens.status.active': '有效',
  'tokens.status.revoked': '已撤销',
  'tokens.status.expired': '已过期',
  'tokens.never': '从未使用',
  'tokens.noExpiry': '永不过期',
  'tokens.issue': '签发令牌',
  'tokens.issueTitle': '签发机器令牌',
  'tokens.intro': '机器令牌供充装线终端、监测网关等设备调用接口，不能用于登录。',
  'tokens.revoke': '撤销',
  'tokens.revokeConfirm': '确定撤销令牌“{name}”？使用该令牌的设备将无法再访问平台。',
  'tokens.revoked': '令牌已撤销',
  'tokens.secretTitle': '令牌已签发',
  'tokens.secretWarning': '请立即复制并妥善保存此令牌。关闭此窗口后将不再显示。',
  'tokens.copy': '复制令牌',
  'tokens.copied': '已复制',
  'tokens.copyFailed': '复制失败，请手动选择并复制',
  'tokens.done': '我已保存',

  'audit.time': '时间',
  'audit.actor': '操作人',
  'audit.action': '操作',
  'audit.subject': '对象',
  'audit.ip': 'IP 地址',
  'audit.requestId': '请求编号',
  'audit.details': '详情',
  'audit.filterAction': '按操作筛选',
  'audit.filterSubjectType': '按对象类型筛选',
  'audit.hash': '校验值',
} as const;

export type MessageKey = keyof typeof zh;

// A Record over the zh keys: a key missing here, or one zh lacks, fails the type check.
const en: Record<MessageKey, string> = {
  'app.name': "Ran'an",
  'app.title': 'Urban Gas Safety Supervision Platform',
  'app.fullName': "Ran'an · Urban Gas Safety Supervision Platform",
  'app.subtitle': 'Wushen Banner urban gas safety campaign',

  'menu.home': 'Home',
  'menu.campaign': 'Campaign',
  'menu.planTasks': 'Key tasks',
  'menu.organisation': 'Regions & departments',
  'menu.users': 'Users',
  'menu.machineTokens': 'Machine tokens',
  'menu.audit': 'Audit log',
  'menu.open': 'Open menu',

  'user.changePassword': 'Change password',
  'user.language': 'Language',
  'user.logout': 'Sign out',
  'lang.zh': '中文',
  'lang.en': 'English',

  'common.retry': 'Retry',
  'common.loadFailed': 'Could not load',
  'common.empty': 'No data',
  'common.noMatch': 'Nothing matches the filters',
  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.ok': 'OK',
  'common.edit': 'Edit',
  'common.actions': 'Actions',
  'common.all': 'All',
  'common.saved': 'Saved',
  'common.close': 'Close',
  'common.required': 'Required',
  'common.notFound': 'Page not found',
  'common.forbidden': 'You may not open this page',
  'common.backHome': 'Back to home',
  'common.loadMore': 'Load more',
  'common.noMore': 'All loaded',
  'common.refresh': 'Refresh',
  'common.more': 'More',
  'common.total': '{n} in total',
  'common.optional': 'optional',

  'login.submit': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.usernameRequired': 'Enter your username',
  'login.passwordRequired': 'Enter your password',
  'login.footer': 'Campaign Office, Wushen Banner Urban Gas Safety Leading Group',

  'password.current': 'Current password',
  'password.new': 'New password',
  'password.confirm': 'Confirm new password',
  'password.mismatch': 'The passwords do not match',
  'password.changed': 'Password changed',
  'password.mustChange': 'Your password is an initial or reset one. Please set a new password first.',
  'password.hint': 'At least 8 characters, with letters and digits',
  'password.weakness.too_short': 'At least 8 characters',
  'password.weakness.too_long': 'At most 128 characters',
  'password.weakness.needs_letter_and_digit': 'Use both letters and digits',

  'errors.validation.failed': 'Some fields are not valid; please check the marked items',
  'errors.request.malformed_json': 'Malformed request',
  'errors.request.unsupported_media_type': 'Unsupported request type',
  'errors.request.body_too_large': 'The submission is too large',
  'errors.request.not_found': 'Not found',
  'errors.request.rate_limited': 'Too many requests; please try again later',
  'errors.internal.error': 'Server error; please try again later',
  'errors.auth.unauthenticated': 'Your session has ended; please sign in again',
  'errors.auth.forbidden': 'You do not have permission for this',
  'errors.auth.invalid_credentials': 'Wrong username or password',
  'errors.auth.account_locked': 'Too many failed attempts; the account is locked. Try again in {minutes} min',
  'errors.auth.account_disabled': 'This account is disabled; contact an administrator',
  'errors.auth.wrong_current_password': 'The current password is wrong',
  'errors.auth.weak_password': 'The password is too weak',
  'errors.users.not_found': 'User not found',
  'errors.users.username_taken': 'This username is taken',
  'errors.users.invalid_grant': 'The role cannot be granted with this scope',
  'errors.regions.not_found': 'Region not found',
  'errors.regions.code_taken': 'A region with this code already exists',
  'errors.regions.parent_invalid': 'A community can only be added under a township',
  'errors.regions.has_children': 'Archive the regions below this one first',
  'errors.departments.not_found': 'Department not found',
  'errors.scopes.not_found': 'The scope of the grant does not exist',
  'errors.campaigns.not_found': 'Campaign not found',
  'errors.campaigns.phase_dates_invalid': 'Phase dates must be in order and must not overlap',
  'errors.machine_tokens.not_found': 'Machine token not found',
  'errors.machine_tokens.invalid_role': 'A machine token needs a machine role',
  'errors.network': 'Cannot reach the server; check the network and retry',
  'errors.unknown': 'The operation failed; please try again later',

  'issue.too_small': 'Empty or too short',
  'issue.too_big': 'Too long',
  'issue.invalid_type': 'Invalid format',
  'issue.invalid_format': 'Invalid format',
  'issue.invalid_value': 'Invalid value',
  'issue.unrecognized_keys': 'Contains fields that are not allowed',

  'overview.regions': 'Regions',
  'overview.departments': 'Member departments',
  'overview.tasks': 'Key tasks',
  'overview.users': 'Users',
  'overview.campaign': 'Campaign',
  'overview.noCampaign': 'No campaign has been set up',
  'overview.currentPhase': 'Current phase',
  'overview.ongoing': 'ongoing',
  'overview.tasksBySection': 'Key tasks by area',
  'overview.taskCount': 'Tasks',
  'overview.editCampaign': 'Edit phases',

  'campaign.editTitle': 'Edit campaign',
  'campaign.name': 'Name',
  'campaign.nameEn': 'English name',
  'campaign.phases': 'Phases',
  'campaign.phaseName': 'Phase name',
  'campaign.phaseNameEn': 'English name',
  'campaign.startsOn': 'Starts on',
  'campaign.endsOn': 'Ends on',
  'campaign.endsOnHint': 'Leave empty for an open-ended phase',
  'campaign.phase.intensive': 'Intensive push',
  'campaign.phase.consolidation': 'Consolidation',
  'campaign.phase.long_term': 'Long-term mechanism',

  'plan.title': 'Key tasks',
  'plan.ref': 'No.',
  'plan.task': 'Task',
  'plan.lead': 'Lead',
  'plan.support': 'Support',
  'plan.filterText': 'Search number, title or text',
  'plan.filterDepartment': 'Filter by department',
  'plan.allSections': 'All areas',
  'plan.townships': 'Implemented by every township government',
  'plan.fullText': 'Full text',
  'plan.count': '{n} tasks',

  'org.regions': 'Regions',
  'org.departments': 'Member departments',
  'org.code': 'Code',
  'org.name': 'Name',
  'org.nameEn': 'English name',
  'org.level': 'Level',
  'org.codeHint': 'Letters, digits, underscore or hyphen; up to 32',
  'org.addCommunity': 'Add community',
  'org.addCommunityTitle': 'Add a community under “{parent}”',
  'org.rename': 'Rename',
  'org.renameTitle': 'Rename “{name}”',
  'org.archive': 'Archive',
  'org.archiveConfirm': 'Archive “{name}”? It will no longer be shown.',
  'org.archived': 'Archived',
  'org.created': 'Added',
  'org.deptName': 'Full name',
  'org.deptShortName': 'Short name',
  'org.deptKind': 'Kind',
  'org.kind.leading_group': 'Leading group',
  'org.kind.office': 'Office',
  'org.kind.department': 'Member department',

  'users.username': 'Username',
  'users.displayName': 'Name',
  'users.phone': 'Phone',
  'users.status': 'Status',
  'users.status.active': 'Active',
  'users.status.disabled': 'Disabled',
  'users.lastLogin': 'Last sign-in',
  'users.never': 'Never',
  'users.mustChange': 'Must change password',
  'users.grants': 'Roles & scopes',
  'users.search': 'Search username, name or phone',
  'users.statusFilter': 'Status',
  'users.create': 'New user',
  'users.createTitle': 'New user',
  'users.initialPassword': 'Initial password',
  'users.addGrant': 'Add grant',
  'users.grantsRequired': 'Add at least one grant',
  'users.role': 'Role',
  'users.scopeType': 'Scope type',
  'users.scope': 'Scope',
  'users.scopeType.global': 'Global',
  'users.scopeType.region': 'Region',
  'users.scopeType.department': 'Department',
  'users.scopeType.enterprise': 'Enterprise',
  'users.enterpriseId': 'Enterprise id',
  'users.edit': 'Edit details',
  'users.editTitle': 'Edit user “{name}”',
  'users.editGrants': 'Edit grants',
  'users.editGrantsTitle': 'Grants of “{name}”',
  'users.resetPassword': 'Reset password',
  'users.resetPasswordTitle': 'Reset the password of “{name}”',
  'users.resetPasswordHint': 'The user must change it at the next sign-in.',
  'users.disable': 'Disable',
  'users.enable': 'Enable',
  'users.disableConfirm': 'Disable “{name}”? The account will no longer be able to sign in.',
  'users.enableConfirm': 'Enable “{name}”?',
  'users.created': 'User created',
  'users.passwordReset': 'Password reset',
  'users.phoneInvalid': 'Enter a valid phone number',

  'tokens.name': 'Name',
  'tokens.role': 'Role',
  'tokens.scope': 'Scope',
  'tokens.prefix': 'Prefix',
  'tokens.createdAt': 'Issued',
  'tokens.expiresAt': 'Expires',
  'tokens.expiresAtHint': 'Leave empty for no expiry',
  'tokens.lastUsedAt': 'Last used',
  'tokens.status': 'Status',
  'tokens.status.active': 'Active',
  'tokens.status.revoked': 'Revoked',
  'tokens.status.expired': 'Expired',
  'tokens.never': 'Never',
  'tokens.noExpiry': 'No expiry',
  'tokens.issue': 'Issue token',
  'tokens.issueTitle': 'Issue a machine token',
  'tokens.intro':
    'Machine tokens let devices such as filling lines and sensor gateways call the API. They cannot sign in.',
  'tokens.revoke': 'Revoke',
  'tokens.revokeConfirm': 'Revoke “{name}”? Devices using it will lose access.',
  'tokens.revoked': 'Token revoked',
  'tokens.secretTitle': 'Token issued',
  'tokens.secretWarning':
    'Copy this token now and keep it safe. It will not be shown again once you close this window.',
  'tokens.copy': 'Copy token',
  'tokens.copied': 'Copied',
  'tokens.copyFailed': 'Could not copy; select the text and copy it by hand',
  'tokens.done': 'I have saved it',

  'audit.time': 'Time',
  'audit.actor': 'Actor',
  'audit.action': 'Action',
  'audit.subject': 'Subject',
  'audit.ip': 'IP address',
  'audit.requestId': 'Request id',
  'audit.details': 'Details',
  'audit.filterAction': 'Filter by action',
  'audit.filterSubjectType': 'Filter by subject type',
  'audit.hash': 'Hash',
};

export type Locale = 'zh' | 'en';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'ranan.locale';

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

let current: Locale = initialLocale();
const listeners = new Set<() => void>();

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale) {
  if (locale === current) return;
  current = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Vars = Record<string, string | number>;

/** The text for a key in the current locale, with `{name}` placeholders filled from vars. */
export function t(key: MessageKey, vars?: Vars): string {
  return translate(current, key, vars);
}

function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const text = dictionaries[locale][key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

export type Translate = typeof t;

/** True when the key exists, for keys built from server codes (`errors.${code}`). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zh, key);
}

/** Subscribes the component to the locale, so it re-renders when the user switches language. */
export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, getLocale);
}

/**
 * `t` for a component: the component re-renders when the locale changes, and the function's
 * identity changes with the locale so memos and callbacks that list it recompute.
 */
export function useT(): Translate {
  const locale = useLocale();
  return useMemo(() => (key: MessageKey, vars?: Vars) => translate(locale, key, vars), [locale]);
}

/** Picks the English form of a bilingual value when the locale is English and it has one. */
export function pick(zhText: string, enText: string | null | undefined, locale: Locale = current): string {
  return locale === 'en' && enText ? enText : zhText;
}
