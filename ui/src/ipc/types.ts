// Generated from the Rust core (src-tauri/core/src/ts_export.rs). Do not edit.
// Regenerate: UPDATE_IPC_TYPES=1 cargo test -p complaintdesk-core ipc_types

export type ErrorCode = "VALIDATION" | "NOT_FOUND" | "STALE_EDIT" | "VOIDED" | "DB_OPEN_FAILED" | "DB_TOO_NEW" | "STORAGE" | "SERVER_UNREACHABLE" | "NO_CURRENT_USER" | "SESSION_LOCKED" | "PASSWORD_CHANGE_REQUIRED" | "FORBIDDEN" | "SIGN_IN_FAILED" | "WRONG_STATE" | "CONFIRMATION_NEEDED" | "MISSING_GLYPH" | "MODULE_OFF" | "BACKUP_REFUSED" | "IO";

export type AppError = { code: ErrorCode, message: string, field?: string, 
/**
 * The form's other fields that are wrong too (an empty form names every
 * missing field at once); `field` and `message` are the first of them.
 */
others?: Array<FieldProblem>, };

export type FieldProblem = { field: string, message: string, };

export type Channel = "phone" | "visit" | "letter" | "email" | "on_site" | "media" | "referred" | "other";

export type Nature = "quality" | "non_quality";

export type CauseType = "product" | "service" | "emotion" | "misunderstanding" | "negligence" | "other";

export type Severity = "normal" | "important" | "critical";

export type Validity = "valid" | "invalid";

export type Market = "domestic" | "foreign";

export type CaseStatus = "registered" | "assessed" | "routed" | "investigating" | "proposed" | "approved" | "answered" | "executed" | "followed_up" | "closed" | "voided";

export type Role = "agent" | "handler" | "dept_head" | "sales_manager" | "vice_gm" | "gm" | "quality" | "accounting" | "admin";

export type ResolutionType = "compensation" | "allowance" | "return" | "replacement" | "rework" | "goodwill";

export type ActionKind = "corrective" | "preventive";

export type ApprovalDecision = "approved" | "sent_back";

export type VisitMethod = "phone" | "in_person";

export type Satisfaction = "satisfied" | "fairly_satisfied" | "unsatisfied";

export type CaseAction = "assess" | "route" | "accept_routing" | "return_routing" | "investigate" | "propose" | "approve" | "send_back" | "answer" | "execute" | "follow_up" | "close" | "edit" | "void" | "remind" | "transfer" | "claim";

export type WorkKind = "to_claim" | "to_assess" | "to_route" | "to_accept" | "to_investigate" | "to_approve" | "to_answer" | "to_execute" | "to_follow_up" | "to_close";

export type OrgType = "mall" | "property" | "manufacturing" | "sales_branch" | "hospitality";

export type LockPolicy = { maxMinutes: number, neverAllowed: boolean, };

export type PersonalData = "full" | "on_request" | "masked";

export type DeadlineStage = "reply" | "route" | "investigate" | "approve" | "whole";

export type LimitUnit = "hours" | "calendar_days" | "working_days";

export type DueFilter = "overdue" | "due_today" | "due_this_week";

export type DocumentKind = "handling_form" | "reply_letter" | "allowance_certificate" | "return_slip" | "refund_certificate" | "reminder_notice" | "tracking_sheet" | "ledger" | "monthly_statement" | "penalty_notice";

export type OutputTarget = "export" | "viewer";

export type DocumentRequest = { kind: DocumentKind, caseId: number | null, reminderId: number | null, 
/**
 * The sheet's current filter (tracking sheet only).
 */
query: CaseQuery | null, 
/**
 * The filter in words, printed on the sheet.
 */
filterText: string, };

export type IssuedDocument = { id: number, number: string, kind: DocumentKind, caseId: number | null, caseNo: string | null, amountFen: number | null, verificationCode: string, 
/**
 * Whom a certificate pays, as printed on it (the customer's name);
 * `None` for other documents and for those issued before schema 12.
 */
payee: string | null, 
/**
 * The copies (联), in order; empty when the document has none.
 */
copies: Array<string>, 
/**
 * Copies already output (1-based; 0 for a document without copies).
 */
printedCopies: Array<number>, issuedByName: string, issuedAt: string, voidReason: string | null, voidedByName: string | null, voidedAt: string | null, };

export type CaseDocuments = { issuable: Array<DocumentKind>, documents: Array<IssuedDocument>, 
/**
 * The documents this person may preview and print (`admit_to_document`):
 * none of a case whose customer he may not see but its 催办单.
 */
openableIds: number[], };

export type DocumentPreview = { document: IssuedDocument, pages: Array<string>, };

export type Verification = { 
/**
 * Issued here, unaltered, and not voided.
 */
genuine: boolean, message: string, document: IssuedDocument | null, 
/**
 * Whom the certificate pays, as printed on it.
 */
customerName: string | null, 
/**
 * The paper as it was issued (SVG pages, 作废 across a voided one):
 * what the person holding it should see, not the case as it is now.
 */
pages: Array<string>, };

export type LedgerState = "pending" | "paid" | "written_off" | "voided";

export type LedgerMark = "paid" | "written_off";

export type LedgerMarkRecord = { id: number, mark: LedgerMark, 
/**
 * 传票号
 */
voucherNo: string, 
/**
 * 传票日期
 */
voucherDate: string, byName: string, at: string, voidReason: string | null, voidedByName: string | null, voidedAt: string | null, };

export type LedgerRow = { documentId: number, number: string, kind: DocumentKind, caseId: number | null, caseNo: string | null, 
/**
 * Whom the document pays, as printed on it (for one issued before the
 * payee was stored, the case's customer name).
 */
payee: string | null, amountFen: number, issuedByName: string, issuedAt: string, state: LedgerState, voidReason: string | null, voidedByName: string | null, voidedAt: string | null, marks: Array<LedgerMarkRecord>, };

export type LedgerQuery = { 
/**
 * `None`: every state.
 */
state: LedgerState | null, 
/**
 * "2026-11": issued that month, the month in the document's number
 * (China time); empty: any month.
 */
month: string, 
/**
 * Part of the number, the case number or the customer's name.
 */
search: string, page: number, pageSize: number, };

export type LedgerCount = { state: LedgerState, count: number, amountFen: number, };

export type LedgerPage = { rows: Array<LedgerRow>, 
/**
 * Documents matching the filter (every page).
 */
total: number, 
/**
 * Their amount, in fen.
 */
totalFen: number, 
/**
 * Each state's count and amount for the month and search (the state tabs).
 */
counts: Array<LedgerCount>, 
/**
 * Whether the signed-in person may mark (会计科).
 */
mayMark: boolean, 
/**
 * Today in the organisation's zone, by the desk's clock (the voucher date's default and limit).
 */
today: string, };

export type LedgerMarkInput = { documentId: number, mark: LedgerMark, 
/**
 * 传票号
 */
voucherNo: string, 
/**
 * 传票日期, YYYY-MM-DD.
 */
voucherDate: string, };

export type BackupFile = { name: string, path: string, takenAt: string, 
/**
 * 立即备份 (kept until deleted by hand), else the daily one (rotated).
 */
manual: boolean, sizeBytes: number, };

export type BackupContents = { path: string, 
/**
 * From the file's name, or its modification time for a file of another name.
 */
takenAt: string | null, cases: number, lastCaseNo: string | null, newestCaseAt: string | null, schemaVersion: number, };

export type BackupOverview = { 
/**
 * False on a server database: IT backs it up, the desk does not.
 */
local: boolean, 
/**
 * Where backups go ("" on a server).
 */
folder: string, 
/**
 * The folder is the default one beside the database.
 */
defaultFolder: boolean, 
/**
 * Newest first.
 */
backups: Array<BackupFile>, 
/**
 * Team mode: when the server last archived, if it says.
 */
serverLastBackup: string | null, 
/**
 * Team mode: why the server's backup time cannot be shown.
 */
serverNote: string | null, };

export type RestoreReport = { contents: BackupContents, 
/**
 * Where the database that was replaced now is.
 */
asideFile: string, };

export type HealthState = "checking" | "ok" | "damaged" | "notChecked";

export type DatabaseHealth = { state: HealthState, problems: Array<string>, 
/**
 * The newest backup, offered for the restore.
 */
latestBackup: BackupFile | null, };

export type StatsBasis = "closed" | "received";

export type StatsQuery = { basis: StatsBasis, from: string, to: string, 
/**
 * One department only (a manager's choice; others get their own anyway).
 */
departmentId: number | null, };

export type StatsDimension = "department" | "cause" | "nature" | "severity" | "channel" | "status" | "resolution" | "satisfaction" | "responsible";

export type StatsSet = "period" | "opened" | "closed" | "open_at_end" | "new_rounds" | "repeats";

export type StatsSlice = { basis: StatsBasis, from: string, 
/**
 * Exclusive.
 */
to: string, set: StatsSet, 
/**
 * The department-only view (the handling department).
 */
scopeDepartmentId: number | null, dimension: StatsDimension | null, 
/**
 * The dimension's value: a code or a department id; empty for "none"
 * (未分派, 未分类, no resolution, no follow-up, 未定责).
 */
value: string, 
/**
 * Only cases with a stage judged late (of `late_stage`, if set), judged at `judged_at`.
 */
late: boolean, lateStage: DeadlineStage | null, judgedAt: string, 
/**
 * What the sheet's tag says.
 */
label: string, };

export type Figure = { count: number, slice: StatsSlice, };

export type Tally = { key: string, label: string, count: number, amountFen: number, slice: StatsSlice, };

export type OnTime = { key: string, label: string, judged: number, onTime: number, 
/**
 * Percent to 0.1; none when nothing was judged.
 */
rate: number | null, 
/**
 * The late ones.
 */
lateSlice: StatsSlice, };

export type OverdueLine = { caseId: number, caseNo: string, departmentName: string, stage: DeadlineStage, dueAt: string, doneAt: string | null, lateReason: string, };

export type SatisfactionRow = { key: string, label: string, satisfied: number, fairlySatisfied: number, unsatisfied: number, rate: number | null, slice: StatsSlice, };

export type TrendSeries = { key: string, label: string, counts: number[], };

export type ParetoBar = { tally: Tally, 
/**
 * Percent of all cases counted so far, to 0.1.
 */
cumulative: number, };

export type Statistics = { query: StatsQuery, 
/**
 * Every department's figures (else only `scope_department_id`'s).
 */
allDepartments: boolean, scopeDepartmentId: number | null, cases: Figure, opened: Figure, closed: Figure, openAtEnd: Figure, newRounds: Figure, repeats: Figure, byDepartment: Array<Tally>, byCause: Array<Tally>, byNature: Array<Tally>, bySeverity: Array<Tally>, byChannel: Array<Tally>, byResolution: Array<Tally>, byStatus: Array<Tally>, claimedFen: number, approvedFen: number, lossFen: number, 
/**
 * Each responsible department's share of the loss (`amount_fen`), most first.
 */
lossByDepartment: Array<Tally>, daysMedian: number | null, daysP90: number | null, onTime: OnTime, onTimeByStage: Array<OnTime>, onTimeByDepartment: Array<OnTime>, 
/**
 * The latest late stages (by due time), at most `OVERDUE_LINES_SHOWN`:
 * a year of a busy desk has tens of thousands, which no one reads on
 * a screen (the sheet lists them all: `on_time.late_slice`).
 */
overdue: Array<OverdueLine>, 
/**
 * How many late stages there are in all.
 */
overdueTotal: number, satisfaction: Array<Tally>, satisfactionRate: number | null, satisfactionByDepartment: Array<SatisfactionRow>, 
/**
 * "2026-11" …, the trend's months.
 */
months: Array<string>, trend: Array<TrendSeries>, pareto: Array<ParetoBar>, };

export type StatementLine = { caseId: number, caseNo: string, round: number, customerName: string, 
/**
 * 料号 (or 订单号 when there is none).
 */
product: string, causeType: CauseType | null, responsibilities: Array<StatementShare>, resolutionTypes: Array<ResolutionType>, lossFen: number, daysToClose: number | null, onTime: boolean | null, };

export type StatementShare = { departmentId: number, departmentName: string, ratioPercent: number, lossShareFen: number, };

export type StatementEntry = { line: StatementLine, 
/**
 * 结案日期 (China time).
 */
closedOn: string, late: boolean, };

export type StatementTotal = { label: string, cases: number, lossFen: number, };

export type StatementConfirmation = { departmentId: number, departmentName: string, byName: string, at: string, };

export type MonthStatement = { 
/**
 * YYYY-MM
 */
month: string, lines: Array<StatementEntry>, byDepartment: Array<StatementTotal>, byCause: Array<StatementTotal>, byResolution: Array<StatementTotal>, totalLossFen: number, 
/**
 * The month's live table, once issued.
 */
document: IssuedDocument | null, 
/**
 * The departments asked to confirm it, and those that did.
 */
confirming: Array<Department>, confirmations: Array<StatementConfirmation>, mayIssue: boolean, 
/**
 * The departments this person may confirm for (their head).
 */
mayConfirm: number[], };

export type StatementDue = { month: string, 
/**
 * The day it is due by (the 10th).
 */
dueOn: string, overdue: boolean, };

export type Sanction = "repentance" | "reprimand1" | "reprimand2" | "minor_demerit1" | "minor_demerit2" | "major_demerit1" | "major_demerit2";

export type SanctionBand = { uptoFen: number | null, sanction: Sanction, 
/**
 * 主管连带处分，以降一级为原则.
 */
supervisorToo: boolean, };

export type AccountabilityRules = { 
/**
 * The 处分标准 table, by rising upper bound; the last has none.
 */
bands: Array<SanctionBand>, 
/**
 * 悔过书's fine (另扣 200 元).
 */
repentanceFen: number, 
/**
 * 警告(申诫)一次 罚扣 (400 元 or more).
 */
reprimandFen: number, 
/**
 * 小过一次 per 基点 (800 元 or more).
 */
minorDemeritFenPerPoint: number, 
/**
 * A month's deduction at most this share of the month bonus (50).
 */
deductionCapPercent: number, 
/**
 * 门店 fines (property organisations).
 */
storeComplaintFen: number, agentComplaintFen: number, mediaExposureFen: number, 
/**
 * The year's most-complained stores, first place first.
 */
yearlyRankFen: Array<number>, 
/**
 * Fines paid within this many days of the notice.
 */
paymentDays: number, };

export type PersonProfile = { departmentId: number, 
/**
 * As the responsibility lines name him.
 */
name: string, basePoints: number, monthBonusFen: number, };

export type AccountabilitySettings = { 
/**
 * Switched on for this organisation; off, the module refuses everything.
 */
enabled: boolean, rules: AccountabilityRules, 
/**
 * The departments that are 门店 (store fines, property organisations).
 */
storeDepartmentIds: number[], profiles: Array<PersonProfile>, };

export type AccountabilityAccess = { enabled: boolean, mayOpen: boolean, };

export type StoreFineKind = "store_complaint" | "agent_complaint" | "media_exposure" | "yearly_rank";

export type StoreFineLine = { departmentId: number, departmentName: string, payer: string, kind: StoreFineKind, caseNo: string | null, amountFen: number, };

export type StoreFine = { id: number, noticeId: number, month: string, departmentId: number, departmentName: string, payer: string, kind: StoreFineKind, caseNo: string | null, amountFen: number, dueDate: string, paidByName: string | null, paidAt: string | null, 
/**
 * Its notice was voided: nothing is owed.
 */
voided: boolean, 
/**
 * Unpaid past its due date (judged by the desk's clock).
 */
overdue: boolean, };

export type PenaltyState = "proposed" | "sent_back" | "approved" | "issued" | "voided";

export type ShareLine = { caseNo: string, departmentId: number, departmentName: string, 
/**
 * Empty: the department as a whole (split by 基点数).
 */
person: string, ratioPercent: number, lossFen: number, shareFen: number, };

export type SanctionLine = { caseNo: string, sanction: Sanction, 
/**
 * Set for 主管连带处分: whose sanction he shares, one level lower.
 */
supervisorOf: string | null, 
/**
 * The share of the loss the sanction is judged on.
 */
shareFen: number, 
/**
 * 行政罚扣折算.
 */
fen: number, };

export type PersonPenalty = { departmentId: number, departmentName: string, person: string, 
/**
 * Whether the admin keeps a 奖罚档案 for him (without one his bonus is
 * taken as 0 and everything waits).
 */
hasProfile: boolean, basePoints: number, monthBonusFen: number, 
/**
 * 经济罚扣 of this month's cases.
 */
economicFen: number, sanctions: Array<SanctionLine>, 
/**
 * 行政罚扣折算 of this month's sanctions.
 */
sanctionFen: number, 
/**
 * Carried from earlier months.
 */
carriedFen: number, dueFen: number, capFen: number, 
/**
 * 本月罚扣
 */
deductedFen: number, 
/**
 * 转下月
 */
carryFen: number, };

export type PenaltyBody = { month: string, shares: Array<ShareLine>, people: Array<PersonPenalty>, storeFines: Array<StoreFineLine>, 
/**
 * Shares no one could bear (a department-wide line of a department
 * without 奖罚档案), for the 总经理室 to settle by hand.
 */
unassigned: Array<ShareLine>, deductedFen: number, finesFen: number, };

export type PenaltyNotice = { id: number, month: string, state: PenaltyState, body: PenaltyBody, totalFen: number, proposedByName: string, proposedAt: string, decidedByName: string | null, decidedAt: string | null, decisionNote: string | null, documentNo: string | null, 
/**
 * The issued 《奖罚通知单》, for the print dialog.
 */
document: IssuedDocument | null, voidReason: string | null, voidedByName: string | null, voidedAt: string | null, };

export type Announcement = { month: string, documentNo: string, departmentName: string, person: string, sanction: Sanction, supervisorOf: string | null, caseNo: string, fen: number, };

export type TableBasis = { documentNo: string, 
/**
 * The departments asked to confirm it, and how many of them did.
 */
confirming: number, confirmed: number, };

export type AccountabilityBoard = { month: string, 
/**
 * What a proposal would say now.
 */
draft: PenaltyBody, 
/**
 * Which cases the draft is computed from: the month's issued 统计表,
 * or (`None`, not issued yet) the cases closed in the month.
 */
table: TableBasis | null, 
/**
 * The month's notices, live or not, oldest first.
 */
notices: Array<PenaltyNotice>, 
/**
 * 人事公布: every issued notice's sanctions, newest month first.
 */
announcements: Array<Announcement>, 
/**
 * The store fines of the month's year.
 */
storeFines: Array<StoreFine>, mayPropose: boolean, mayDecide: boolean, mayMarkPaid: boolean, today: string, };

export type SystemicKind = "item" | "cause_department";

export type SystemicState = "open" | "acknowledged" | "verified" | "closed" | "dismissed";

export type SystemicKindRule = { enabled: boolean, threshold: number, windowDays: number, };

export type SystemicRule = { 
/**
 * Same 料号/产品.
 */
item: SystemicKindRule, 
/**
 * Same cause type within one responsible department.
 */
causeDepartment: SystemicKindRule, };

export type SystemicRuleView = { rule: SystemicRule, 
/**
 * 质量管理部 and administrators change it.
 */
mayEdit: boolean, };

export type SystemicAlertCase = { caseId: number, caseNo: string, receivedAt: string, status: CaseStatus, 
/**
 * When it was linked: with the alert, or later when it joined.
 */
joinedAt: string, };

export type SystemicAlert = { id: number, kind: SystemicKind, 
/**
 * 料号 (kind item).
 */
itemNo: string | null, departmentId: number | null, departmentName: string | null, causeType: CauseType | null, 
/**
 * The rule when it tripped.
 */
threshold: number, windowDays: number, state: SystemicState, version: number, raisedAt: string, 
/**
 * Whose step made it trip.
 */
raisedByName: string, triggerCaseId: number, 
/**
 * 纠正和预防措施, set when acknowledged.
 */
action: CorrectiveAction | null, acknowledgedByName: string | null, acknowledgedAt: string | null, verificationNote: string | null, verifiedByName: string | null, verifiedAt: string | null, closingNote: string | null, closedByName: string | null, closedAt: string | null, dismissReason: string | null, dismissedByName: string | null, dismissedAt: string | null, 
/**
 * How many cases are linked in all.
 */
caseCount: number, 
/**
 * The linked cases by 受理时间: all of them, or the latest
 * `SystemicFilter::cases_per_alert` (an alert nobody closes keeps collecting).
 */
cases: Array<SystemicAlertCase>, };

export type SystemicQuery = { 
/**
 * `None`: every state.
 */
state: SystemicState | null, };

export type SystemicCount = { state: SystemicState, count: number, };

export type SystemicList = { alerts: Array<SystemicAlert>, counts: Array<SystemicCount>, 
/**
 * Whether the signed-in person may acknowledge, verify, close, dismiss.
 */
mayAct: boolean, };

export type SystemicDetail = { alert: SystemicAlert, history: Array<AuditEntry>, mayAct: boolean, };

export type SystemicStepInput = { alertId: number, version: number, 
/**
 * 验证说明, 关闭说明 (optional) or 撤销原因.
 */
note: string, };

export type SystemicAcknowledgeInput = { alertId: number, version: number, action: CorrectiveAction, };

export type ExportFormat = "xlsx" | "csv";

export type ExportProgress = { 
/**
 * The screen's own id for this export (to match progress and 取消).
 */
exportId: string, written: number, 
/**
 * Rows the export will hold (as counted when it started), if known.
 */
total: number | null, };

export type ExportOutcome = { 
/**
 * The file written; `None` when the user closed the save dialog or pressed 取消.
 */
path: string | null, rows: number, 
/**
 * 取消 was pressed: no file was left behind.
 */
cancelled: boolean, };

export type DataExportOutcome = { 
/**
 * The folder written; `None` when the admin closed the folder chooser.
 */
folder: string | null, cases: number, documents: number, attachments: number, auditLines: number, 
/**
 * 取消 was pressed: the folder holds what was written so far and the
 * `INCOMPLETE_MARKER` file.
 */
cancelled: boolean, };

export type StageLimit = { stage: DeadlineStage, amount: number, unit: LimitUnit, };

export type DeadlinePolicy = { id: number, name: string, orgType: OrgType, 
/**
 * `None`: any market.
 */
market: Market | null, limits: Array<StageLimit>, 
/**
 * Who sees an overdue case and sends the 催办单 (投诉中心 / 行政人事部 / …).
 */
escalationDepartmentId: number | null, active: boolean, };

export type CaseDeadline = { id: number, stage: DeadlineStage, policyName: string, 
/**
 * The limit as it stood when the stage started.
 */
limit: StageLimit, startedAt: string, dueAt: string, doneAt: string | null, 
/**
 * Why it was late (asked for every late stage).
 */
lateReason: string, 
/**
 * Still open and past due, by the desk's clock.
 */
overdue: boolean, 
/**
 * How late it was done, or is now if still open (minutes; 0 when on time).
 */
lateMinutes: number, };

export type Reminder = { id: number, reminderNo: string, caseId: number, caseNo: string, stage: DeadlineStage | null, dueAt: string | null, toDepartmentName: string | null, note: string, issuedByName: string, issuedAt: string, };

export type DepartmentCount = { departmentId: number | null, departmentName: string | null, count: number, };

export type DueNotice = { caseId: number, caseNo: string, stage: DeadlineStage, dueAt: string, overdue: boolean, };

export type ArrivalNotice = { caseId: number, caseNo: string, 
/**
 * `ToAccept` or `ToApprove`.
 */
kind: WorkKind, 
/**
 * The department it was routed to, for `ToAccept`.
 */
departmentName: string | null, };

export type HolidayDay = { date: string, 
/**
 * The festival: 元旦, 春节, …
 */
name: string, 
/**
 * `true`: a day off (休). `false`: a make-up working day (班) on a weekend.
 */
off: boolean, };

export type HolidayYear = { year: number, 
/**
 * The notice the dates come from, with its document number.
 */
source: string, 
/**
 * Sorted by date, each date once.
 */
days: Array<HolidayDay>, };

export type ApproverLevel = "sales_manager" | "vice_gm" | "gm";

export type Thresholds = { salesManagerMaxFen: number, viceGmMaxFen: number, 
/**
 * An approval of more than this (the amount offered) is confirmed twice.
 * Settings saved before it existed read as the default.
 */
confirmAboveFen: number, };

export type ResolutionLine = { kind: ResolutionType, quantity: number, unitPriceFen: number, amountFen: number, transportFen: number, note: string, };

export type RoutingRule = { id: number, nature: Nature | null, causeType: CauseType | null, channel: Channel | null, 
/**
 * Matches 料号 that start with it ("PCB-4L" matches "PCB-4L-1.6-0345").
 */
itemPrefix: string, 
/**
 * Matches when the content contains any of them.
 */
keywords: Array<string>, departmentId: number, 
/**
 * Breaks ties between equally specific rules: higher wins.
 */
priority: number, active: boolean, };

export type CaseFields = { 
/**
 * 受理时间
 */
receivedAt: string, 
/**
 * 渠道
 */
channel: Channel, 
/**
 * 客户姓名
 */
customerName: string, 
/**
 * 联系电话, as typed; stored normalised
 */
customerPhone: string, 
/**
 * 地址/房号
 */
customerAddress: string, 
/**
 * 单位
 */
customerOrg: string, 
/**
 * 投诉内容概要
 */
content: string, 
/**
 * 客户要求
 */
customerRequest: string, 
/**
 * 客户索赔金额 (fen)
 */
claimAmountFen: number | null, 
/**
 * 订单编号
 */
orderNo: string, 
/**
 * 料号
 */
itemNo: string, 
/**
 * 数量
 */
quantity: number | null, 
/**
 * 交运日期
 */
deliveryDate: string | null, 
/**
 * 不良数量
 */
defectiveQuantity: number | null, 
/**
 * 市场
 */
market: Market | null, 
/**
 * 投诉性质
 */
nature: Nature | null, 
/**
 * 投诉类别
 */
causeType: CauseType | null, 
/**
 * 严重程度
 */
severity: Severity, 
/**
 * 责任部门
 */
departmentId: number | null, 
/**
 * 异常样品已留存
 */
sampleKept: boolean, 
/**
 * 样品/附件说明
 */
sampleNote: string, };

export type NewCase = { 
/**
 * An earlier case of this customer the agent links as the same matter
 * (二次投诉). When absent the core looks for one itself.
 */
relatedCaseId: number | null, 
/**
 * 受理时间
 */
receivedAt: string, 
/**
 * 渠道
 */
channel: Channel, 
/**
 * 客户姓名
 */
customerName: string, 
/**
 * 联系电话, as typed; stored normalised
 */
customerPhone: string, 
/**
 * 地址/房号
 */
customerAddress: string, 
/**
 * 单位
 */
customerOrg: string, 
/**
 * 投诉内容概要
 */
content: string, 
/**
 * 客户要求
 */
customerRequest: string, 
/**
 * 客户索赔金额 (fen)
 */
claimAmountFen: number | null, 
/**
 * 订单编号
 */
orderNo: string, 
/**
 * 料号
 */
itemNo: string, 
/**
 * 数量
 */
quantity: number | null, 
/**
 * 交运日期
 */
deliveryDate: string | null, 
/**
 * 不良数量
 */
defectiveQuantity: number | null, 
/**
 * 市场
 */
market: Market | null, 
/**
 * 投诉性质
 */
nature: Nature | null, 
/**
 * 投诉类别
 */
causeType: CauseType | null, 
/**
 * 严重程度
 */
severity: Severity, 
/**
 * 责任部门
 */
departmentId: number | null, 
/**
 * 异常样品已留存
 */
sampleKept: boolean, 
/**
 * 样品/附件说明
 */
sampleNote: string, };

export type CaseEdit = { id: number, version: number, fields: CaseFields, 
/**
 * Why 严重程度 goes down from 严重 or 危机 (required then).
 */
severityReason?: string, };

export type Case = { id: number, 
/**
 * 编号 YYMM-NNNN
 */
caseNo: string, 
/**
 * Bumped by every change; an edit must name the version it started from.
 */
version: number, status: CaseStatus, customerId: number, 
/**
 * 首问受理人
 */
receiverId: number, receiverName: string, 
/**
 * 经办人: who holds the case now
 */
handlerId: number, handlerName: string, departmentName: string | null, validity: Validity | null, malicious: boolean, 
/**
 * 二次投诉: the earlier case on the same matter
 */
repeatOfId: number | null, repeatOfNo: string | null, voidReason: string | null, createdAt: string, updatedAt: string, 
/**
 * 上一轮: the case whose answer the customer rejected (new round).
 */
parentCaseId: number | null, parentCaseNo: string | null, 
/**
 * 第几轮: 1 for a first complaint, +1 for each rejected answer.
 */
round: number, 
/**
 * Whether the phone, address and unit above are in full or masked for
 * the person reading (`privacy`).
 */
personalData: PersonalData, 
/**
 * 受理时间
 */
receivedAt: string, 
/**
 * 渠道
 */
channel: Channel, 
/**
 * 客户姓名
 */
customerName: string, 
/**
 * 联系电话, as typed; stored normalised
 */
customerPhone: string, 
/**
 * 地址/房号
 */
customerAddress: string, 
/**
 * 单位
 */
customerOrg: string, 
/**
 * 投诉内容概要
 */
content: string, 
/**
 * 客户要求
 */
customerRequest: string, 
/**
 * 客户索赔金额 (fen)
 */
claimAmountFen: number | null, 
/**
 * 订单编号
 */
orderNo: string, 
/**
 * 料号
 */
itemNo: string, 
/**
 * 数量
 */
quantity: number | null, 
/**
 * 交运日期
 */
deliveryDate: string | null, 
/**
 * 不良数量
 */
defectiveQuantity: number | null, 
/**
 * 市场
 */
market: Market | null, 
/**
 * 投诉性质
 */
nature: Nature | null, 
/**
 * 投诉类别
 */
causeType: CauseType | null, 
/**
 * 严重程度
 */
severity: Severity, 
/**
 * 责任部门
 */
departmentId: number | null, 
/**
 * 异常样品已留存
 */
sampleKept: boolean, 
/**
 * 样品/附件说明
 */
sampleNote: string, };

export type CaseRow = { id: number, caseNo: string, receivedAt: string, customerName: string, customerPhone: string, channel: Channel, nature: Nature | null, causeType: CauseType | null, severity: Severity, departmentName: string | null, status: CaseStatus, handlerName: string, 
/**
 * 投诉内容概要 in full: a list shows its start, or the words a search
 * matched (`CasePage::search_terms`), and the whole text in a tooltip.
 */
content: string, isRepeat: boolean, 
/**
 * The earliest due time of the case's open 时效 steps (none before
 * assessment, after closing, or without a deadline policy).
 */
dueAt: string | null, 
/**
 * `due_at` has passed (by the desk's clock, see `Desk::mark_due`).
 */
overdue: boolean, 
/**
 * 首问受理人, 经办人 and department: who handles the case decides who
 * sees the phone in full (`privacy`).
 */
receiverId: number, handlerId: number, departmentId: number | null, 
/**
 * 第几轮: 1 for a first complaint, +1 for each rejected answer.
 */
round: number, 
/**
 * The customer rejected this round's answer and the matter went on in
 * the next round: the sheet says so instead of a plain 已结案.
 */
continued: boolean, 
/**
 * Whether `customer_phone` is in full or masked for the person reading.
 */
personalData: PersonalData, };

export type DowngradeNotice = { case: CaseRow, to: Severity, byName: string, reason: string, at: string, };

export type UnknownSignIn = { at: string, 
/**
 * As typed (cut to 100 characters).
 */
login: string, workstation: string, };

export type SortField = "caseNo" | "receivedAt" | "customerName" | "channel" | "causeType" | "severity" | "department" | "status" | "handler";

export type CaseQuery = { 
/**
 * Free text: content, customer, phone or case number; any length ≥ 1.
 */
search: string, statuses: Array<CaseStatus>, severities: Array<Severity>, channels: Array<Channel>, causeTypes: Array<CauseType>, departmentIds: number[], 
/**
 * 经办人 (my work lists an agent's own cases).
 */
handlerIds: number[], 
/**
 * 时效: overdue, due today, due this week (by the desk's clock).
 */
due: DueFilter | null, 
/**
 * Received at or after (UTC).
 */
receivedFrom: string | null, 
/**
 * Received before (UTC, exclusive).
 */
receivedTo: string | null, 
/**
 * Voided cases are hidden unless asked for (or the status filter names them).
 */
includeVoided: boolean, 
/**
 * 统计's drill-down: the cases behind one figure (see `stats`).
 */
stats?: StatsSlice, sort: SortField, descending: boolean, 
/**
 * 1-based
 */
page: number, pageSize: number, };

export type CasePage = { rows: Array<CaseRow>, 
/**
 * Matching rows over all pages, counted up to `COUNT_CAP`.
 */
total: number, 
/**
 * More rows match than `total` says (shown as "10000+"): counting a
 * million rows for every keystroke would make the sheet slow, and
 * nobody pages that far.
 */
totalCapped: boolean, 
/**
 * The desk's clock when the page was read: time left is counted from it.
 */
now: string, 
/**
 * The query's search terms as the desk matched them (`search::plan`:
 * cleaned, quotes dropped), so the sheet marks the same words it found.
 */
searchTerms: Array<string>, };

export type Customer = { id: number, name: string, 
/**
 * normalised phone number
 */
phone: string, address: string, org: string, createdAt: string, };

export type CustomerHistory = { customer: Customer | null, 
/**
 * Earlier cases, newest first.
 */
cases: Array<CaseRow>, 
/**
 * Ids of those cases that are open or recent: a new complaint on the
 * same matter is a 二次投诉.
 */
openOrRecentIds: number[], };

export type AuditEntry = { id: number, at: string, actorId: number, actorName: string, 
/**
 * "case", "customer", "user" …
 */
entity: string, entityId: number, 
/**
 * "register", "edit", "void" …
 */
action: string, 
/**
 * camelCase field name for an edit
 */
field: string | null, oldValue: string | null, newValue: string | null, reason: string | null, };

export type Assessment = { 
/**
 * 有效 or 无效; an invalid complaint is explained and closed.
 */
valid: boolean, nature: Nature | null, causeType: CauseType | null, severity: Severity, 
/**
 * 恶意投诉
 */
malicious: boolean, 
/**
 * Why it is invalid (what the customer is told); required when invalid.
 */
explanation: string, };

export type Assessed = { case: Case, proposedDepartmentId: number | null, };

export type CaseRoute = { id: number, departmentId: number, departmentName: string, 
/**
 * What the routing rules proposed at the time, if anything.
 */
proposedDepartmentId: number | null, 
/**
 * Why the proposal was overridden (empty when it was followed).
 */
reason: string, actorId: number, actorName: string, at: string, };

export type Responsibility = { departmentId: number, 
/**
 * 责任人 (may be empty when the department as a whole is responsible)
 */
person: string, ratioPercent: number, };

export type CorrectiveAction = { kind: ActionKind, description: string, owner: string, dueDate: string, };

export type Investigation = { 
/**
 * 原因分析
 */
causeAnalysis: string, 
/**
 * 处理措施
 */
measures: string, 
/**
 * Ratios add up to 100 (or the list is empty until decided).
 */
responsibilities: Array<Responsibility>, actions: Array<CorrectiveAction>, };

export type Proposal = { lines: Array<ResolutionLine>, 
/**
 * 部门意见
 */
opinion: string, };

export type Resolution = { id: number, caseId: number, lines: Array<ResolutionLine>, opinion: string, 
/**
 * What the customer is offered: decides the approver.
 */
offeredFen: number, 
/**
 * 损失金额
 */
lossFen: number, requiredLevel: ApproverLevel, proposerId: number, proposerName: string, proposedAt: string, 
/**
 * 损失金额 of each line, in the order of `lines`, by the 核算基准
 * (`loss.rs`): worked out by the desk for the screens, never stored.
 */
lineLossFen: Array<number>, };

export type Approval = { id: number, resolutionId: number, approverId: number, approverName: string, at: string, decision: ApprovalDecision, comment: string, requiredLevel: ApproverLevel, };

export type ApprovalItem = { case: CaseRow, resolution: Resolution, };

export type CustomerAnswer = { accepted: boolean, 
/**
 * 答复内容
 */
note: string, };

export type Answered = { case: Case, nextRound: Case | null, };

export type FollowUp = { 
/**
 * When the customer was visited or called; not in the future.
 */
visitedAt: string, method: VisitMethod, satisfaction: Satisfaction, remarks: string, };

export type FollowUpRecord = { id: number, caseId: number, visitedAt: string, method: VisitMethod, satisfaction: Satisfaction, remarks: string, actorId: number, actorName: string, recordedAt: string, };

export type CaseLink = { id: number, caseNo: string, };

export type CaseWorkflow = { case: Case, actions: Array<CaseAction>, 
/**
 * The department the routing rules propose now (for 分派).
 */
proposedDepartmentId: number | null, routes: Array<CaseRoute>, investigation: Investigation | null, 
/**
 * The current proposal; an approval of an earlier one no longer counts.
 */
resolution: Resolution | null, approvals: Array<Approval>, followUps: Array<FollowUpRecord>, 
/**
 * The round that followed when the customer rejected the answer.
 */
nextRound: CaseLink | null, 
/**
 * 时效: every stage with its due time, oldest first.
 */
deadlines: Array<CaseDeadline>, 
/**
 * 催办单 sent for this case.
 */
reminders: Array<Reminder>, 
/**
 * The late stages whose 超时原因 this person may write or change now.
 */
explainableDeadlineIds: number[], 
/**
 * 客户历史: the customer's other cases, newest first (at most
 * `CUSTOMER_CASES_SHOWN`), masked as the sheet would show them.
 */
customerCases: Array<CaseRow>, 
/**
 * What was said at 答复, 执行 and 结案 (the steps' texts), oldest first.
 */
stepNotes: Array<StepNote>, 
/**
 * In a later round: the answer the customer did not accept in the
 * round before, with what he said (why this round exists).
 */
rejectedAnswer: StepNote | null, };

export type WorkGroup = { kind: WorkKind, 
/**
 * The oldest first, at most `WORK_GROUP_ROWS`.
 */
rows: Array<CaseRow>, total: number, };

export type User = { id: number, name: string, };

export type Department = { id: number, name: string, };

export type DepartmentInfo = { id: number, name: string, head: User | null, };

export type Account = { id: number, name: string, 
/**
 * `None` only for a user picked by name whose name was taken as a login.
 */
login: string | null, roles: Array<Role>, departmentId: number | null, active: boolean, 
/**
 * Whether a password is set (sign-in possible).
 */
hasPassword: boolean, };

export type NewUser = { name: string, login: string, password: string, roles: Array<Role>, departmentId: number | null, };

export type SignedIn = { user: User, roles: Array<Role>, departmentId: number | null, 
/**
 * The password was set by the admin (新建人员, 重置密码): the person
 * must choose his own before anything else.
 */
mustChangePassword: boolean, 
/**
 * The menu shows 统计表 (the 总经理室, managers, 质量管理部, department
 * heads); Rust checks again on every call.
 */
seesStatements: boolean, };

export type Attachment = { id: number, caseId: number, fileName: string, 
/**
 * e.g. "image/jpeg", guessed from the file name
 */
mediaType: string, 
/**
 * bytes
 */
size: number, note: string, addedAt: string, addedByName: string, };

export type NewAttachment = { caseId: number, fileName: string, contentBase64: string, note: string, };

export type AttachmentContent = { fileName: string, mediaType: string, contentBase64: string, };

export type Preferences = { 
/**
 * "zh-CN", "zh-TW" or "en"
 */
locale: string, 
/**
 * Visible tracking-sheet columns, in order; empty means the default set.
 */
sheetColumns: Array<string>, 
/**
 * Tracking-sheet column widths in pixels the user dragged, by column
 * key; a column not listed has its default width.
 */
sheetColumnWidths: { [key in string]: number }, 
/**
 * The login last used here, to prefill the sign-in form.
 */
lastLogin: string, 
/**
 * 自动锁定: minutes without any action before the session locks; 0 never.
 */
lockAfterMinutes: number, };

export type DbTls = "disable" | "prefer" | "require" | "verify_full";

export type ServerDatabase = { 
/**
 * The primary and its standbys, in order; the desk uses the writable one.
 */
hosts: Array<string>, port: number, dbname: string, user: string, tls: DbTls, 
/**
 * A CA certificate (PEM file path) to trust besides the system's.
 */
caCert: string | null, };

export type DatabaseMode = "none" | "local" | "server";

export type DatabaseStatus = { mode: DatabaseMode, 
/**
 * 本机数据库 <path> or 服务器 host:port/db ("" when none).
 */
description: string, 
/**
 * The server, to fill the change form (never the password).
 */
server: ServerDatabase | null, 
/**
 * Set when the server's password is kept in a file because the OS
 * credential store is unavailable.
 */
passwordWarning?: string, };

export type DeskChange = { "kind": "record", entity: string, id: number, actorId: number, actorName: string, } | { "kind": "disconnected", message: string, } | { "kind": "reconnected" };

export type MoveReport = { 
/**
 * In the order they were copied.
 */
tables: Array<TableReport>, 
/**
 * Rows written to the server's search index, one per case.
 */
searchRows: number, 
/**
 * How long the whole move took, in milliseconds.
 */
elapsedMs: number, 
/**
 * The server the desk now uses.
 */
server: string, };

export type TableReport = { name: string, rows: number, 
/**
 * SHA-256 (lower-case hex) over the table's rows, computed the same way
 * from the SQLite file and from the server before commit.
 */
checksumHex: string, };

export type AboutDesk = { version: string, database: DatabaseStatus, 
/**
 * How many cases the database holds.
 */
caseCount: number, dataDir: string, logDir: string, logFile: string, };

export type CrashNotice = { 
/**
 * When it happened (UTC, RFC 3339); `None` if the marker was unreadable.
 */
at: string | null, 
/**
 * Source file and line, for IT.
 */
place: string, logDir: string, };

export type AppInfo = { version: string, dataDir: string, dbPath: string, schemaVersion: number, 
/**
 * Set when the database could not be opened; the app then does nothing
 * else and never touches the file.
 */
startupError: AppError | null, 
/**
 * No one can sign in yet: the first start sets up the administrator.
 */
needsFirstAdmin: boolean, 
/**
 * Who is signed in at this desk, if anyone.
 */
session: SignedIn | null, 
/**
 * `session`'s user, for screens that only need the name.
 */
currentUser: User | null, 
/**
 * How many cases the database holds, counted on a first start only
 * (it offers the demo data to an empty database); `None` otherwise:
 * counting a million cases held up every start by 20–50 ms, and 关于
 * counts them itself (`AboutDesk::case_count`).
 */
caseCount: number | null, 
/**
 * Demo data was loaded into this database: every screen says 演示数据.
 */
demoData: boolean, 
/**
 * The organisation's time zone (IANA name): every screen shows times in
 * it, as the paper prints them, whatever the machine's own zone.
 */
timeZone: string, 
/**
 * 自动锁定 as the admin allows it (the settings screen's bounds).
 */
lockPolicy: LockPolicy, 
/**
 * Which database this desk uses; `none` before it has been chosen (the
 * first screen then asks).
 */
database: DatabaseStatus, 
/**
 * The demo people and their password, for the first start (an empty
 * database may get the demo) and the sign-in of a demo database; `None`
 * for a database of real cases.
 */
demoAccounts: DemoAccounts | null, 
/**
 * The organisation's cases concern goods (`OrgType::deals_in_goods`):
 * the form and 案件详情 show the product fields.
 */
goodsFields: boolean, };

export type StepNote = { step: StepNoteKind, text: string, actorName: string, at: string, };

export type StepNoteKind = "answer" | "answer_rejected" | "execution" | "closing";

export type DemoAccounts = { password: string, people: Array<DemoAccount>, };

export type DemoAccount = { name: string, login: string, roles: Array<Role>, department: string, };

export type Dashboard = { now: string, 
/**
 * Cases waiting for me (我的待办) that are past due …
 */
myOverdue: Array<CaseRow>, 
/**
 * … due before the end of today (Beijing) …
 */
myDueToday: Array<CaseRow>, 
/**
 * … or before the end of this week (Sunday).
 */
myDueThisWeek: Array<CaseRow>, 
/**
 * Open 严重/危机 cases.
 */
crisis: Array<CaseRow>, 
/**
 * Open overdue cases by responsible department, most first.
 */
overdueByDepartment: Array<DepartmentCount>, 
/**
 * Overdue cases escalated to a department I belong to.
 */
escalated: Array<CaseRow>, 
/**
 * For the 总经理室: last month's 统计表 is still to be issued.
 */
statementDue: StatementDue | null, 
/**
 * Active 普遍性问题 with their cases, for 质量管理部, the managers and
 * administrators (empty for everyone else; `systemic`).
 */
systemicAlerts: Array<SystemicAlert>, };

/** The longest text of each kind of field, in characters, as Rust enforces it (validate::limits). */
export const TEXT_LIMITS = {
  name: 30,
  keyword: 30,
  phone: 40,
  short: 50,
  org: 100,
  address: 200,
  reason: 500,
  request: 1000,
  long: 2000,
} as const

export type TextLimit = keyof typeof TEXT_LIMITS
