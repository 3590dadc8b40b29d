import { createRouter, createWebHashHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router'

// Hash history: the built app is served from Tauri's asset protocol, where
// path URLs would not map back to index.html on reload.
const sheetView = () => import('@/views/SheetView.vue')

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'sheet', component: sheetView },
  { path: '/register', name: 'register', component: () => import('@/views/RegisterView.vue') },
  {
    path: '/cases/:id',
    name: 'case',
    component: () => import('@/views/CaseDetail.vue'),
    props: (r: { params: { id?: string | string[] } }) => ({ id: Number(r.params.id) }),
  },
  { path: '/dashboard', name: 'dashboard', component: () => import('@/views/DashboardView.vue') },
  { path: '/work', name: 'work', component: () => import('@/views/MyWorkView.vue') },
  { path: '/inbox', name: 'inbox', component: () => import('@/views/InboxView.vue') },
  { path: '/approvals', name: 'approvals', component: () => import('@/views/ApprovalQueueView.vue') },
  { path: '/admin', name: 'admin', component: () => import('@/views/AdminView.vue') },
  { path: '/settings', name: 'settings', component: () => import('@/views/SettingsView.vue') },
  { path: '/verify', name: 'verify', component: () => import('@/views/VerifyView.vue') },
  { path: '/ledger', name: 'ledger', component: () => import('@/views/LedgerView.vue') },
  { path: '/stats', name: 'stats', component: () => import('@/views/StatsView.vue') },
  { path: '/statement', name: 'statement', component: () => import('@/views/StatementView.vue') },
  { path: '/accountability', name: 'accountability', component: () => import('@/views/AccountabilityView.vue') },
  { path: '/systemic', name: 'systemic', component: () => import('@/views/SystemicView.vue') },
]

export function makeRouter(history: RouterHistory = createWebHashHistory(), routeList: RouteRecordRaw[] = routes) {
  return createRouter({ history, routes: routeList })
}

/**
 * Fetches and compiles the tracking sheet's code while the sign-in screen
 * waits for the password, so that 登录 opens the sheet without waiting for
 * it (the first screen after signing in).
 */
export function preloadSheet(): void {
  sheetView().catch(() => {
    /* the route loads it again when it is opened, and reports a failure then */
  })
}
