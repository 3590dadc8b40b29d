import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CaseQuery } from '@/ipc'
import { session } from '@/session'
import SheetView from './SheetView.vue'
import { fakeBackend, mountWith, prefs, row, settle, typeInto, until } from '@/test/helpers'
import { SHEET_COLUMNS } from '@/sheetColumns'

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
    expect(text).toContain('严重/危机')
    expect(text).toContain('调查中')
    expect(text).toContain('2025-03-01 10:30') // UTC 02:30 shown in local time
    // 类别 in short, the full words in its title
    const categories = wrapper.findAll('[data-testid="row-category"]')
    expect(categories.map((c) => c.text())).toEqual(['服务质量·非品质', '出品质量·品质'])
    expect(categories.map((c) => c.attributes('title'))).toEqual(['服务质量（非品质异常）', '出品质量（品质异常）'])
    // 二次投诉 tag only on the repeat row, short, its full name in the title
    const repeatTags = wrapper.findAll('[data-testid="row-repeat"]')
    expect(repeatTags).toHaveLength(1)
    expect(repeatTags[0].text()).toBe('二次')
    expect(repeatTags[0].attributes('title')).toBe('二次投诉')
    // critical severity is a red tag
    const critical = wrapper.findAll('.el-tag').find((t) => t.text() === '严重/危机')!
    expect(critical.classes()).toContain('el-tag--danger')
  })

  it('marks rounds: a later round by its number, a rejected one as gone on to the next, not 已结案', async () => {
    const rounds = [
      row({ id: 5, caseNo: '2503-0005', status: 'closed', round: 1, continued: true }),
      row({ id: 6, caseNo: '2503-0006', status: 'registered', round: 2 }),
      row({ id: 7, caseNo: '2503-0007', status: 'closed' }),
    ]
    fakeBackend({ list_cases: () => ({ rows: rounds, total: 3, totalCapped: false }) })
    const { wrapper } = await mountWith(SheetView)
    const continued = await until(() => wrapper.get('[data-testid="row-continued"]'))
    expect(continued.text()).toBe('已转第2轮')
    expect(continued.attributes('title')).toBe('客户不接受 · 已转第 2 轮')
    expect(wrapper.findAll('[data-testid="row-continued"]')).toHaveLength(1)
    const round = wrapper.get('[data-testid="row-round"]')
    expect(round.text()).toBe('2轮')
    expect(round.attributes('title')).toBe('第 2 轮')
    // Only the case that really ended reads 已结案.
    expect(wrapper.findAll('.el-tag').filter((t) => t.text() === '已结案')).toHaveLength(1)
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

describe('跟进表 · columns and 投诉内容概要', () => {
  const DEFAULT_WIDTH = Object.fromEntries(SHEET_COLUMNS.map((c) => [c.key, c.width]))
  const headers = (w: Awaited<ReturnType<typeof mountWith>>['wrapper']) =>
    w.findAll('th').map((th) => th.text()).filter(Boolean)
  /** Each visible column's width as the table lays it out (its <col>), by header. */
  const colWidths = (w: Awaited<ReturnType<typeof mountWith>>['wrapper']) => {
    const names = w.findAll('.el-table__header th').map((th) => th.text())
    const cols = w.findAll('.el-table__header col').map((c) => Number(c.attributes('width')))
    return Object.fromEntries(names.map((n, i) => [n, cols[i]]))
  }

  it('shows the default columns, 投诉内容概要 last; 渠道 only when chosen', async () => {
    const b = fakeBackend({ list_cases: () => ({ rows: ROWS, total: 2, totalCapped: false }) })
    const { wrapper } = await mountWith(SheetView)
    await until(() => expect(wrapper.findAll('[data-testid="row-content"]')).toHaveLength(2))
    expect(headers(wrapper)).toEqual(['编号', '受理时间', '时效', '客户', '电话', '类别', '严重程度', '责任部门', '状态', '经办人', '投诉内容概要'])
    expect(wrapper.get('[data-testid="row-content"]').text()).toBe('服务员态度恶劣')

    await wrapper.get('[data-testid="column-channel"] input').setValue(true)
    await until(() => expect(headers(wrapper)).toContain('渠道'))
    expect(wrapper.text()).toContain('媒体曝光')
    expect((b.last('save_preferences')!.args.prefs as { sheetColumns: string[] }).sheetColumns).toContain('channel')
  })

  it('a search marks every occurrence of each of Rust’s terms, from just before the first, as text', async () => {
    const content = '客户于周六晚在三楼餐厅用餐，上菜后发现鲈鱼中有一根头发；<b>鲈鱼</b>退回后'
    const b = fakeBackend({
      list_cases: (a) => {
        const q = (a as { query: CaseQuery }).query
        return q.search
          ? { rows: [row({ content })], total: 1, totalCapped: false, searchTerms: ['鲈鱼', '头发'] }
          : { rows: [row({ content })], total: 1, totalCapped: false, searchTerms: [] }
      },
    })
    const { wrapper } = await mountWith(SheetView)
    await until(() => expect(wrapper.get('[data-testid="row-content"]').text()).toBe(content))
    expect(wrapper.find('[data-testid="row-content-hit"]').exists()).toBe(false)

    await typeInto(wrapper, '[data-testid="sheet-search"]', '鲈鱼 头发')
    await until(() => expect(wrapper.findAll('[data-testid="row-content-hit"]')).toHaveLength(3))
    expect(lastQuery(b).search).toBe('鲈鱼 头发')
    const cell = wrapper.get('[data-testid="row-content"]')
    expect(wrapper.findAll('[data-testid="row-content-hit"]').map((m) => m.text())).toEqual(['鲈鱼', '头发', '鲈鱼'])
    expect(cell.findAll('mark').every((m) => m.classes('hit'))).toBe(true)
    // From a few characters before the first match, after an ellipsis.
    expect(cell.text()).toBe('…菜后发现鲈鱼中有一根头发；<b>鲈鱼</b>退回后')
    // The customer's text is text: no element made of it.
    expect(cell.find('b').exists()).toBe(false)
  })

  it('a dragged column width is saved, used, and restored on the next visit', async () => {
    const b = fakeBackend({ list_cases: () => ({ rows: ROWS, total: 2, totalCapped: false }) })
    const { wrapper } = await mountWith(SheetView)
    await until(() => expect(colWidths(wrapper)['客户']).toBe(DEFAULT_WIDTH.customerName))

    // What Element Plus reports when a header border is let go.
    wrapper
      .findComponent({ name: 'ElTable' })
      .vm.$emit('header-dragend', 131.6, DEFAULT_WIDTH.customerName, { property: 'customerName' }, new MouseEvent('mouseup'))
    await until(() => expect(b.last('save_preferences')).toBeTruthy())
    expect((b.last('save_preferences')!.args.prefs as { sheetColumnWidths: Record<string, number> }).sheetColumnWidths).toEqual({ customerName: 132 })
    await until(() => expect(colWidths(wrapper)['客户']).toBe(132))
    wrapper.unmount()

    const again = await mountWith(SheetView)
    await until(() => expect(colWidths(again.wrapper)['客户']).toBe(132))
    expect(colWidths(again.wrapper)['电话']).toBe(DEFAULT_WIDTH.customerPhone) // the others keep their defaults
  })

  it('恢复默认 brings back the default columns and widths', async () => {
    const b = fakeBackend({ list_cases: () => ({ rows: ROWS, total: 2, totalCapped: false }) })
    session.prefs = prefs({ sheetColumns: ['caseNo', 'customerName', 'status'], sheetColumnWidths: { customerName: 200, bogus: 5 } })
    const { wrapper } = await mountWith(SheetView)
    await until(() => expect(colWidths(wrapper)).toEqual({ 编号: DEFAULT_WIDTH.caseNo, 客户: 200, 状态: DEFAULT_WIDTH.status }))

    await wrapper.get('[data-testid="columns-reset"]').trigger('click')
    await until(() => expect(headers(wrapper)).toHaveLength(11))
    expect(b.last('save_preferences')!.args.prefs).toMatchObject({ sheetColumns: [], sheetColumnWidths: {} })
    await until(() => expect(colWidths(wrapper)['客户']).toBe(DEFAULT_WIDTH.customerName))
  })

  it('English headers are short words, never cut in the chooser’s long names', async () => {
    fakeBackend({ list_cases: () => ({ rows: ROWS, total: 2, totalCapped: false }) })
    const { wrapper, i18n } = await mountWith(SheetView)
    i18n.global.locale.value = 'en'
    await until(() => expect(headers(wrapper)).toContain('Dept.'))
    expect(headers(wrapper)).toEqual(['No.', 'Received', 'Due', 'Customer', 'Phone', 'Category', 'Severity', 'Dept.', 'Status', 'Handler', 'Summary'])
    expect(wrapper.get('[data-testid="column-department"]').text()).toBe('Department')
  })
})
