import { describe, expect, it } from 'vitest'
import type { CaseQuery } from '@/ipc'
import InboxView from './InboxView.vue'
import { DEPARTMENTS, appInfo, fakeBackend, mountWith, row, signedIn, until, type Handler } from '@/test/helpers'
import { session } from '@/session'

const ROWS = [row({ id: 3, caseNo: '2503-0003', status: 'routed', departmentName: '品质部' })]

function backend(handlers: Record<string, Handler> = {}) {
  return fakeBackend({
    inbox_departments: () => DEPARTMENTS,
    department_inbox: () => ({ rows: ROWS, total: 31, totalCapped: false }),
    ...handlers,
  })
}

const last = (b: ReturnType<typeof fakeBackend>) => b.last('department_inbox')!.args as { departmentId: number; query: CaseQuery }
const OPEN = ['registered', 'assessed', 'routed', 'investigating', 'proposed', 'approved', 'answered', 'executed', 'followed_up']

describe('部门收件箱', () => {
  it('opens on my own department, all open cases, newest first', async () => {
    session.info = appInfo({ session: signedIn({ roles: ['dept_head'], departmentId: 2 }) })
    const b = backend()
    const { wrapper } = await mountWith(InboxView, { path: '/inbox' })
    await until(() => expect(wrapper.findAll('[data-testid="row-case-no"]').map((w) => w.text())).toEqual(['2503-0003']))
    expect(b.of('department_inbox')).toHaveLength(1)
    const { departmentId, query } = last(b)
    expect(departmentId).toBe(2)
    expect(query).toMatchObject({ statuses: OPEN, page: 1, pageSize: 20, sort: 'caseNo', descending: true, includeVoided: false })
    expect(wrapper.get('[data-testid="inbox-department"]').text()).toContain('品质部')
    expect(wrapper.get('[data-testid="inbox-total"]').text()).toBe('31')
  })

  it('without a department of my own it shows the first one Rust opens to me', async () => {
    session.info = appInfo({ session: signedIn({ roles: ['quality'], departmentId: null }) })
    const b = backend({ inbox_departments: () => [DEPARTMENTS[1]] })
    const { wrapper } = await mountWith(InboxView, { path: '/inbox' })
    await until(() => expect(last(b).departmentId).toBe(2))
    expect(wrapper.get('[data-testid="inbox-department"]').text()).toContain('品质部')
  })

  it('someone in no department is told so and no inbox is asked for', async () => {
    session.info = appInfo({ session: signedIn({ roles: ['accounting'], departmentId: null }) })
    const b = backend({ inbox_departments: () => [] })
    const { wrapper } = await mountWith(InboxView, { path: '/inbox' })
    await until(() => expect(wrapper.text()).toContain('您不属于任何部门'))
    expect(b.of('department_inbox')).toHaveLength(0)
  })

  it('queries the department picked, and the status picked, from page 1', async () => {
    session.info = appInfo({ session: signedIn({ roles: ['dept_head'], departmentId: 1 }) })
    const b = backend()
    const { wrapper } = await mountWith(InboxView, { path: '/inbox' })
    // The department is known and its first page asked for before paging on.
    await until(() => expect(last(b)).toMatchObject({ departmentId: 1, query: { page: 1 } }))
    wrapper.findComponent({ name: 'ElPagination' }).vm.$emit('update:current-page', 2)
    await until(() => expect(last(b)).toMatchObject({ departmentId: 1, query: { page: 2 } }))

    wrapper.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 2)
    await until(() => expect(last(b)).toMatchObject({ departmentId: 2, query: { page: 1, statuses: OPEN } }))

    await wrapper.get('[data-testid="inbox-status-routed"] input').setValue(true)
    await until(() => expect(last(b)).toMatchObject({ departmentId: 2, query: { statuses: ['routed'], page: 1 } }))
    await wrapper.get('[data-testid="inbox-status-proposed"] input').setValue(true)
    await until(() => expect(last(b).query.statuses).toEqual(['proposed']))
    expect(wrapper.get('[data-testid="inbox-status"]').text()).toContain('调查中')
  })

  it('clicking a row opens the case', async () => {
    session.info = appInfo({ session: signedIn({ roles: ['handler'], departmentId: 2 }) })
    backend()
    const { wrapper, router } = await mountWith(InboxView, { path: '/inbox' })
    await until(() => expect(wrapper.findAll('.el-table__row')).toHaveLength(1))
    await wrapper.findAll('.el-table__row')[0].trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/cases/3'))
  })

  it('shows each case’s 时效 counted from the inbox page’s now', async () => {
    session.info = appInfo({ session: signedIn({ roles: ['dept_head'], departmentId: 2 }) })
    backend({
      department_inbox: () => ({
        rows: [
          row({ id: 3, caseNo: '3106-0003', dueAt: '2031-06-08T04:00:00Z', overdue: true }),
          row({ id: 4, caseNo: '3106-0004', dueAt: '2031-06-10T04:45:00Z' }),
        ],
        total: 2,
        totalCapped: false,
        now: '2031-06-10T04:00:00Z',
      }),
    })
    const { wrapper } = await mountWith(InboxView, { path: '/inbox' })
    await until(() => expect(wrapper.findAll('[data-testid="row-due"]')).toHaveLength(2))
    const cells = wrapper.findAll('[data-testid="row-due"]')
    expect(cells.map((c) => c.text())).toEqual(['超时 2天', '剩 45分钟'])
    expect(cells.map((c) => c.attributes('data-overdue'))).toEqual(['true', 'false'])
    expect(wrapper.findAll('.el-table__row')[0].classes()).toContain('row-overdue')
  })

  it('a refusal is shown', async () => {
    session.info = appInfo({ session: signedIn({ roles: ['handler'], departmentId: 2 }) })
    backend({
      department_inbox: () => {
        throw { code: 'FORBIDDEN', message: '您不能查看其他部门的案件' }
      },
    })
    await mountWith(InboxView, { path: '/inbox' })
    await until(() => expect(document.querySelector('.el-message')?.textContent).toContain('您不能查看其他部门的案件'))
  })
})
