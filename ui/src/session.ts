// App-wide state that several screens read: who is signed in, their preferences,
// the department list. Plain reactive module state — small enough not to need Pinia.
import { reactive } from 'vue'
import * as ipc from '@/ipc'
import { DEFAULT_TIME_ZONE, setDisplayTimeZone } from '@/time'
import type { Department, AppInfo, LockPolicy, Preferences, Role, SignedIn, User } from '@/ipc'

export function defaultPrefs(): Preferences {
  return { locale: 'zh-CN', sheetColumns: [], sheetColumnWidths: {}, lastLogin: '', lockAfterMinutes: 15 }
}

export const session = reactive({
  info: null as AppInfo | null,
  prefs: defaultPrefs(),
  departments: [] as Department[],
  departmentsLoaded: false,
})

/** 自动锁定 as Rust allows it; its own default until app info has arrived. */
export function lockPolicy(): LockPolicy {
  return session.info?.lockPolicy ?? { maxMinutes: 15, neverAllowed: false }
}

export function signedIn(): SignedIn | null {
  return session.info?.session ?? null
}

export function currentUser(): User | null {
  return session.info?.session?.user ?? session.info?.currentUser ?? null
}

export function currentRoles(): Role[] {
  return session.info?.session?.roles ?? []
}

export async function refreshInfo(): Promise<AppInfo> {
  session.info = await ipc.appInfo()
  setDisplayTimeZone(session.info.timeZone)
  return session.info
}

/**
 * After create_first_admin / sign_in: take the session Rust answered, then re-read
 * app info (demo data, lock policy) and the preferences (lastLogin now holds this login).
 */
export async function afterSignIn(who: SignedIn): Promise<void> {
  if (session.info) session.info = { ...session.info, session: who, currentUser: who.user }
  // Asked together: the working screens wait for both.
  const prefs = ipc.getPreferences().catch(() => session.prefs) // keep the local copy
  await refreshInfo()
  session.prefs = await prefs
  // Rust is the authority, but an app_info that lags must not sign us out again.
  if (session.info && !session.info.session) session.info = { ...session.info, session: who, currentUser: who.user }
}

/** Forget who was signed in (after sign_out, or when a command says the session is gone). */
export function clearSignedIn() {
  if (session.info) session.info = { ...session.info, session: null, currentUser: null }
}

export async function loadDepartments(force = false): Promise<Department[]> {
  if (!session.departmentsLoaded || force) {
    session.departments = await ipc.listDepartments()
    session.departmentsLoaded = true
  }
  return session.departments
}

export async function savePrefs(patch: Partial<Preferences>): Promise<Preferences> {
  const saved = await ipc.savePreferences({ ...session.prefs, ...patch })
  session.prefs = saved
  return saved
}

/** Tests share the module between mounts; start each from a clean slate. */
export function resetSession() {
  session.info = null
  session.prefs = defaultPrefs()
  session.departments = []
  session.departmentsLoaded = false
  setDisplayTimeZone(DEFAULT_TIME_ZONE)
}
