// Shared test plumbing: a fake Rust backend on top of mockIPC that records every
// call, sample data, and a mount() that installs i18n and a memory router.
import { flushPromises, mount } from '@vue/test-utils'
import { mockIPC } from '@tauri-apps/api/mocks'
import { createMemoryHistory } from 'vue-router'
import { vi } from 'vitest'
import type { Component } from 'vue'
import type {
  AboutDesk,
  AuditEntry,
  Case,
  CaseRow,
  DatabaseStatus,
  Department,
  AppInfo,
  Preferences,
  ServerDatabase,
  SignedIn,
  User,
} from '@/ipc'
import { makeI18n } from '@/i18n'
import { makeRouter, routes } from '@/router'

export type Handler = (args: Record<string, unknown>) => unknown

export interface Call {
  cmd: string
  args: Record<string, unknown>
}

/** Installs mockIPC with default answers; `handlers` override per command. A thrown value becomes the rejection. */
export function fakeBackend(handlers: Record<string, Handler> = {}) {
  const calls: Call[] = []
  const defaults: Record<string, Handler> = {
    app_info: () => appInfo(),
    get_preferences: () => prefs(),
    save_preferences: (a) => a.prefs,
    list_departments: () => DEPARTMENTS,
    list_cases: () => ({ rows: [], total: 0, totalCapped: false }),
    case_timeline: () => [],
    customer_history: () => ({ customer: null, cases: [], openOrRecentIds: [] }),
    list_attachments: () => [],
    // 案件详情 lists the case's 文书.
    case_documents: () => ({ issuable: [], documents: [], openableIds: [] }),
    database_status: () => localDatabase(),
    personal_data_roles: () => [],
    downgrade_notices: () => [],
    unknown_sign_ins: () => [],
    take_crash_notice: () => null,
    about_desk: () => aboutDesk(),
    database_health: () => ({ state: 'ok', problems: [], latestBackup: null }),
  }
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>
    calls.push({ cmd, args: a })
    const h = handlers[cmd] ?? defaults[cmd]
    if (!h) throw { code: 'IO', message: `unmocked command ${cmd}` }
    return h(a)
  })
  return {
    calls,
    of: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    last: (cmd: string) => calls.filter((c) => c.cmd === cmd).at(-1),
  }
}

export async function mountWith(component: Component, opts: { props?: Record<string, unknown>; path?: string } = {}) {
  // Screens are mounted directly; routes only need to exist, so they render nothing.
  const router = makeRouter(
    createMemoryHistory(),
    routes.map((r) => ({ path: r.path, name: r.name, component: { render: () => null } })),
  )
  await router.push(opts.path ?? '/')
  await router.isReady()
  const i18n = makeI18n('zh-CN')
  const wrapper = mount(component, {
    props: opts.props,
    attachTo: document.body,
    global: { plugins: [i18n, router] },
  })
  await settle()
  return { wrapper, router, i18n }
}

/** Let IPC promises, Vue updates and Element Plus transitions run. To wait for something timed, use until. */
export async function settle() {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
  }
}

/**
 * Retry an assertion until it holds: wait for the condition, not for a time.
 * The timeout only bounds a test that fails: it is generous because CI runs
 * under load (vi.waitFor's own 1 s default once failed a 300 ms live reload).
 */
export const until = <T>(assertion: () => T, timeout = 10_000): Promise<T> => vi.waitFor(assertion, { timeout, interval: 10 })

export const USERS: User[] = [
  { id: 1, name: '王小明' },
  { id: 2, name: '李娜' },
]

export const DEPARTMENTS: Department[] = [
  { id: 1, name: '客服部' },
  { id: 2, name: '品质部' },
]

/** USERS[0] signed in as 客服专员. */
export function signedIn(patch: Partial<SignedIn> = {}): SignedIn {
  return { user: USERS[0], roles: ['agent'], departmentId: 1, mustChangePassword: false, seesStatements: false, ...patch }
}

/** Someone is signed in unless the patch says otherwise (currentUser follows session). */
export function appInfo(patch: Partial<AppInfo> = {}): AppInfo {
  const session = patch.session === undefined ? signedIn() : patch.session
  return {
    version: '0.1.0',
    dataDir: '/home/u/.local/share/complaintdesk',
    dbPath: '/home/u/.local/share/complaintdesk/complaintdesk.sqlite3',
    schemaVersion: 1,
    startupError: null,
    caseCount: 3,
    demoData: false,
    timeZone: 'Asia/Shanghai',
    lockPolicy: { maxMinutes: 15, neverAllowed: false },
    needsFirstAdmin: false,
    database: localDatabase(),
    demoAccounts: null,
    goodsFields: true,
    ...patch,
    session,
    currentUser: session?.user ?? null,
  }
}

/** 设置 → 关于 on a desk with its SQLite file. */
export function aboutDesk(patch: Partial<AboutDesk> = {}): AboutDesk {
  return {
    version: '0.1.0',
    database: localDatabase(),
    caseCount: 3,
    dataDir: '/home/u/.local/share/complaintdesk',
    logDir: '/home/u/.local/share/complaintdesk/logs',
    logFile: '/home/u/.local/share/complaintdesk/logs/complaintdesk.log',
    ...patch,
  }
}

/** The desk uses its SQLite file. */
export function localDatabase(): DatabaseStatus {
  return {
    mode: 'local',
    description: '本机数据库 /home/u/.local/share/complaintdesk/complaintdesk.sqlite3',
    server: null,
  }
}

export function serverDatabase(patch: Partial<ServerDatabase> = {}): ServerDatabase {
  return {
    hosts: ['db1.example.cn', 'db2.example.cn'],
    port: 5432,
    dbname: 'complaintdesk',
    user: 'kesu',
    tls: 'require',
    caCert: null,
    ...patch,
  }
}

export function prefs(patch: Partial<Preferences> = {}): Preferences {
  return { locale: 'zh-CN', sheetColumns: [], sheetColumnWidths: {}, lastLogin: 'wangxm', lockAfterMinutes: 15, ...patch }
}

export function row(patch: Partial<CaseRow> = {}): CaseRow {
  return {
    id: 1,
    caseNo: '2503-0001',
    receivedAt: '2025-03-01T02:30:00Z',
    dueAt: null,
    overdue: false,
    customerName: '张三',
    customerPhone: '13812345678',
    channel: 'phone',
    nature: 'non_quality',
    causeType: 'service',
    severity: 'normal',
    departmentName: '客服部',
    status: 'registered',
    handlerName: '王小明',
    content: '服务员态度恶劣',
    isRepeat: false,
    receiverId: 1,
    handlerId: 1,
    departmentId: 1,
    round: 1,
    continued: false,
    personalData: 'full',
    ...patch,
  }
}

export function kase(patch: Partial<Case> = {}): Case {
  return {
    id: 7,
    caseNo: '2503-0007',
    version: 1,
    status: 'registered',
    customerId: 3,
    receiverId: 1,
    receiverName: '王小明',
    handlerId: 1,
    handlerName: '王小明',
    departmentName: '品质部',
    validity: null,
    malicious: false,
    repeatOfId: null,
    repeatOfNo: null,
    parentCaseId: null,
    parentCaseNo: null,
    round: 1,
    voidReason: null,
    createdAt: '2025-03-01T02:31:00Z',
    updatedAt: '2025-03-01T02:31:00Z',
    receivedAt: '2025-03-01T02:30:00Z',
    channel: 'visit',
    customerName: '张三',
    customerPhone: '13812345678',
    customerAddress: '3栋1201',
    customerOrg: '',
    content: '菜里有头发，要求退款',
    customerRequest: '退款并道歉',
    claimAmountFen: 1234567,
    orderNo: '',
    itemNo: '',
    quantity: null,
    deliveryDate: null,
    defectiveQuantity: null,
    market: null,
    nature: 'quality',
    causeType: 'product',
    severity: 'important',
    departmentId: 2,
    sampleKept: true,
    sampleNote: '头发已装袋',
    personalData: 'full',
    ...patch,
  }
}

export function audit(patch: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 1,
    at: '2025-03-01T02:31:00Z',
    actorId: 1,
    actorName: '王小明',
    entity: 'case',
    entityId: 7,
    action: 'register',
    field: null,
    oldValue: null,
    newValue: null,
    reason: null,
    ...patch,
  }
}

/** Type into an Element Plus input found by a selector (the native input inside). */
export async function typeInto(root: { find: (s: string) => { element: Element } }, selector: string, value: string) {
  const el = root.find(selector).element
  const input = (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' ? el : el.querySelector('input,textarea')) as
    | HTMLInputElement
    | HTMLTextAreaElement
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  await flushPromises()
  return input
}
