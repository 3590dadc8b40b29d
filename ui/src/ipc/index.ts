// The only module that talks to Tauri. Screens import typed commands from here,
// so tests can swap the backend with mockIPC and the Rust contract sits in one place.
import { invoke } from '@tauri-apps/api/core'
import { save } from '@tauri-apps/plugin-dialog'
import type {
  AppError,
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
} from './types'

export * from './types'

const ERROR_CODES: readonly ErrorCode[] = [
  'VALIDATION',
  'NOT_FOUND',
  'STALE_EDIT',
  'VOIDED',
  'DB_OPEN_FAILED',
  'DB_TOO_NEW',
  'STORAGE',
  'NO_CURRENT_USER',
  'SESSION_LOCKED',
  'FORBIDDEN',
  'WRONG_STATE',
  'SIGN_IN_FAILED',
  'IO',
]

export function isAppError(e: unknown): e is AppError {
  if (typeof e !== 'object' || e === null) return false
  const o = e as Record<string, unknown>
  return typeof o.message === 'string' && ERROR_CODES.includes(o.code as ErrorCode)
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

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args)
  } catch (e) {
    const err = toAppError(e)
    if (sessionLost && isSessionLost(err)) sessionLost(err)
    throw err
  }
}

export function appInfo(): Promise<AppInfo> {
  return call('app_info', {})
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
