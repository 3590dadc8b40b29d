// App-wide state that several screens read: who is working, their preferences,
// the department list. Plain reactive module state — small enough not to need Pinia.
import { reactive } from 'vue'
import * as ipc from '@/ipc'
import type { AppInfo, Department, Preferences, User } from '@/ipc'

export const session = reactive({
  info: null as AppInfo | null,
  prefs: { currentUserId: null, locale: 'zh-CN', sheetColumns: [] } as Preferences,
  departments: [] as Department[],
  departmentsLoaded: false,
})

export function currentUser(): User | null {
  return session.info?.currentUser ?? null
}

export async function refreshInfo(): Promise<AppInfo> {
  session.info = await ipc.appInfo()
  return session.info
}

/**
 * After set_current_user Rust's preferences hold the new user; re-read them so a
 * later save_preferences does not send back a stale currentUserId.
 */
export async function afterUserChange(user: User): Promise<void> {
  session.prefs = { ...session.prefs, currentUserId: user.id }
  try {
    session.prefs = await ipc.getPreferences()
  } catch {
    /* keep the local copy */
  }
  await refreshInfo()
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
  session.prefs = { currentUserId: null, locale: 'zh-CN', sheetColumns: [] }
  session.departments = []
  session.departmentsLoaded = false
}
