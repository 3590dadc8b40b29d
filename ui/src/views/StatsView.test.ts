import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Figure, OnTime, Statistics, StatsQuery, StatsSlice, Tally } from '@/ipc'
import StatsView from './StatsView.vue'
import SheetView from './SheetView.vue'
import { fakeBackend, mountWith, until } from '@/test/helpers'
import { issued, previewOf } from '@/test/documents'
import { defaultPick, monthSlice, periodDays, readDrill } from '@/stats'

// ECharts cannot lay out in happy-dom: a fake chart per init records its click handler.
const fake = vi.hoisted(() => ({
  charts: [] as { el: HTMLElement; click?: (p: { seriesIndex?: number; dataIndex?: number }) => void }[],
}))
vi.mock('echarts/core', async (orig) => ({
  ...(await orig<typeof import('echarts/core')>()),
  init: (el: HTMLElement) => {
    const entry: (typeof fake.charts)[number] = { el }
    fake.charts.push(entry)
    return {
      setOption: vi.fn(),
      resize: vi.fn(),
      dispose: vi.fn(),
      on: (_event: string, handler: (p: { seriesIndex?: number; dataIndex?: number }) => void) => {
        entry.click = handler
      },
    }
  },
}))

beforeEach(() => {
  fake.charts.length = 0
})

function slice(patch: Partial<StatsSlice> = {}): StatsSlice {
  return {
    basis: 'closed',
    from: '2026-10-31T16:00:00Z',
    to: '2026-11-30T16:00:00Z',
    set: 'period',
    scopeDepartmentId: null,
    dimension: null,
    value: '',
    late: false,
    lateStage: null,
    judgedAt: '2026-11-30T16:00:00Z',
    label: '本期结案',
    ...patch,
  }
}

const figure = (count: number, label: string, set: StatsSlice['set'] = 'period'): Figure => ({ count, slice: slice({ set, label }) })

function tally(dimension: StatsSlice['dimension'], key: string, label: string, count: number, amountFen = 0): Tally {
  return { key, label, count, amountFen, slice: slice({ dimension, value: key, label }) }
}

function onTime(key: string, label: string, judged: number, ok: number, rate: number | null, dimension: StatsSlice['dimension'] = null): OnTime {
  return { key, label, judged, onTime: ok, rate, lateSlice: slice({ dimension, value: key, late: true, label: `${label} 超时案件` }) }
}

/** The core test's November (core/tests/stats.rs), as Rust computes it. */
function november(patch: Partial<Statistics> = {}): Statistics {
  const product = tally('cause', 'product', '出品质量', 2)
  const misunderstanding = tally('cause', 'misunderstanding', '误会', 1)
  return {
    query: { basis: 'closed', from: '2026-11-01', to: '2026-11-30', departmentId: null },
    allDepartments: true,
    scopeDepartmentId: null,
    cases: figure(3, '本期结案'),
    opened: figure(5, '本期受理', 'opened'),
    closed: figure(3, '本期结案', 'closed'),
    openAtEnd: figure(2, '期末未结', 'open_at_end'),
    newRounds: figure(0, '转入新一轮', 'new_rounds'),
    repeats: figure(1, '二次投诉', 'repeats'),
    byDepartment: [tally('department', '10', '业务部', 2), tally('department', '', '未分派', 1)],
    byCause: [product, misunderstanding],
    byNature: [tally('nature', 'quality', '品质异常', 2), tally('nature', 'non_quality', '非品质异常', 1)],
    bySeverity: [tally('severity', 'normal', '一般', 1), tally('severity', 'important', '重要', 2)],
    byChannel: [tally('channel', 'phone', '电话', 3)],
    byResolution: [tally('resolution', 'compensation', '索赔/赔偿', 1, 100_000), tally('resolution', 'return', '退货', 1, 1_401)],
    byStatus: [tally('status', 'closed', '已结案', 3)],
    claimedFen: 450_000,
    approvedFen: 107_007,
    lossFen: 101_401,
    lossByDepartment: [tally('responsible', '10', '业务部', 2, 60_981), tally('responsible', '8', '质量管理部', 2, 40_420)],
    daysMedian: 4,
    daysP90: 10,
    onTime: onTime('', '全部', 2, 1, 50),
    onTimeByStage: [onTime('reply', '答复客户', 2, 1, 50)],
    onTimeByDepartment: [onTime('10', '业务部', 2, 1, 50, 'department')],
    overdue: [
      {
        caseId: 2,
        caseNo: '2611-0002',
        departmentName: '业务部',
        stage: 'reply',
        dueAt: '2026-11-05T01:40:00Z',
        doneAt: '2026-11-06T02:00:00Z',
        lateReason: '客户出差，无法联系',
      },
    ],
    overdueTotal: 1,
    satisfaction: [tally('satisfaction', 'satisfied', '满意', 1), tally('satisfaction', 'fairly_satisfied', '基本满意', 0), tally('satisfaction', 'unsatisfied', '不满意', 1)],
    satisfactionRate: 50,
    satisfactionByDepartment: [
      { key: '10', label: '业务部', satisfied: 1, fairlySatisfied: 0, unsatisfied: 1, rate: 50, slice: slice({ dimension: 'department', value: '10', label: '业务部' }) },
    ],
    months: ['2026-11'],
    trend: [
      { key: 'product', label: '出品质量', counts: [2] },
      { key: 'misunderstanding', label: '误会', counts: [1] },
    ],
    pareto: [
      { tally: product, cumulative: 66.7 },
      { tally: misunderstanding, cumulative: 100 },
    ],
    ...patch,
  }
}

const text = (w: { find: (s: string) => { text: () => string } }, id: string) => w.find(`[data-testid="${id}"]`).text()

function chart(key: string) {
  const entry = fake.charts.find((c) => c.el.closest(`[data-testid="stats-chart-${key}"]`))
  if (!entry?.click) throw new Error(`no chart ${key}`)
  return entry.click
}

describe('统计 periods', () => {
  it('turns a month, quarter, year or range into whole days', () => {
    expect(defaultPick('2026-12-07')).toMatchObject({ kind: 'month', month: '2026-11' })
    expect(defaultPick('2027-01-03').month).toBe('2026-12')
    expect(periodDays({ ...defaultPick('2026-12-07'), kind: 'month', month: '2024-02' })).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(periodDays({ ...defaultPick('2026-12-07'), kind: 'quarter', year: '2026', quarter: 4 })).toEqual({ from: '2026-10-01', to: '2026-12-31' })
    expect(periodDays({ ...defaultPick('2026-12-07'), kind: 'year', year: '2025' })).toEqual({ from: '2025-01-01', to: '2025-12-31' })
    expect(periodDays({ ...defaultPick('2026-12-07'), kind: 'range', range: null })).toBeNull()
  })

  it('narrows a cause to one month of the trend, inside the period', () => {
    const year = slice({ from: '2025-12-31T16:00:00Z', to: '2026-12-31T16:00:00Z', label: '出品质量' })
    expect(monthSlice(year, '2026-03')).toMatchObject({ from: '2026-02-28T16:00:00Z', to: '2026-03-31T16:00:00Z', label: '2026-03 出品质量' })
  })
})

// The screen holds a dozen tables: mounting it under a loaded CI machine takes seconds.
describe('统计 screen', { timeout: 40_000 }, () => {
  it('asks Rust for last month by closing date and shows its figures, money, times and tables', async () => {
    const b = fakeBackend({ statistics: () => november() })
    const { wrapper } = await mountWith(StatsView, { path: '/stats' })
    await until(() => expect(text(wrapper, 'stats-figure-cases')).toContain('3'))
    const q = b.last('statistics')!.args.query as StatsQuery
    const last = new Date()
    last.setUTCDate(1)
    last.setUTCMonth(last.getUTCMonth() - 1)
    const month = last.toISOString().slice(0, 7)
    expect(q).toMatchObject({ basis: 'closed', departmentId: null, from: `${month}-01` })
    expect(q.to.slice(0, 7)).toBe(month)

    expect(text(wrapper, 'stats-figure-opened')).toContain('5')
    expect(text(wrapper, 'stats-figure-openAtEnd')).toContain('期末未结')
    expect(text(wrapper, 'stats-figure-openAtEnd')).toContain('2')
    expect(text(wrapper, 'stats-figure-repeats')).toContain('1')
    expect(text(wrapper, 'stats-claimed')).toContain('¥4,500.00')
    expect(text(wrapper, 'stats-loss')).toContain('¥1,014.01')
    expect(text(wrapper, 'stats-days')).toContain('4.0 / 10.0')
    expect(text(wrapper, 'stats-on-time')).toContain('50.0%')
    expect(text(wrapper, 'stats-satisfaction-rate')).toContain('50.0%')
    expect(text(wrapper, 'stats-by-department')).toContain('未分派')
    expect(text(wrapper, 'stats-by-cause')).toContain('出品质量')
    expect(text(wrapper, 'stats-by-resolution')).toContain('¥14.01')
    expect(text(wrapper, 'stats-loss-shares')).toContain('¥609.81')
    expect(text(wrapper, 'stats-loss-shares')).toContain('¥404.20')
    expect(text(wrapper, 'stats-overdue')).toContain('客户出差，无法联系')
    expect(text(wrapper, 'stats-overdue')).toContain('答复客户')
    expect(text(wrapper, 'stats-overdue-count')).toBe('共 1 条')
    expect(wrapper.find('[data-testid="stats-overdue-all"]').exists()).toBe(false)
    // Managers may narrow to one department.
    expect(wrapper.find('[data-testid="stats-department"]').exists()).toBe(true)
  })

  it('asks again by receipt date', async () => {
    const b = fakeBackend({ statistics: () => november() })
    const { wrapper } = await mountWith(StatsView, { path: '/stats' })
    await until(() => expect(b.of('statistics')).toHaveLength(1))
    await wrapper.get('[data-testid="stats-basis-received"] input').setValue(true)
    await until(() => expect((b.last('statistics')!.args.query as StatsQuery).basis).toBe('received'))
  })

  it('asks for a whole quarter', async () => {
    const b = fakeBackend({ statistics: () => november() })
    const { wrapper } = await mountWith(StatsView, { path: '/stats' })
    await until(() => expect(b.of('statistics')).toHaveLength(1))
    await wrapper.get('[data-testid="stats-kind-quarter"] input').setValue(true)
    await until(() => {
      const q = b.last('statistics')!.args.query as StatsQuery
      expect(q.from).toMatch(/-(01|04|07|10)-01$/)
      expect(q.to).toMatch(/-(03-31|06-30|09-30|12-31)$/)
    })
  })

  it('a department-only view says so and offers no department choice', async () => {
    fakeBackend({ statistics: () => november({ allDepartments: false, scopeDepartmentId: 10 }) })
    const { wrapper } = await mountWith(StatsView, { path: '/stats' })
    await until(() => expect(wrapper.find('[data-testid="stats-own"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="stats-department"]').exists()).toBe(false)
  })

  it('a figure opens the sheet on the cases behind it', async () => {
    fakeBackend({ statistics: () => november() })
    const { wrapper, router } = await mountWith(StatsView, { path: '/stats' })
    await until(() => expect(wrapper.find('[data-testid="stats-figure-openAtEnd"]').exists()).toBe(true))
    await wrapper.get('[data-testid="stats-figure-openAtEnd"]').trigger('click')
    await until(() => expect(router.currentRoute.value.path).toBe('/'))
    expect(readDrill(router.currentRoute.value.query)).toEqual(november().openAtEnd.slice)
  })

  it('lists the latest late stages only, and opens all of them in the sheet', async () => {
    const many = november()
    many.overdueTotal = 2_345
    fakeBackend({ statistics: () => many })
    const { wrapper, router } = await mountWith(StatsView, { path: '/stats' })
    await until(() => expect(text(wrapper, 'stats-overdue-count')).toBe('共 2345 条，显示最近到期的 1 条'))
    await wrapper.get('[data-testid="stats-overdue-all"]').trigger('click')
    await until(() => expect(router.currentRoute.value.path).toBe('/'))
    expect(readDrill(router.currentRoute.value.query)).toEqual(many.onTime.lateSlice)
  })

  it('a table row opens the sheet on its cases', async () => {
    fakeBackend({ statistics: () => november() })
    const { wrapper, router } = await mountWith(StatsView, { path: '/stats' })
    await until(() => expect(text(wrapper, 'stats-by-cause')).toContain('误会'))
    const rows = wrapper.findAll('[data-testid="stats-by-cause"] .el-table__body tr')
    await rows[1].trigger('click')
    await until(() => expect(readDrill(router.currentRoute.value.query)).toEqual(november().byCause[1].slice))
  })

  it("a department's bar opens the sheet on that department's cases", async () => {
    fakeBackend({ statistics: () => november() })
    const { router } = await mountWith(StatsView, { path: '/stats' })
    await until(() => expect(fake.charts).toHaveLength(4))
    chart('loss')({ seriesIndex: 0, dataIndex: 1 })
    await until(() => expect(readDrill(router.currentRoute.value.query)).toEqual(november().lossByDepartment[1].slice))
    await router.push('/stats')
    chart('onTime')({ seriesIndex: 0, dataIndex: 0 })
    await until(() => expect(readDrill(router.currentRoute.value.query)).toMatchObject({ late: true, dimension: 'department', value: '10' }))
    await router.push('/stats')
    chart('trend')({ seriesIndex: 1, dataIndex: 0 })
    await until(() => expect(readDrill(router.currentRoute.value.query)).toMatchObject({ dimension: 'cause', value: 'misunderstanding', label: '2026-11 误会' }))
  })
})

describe('the sheet opened from 统计', () => {
  it('asks Rust for the drill-down, shows it as a tag, and drops it when the tag is closed', async () => {
    const drill = november().lossByDepartment[0].slice
    const sheetDoc = issued({ id: 9, number: 'GZ-2612-0001', kind: 'tracking_sheet', caseId: null, caseNo: null, copies: [] })
    const b = fakeBackend({ issue_document: () => sheetDoc, document_preview: (a) => previewOf(sheetDoc, a.copies as number[]) })
    const { wrapper, router } = await mountWith(SheetView, { path: `/?drill=${encodeURIComponent(JSON.stringify(drill))}` })
    await until(() => expect(b.of('list_cases').length).toBeGreaterThan(0))
    expect((b.last('list_cases')!.args.query as { stats?: StatsSlice }).stats).toEqual(drill)
    expect(text(wrapper, 'sheet-drill')).toContain('统计：业务部')
    // 打印跟进表 prints the drilled cases and says so.
    await wrapper.get('[data-testid="sheet-print"]').trigger('click')
    await until(() => expect(b.of('issue_document')).toHaveLength(1))
    const request = b.last('issue_document')!.args.request as { query: { stats?: StatsSlice }; filterText: string }
    expect(request.query.stats).toEqual(drill)
    expect(request.filterText).toBe('统计：业务部')
    await wrapper.get('[data-testid="sheet-drill"] .el-tag__close').trigger('click')
    await until(() => expect(router.currentRoute.value.query.drill).toBeUndefined())
    await until(() => expect((b.last('list_cases')!.args.query as { stats?: StatsSlice }).stats).toBeUndefined())
    expect(wrapper.find('[data-testid="sheet-drill"]').exists()).toBe(false)
  })
})
