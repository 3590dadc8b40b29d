// The only module that talks to Tauri. Screens import typed commands from here,
// so tests can swap the backend with mockIPC and the Rust contract sits in one place.
import { invoke } from '@tauri-apps/api/core'
import { listen } from '@tauri-apps/api/event'
import { open, save } from '@tauri-apps/plugin-dialog'
import type {
  Account,
  LockPolicy,
  User,
  CaseDocuments,
  DocumentPreview,
  DocumentRequest,
  IssuedDocument,
  Verification,
  LedgerMarkInput,
  LedgerPage,
  LedgerQuery,
  LedgerRow,
  MonthStatement,
  Statistics,
  StatsQuery,
  SystemicAcknowledgeInput,
  SystemicDetail,
  SystemicList,
  SystemicQuery,
  SystemicRule,
  SystemicRuleView,
  SystemicStepInput,
  CaseDeadline,
  Dashboard,
  DeadlinePolicy,
  HolidayYear,
  OrgType,
  Reminder,
  Answered,
  AppError,
  ApprovalItem,
  Assessed,
  Assessment,
  CaseRow,
  DowngradeNotice,
  UnknownSignIn,
  CaseWorkflow,
  CustomerAnswer,
  DepartmentInfo,
  FollowUp,
  Investigation,
  NewUser,
  Proposal,
  Role,
  RoutingRule,
  Thresholds,
  WorkGroup,
  AppInfo,
  Attachment,
  AttachmentContent,
  AuditEntry,
  Case,
  CaseEdit,
  CasePage,
  CaseQuery,
  CustomerHistory,
  Department,
  ErrorCode,
  NewAttachment,
  NewCase,
  Preferences,
  SignedIn,
  DatabaseStatus,
  DeskChange,
  MoveReport,
  ServerDatabase,
  AccountabilityAccess,
  AccountabilityBoard,
  AccountabilitySettings,
  PenaltyNotice,
  StoreFine,
  ExportFormat,
  ExportOutcome,
  DataExportOutcome,
  ExportProgress,
  AboutDesk,
  CrashNotice,
  BackupContents,
  BackupFile,
  BackupOverview,
  DatabaseHealth,
  RestoreReport,
} from './types'

export * from './types'

// A record, so that a code added in Rust (types.ts) fails the type check until it is listed here.
const ERROR_CODES: Record<ErrorCode, true> = {
  VALIDATION: true,
  NOT_FOUND: true,
  STALE_EDIT: true,
  VOIDED: true,
  DB_OPEN_FAILED: true,
  DB_TOO_NEW: true,
  STORAGE: true,
  SERVER_UNREACHABLE: true,
  NO_CURRENT_USER: true,
  SESSION_LOCKED: true,
  PASSWORD_CHANGE_REQUIRED: true,
  FORBIDDEN: true,
  WRONG_STATE: true,
  CONFIRMATION_NEEDED: true,
  MODULE_OFF: true,
  BACKUP_REFUSED: true,
  MISSING_GLYPH: true,
  SIGN_IN_FAILED: true,
  IO: true,
}

export function isAppError(e: unknown): e is AppError {
  if (typeof e !== 'object' || e === null) return false
  const o = e as Record<string, unknown>
  return typeof o.message === 'string' && typeof o.code === 'string' && Object.hasOwn(ERROR_CODES, o.code)
}

/** Every rejection the UI sees is an AppError, whatever went wrong underneath. */
export function toAppError(e: unknown): AppError {
  return isAppError(e) ? e : { code: 'IO', message: String(e) }
}

/** Nobody is signed in any more (locked after the idle time, or signed out elsewhere). */
export function isSessionLost(e: unknown): boolean {
  return isAppError(e) && ((e.code as ErrorCode) === 'SESSION_LOCKED' || e.code === 'NO_CURRENT_USER')
}

type SessionLostListener = (e: AppError) => void
let sessionLost: SessionLostListener | null = null

/** The app shell listens here: any command may answer SESSION_LOCKED / NO_CURRENT_USER. */
export function onSessionLost(listener: SessionLostListener | null) {
  sessionLost = listener
}

type ServerReachListener = (lost: AppError | null) => void
let serverReach: ServerReachListener | null = null

/**
 * The connection banner listens here: a command answering SERVER_UNREACHABLE
 * reports the error, and every answer after it reports null (reachable again).
 */
export function onServerReach(listener: ServerReachListener | null) {
  serverReach = listener
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    const answer = await invoke<T>(cmd, args)
    serverReach?.(null)
    return answer
  } catch (e) {
    const err = toAppError(e)
    if (sessionLost && isSessionLost(err)) sessionLost(err)
    serverReach?.(err.code === 'SERVER_UNREACHABLE' ? err : null)
    throw err
  }
}

/** The name of the event Rust sends for every change heard from the server (src-tauri/src/live.rs). */
export const DESK_CHANGE_EVENT = 'desk-change'

/**
 * Changes made at any desk on the same server (this one's included), a lost
 * connection and its return. Resolves to the function that stops listening.
 */
export function onDeskChange(handler: (change: DeskChange) => void): Promise<() => void> {
  return listen<DeskChange>(DESK_CHANGE_EVENT, (e) => handler(e.payload))
}

/** The person typed or clicked: only this keeps the session from locking (polls do not). */
export function noteActivity(): Promise<void> {
  return call('note_activity', {})
}

export function appInfo(): Promise<AppInfo> {
  return call('app_info', {})
}

/** 设置 → 关于: version, the database in use (never a password), the log folder. */
export function aboutDesk(): Promise<AboutDesk> {
  return call('about_desk', {})
}

/** 打开日志文件夹 in the system's file manager. */
export function openLogFolder(): Promise<void> {
  return call('open_log_folder', {})
}

/** The last run crashed: told once at start (null otherwise, and on every later call). */
export function takeCrashNotice(): Promise<CrashNotice | null> {
  return call('take_crash_notice', {})
}

/** Which database this desk uses: none chosen yet, 本机数据库 or a server. */
export function databaseStatus(): Promise<DatabaseStatus> {
  return call('database_status', {})
}

/** 测试连接: resolves to the success message, rejects with the exact failure; changes nothing. */
export function testServerConnection(server: ServerDatabase, password: string): Promise<string> {
  return call('test_server_connection', { server, password })
}

/** 本机数据库. On a desk that already had a database (admin only) the app restarts instead of answering. */
export function chooseLocalDatabase(): Promise<DatabaseStatus> {
  return call('choose_local_database', {})
}

/** 连接: connects, saves the server and its password. Restarts the app when a database was already open. */
export function connectServer(server: ServerDatabase, password: string): Promise<DatabaseStatus> {
  return call('connect_server', { server, password })
}

/**
 * 迁移到服务器 (系统管理员, on 本机数据库): copies everything into the empty server
 * database and saves it as this desk's database from the next start.
 */
export function moveToServer(server: ServerDatabase, password: string): Promise<MoveReport> {
  return call('move_to_server', { server, password })
}

/** Restarts the app (after 迁移到服务器). */
export function restartApp(): Promise<null> {
  return call('restart_app', {})
}

/** First start only: creates the 系统管理员 and signs him in. */
export function createFirstAdmin(name: string, login: string, password: string): Promise<SignedIn> {
  return call('create_first_admin', { name, login, password })
}

export function signIn(login: string, password: string): Promise<SignedIn> {
  return call('sign_in', { login, password })
}

export function signOut(): Promise<null> {
  return call('sign_out', {})
}

export function changePassword(oldPassword: string, newPassword: string): Promise<null> {
  return call('change_password', { oldPassword, newPassword })
}

export function getPreferences(): Promise<Preferences> {
  return call('get_preferences', {})
}

export function savePreferences(prefs: Preferences): Promise<Preferences> {
  return call('save_preferences', { prefs })
}

export function loadDemoData(): Promise<number> {
  return call('load_demo_data', {})
}

export function listDepartments(): Promise<Department[]> {
  return call('list_departments', {})
}

export function registerCase(input: NewCase): Promise<Case> {
  return call('register_case', { input })
}

export function updateCase(edit: CaseEdit): Promise<Case> {
  return call('update_case', { edit })
}

export function voidCase(id: number, version: number, reason: string): Promise<Case> {
  return call('void_case', { id, version, reason })
}

export function getCase(id: number): Promise<Case> {
  return call('get_case', { id })
}

export function caseTimeline(id: number): Promise<AuditEntry[]> {
  return call('case_timeline', { id })
}

export function listCases(query: CaseQuery): Promise<CasePage> {
  return call('list_cases', { query })
}

export function customerHistory(phone: string): Promise<CustomerHistory> {
  return call('customer_history', { phone })
}

export function addAttachment(input: NewAttachment): Promise<Attachment> {
  return call('add_attachment', { input })
}

export function listAttachments(caseId: number): Promise<Attachment[]> {
  return call('list_attachments', { caseId })
}

/**
 * 保存附件: asks where to save (the system's save-as dialog) and lets Rust
 * write the file there. Resolves to the chosen path, or null if cancelled.
 */
export async function saveAttachment(id: number, fileName: string): Promise<string | null> {
  let path: string | null
  try {
    path = await save({ defaultPath: fileName })
  } catch (e) {
    throw toAppError(e)
  }
  if (!path) return null
  await call('save_attachment', { id, path })
  return path
}

export function attachmentContent(id: number): Promise<AttachmentContent> {
  return call('attachment_content', { id })
}

// ---- the case workflow: one command per step; Rust checks who may take it ----

/** The case with everything its workflow panels show, and the actions allowed to me now. */
export function caseWorkflow(id: number): Promise<CaseWorkflow> {
  return call('case_workflow', { id })
}

export function assessCase(id: number, version: number, assessment: Assessment): Promise<Assessed> {
  return call('assess_case', { id, version, assessment })
}

/** 分派/改派; a reason is needed when overriding the rules' proposal or moving a routed case. */
export function routeCase(id: number, version: number, departmentId: number, reason: string): Promise<Case> {
  return call('route_case', { id, version, departmentId, reason })
}

export function acceptRouting(id: number, version: number): Promise<Case> {
  return call('accept_routing', { id, version })
}

export function returnRouting(id: number, version: number, reason: string): Promise<Case> {
  return call('return_routing', { id, version, reason })
}

export function recordInvestigation(id: number, version: number, investigation: Investigation): Promise<Case> {
  return call('record_investigation', { id, version, investigation })
}

export function proposeResolution(id: number, version: number, proposal: Proposal): Promise<Case> {
  return call('propose_resolution', { id, version, proposal })
}

/** `confirmed`: the approver has confirmed an amount above the admin's (CONFIRMATION_NEEDED otherwise). */
export function approveResolution(id: number, version: number, comment: string, confirmed = false): Promise<Case> {
  return call('approve_resolution', { id, version, comment, confirmed })
}

export function sendBackResolution(id: number, version: number, comment: string): Promise<Case> {
  return call('send_back_resolution', { id, version, comment })
}

export function answerCustomer(id: number, version: number, answer: CustomerAnswer): Promise<Answered> {
  return call('answer_customer', { id, version, answer })
}

export function executeResolution(id: number, version: number, note: string): Promise<Case> {
  return call('execute_resolution', { id, version, note })
}

export function recordFollowUp(id: number, version: number, followUp: FollowUp): Promise<Case> {
  return call('record_follow_up', { id, version, followUp })
}

export function closeCase(id: number, version: number, summary: string): Promise<Case> {
  return call('close_case', { id, version, summary })
}

/** 我的待办: the cases waiting for me, grouped by what I am to do. */
export function myWork(): Promise<WorkGroup[]> {
  return call('my_work', {})
}

/** 待我审批: proposals within my authority that I did not make, oldest first. */
export function approvalQueue(): Promise<ApprovalItem[]> {
  return call('approval_queue', {})
}

/** 部门收件箱: the tracking sheet limited to one department's cases. */
export function departmentInbox(departmentId: number, query: CaseQuery): Promise<CasePage> {
  return call('department_inbox', { departmentId, query })
}

/** Open 严重/危机 cases this manager has not yet acknowledged (empty for others). */
export function crisisAlerts(): Promise<CaseRow[]> {
  return call('crisis_alerts', {})
}

/** 未知账号登录 (admin): sign-ins with a login no account has, newest first. */
export function unknownSignIns(): Promise<UnknownSignIn[]> {
  return call('unknown_sign_ins', {})
}

/** 严重/危机 cases made less severe that this manager has not yet acknowledged (empty for others). */
export function downgradeNotices(): Promise<DowngradeNotice[]> {
  return call('downgrade_notices', {})
}

/** 知道了 on a downgrade notice. */
export function acknowledgeDowngrade(caseId: number): Promise<null> {
  return call('acknowledge_downgrade', { caseId })
}

/** The active agents a case can be handed to (转交). */
export function listAgents(): Promise<User[]> {
  return call('list_agents', {})
}

/** 转交: the case to another agent, with a reason (首问负责制). */
/** 领取: the signed-in agent takes a registered case no agent owns. */
export function claimCase(id: number, version: number): Promise<Case> {
  return call('claim_case', { id, version })
}

export function transferCase(id: number, version: number, toUserId: number, reason: string): Promise<Case> {
  return call('transfer_case', { id, version, toUserId, reason })
}

/** The departments whose 收件箱 this person may open. */
export function inboxDepartments(): Promise<Department[]> {
  return call('inbox_departments', {})
}

/** 显示完整信息: the case with its customer's data in full (recorded on its timeline). */
export function revealPersonalData(caseId: number): Promise<Case> {
  return call('reveal_personal_data', { caseId })
}

export function acknowledgeCrisis(caseId: number): Promise<null> {
  return call('acknowledge_crisis', { caseId })
}

// ---- administration (系统管理员 only; Rust refuses anyone else) ----

export function listAccounts(): Promise<Account[]> {
  return call('list_accounts', {})
}

export function createAccount(newUser: NewUser): Promise<Account> {
  return call('create_account', { newUser })
}

export function setUserRoles(userId: number, roles: Role[]): Promise<Account> {
  return call('set_user_roles', { userId, roles })
}

export function setUserDepartment(userId: number, departmentId: number | null): Promise<Account> {
  return call('set_user_department', { userId, departmentId })
}

/** 停用 / 启用; an agent with open cases is switched off only with `successorId`, who takes them (转交). */
export function setUserActive(userId: number, active: boolean, successorId: number | null = null): Promise<Account> {
  return call('set_user_active', { userId, active, successorId })
}

export function resetPassword(userId: number, newPassword: string): Promise<null> {
  return call('reset_password', { userId, newPassword })
}

/** Departments with their heads. */
export function departmentInfos(): Promise<DepartmentInfo[]> {
  return call('department_infos', {})
}

export function createDepartment(name: string): Promise<Department> {
  return call('create_department', { name })
}

export function setDepartmentHead(departmentId: number, userId: number): Promise<null> {
  return call('set_department_head', { departmentId, userId })
}

export function getThresholds(): Promise<Thresholds> {
  return call('get_thresholds', {})
}

export function setThresholds(thresholds: Thresholds): Promise<Thresholds> {
  return call('set_thresholds', { thresholds })
}

export function listRoutingRules(): Promise<RoutingRule[]> {
  return call('list_routing_rules', {})
}

export function createRoutingRule(rule: RoutingRule): Promise<RoutingRule> {
  return call('create_routing_rule', { rule })
}

export function updateRoutingRule(rule: RoutingRule): Promise<RoutingRule> {
  return call('update_routing_rule', { rule })
}

// ---- 时效: deadlines, the working-day calendar, escalation ----

/** 工作台: my overdue / due today / due this week, crisis cases, overdue by department, escalated to my department. */
export function dashboard(): Promise<Dashboard> {
  return call('dashboard', {})
}

/** 超时原因 for a late stage (asked once per late stage). */
export function explainLate(caseId: number, deadlineId: number, reason: string): Promise<CaseDeadline> {
  return call('explain_late', { caseId, deadlineId, reason })
}

/** 催办单 for an overdue case (managers and the escalation department). */
export function issueReminder(caseId: number, note: string): Promise<Reminder> {
  return call('issue_reminder', { caseId, note })
}

export function calendarYears(): Promise<HolidayYear[]> {
  return call('calendar_years', {})
}

/** 导入/修改 a year (admin): the year's holiday file as JSON text; Rust checks it and names the bad field. */
export function saveCalendarYear(json: string): Promise<HolidayYear> {
  return call('save_calendar_year', { json })
}

/** 导入通知原文 (admin): the State Council's notice as published; `year` when its title (关于2027年…) was not pasted. */
export function importCalendarNotice(text: string, year: number): Promise<HolidayYear> {
  return call('import_calendar_notice', { text, year })
}

export function deadlinePolicies(): Promise<DeadlinePolicy[]> {
  return call('deadline_policies', {})
}

export function updateDeadlinePolicy(policy: DeadlinePolicy): Promise<DeadlinePolicy> {
  return call('update_deadline_policy', { policy })
}

export function getOrganisationType(): Promise<OrgType> {
  return call('get_organisation_type', {})
}

export function getOrganisationName(): Promise<string> {
  return call('get_organisation_name', {})
}

/** 单位名称 (admin), as a 答复函 signs off with it. */
export function setOrganisationName(name: string): Promise<string> {
  return call('set_organisation_name', { name })
}

export function setOrganisationType(orgType: OrgType): Promise<OrgType> {
  return call('set_organisation_type', { orgType })
}

/** 自动锁定 (admin): the longest lock time desks may choose, and whether "never" is allowed. */
export function setLockPolicy(policy: LockPolicy): Promise<LockPolicy> {
  return call('set_lock_policy', { policy })
}

/** 查看客户信息: the roles that may ask to see customers' data in full. */
export function personalDataRoles(): Promise<Role[]> {
  return call('personal_data_roles', {})
}

export function setPersonalDataRoles(roles: Role[]): Promise<Role[]> {
  return call('set_personal_data_roles', { roles })
}

/** 时区 (admin): an IANA name; the answer is the zone in force. */
export function setTimeZone(timeZone: string): Promise<string> {
  return call('set_time_zone', { timeZone })
}

// ---- 文书: printed documents (Rust lays them out and renders the PDF) ----

/** 开具: a new document under its own number (handling form, certificates, 催办单, tracking sheet). */
export function issueDocument(request: DocumentRequest): Promise<IssuedDocument> {
  return call('issue_document', { request })
}

/** The case's documents, and the kinds the signed-in user may issue for it now. */
export function caseDocuments(caseId: number): Promise<CaseDocuments> {
  return call('case_documents', { caseId })
}

/** 打印预览: the chosen copies (1-based 联; empty = all) as SVG pages, exactly as they will print. */
export function documentPreview(number: string, copies: number[]): Promise<DocumentPreview> {
  return call('document_preview', { number, copies })
}

/**
 * 导出 PDF: Rust asks where to save (the system's save-as dialog) and writes
 * the file. Resolves to the path, or null if cancelled. A copy output before is printed as 补打.
 */
export function exportDocument(number: string, copies: number[]): Promise<string | null> {
  return call('export_document', { number, copies })
}

/** 打印: opens the PDF in the system's PDF viewer, to print from there. Resolves to the file's path. */
export function openDocument(number: string, copies: number[]): Promise<string> {
  return call('open_document', { number, copies })
}

/** 作废 with a reason; the number is never used again. */
export function voidDocument(number: string, reason: string): Promise<IssuedDocument> {
  return call('void_document', { number, reason })
}

/** 解除锁定 (admin): the account locked by failed sign-ins may sign in again at once. */
export function unlockSignIn(userId: number): Promise<Account> {
  return call('unlock_sign_in', { userId })
}

/** 凭证验证: what a verification code was issued for, and whether it is genuine. */
export function verifyDocument(code: string): Promise<Verification> {
  return call('verify_document', { code })
}

// ---- 会计台账: 会计科 books the certificates and return slips ----

/** A page of the ledger, its totals and each state's count (会计科 and admins; refused to others). */
export function ledger(query: LedgerQuery): Promise<LedgerPage> {
  return call('ledger', { query })
}

/** 登记已付 / 登记核销 with the voucher's number and date (会计科 only). Resolves to the row as it stands now. */
export function markLedger(input: LedgerMarkInput): Promise<LedgerRow> {
  return call('mark_ledger', { input })
}

/** 作废入账记录: the document's latest live mark, with a reason. */
export function voidLedgerMark(documentId: number, markId: number, reason: string): Promise<LedgerRow> {
  return call('void_ledger_mark', { documentId, markId, reason })
}

/** 打印台账: the ledger as filtered becomes a document of its own number, for the print dialog. */
export function issueLedger(query: LedgerQuery): Promise<IssuedDocument> {
  return call('issue_ledger', { query })
}

/** 统计: every figure of a period (Rust decides which departments the person sees). */
export function statistics(query: StatsQuery): Promise<Statistics> {
  return call('statistics', { query })
}

// ---- 客户投诉案件统计表 (the 总经理室 issues, department heads confirm; checked in Rust) ----

/** A month's table (YYYY-MM): issued, or what issuing it now would list. */
export function monthStatement(month: string): Promise<MonthStatement> {
  return call('month_statement', { month })
}

/** 开具统计表: the month's table becomes a document of its own number. */
export function issueStatement(month: string): Promise<IssuedDocument> {
  return call('issue_statement', { month })
}

/** A department head confirms the table's responsibilities for his department. */
export function confirmStatement(documentId: number, departmentId: number): Promise<MonthStatement> {
  return call('confirm_statement', { documentId, departmentId })
}

// ---- 奖罚: an optional module (Rust refuses everything with MODULE_OFF while it is off) ----

/** Whether the module is on and this person may open 奖罚 (never refused: the menu asks). */
export function accountabilityAccess(): Promise<AccountabilityAccess> {
  return call('accountability_access')
}

/** 系统管理 → 奖罚 (admin): the switch, the rules, the stores and the people's 基点数/效益奖金. */
export function accountabilitySettings(): Promise<AccountabilitySettings> {
  return call('accountability_settings')
}

export function saveAccountabilitySettings(settings: AccountabilitySettings): Promise<AccountabilitySettings> {
  return call('save_accountability_settings', { settings })
}

/** The 奖罚 screen for a month ("2026-11"): the draft, the month's notices, 人事公布 and the year's store fines. */
export function accountabilityBoard(month: string): Promise<AccountabilityBoard> {
  return call('accountability_board', { month })
}

/** 提出 (总经理室): the month's penalties as computed now, to the 总经理. */
export function proposePenalties(month: string): Promise<PenaltyNotice> {
  return call('propose_penalties', { month })
}

/** 核准 / 退回 (总经理); sending back needs a reason. */
export function decidePenalties(noticeId: number, approve: boolean, note: string): Promise<PenaltyNotice> {
  return call('decide_penalties', { noticeId, approve, note })
}

/** 开具《奖罚通知单》 (总经理室): an approved notice becomes its document; its store fines fall due. */
export function issuePenaltyNotice(noticeId: number): Promise<PenaltyNotice> {
  return call('issue_penalty_notice', { noticeId })
}

/** 作废 with a reason (总经理室 or 总经理), the document with it. */
export function voidPenaltyNotice(noticeId: number, reason: string): Promise<PenaltyNotice> {
  return call('void_penalty_notice', { noticeId, reason })
}

/** 登记已缴 (会计科): a store fine paid. */
export function markStoreFinePaid(fineId: number): Promise<StoreFine> {
  return call('mark_store_fine_paid', { fineId })
}

// ---- 普遍性问题: alerts the rule raises, for 质量管理部 and the managers ----

/** 普遍性规则 and whether the signed-in person may change it (质量管理部, admins). */
export function systemicRule(): Promise<SystemicRuleView> {
  return call('systemic_rule')
}

/** 保存普遍性规则: thresholds and windows per kind, each switchable. */
export function setSystemicRule(rule: SystemicRule): Promise<SystemicRuleView> {
  return call('set_systemic_rule', { rule })
}

/** The alerts of a state (or all), newest first, with each state's count. */
export function systemicAlerts(query: SystemicQuery): Promise<SystemicList> {
  return call('systemic_alerts', { query })
}

/** One alert with the audit lines of every step. */
export function systemicAlert(alertId: number): Promise<SystemicDetail> {
  return call('systemic_alert', { alertId })
}

/** 确认并制定纠正措施 (owner, due date, description). */
export function acknowledgeSystemic(input: SystemicAcknowledgeInput): Promise<SystemicDetail> {
  return call('acknowledge_systemic', { input })
}

/** 验证: the corrective action's effect, with a note. */
export function verifySystemic(input: SystemicStepInput): Promise<SystemicDetail> {
  return call('verify_systemic', { input })
}

/** 关闭 a verified alert. */
export function closeSystemic(input: SystemicStepInput): Promise<SystemicDetail> {
  return call('close_systemic', { input })
}

/** 撤销 an alert raised wrongly, with the reason (it is kept). */
export function dismissSystemic(input: SystemicStepInput): Promise<SystemicDetail> {
  return call('dismiss_systemic', { input })
}

// ---- 导出: a list to an Excel (.xlsx) or CSV file ----

/** What to export: the sheet of a filter (every row, not only the page), 我的待办, 待我审批 or the ledger. */
export type ExportList =
  | { kind: 'sheet'; query: CaseQuery }
  | { kind: 'myWork' }
  | { kind: 'approvalQueue' }
  | { kind: 'ledger'; query: LedgerQuery }
  | { kind: 'statement'; month: string }
  | { kind: 'statistics'; query: StatsQuery }

/** The event Rust sends as an export goes (src-tauri/src/export.rs). */
export const EXPORT_PROGRESS_EVENT = 'export-progress'

/**
 * 导出: Rust asks where to save (the save-as dialog), then writes every row,
 * masked as on screen. `exportId` is the screen's own name for this export:
 * progress events carry it and `cancelExport` takes it. Resolves with the
 * path and row count; the path is null when the dialog was closed or 取消 pressed.
 */
export function exportList(list: ExportList, format: ExportFormat, exportId: string): Promise<ExportOutcome> {
  switch (list.kind) {
    case 'sheet':
      return call('export_sheet', { exportId, query: list.query, format })
    case 'myWork':
      return call('export_my_work', { exportId, format })
    case 'approvalQueue':
      return call('export_approval_queue', { exportId, format })
    case 'ledger':
      return call('export_ledger', { exportId, query: list.query, format })
    case 'statement':
      return call('export_statement', { exportId, month: list.month, format })
    case 'statistics':
      return call('export_statistics', { exportId, query: list.query, format })
  }
}

/** 取消: the export stops and leaves no file. False when it had already finished. */
export function cancelExport(exportId: string): Promise<boolean> {
  return call('cancel_export', { exportId })
}

/**
 * 导出全部数据 (administrators only, checked in Rust): Rust asks for a new,
 * empty folder and writes everything into it; progress events count cases
 * under `exportId`, and `cancelExport(exportId)` stops it (the folder then
 * stays marked incomplete). `folder` is null when the chooser was closed.
 */
export function exportAllData(exportId: string): Promise<DataExportOutcome> {
  return call('export_all_data', { exportId })
}

/** Progress of the exports running. Resolves to the function that stops listening. */
export function onExportProgress(handler: (progress: ExportProgress) => void): Promise<() => void> {
  return listen<ExportProgress>(EXPORT_PROGRESS_EVENT, (e) => handler(e.payload))
}

// ---- 备份与恢复 (系统管理; admins only, checked in Rust) ----

/** The event Rust sends when the start-up database check has an answer (src-tauri/src/backup.rs). */
export const DATABASE_HEALTH_EVENT = 'database-health'

/** The start-up check of the database file so far ('checking' until it has an answer). */
export function databaseHealth(): Promise<DatabaseHealth> {
  return call('database_health', {})
}

/** The check's answer when it comes. Resolves to the function that stops listening. */
export function onDatabaseHealth(handler: (health: DatabaseHealth) => void): Promise<() => void> {
  return listen<DatabaseHealth>(DATABASE_HEALTH_EVENT, (e) => handler(e.payload))
}

export function backupOverview(): Promise<BackupOverview> {
  return call('backup_overview', {})
}

/** null = the default folder beside the database. */
export function setBackupFolder(folder: string | null): Promise<BackupOverview> {
  return call('set_backup_folder', { folder })
}

/** 立即备份: a copy now, kept until deleted by hand. */
export function backUpNow(): Promise<BackupFile> {
  return call('back_up_now', {})
}

/** 从备份恢复, first step: Rust checks the file and says what it holds (BACKUP_REFUSED otherwise). */
export function inspectBackup(path: string): Promise<BackupContents> {
  return call('inspect_backup', { path })
}

/** 从备份恢复, confirmed: the current database is set aside and the session ends (sign in again). */
export function restoreBackup(path: string): Promise<RestoreReport> {
  return call('restore_backup', { path })
}

/** The system's open dialog for a backup file; null if cancelled. */
export async function pickBackupFile(): Promise<string | null> {
  try {
    const path = await open({ multiple: false, directory: false, filters: [{ name: 'SQLite', extensions: ['sqlite3', 'sqlite', 'db'] }] })
    return typeof path === 'string' ? path : null
  } catch (e) {
    throw toAppError(e)
  }
}

/** The system's folder picker; null if cancelled. */
export async function pickFolder(): Promise<string | null> {
  try {
    const path = await open({ multiple: false, directory: true })
    return typeof path === 'string' ? path : null
  } catch (e) {
    throw toAppError(e)
  }
}
