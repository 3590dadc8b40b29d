import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Dashboard, Reminder } from '@/ipc'
import DashboardView from './DashboardView.vue'
import { fakeBackend, mountWith, row, settle, until } from '@/test/helpers'
import { systemicAlert } from '@/test/systemic'

// happy-dom has no layout for ECharts to draw in; the chart has its own test.
// Here a stand-in shows what the screen hands it.
vi.mock('@/components/DepartmentOverdueChart.vue', async () => {
  const { defineComponent, h } = await import('vue')
  return {
    default: defineComponent({
      props: { counts: { type: Array, required: true } },
      setup: (props) => () => h('div', { 'data-testid': 'dash-chart' }, JSON.stringify(props.counts)),
    }),
  }
})

// Rust's clock, years away from the real date: any text computed from
// Date.now() instead of Dashboard.now would come out wildly different.
const NOW = '2031-06-18T06:00:00Z' // 14:00 in Beijing

function dash(patch: Partial<Dashboard> = {}): Dashboard {
  return {
    now: NOW,
    myOverdue: [
      row({ id: 11, caseNo: '3106-0011', customerName: '王秀英', content: '物业费多收', departmentName: '品质部', dueAt: '2031-06-18T03:55:00Z', overdue: true }),
    ],
    myDueToday: [
      row({ id: 12, caseNo: '3106-0012', customerName: '赵敏', content: '电梯经常停运', departmentName: null, dueAt: '2031-06-18T09:30:00Z' }),
    ],
    myDueThisWeek: [
      row({ id: 13, caseNo: '3106-0013', dueAt: '2031-06-20T01:00:00Z' }),
      row({ id: 14, caseNo: '3106-0014', dueAt: '2031-06-21T01:00:00Z' }),
    ],
    crisis: [row({ id: 15, caseNo: '3106-0015', severity: 'critical', content: '顾客食物中毒送医', dueAt: null })],
    overdueByDepartment: [
      { departmentId: 2, departmentName: '品质部', count: 5 },
      { departmentId: null, departmentName: null, count: 2 },
    ],
    escalated: [
      row({ id: 21, caseNo: '3106-0021', customerName: '孙丽', departmentName: '工程部', dueAt: '2031-06-15T02:00:00Z', overdue: true }),
    ],
    statementDue: null,
    systemicAlerts: [],
    ...patch,
  }
}

const REMINDER: Reminder = {
  id: 1,
  reminderNo: 'CB-2611-0001',
  caseId: 21,
  caseNo: '3106-0021',
  stage: null,
  dueAt: '2031-06-15T02:00:00Z',
  toDepartmentName: '工程部',
  note: '请今天回复客户',
  issuedByName: '王小明',
  issuedAt: NOW,
}

const text = (sel: string) => document.querySelector(sel)?.textContent ?? ''

/** Waits for the 催办说明 prompt, answers it with `note` and confirms it; the caller waits for what follows. */
async function answerPrompt(note: string) {
  const box = await until(() => {
    const el = document.querySelector('.el-message-box') as HTMLElement | null
    expect(el?.textContent).toContain('催办说明')
    return el!
  })
  const input = box.querySelector('textarea, input') as HTMLTextAreaElement
  input.value = note
  input.dispatchEvent(new Event('input', { bubbles: true }))
  await settle()
  ;(box.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click()
  await settle()
}

afterEach(() => {
  vi.useRealTimers()
})

describe('工作台', () => {
  it('shows each list with its count, its cases and how late they are by Rust\'s clock', async () => {
    const b = fakeBackend({ dashboard: () => dash() })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })
    expect(b.of('dashboard')).toEqual([{ cmd: 'dashboard', args: {} }])
    await until(() => expect(wrapper.get('[data-testid="dash-now"]').text()).toContain('2031-06-18 14:00'))

    const counts = ['my-overdue', 'due-today', 'due-week', 'crisis', 'escalated'].map(
      (n) => wrapper.get(`[data-testid="dash-${n}-count"]`).text(),
    )
    expect(counts).toEqual(['1', '1', '2', '1', '1'])

    const overdue = wrapper.get('[data-testid="dash-my-overdue"]')
    expect(overdue.text()).toContain('我的超时')
    for (const s of ['3106-0011', '王秀英', '物业费多收', '品质部', '2031-06-18 11:55']) expect(overdue.text(), s).toContain(s)
    expect(overdue.get('[data-testid="dash-due-text"]').text()).toBe('已超时 2小时5分')

    const today = wrapper.get('[data-testid="dash-due-today"]')
    expect(today.text()).toContain('今日到期')
    // Not routed yet: no department.
    for (const s of ['3106-0012', '赵敏', '电梯经常停运', '未分派', '2031-06-18 17:30']) expect(today.text(), s).toContain(s)
    expect(today.get('[data-testid="dash-due-text"]').text()).toBe('剩余 3小时30分')

    const week = wrapper.get('[data-testid="dash-due-week"]')
    expect(week.text()).toContain('本周到期')
    expect(week.findAll('[data-testid="dash-case-no"]').map((w) => w.text())).toEqual(['3106-0013', '3106-0014'])
    expect(week.findAll('[data-testid="dash-due-text"]').map((w) => w.text())).toEqual(['剩余 1天19小时', '剩余 2天19小时'])

    const crisis = wrapper.get('[data-testid="dash-crisis"]')
    expect(crisis.text()).toContain('危机案件')
    expect(crisis.text()).toContain('顾客食物中毒送医')
    // No deadline yet: nothing about time.
    expect(crisis.get('[data-testid="dash-due-text"]').text()).toBe('')

    const escalated = wrapper.get('[data-testid="dash-escalated"]')
    expect(escalated.text()).toContain('升级到本部门的超时案件')
    expect(escalated.text()).toContain('工程部')
    expect(escalated.get('[data-testid="dash-due-text"]').text()).toBe('已超时 3天4小时')
  })

  it('marks the overdue rows (as Rust decided) and only those', async () => {
    fakeBackend({ dashboard: () => dash() })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })
    const marked = (card: string) =>
      wrapper.get(`[data-testid="dash-${card}"]`).findAll('.el-table__row').map((r) => r.classes().includes('is-overdue'))
    await until(() => expect(marked('my-overdue')).toEqual([true]))
    expect(marked('due-today')).toEqual([false])
    expect(marked('due-week')).toEqual([false, false])
    expect(marked('escalated')).toEqual([true])
  })

  it('reminds the 总经理室 of last month\'s 统计表 until it is issued, and opens it', async () => {
    fakeBackend({ dashboard: () => dash({ statementDue: { month: '2031-05', dueOn: '2031-06-10', overdue: true } }) })
    const { wrapper, router } = await mountWith(DashboardView, { path: '/dashboard' })
    const due = await until(() => wrapper.get('[data-testid="dash-statement-due"]'))
    expect(due.text()).toContain('2031-05 的客户投诉案件统计表已逾期（应于 2031-06-10 前开具）')
    await wrapper.get('[data-testid="dash-statement-open"]').trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/statement?month=2031-05'))
  })

  it('no reminder when no table is due', async () => {
    fakeBackend({ dashboard: () => dash() })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })
    await until(() => wrapper.get('[data-testid="dash-now"]'))
    expect(wrapper.find('[data-testid="dash-statement-due"]').exists()).toBe(false)
  })

  it('clicking a case opens it', async () => {
    fakeBackend({ dashboard: () => dash() })
    const { wrapper, router } = await mountWith(DashboardView, { path: '/dashboard' })
    await until(() => expect(wrapper.get('[data-testid="dash-due-week"]').findAll('.el-table__row')).toHaveLength(2))
    await wrapper.get('[data-testid="dash-due-week"]').findAll('.el-table__row')[1].trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/cases/14'))
  })

  it('普遍性问题预警: each active alert with its subject, state and cases, each case a link to 案件详情', async () => {
    const dept = systemicAlert({
      id: 5,
      kind: 'cause_department',
      itemNo: null,
      departmentId: 10,
      departmentName: '业务部',
      causeType: 'service',
      state: 'acknowledged',
      threshold: 2,
      windowDays: 7,
      cases: [systemicAlert().cases[0]],
    })
    fakeBackend({ dashboard: () => dash({ systemicAlerts: [systemicAlert(), dept] }) })
    const { wrapper, router } = await mountWith(DashboardView, { path: '/dashboard' })
    const panel = await until(() => wrapper.get('[data-testid="dash-systemic"]'))
    expect(panel.text()).toContain('普遍性问题预警')
    expect(panel.findAll('[data-testid="dash-systemic-subject"]').map((w) => w.text())).toEqual(['料号 PCB-4L-1.6-0345', '业务部 · 服务质量'])
    expect(panel.findAll('[data-testid="dash-systemic-state"]').map((w) => w.text())).toEqual(['待处理', '整改中'])
    expect(panel.get('[data-testid="dash-systemic-4"]').text()).toContain('30 天内 3 件及以上')
    expect(panel.get('[data-testid="dash-systemic-5"]').text()).toContain('7 天内 2 件及以上')
    expect(panel.get('[data-testid="dash-systemic-4"]').findAll('a').map((a) => a.text())).toEqual(['2610-0031', '2610-0032', '2610-0033'])
    await panel.get('[data-testid="dash-systemic-case-32"]').trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/cases/32'))
  })

  it('many alerts: the newest five, a link to the rest, and how many cases an alert holds in all', async () => {
    const many = [1, 2, 3, 4, 5, 6, 7].map((id) => systemicAlert({ id, itemNo: `A-${id}` }))
    many[0] = systemicAlert({ id: 1, itemNo: 'A-1', caseCount: 12 })
    fakeBackend({ dashboard: () => dash({ systemicAlerts: many }) })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })
    const panel = await until(() => wrapper.get('[data-testid="dash-systemic"]'))
    expect(panel.findAll('[data-testid="dash-systemic-subject"]').map((w) => w.text())).toEqual(['料号 A-1', '料号 A-2', '料号 A-3', '料号 A-4', '料号 A-5'])
    expect(panel.get('[data-testid="dash-systemic-hidden"]').text()).toBe('另有 2 条，查看全部')
    expect(panel.get('[data-testid="dash-systemic-1"] [data-testid="dash-systemic-case-count"]').text()).toBe('…共 12 件')
    expect(panel.find('[data-testid="dash-systemic-2"] [data-testid="dash-systemic-case-count"]').exists()).toBe(false)
  })

  it('no active alert (or not one of those told): no 普遍性 panel', async () => {
    fakeBackend({ dashboard: () => dash() })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })
    await until(() => wrapper.get('[data-testid="dash-my-overdue"]'))
    expect(wrapper.find('[data-testid="dash-systemic"]').exists()).toBe(false)
  })

  it('overdue by department: a table of the numbers, 未分派 for cases not routed, and the chart', async () => {
    fakeBackend({ dashboard: () => dash() })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })
    const table = await until(() => wrapper.get('[data-testid="dash-by-department"]'))
    expect(table.findAll('[data-testid="dash-dept-name"]').map((w) => w.text())).toEqual(['品质部', '未分派'])
    expect(table.findAll('[data-testid="dash-dept-count"]').map((w) => w.text())).toEqual(['5', '2'])
    expect(JSON.parse(wrapper.get('[data-testid="dash-chart"]').text())).toEqual(dash().overdueByDepartment)
  })

  it('nothing overdue anywhere: no chart, the table says so; no escalation card for others', async () => {
    fakeBackend({ dashboard: () => dash({ myOverdue: [], overdueByDepartment: [], escalated: [] }) })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })
    await until(() => expect(wrapper.get('[data-testid="dash-my-overdue-count"]').text()).toBe('0'))
    expect(wrapper.get('[data-testid="dash-my-overdue"]').text()).toContain('暂无')
    expect(wrapper.find('[data-testid="dash-chart"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="dash-by-department"]').text()).toContain('没有超时案件')
    expect(wrapper.find('[data-testid="dash-escalated"]').exists()).toBe(false)
  })

  it('催办 asks for a note, sends the 催办单, shows its number and reloads', async () => {
    let n = 0
    const b = fakeBackend({
      dashboard: () => (n++ === 0 ? dash() : dash({ escalated: [] })),
      issue_reminder: () => REMINDER,
    })
    const { wrapper, router } = await mountWith(DashboardView, { path: '/dashboard' })
    await (await until(() => wrapper.get('[data-testid="dash-remind-21"]'))).trigger('click')
    await answerPrompt('  请今天回复客户 ')

    await until(() => expect(b.of('issue_reminder').map((c) => c.args)).toEqual([{ caseId: 21, note: '请今天回复客户' }]))
    // The reload after the 催办 is shown: the case is no longer escalated.
    await until(() => expect(wrapper.find('[data-testid="dash-escalated"]').exists()).toBe(false))
    expect(text('.el-message--success')).toContain('已发出催办单 CB-2611-0001')
    expect(b.of('dashboard')).toHaveLength(2)
    // The button is not a row click: we stay on the dashboard.
    expect(router.currentRoute.value.fullPath).toBe('/dashboard')
  })

  it('催办 with no note sends an empty one; cancelling sends nothing', async () => {
    const b = fakeBackend({ dashboard: () => dash(), issue_reminder: () => REMINDER })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })

    await (await until(() => wrapper.get('[data-testid="dash-remind-21"]'))).trigger('click')
    const cancel = await until(() => {
      const el = document.querySelector('.el-message-box__btns .el-button:not(.el-button--primary)') as HTMLElement | null
      expect(el).not.toBeNull()
      return el!
    })
    cancel.click()
    // The box goes only after it has reported the cancel; then nothing may have been sent.
    await until(() => expect(document.querySelector('.el-message-box')).toBeNull())
    expect(b.of('issue_reminder')).toHaveLength(0)

    await wrapper.get('[data-testid="dash-remind-21"]').trigger('click')
    await answerPrompt('')
    await until(() => expect(b.last('issue_reminder')?.args).toEqual({ caseId: 21, note: '' }))
  })

  it('a refused 催办 is shown and nothing is claimed', async () => {
    const b = fakeBackend({
      dashboard: () => dash(),
      issue_reminder: () => {
        throw { code: 'FORBIDDEN', message: '只有升级部门的人员可以发出催办单' }
      },
    })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })
    await (await until(() => wrapper.get('[data-testid="dash-remind-21"]'))).trigger('click')
    await answerPrompt('请回复')
    await until(() => expect(text('.el-message--error')).toContain('只有升级部门的人员可以发出催办单'))
    expect(document.querySelector('.el-message--success')).toBeNull()
    expect(b.of('dashboard')).toHaveLength(1)
  })

  it('a case no longer overdue (WRONG_STATE) is shown and the lists reloaded', async () => {
    const b = fakeBackend({
      dashboard: () => dash(),
      issue_reminder: () => {
        throw { code: 'WRONG_STATE', message: '该案件未超时，无需催办' }
      },
    })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })
    await (await until(() => wrapper.get('[data-testid="dash-remind-21"]'))).trigger('click')
    await answerPrompt('')
    await until(() => expect(text('.el-message--error')).toContain('该案件未超时，无需催办'))
    expect(b.of('dashboard')).toHaveLength(2)
  })

  it('reloads every minute while shown, and stops when left', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const b = fakeBackend({ dashboard: () => dash() })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })
    expect(b.of('dashboard')).toHaveLength(1)
    vi.advanceTimersByTime(59_000)
    // Nothing to wait for: no reload is due yet. (until would move the fake clock on.)
    await settle()
    expect(b.of('dashboard')).toHaveLength(1)
    vi.advanceTimersByTime(1_000)
    await until(() => expect(b.of('dashboard')).toHaveLength(2))
    wrapper.unmount()
    vi.advanceTimersByTime(120_000)
    // Nothing to wait for: a screen that is gone must not reload.
    await settle()
    expect(b.of('dashboard')).toHaveLength(2)
  })

  it('a failing load is shown once, not every minute', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const b = fakeBackend({
      dashboard: () => {
        throw { code: 'STORAGE', message: '读取工作台失败' }
      },
    })
    const { wrapper } = await mountWith(DashboardView, { path: '/dashboard' })
    await until(() => expect(text('.el-message--error')).toContain('读取工作台失败'))
    expect(wrapper.find('[data-testid="dash-my-overdue"]').exists()).toBe(false)
    vi.advanceTimersByTime(60_000)
    await until(() => expect(b.of('dashboard')).toHaveLength(2))
    // The second failure shows nothing to wait for: let its answer be handled before counting the messages.
    await settle()
    // Shown once: not even as a repeat count on the first message.
    expect(document.querySelectorAll('.el-message--error')).toHaveLength(1)
    expect(document.querySelector('.el-message__badge')).toBeNull()
  })
})
