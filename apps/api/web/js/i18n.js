// Every UI string in two dictionaries, English and Chinese. The choice is kept in localStorage. Indicator
// codes, explanations and names stored by HR come from the data as they are.
import admin from './i18n/admin.js';
import analysis from './i18n/analysis.js';
import appraisalPeriods from './i18n/appraisal-periods.js';
import calibration from './i18n/calibration.js';
import errors from './i18n/errors.js';
import office from './i18n/office.js';
import opinions from './i18n/opinions.js';
import people from './i18n/people.js';
import sets from './i18n/sets.js';
import setup from './i18n/setup.js';
import surveys from './i18n/surveys.js';
import training from './i18n/training.js';
import workorders from './i18n/workorders.js';

const KEY = 'scorecard.lang';

export const LANGS = [
  ['en', 'English'],
  ['zh', '中文'],
];

const en = {
  'app.name': 'Performance scorecard',
  language: 'Language',
  'page.signIn': 'Sign in',
  'page.me': 'My performance',
  'page.department': 'My department',
  'page.office': 'Performance office',
  'nav.office': 'Month',
  'nav.sets': 'Indicator sets',
  'nav.setup': 'Setup',
  'nav.appeals': 'Appeals',
  'nav.admin': 'Administration',
  'nav.department': 'Departments',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signingIn: 'Signing in…',
  'login.wrong': 'Wrong username or password.',
  'password.mustChange': 'HR gave you a one-time password: choose your own to continue.',
  'password.new': 'New password',
  'password.rules': 'At least 12 characters, 5 of them different; not your username, not a common password.',
  'password.change': 'Change password',
  'login.hint':
    'Staff see their own results, managers their department, HR and auditors the performance office.',
  'role.staff': 'staff',
  'role.dept_manager': 'department manager',
  'role.hr_admin': 'HR',
  'role.auditor': 'auditor',
  'dim.efficiency': 'Efficiency',
  'dim.service': 'Service',
  'dim.internal': 'Internal management',
  'dim.growth': 'Learning & growth',
  'status.open': 'open',
  'status.scored': 'scored',
  'status.approved': 'approved',
  'status.closed': 'closed',
  'status.queued': 'queued',
  'status.running': 'running',
  'status.completed': 'completed',
  'status.failed': 'failed',
  'status.cancelled': 'cancelled',
  'status.regular': 'regular',
  'status.adjustment': 'adjustment',
  'status.manual': 'manual',
  'status.scheduled': 'scheduled',
  'status.proposed': 'proposed',
  'status.low_score': 'low score',
  'status.veto': 'veto',
  'status.manager': 'set by the manager',
  'status.improved': 'improved',
  'status.not_improved': 'not improved',
  'status.withdrawn': 'withdrawn',
  'status.agreed': 'agreed',
  'status.done': 'done',
  'status.accepted': 'accepted',
  'status.rejected': 'rejected',
  month: 'Month',
  total: 'Total',
  grade: 'Grade',
  points: 'Workload points',
  incentive: 'Incentive',
  dimension: 'Dimension',
  indicator: 'Indicator',
  indicators: 'Indicators',
  value: 'Value',
  score: 'Score',
  weight: 'Weight',
  contribution: 'Contribution',
  explanation: 'Why',
  missing: 'missing',
  vetoed: 'Vetoed',
  reason: 'Reason',
  status: 'Status',
  deadline: 'Deadline',
  decision: 'Decision',
  actions: 'Actions',
  dueDate: 'Due date',
  baseline: 'baseline',
  staff: 'Staff',
  staffCount: 'staff',
  department: 'Department',
  site: 'site',
  optionalComment: 'Comment (optional)',
  'office.periods': 'Months',
  'office.noPeriods': 'No month yet.',
  'office.planVersion': 'Plan version',
  'office.runs': 'Scoring runs',
  'office.noRuns': 'No run for this month.',
  'office.score': 'Score this month',
  'office.runStarted': 'Run started.',
  'office.runAlready': 'A run of this month is already under way.',
  'office.run': 'Run',
  'office.kind': 'Kind',
  'office.progress': 'Progress',
  'office.created': 'Started',
  'office.finished': 'Finished',
  'office.error': 'Error',
  'office.sets': 'Indicator sets',
  'office.effectiveFrom': 'effective from',
  'office.frozen': 'frozen',
  'office.method': 'Method',
  'office.formula': 'Formula',
  'office.ahp': 'AHP weight helper',
  'office.ahpHint':
    'Compare each pair on Saaty’s 1–9 scale (row against column); the weights are the principal eigenvector, consistent when CR ≤ 0.10.',
  'office.criteria': 'Criteria',
  'office.ahpCompute': 'Compute weights',
  'office.consistent': 'consistent',
  'office.inconsistent': 'not consistent: revise the comparisons',
  'office.appeals': 'Appeals to decide',
  'office.accept': 'accept',
  'office.reject': 'reject',
  'office.decide': 'Decide',
  'office.decided': 'Decision recorded.',
  'office.measurements': 'Corrected measurements (JSON, optional)',
  'office.badJson': 'The measurements are not valid JSON.',
};

const zh = {
  'app.name': '绩效考核',
  language: '语言',
  'page.signIn': '登录',
  'page.me': '我的绩效',
  'page.department': '我的科室',
  'page.office': '绩效办公室',
  'nav.office': '月度工作台',
  'nav.sets': '指标体系',
  'nav.setup': '基础数据',
  'nav.appeals': '申诉与调整',
  'nav.admin': '系统管理',
  'nav.department': '科室',
  username: '用户名',
  password: '密码',
  signIn: '登录',
  signOut: '退出',
  signingIn: '正在登录…',
  'login.wrong': '用户名或密码错误。',
  'password.mustChange': '人事部门给了您一次性密码：请先设置您自己的密码。',
  'password.new': '新密码',
  'password.rules': '至少 12 个字符，其中至少 5 个不同；不能与用户名相同，也不能是常见密码。',
  'password.change': '修改密码',
  'login.hint': '员工查看本人结果，科室主任查看本科室，人力资源与审计查看绩效办公室。',
  'role.staff': '员工',
  'role.dept_manager': '科室主任',
  'role.hr_admin': '人力资源',
  'role.auditor': '审计',
  'dim.efficiency': '效率',
  'dim.service': '服务',
  'dim.internal': '内部管理',
  'dim.growth': '学习与成长',
  'status.open': '进行中',
  'status.scored': '已评分',
  'status.approved': '已审批',
  'status.closed': '已结账',
  'status.queued': '排队中',
  'status.running': '运行中',
  'status.completed': '已完成',
  'status.failed': '失败',
  'status.cancelled': '已取消',
  'status.regular': '常规',
  'status.adjustment': '调整',
  'status.manual': '手动',
  'status.scheduled': '定时',
  'status.proposed': '待确认',
  'status.low_score': '低分',
  'status.veto': '否决',
  'status.manager': '主任制定',
  'status.improved': '已改进',
  'status.not_improved': '未改进',
  'status.withdrawn': '已撤回',
  'status.agreed': '已确认',
  'status.done': '已完成',
  'status.accepted': '申诉成立',
  'status.rejected': '驳回',
  month: '月份',
  total: '总分',
  grade: '等级',
  points: '工作量点数',
  incentive: '绩效奖金',
  dimension: '维度',
  indicator: '指标',
  indicators: '指标',
  value: '实际值',
  score: '得分',
  weight: '权重',
  contribution: '贡献分',
  explanation: '得分说明',
  missing: '缺失',
  vetoed: '一票否决',
  reason: '理由',
  status: '状态',
  deadline: '截止时间',
  decision: '裁决',
  actions: '措施',
  dueDate: '完成日期',
  baseline: '基线分',
  staff: '员工',
  staffCount: '名员工',
  department: '科室',
  site: '院区',
  optionalComment: '备注（可选）',
  'office.periods': '考核月份',
  'office.noPeriods': '尚无月份。',
  'office.planVersion': '方案版本',
  'office.runs': '评分任务',
  'office.noRuns': '本月尚无评分任务。',
  'office.score': '对本月评分',
  'office.runStarted': '评分已开始。',
  'office.runAlready': '本月已有评分任务在进行。',
  'office.run': '任务',
  'office.kind': '类型',
  'office.progress': '进度',
  'office.created': '开始时间',
  'office.finished': '完成时间',
  'office.error': '错误',
  'office.sets': '指标体系',
  'office.effectiveFrom': '生效月份',
  'office.frozen': '已冻结',
  'office.method': '计分方法',
  'office.formula': '公式',
  'office.ahp': '层次分析法权重助手',
  'office.ahpHint': '按 Saaty 1–9 标度两两比较（行相对于列）；权重为主特征向量，CR ≤ 0.10 时判断矩阵一致。',
  'office.criteria': '准则',
  'office.ahpCompute': '计算权重',
  'office.consistent': '一致性通过',
  'office.inconsistent': '一致性未通过：请调整比较',
  'office.appeals': '待裁决申诉',
  'office.accept': '申诉成立',
  'office.reject': '驳回',
  'office.decide': '裁决',
  'office.decided': '裁决已记录。',
  'office.measurements': '更正的测量值（JSON，可选）',
  'office.badJson': '测量值不是有效的 JSON。',
};

// Each area of the pages keeps its strings in its own file under ./i18n/ (one owner per file).
for (const area of [
  office,
  sets,
  setup,
  admin,
  people,
  surveys,
  opinions,
  training,
  workorders,
  analysis,
  calibration,
  appraisalPeriods,
  errors,
]) {
  Object.assign(en, area.en);
  Object.assign(zh, area.zh);
}

export const DICTIONARIES = { en, zh };

/** The reader's language as a BCP 47 tag, for Accept-Language and number formats. */
export function langTag() {
  return getLang() === 'zh' ? 'zh-CN' : 'en';
}

export function getLang() {
  const stored = localStorage.getItem(KEY);
  if (stored && DICTIONARIES[stored]) return stored;
  return navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function setLang(lang) {
  if (DICTIONARIES[lang]) localStorage.setItem(KEY, lang);
}

/** The string of `key` in the current language (English, then the key itself, when missing). */
export function t(key) {
  return DICTIONARIES[getLang()][key] ?? en[key] ?? key;
}

/** `template` with its `{name}` placeholders filled from `params`; a placeholder without a value stays as it is. */
export function fill(template, params = {}) {
  return template.replace(/\{(\w+)\}/g, (slot, name) =>
    Object.prototype.hasOwnProperty.call(params, name) && params[name] !== undefined
      ? String(params[name])
      : slot,
  );
}

/** `t(key)` with its `{name}` placeholders filled from `params`. */
export function tf(key, params = {}) {
  return fill(t(key), params);
}

/** Fills elements marked data-i18n (text) and data-i18n-placeholder in static HTML. */
export function applyI18n(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]'))
    node.placeholder = t(node.dataset.i18nPlaceholder);
}
