import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CaseQuery } from '@/ipc'
import { session } from '@/session'
import SheetView from './SheetView.vue'
import { fakeBackend, mountWith, prefs, row, settle, typeInto, until } from '@/test/helpers'

const ROWS = [
  row(),
  row({
    id: 2,
    caseNo: '2503-0002',
    customerName: '李四',
    channel: 'media',
    causeType: 'product',
    nature: 'quality',
    severity: 'critical',
    status: 'investigating',
    isRepeat: true,
  }),
]

const lastQuery = (b: ReturnType<typeof fakeBackend>) => b.last('list_cases')!.args.query as CaseQuery

afterEach(() => {
  vi.useRealTimers()
})

describe('跟进表', () => {
  it('says 10000+ when Rust stopped counting at its cap', async () => {
    fakeBackend({ list_cases: () => ({ rows: ROWS, total: 10000, totalCapped: true }) })
    const { wrapper } = await mountWith(SheetView)
    await until(() => expect(wrapper.get('[data-testid="sheet-total"]').text()).toBe('10000+'))
  })

  it('renders the rows from list_cases with Chinese labels and the total', async () => {
    const b = fakeBackend({ list_cases: () => ({ rows: ROWS, total: 57, totalCapped: false }) })
    const { wrapper } = await mountWith(SheetView)

    await until(() => expect(wrapper.findAll('[data-testid="row-case-no"]').map((w) => w.text())).toEqual(['2503-0001', '2503-0002']))
    const q = lastQuery(b)
    expect(q).toMatchObject({ page: 1, pageSize: 20, sort: 'caseNo', descending: true, search: '' })
    expect(wrapper.get('[data-testid="sheet-total"]').text()).toBe('57')

    const text = wrapper.text()
    expect(text).toContain('电话')
    expect(text).toContain('媒体曝光')
    expect(text).toContain('服务质量（非品质异常）')
    expect(text).toContain('出品质量（品质异常）')
    expect(text).toContain('严重/危机')
    expect(text).toContain('调查中')
    expect(text).toContain('2025-03-01 10:30') // UTC 02:30 shown in local time
    // 二次投诉 tag only on the repeat row
    const repeatTags = wrapper.findAll('[data-testid="row-repeat"]')
    expect(repeatTags).toHaveLength(1)
    expect(repeatTags[0].text()).toBe('二次投诉')
    // critical severity is a red tag
    const critical = wrapper.findAll('.el-tag').find((t) => t.text() === '严重/危机')!
    expect(critical.classes()).toContain('el-tag--danger')
  })

  it('typing in the search box sends a debounced query with that text and page 1', async () => {
    const b = fakeBackend({ list_cases: () => ({ rows: ROWS, total: 57, totalCapped: false }) })
    const { wrapper } = await mountWith(SheetView)
    // Go to page 3 first, so we see the search reset it.
    wrapper.findComponent({ name: 'ElPagination' }).vm.$emit('update:current-page', 3)
    await until(() => expect(lastQuery(b).page).toBe(3))

    const before = b.of('list_cases').length
    // A fake clock for the debounce, so a slow machine cannot let it run out between the keystrokes.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    await typeInto(wrapper, '[data-testid="sheet-search"]', '张')
    await typeInto(wrapper, '[data-testid="sheet-search"]', '张三')
    expect(b.of('list_cases').length).toBe(before) // not yet: debounced
    vi.advanceTimersByTime(350)
    vi.useRealTimers()
    await until(() => expect(lastQuery(b)).toMatchObject({ search: '张三', page: 1 }))
    expect(b.of('list_cases').length).toBe(before + 1) // one query for both keystrokes
  })

  it('a single character is enough to search', async () => {
    const b = fakeBackend()
    const { wrapper } = await mountWith(SheetView)
    await typeInto(wrapper, '[data-testid="sheet-search"]', '3')
    await until(() => expect(lastQuery(b).search).toBe('3'))
  })

  it('clicking a column header sends the sort to Rust', async () => {
    const b = fakeBackend({ list_cases: () => ({ rows: ROWS, total: 2, totalCapped: false }) })
    const { wrapper } = await mountWith(SheetView)
    const header = wrapper.findAll('th').find((th) => th.text().includes('客户') && !th.text().includes('电话'))!
    await header.trigger('click')
    await until(() => expect(lastQuery(b)).toMatchObject({ sort: 'customerName', descending: false, page: 1 }))
    await header.trigger('click')
    await until(() => expect(lastQuery(b)).toMatchObject({ sort: 'customerName', descending: true }))
  })

  it('filters are sent as CaseQuery fields, the date range as UTC bounds of local days', async () => {
    const b = fakeBackend()
    const { wrapper } = await mountWith(SheetView)
    const selects = wrapper.findAllComponents({ name: 'ElSelect' })
    const byTestId = (id: string) => selects.find((s) => s.attributes('data-testid') === id) ?? selects.find((s) => s.element.closest(`[data-testid="${id}"]`))
    byTestId('filter-status')!.vm.$emit('update:modelValue', ['registered', 'investigating'])
    await until(() => expect(lastQuery(b).statuses).toEqual(['registered', 'investigating']))
    byTestId('filter-department')!.vm.$emit('update:modelValue', [2])
    await until(() => expect(lastQuery(b)).toMatchObject({ statuses: ['registered', 'investigating'], departmentIds: [2], page: 1 }))

    wrapper.findComponent({ name: 'ElDatePicker' }).vm.$emit('update:modelValue', ['2025-03-01', '2025-03-31'])
    await until(() => expect(lastQuery(b)).toMatchObject({ receivedFrom: '2025-02-28T16:00:00Z', receivedTo: '2025-03-31T16:00:00Z' }))
  })

  it('choosing columns saves the preference and hides the column', async () => {
    const b = fakeBackend({ list_cases: () => ({ rows: ROWS, total: 2, totalCapped: false }) })
    const { wrapper } = await mountWith(SheetView)
    expect(wrapper.findAll('th').some((th) => th.text() === '经办人')).toBe(true)

    await wrapper.get('[data-testid="column-handler"] input').setValue(false)
    // The column goes once Rust saved the choice.
    await until(() => expect(wrapper.findAll('th').some((th) => th.text() === '经办人')).toBe(false))

    const saved = b.last('save_preferences')!.args.prefs as { sheetColumns: string[] }
    expect(saved.sheetColumns).not.toContain('handler')
    expect(saved.sheetColumns).toContain('caseNo')
    expect(session.prefs.sheetColumns).toEqual(saved.sheetColumns)
  })

  it('restores the saved column choice', async () => {
    fakeBackend({ list_cases: () => ({ rows: ROWS, total: 2, totalCapped: false }) })
    session.prefs = prefs({ sheetColumns: ['caseNo', 'status'] })
    const { wrapper } = await mountWith(SheetView)
    const headers = wrapper.findAll('th').map((th) => th.text()).filter(Boolean)
    expect(headers).toEqual(['编号', '状态'])
  })

  it('clicking a row opens the case detail', async () => {
    fakeBackend({ list_cases: () => ({ rows: ROWS, total: 2, totalCapped: false }), get_case: () => ({}) })
    const { wrapper, router } = await mountWith(SheetView)
    await until(() => expect(wrapper.findAll('.el-table__row')).toHaveLength(2))
    await wrapper.findAll('.el-table__row')[1].trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/cases/2'))
  })

  it('the register button goes to the form', async () => {
    fakeBackend()
    const { wrapper, router } = await mountWith(SheetView)
    await wrapper.get('[data-testid="sheet-register"]').trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/register'))
  })
})

describe('跟进表 · 时效', () => {
  // Rust's clock, years from the real date: text computed from the machine's clock would not match.
  const NOW = '2031-06-10T04:00:00Z'
  const DUE_ROWS = [
    row({ id: 1, caseNo: '3106-0001', dueAt: '2031-06-09T23:00:00Z', overdue: true }),
    row({ id: 2, caseNo: '3106-0002', dueAt: '2031-06-10T07:20:00Z' }),
    row({ id: 3, caseNo: '3106-0003', dueAt: '2031-06-12T04:00:00Z' }),
    row({ id: 4, caseNo: '3106-0004', dueAt: null }),
  ]

  it('shows time left or overdue from the page’s now, overdue in red on a red-tinted row', async () => {
    fakeBackend({ list_cases: () => ({ rows: DUE_ROWS, total: 4, totalCapped: false, now: NOW }) })
    const { wrapper } = await mountWith(SheetView)
    expect(wrapper.findAll('th').some((th) => th.text() === '时效')).toBe(true)

    await until(() => expect(wrapper.findAll('[data-testid="row-due"]')).toHaveLength(4))
    const cells = wrapper.findAll('[data-testid="row-due"]')
    expect(cells.map((c) => c.text())).toEqual(['超时 5小时', '剩 3小时20分', '剩 2天', ''])
    expect(cells.map((c) => c.attributes('data-overdue'))).toEqual(['true', 'false', 'false', 'false'])
    expect(cells[0].classes()).toContain('due-overdue') // red, bold
    expect(cells[1].classes()).toContain('due-soon') // amber: due within 24 h
    expect(cells[2].classes()).toContain('due-later')

    const rows = wrapper.findAll('.el-table__row')
    expect(rows.map((r) => r.classes().includes('row-overdue'))).toEqual([true, false, false, false])
  })

  it('follows a new page’s now', async () => {
    let now = NOW
    fakeBackend({ list_cases: () => ({ rows: DUE_ROWS.slice(1, 2), total: 1, totalCapped: false, now }) })
    const { wrapper } = await mountWith(SheetView)
    await until(() => expect(wrapper.get('[data-testid="row-due"]').text()).toBe('剩 3小时20分'))
    now = '2031-06-10T07:00:00Z'
    wrapper.findComponent({ name: 'ElPagination' }).vm.$emit('update:page-size', 50)
    await until(() => expect(wrapper.get('[data-testid="row-due"]').text()).toBe('剩 20分钟'))
  })

  it('the 时效 column can be hidden like the others', async () => {
    const b = fakeBackend({ list_cases: () => ({ rows: DUE_ROWS, total: 4, totalCapped: false, now: NOW }) })
    const { wrapper } = await mountWith(SheetView)
    expect(wrapper.get('[data-testid="column-due"]').text()).toBe('时效')
    // The rows are there first, so their 时效 going means the column is hidden.
    await until(() => expect(wrapper.findAll('[data-testid="row-due"]')).toHaveLength(4))
    await wrapper.get('[data-testid="column-due"] input').setValue(false)
    await until(() => expect(wrapper.find('[data-testid="row-due"]').exists()).toBe(false))
    expect((b.last('save_preferences')!.args.prefs as { sheetColumns: string[] }).sheetColumns).not.toContain('due')
  })

  it('the 时效 filter sends query.due from page 1, and clearing it sends null', async () => {
    const b = fakeBackend()
    const { wrapper } = await mountWith(SheetView)
    await until(() => expect(lastQuery(b).due).toBeNull())
    wrapper.findComponent({ name: 'ElPagination' }).vm.$emit('update:current-page', 2)
    await settle()

    await wrapper.get('[data-testid="filter-due"] .el-select__wrapper').trigger('click')
    await until(() => {
      const labels = [...document.querySelectorAll('.el-select-dropdown__item')].map((li) => li.textContent?.trim())
      expect(labels).toEqual(expect.arrayContaining(['已超时', '今日到期', '本周到期']))
    })
    const option = [...document.querySelectorAll('.el-select-dropdown__item')].filter((li) => li.textContent?.trim() === '今日到期').at(-1)
    ;(option as HTMLElement).click()
    await until(() => expect(lastQuery(b)).toMatchObject({ due: 'due_today', page: 1 }))

    const select = wrapper.findAllComponents({ name: 'ElSelect' }).find((s) => s.attributes('data-testid') === 'filter-due')!
    select.vm.$emit('update:modelValue', undefined) // what the clear button sends
    await until(() => expect(lastQuery(b).due).toBeNull())
  })
})
