import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HolidayYear } from '@/ipc'
import CalendarTab from './CalendarTab.vue'
import { weekdayKey } from './adminTime'
import { fakeBackend, mountWith, settle, typeInto, until } from '@/test/helpers'

type Mounted = Awaited<ReturnType<typeof mountWith>>['wrapper']

/** 导入新年度, then the JSON file instead of the notice (null: as it opens). */
async function openImport(wrapper: Mounted, source: 'json' | null) {
  await wrapper.get('[data-testid="admin-calendar-import"]').trigger('click')
  const choice = await until(() => wrapper.get('[data-testid="admin-calendar-source-json"] input'))
  if (source === 'json') await choice.setValue(true)
}

const SOURCE_2025 = '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）'
const SOURCE_2026 = '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）'

// Part of the shipped years; 2025's days deliberately out of order.
const Y2025: HolidayYear = {
  year: 2025,
  source: SOURCE_2025,
  days: [
    { date: '2025-02-08', name: '春节', off: false },
    { date: '2025-01-28', name: '春节', off: true },
    { date: '2025-01-01', name: '元旦', off: true },
    { date: '2025-01-26', name: '春节', off: false },
    { date: '2025-01-29', name: '春节', off: true },
  ],
}
const Y2026: HolidayYear = {
  year: 2026,
  source: SOURCE_2026,
  days: [
    { date: '2026-01-01', name: '元旦', off: true },
    { date: '2026-01-02', name: '元旦', off: true },
    { date: '2026-01-03', name: '元旦', off: true },
    { date: '2026-01-04', name: '元旦', off: false },
  ],
}

async function mountTab(handlers: Parameters<typeof fakeBackend>[0] = {}) {
  const backend = fakeBackend({ calendar_years: () => [Y2026, Y2025], ...handlers })
  const mounted = await mountWith(CalendarTab, { path: '/admin' })
  return { backend, ...mounted }
}

type W = Awaited<ReturnType<typeof mountTab>>['wrapper']

const yearRow = (w: W, y: number) => w.get(`[data-testid="admin-calendar-year-${y}"]`)
const dayRows = (w: W) =>
  w
    .get('[data-testid="admin-calendar-days"]')
    .findAll('.el-table__body tr')
    .map((tr) => tr.findAll('td').map((td) => td.text().trim()))

async function pick(w: W, y: number) {
  await yearRow(w, y).trigger('click')
  await until(() => expect(yearRow(w, y).classes()).toContain('selected'))
}

afterEach(() => {
  vi.useRealTimers()
})

describe('系统管理 · 工作日历', () => {
  it('lists the years in order with their source and how many 休 and 班 days each has', async () => {
    const { wrapper } = await mountTab()
    const ids = wrapper.findAll('[data-testid^="admin-calendar-year-"]').map((e) => e.attributes('data-testid'))
    expect(ids).toEqual(['admin-calendar-year-2025', 'admin-calendar-year-2026'])
    const y2025 = yearRow(wrapper, 2025)
    expect(y2025.text()).toContain(SOURCE_2025)
    expect(y2025.get('[data-testid="admin-calendar-off-count"]').text()).toBe('3 天')
    expect(y2025.get('[data-testid="admin-calendar-work-count"]').text()).toBe('2 天')
    const y2026 = yearRow(wrapper, 2026)
    expect(y2026.get('[data-testid="admin-calendar-off-count"]').text()).toBe('3 天')
    expect(y2026.get('[data-testid="admin-calendar-work-count"]').text()).toBe('1 天')
  })

  it('a selected year shows its days by date, with the weekday and 休 or 班', async () => {
    const { wrapper } = await mountTab()
    await pick(wrapper, 2025)
    expect(yearRow(wrapper, 2025).classes()).toContain('selected')
    expect(wrapper.get('[data-testid="admin-calendar-title"]').text()).toBe('2025 年节假日与调休')
    expect(dayRows(wrapper)).toEqual([
      ['2025-01-01 周三', '元旦', '休'],
      ['2025-01-26 周日', '春节', '班'],
      ['2025-01-28 周二', '春节', '休'],
      ['2025-01-29 周三', '春节', '休'],
      ['2025-02-08 周六', '春节', '班'],
    ])
    await pick(wrapper, 2026)
    expect(yearRow(wrapper, 2025).classes()).not.toContain('selected')
    expect(dayRows(wrapper).at(-1)).toEqual(['2026-01-04 周日', '元旦', '班'])
  })

  it('导入新年度 sends the pasted text exactly as typed, then reads the years again', async () => {
    const Y2027: HolidayYear = { year: 2027, source: '国办发明电〔2026〕x号', days: [{ date: '2027-01-01', name: '元旦', off: true }] }
    let years = [Y2025, Y2026]
    const { wrapper, backend } = await mountTab({
      calendar_years: () => years,
      save_calendar_year: () => {
        years = [...years, Y2027]
        return Y2027
      },
    })
    await openImport(wrapper, 'json')
    await until(() => expect(wrapper.get('[data-testid="admin-calendar-format"]').text()).toContain('"off": false'))
    const pasted = '{"year": 2027,\n  "source": "国办发明电〔2026〕x号",\n  "days": [{"date": "2027-01-01", "name": "元旦", "off": true}]}\n'
    await typeInto(wrapper, '[data-testid="admin-calendar-json"]', pasted)
    await wrapper.get('[data-testid="admin-calendar-submit"]').trigger('click')

    await until(() => expect(backend.last('save_calendar_year')!.args).toEqual({ json: pasted }))
    // Once saved, the years are read again and the new one is shown.
    await until(() => expect(yearRow(wrapper, 2027).classes()).toContain('selected'))
    expect(backend.of('calendar_years')).toHaveLength(2)
    expect(wrapper.find('[data-testid="admin-calendar-import-dialog"]').exists()).toBe(false)
    expect(dayRows(wrapper)).toEqual([['2027-01-01 周五', '元旦', '休']])
    expect(document.body.textContent).toContain('已导入 2027 年工作日历')
  })

  it("a file Rust refuses shows Rust's message in the dialog, which stays open with the text", async () => {
    const message = '第2条：2027-02-05（周五）标为调休上班，但调休上班日只能是周六或周日'
    const { wrapper, backend } = await mountTab({
      save_calendar_year: () => {
        throw { code: 'VALIDATION', field: 'off', message }
      },
    })
    await openImport(wrapper, 'json')
    await until(() => wrapper.get('[data-testid="admin-calendar-json"]'))
    const text = '{"year": 2027, "days": [{"date": "2027-01-01", "name": "元旦", "off": true}, {"date": "2027-02-05", "name": "春节", "off": false}]}'
    await typeInto(wrapper, '[data-testid="admin-calendar-json"]', text)
    await wrapper.get('[data-testid="admin-calendar-submit"]').trigger('click')

    await until(() => expect(wrapper.get('[data-testid="admin-calendar-error"]').text()).toContain(message))
    expect(wrapper.find('[data-testid="admin-calendar-import-dialog"]').exists()).toBe(true)
    expect((wrapper.get('textarea[data-testid="admin-calendar-json"]').element as HTMLTextAreaElement).value).toBe(text)
    expect(backend.of('calendar_years')).toHaveLength(1)
  })

  it('导入新年度 starts with the notice pasted as published, for the year after the last one kept', async () => {
    const Y2027: HolidayYear = { year: 2027, source: '国务院办公厅关于2027年部分节假日安排的通知', days: [{ date: '2027-01-01', name: '元旦', off: true }] }
    let years = [Y2025, Y2026]
    const { wrapper, backend } = await mountTab({
      calendar_years: () => years,
      import_calendar_notice: () => {
        years = [...years, Y2027]
        return Y2027
      },
    })
    await openImport(wrapper, null)
    const year = await until(() => wrapper.get('[data-testid="admin-calendar-notice-year"] input'))
    expect((year.element as HTMLInputElement).value).toBe('2027')
    expect(wrapper.get('[data-testid="admin-calendar-notice-how"]').text()).toContain('“上班”的日子记为班')
    const notice = '国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。'
    await typeInto(wrapper, '[data-testid="admin-calendar-notice"]', notice)
    await wrapper.get('[data-testid="admin-calendar-submit"]').trigger('click')

    await until(() => expect(backend.last('import_calendar_notice')!.args).toEqual({ text: notice, year: 2027 }))
    await until(() => expect(yearRow(wrapper, 2027).classes()).toContain('selected'))
    expect(backend.of('save_calendar_year')).toHaveLength(0)
    expect(document.body.textContent).toContain('已导入 2027 年工作日历')
  })

  it("a notice Rust cannot read keeps the dialog open with Rust's words and the text", async () => {
    const message = '没有从通知中读出放假或上班的日期：请粘贴通知正文中“一、元旦：……”起的各条'
    const { wrapper } = await mountTab({
      import_calendar_notice: () => {
        throw { code: 'VALIDATION', field: 'noticeText', message }
      },
    })
    await openImport(wrapper, null)
    await until(() => wrapper.get('[data-testid="admin-calendar-notice"]'))
    await typeInto(wrapper, '[data-testid="admin-calendar-notice"]', '节假日期间请安排好值班')
    await wrapper.get('[data-testid="admin-calendar-submit"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="admin-calendar-error"]').text()).toContain(message))
    expect((wrapper.get('textarea[data-testid="admin-calendar-notice"]').element as HTMLTextAreaElement).value).toBe('节假日期间请安排好值班')
  })

  it('a chosen .json file fills the text box', async () => {
    const { wrapper } = await mountTab()
    await openImport(wrapper, 'json')
    const content = '{"year": 2027, "source": "", "days": []}'
    const input = (await until(() => wrapper.get('[data-testid="admin-calendar-file"]'))).element as HTMLInputElement
    Object.defineProperty(input, 'files', { value: [new File([content], '2027.json', { type: 'application/json' })], configurable: true })
    input.dispatchEvent(new Event('change'))
    await until(() => expect((wrapper.get('textarea[data-testid="admin-calendar-json"]').element as HTMLTextAreaElement).value).toBe(content))
    expect(wrapper.get('[data-testid="admin-calendar-file-name"]').text()).toBe('2027.json')
  })

  it('修改 shows the year on month grids; a click marks a day 休, a weekend then 班, then ordinary again', async () => {
    const { wrapper, backend } = await mountTab({ save_calendar_year: () => Y2025 })
    await pick(wrapper, 2025)
    await wrapper.get('[data-testid="admin-calendar-edit"]').trigger('click')
    const cell = (date: string) => wrapper.get(`[data-testid="admin-calendar-cell-${date}"]`)
    await until(() => expect(cell('2025-01-28').classes()).toContain('off'))
    expect(cell('2025-01-26').classes()).toEqual(expect.arrayContaining(['work', 'weekend']))
    expect(cell('2025-01-26').text()).toBe('26班')
    // January 2025 starts on a Wednesday: two blanks before it under 一 and 二.
    const january = wrapper.get('[data-testid="admin-calendar-grid"] .month .days')
    expect(january.findAll('.head').map((h) => h.text())).toEqual(['一', '二', '三', '四', '五', '六', '日'])
    expect(january.element.children[7].tagName).toBe('SPAN')
    expect(january.element.children[9].textContent).toBe('1休')

    // Thursday 30 January: 休, named after the 春节 days beside it, in date order.
    await cell('2025-01-30').trigger('click')
    await until(() => expect(cell('2025-01-30').classes()).toContain('off'))
    expect((wrapper.get('input[data-testid="admin-calendar-day-name-4"]').element as HTMLInputElement).value).toBe('春节')
    // A weekday goes back to ordinary; a Saturday goes 休 → 班 → ordinary.
    await cell('2025-01-30').trigger('click')
    await until(() => expect(cell('2025-01-30').classes()).not.toContain('off'))
    await cell('2025-02-01').trigger('click')
    await until(() => expect(cell('2025-02-01').classes()).toContain('off'))
    await cell('2025-02-01').trigger('click')
    await until(() => expect(cell('2025-02-01').classes()).toContain('work'))
    await cell('2025-01-01').trigger('click')
    await until(() => expect(cell('2025-01-01').classes()).not.toContain('off'))
    await wrapper.get('[data-testid="admin-calendar-save"]').trigger('click')

    const json = await until(() => backend.last('save_calendar_year')!.args.json as string)
    expect(JSON.parse(json).days).toEqual([
      { date: '2025-01-26', name: '春节', off: false },
      { date: '2025-01-28', name: '春节', off: true },
      { date: '2025-01-29', name: '春节', off: true },
      { date: '2025-02-01', name: '春节', off: false },
      { date: '2025-02-08', name: '春节', off: false },
    ])
  })

  it('修改 adds a day and sends the whole year as JSON, rows in the order shown', async () => {
    const saved: HolidayYear = {
      ...Y2025,
      source: '国办发明电〔2024〕12号',
      days: [...Y2025.days, { date: '2025-01-30', name: '春节', off: true }].sort((a, b) => a.date.localeCompare(b.date)),
    }
    const { wrapper, backend } = await mountTab({ save_calendar_year: () => saved })
    await pick(wrapper, 2025)
    await wrapper.get('[data-testid="admin-calendar-edit"]').trigger('click')
    await until(() => expect(wrapper.findAll('[data-testid="admin-calendar-day-row"]')).toHaveLength(5))

    await typeInto(wrapper, '[data-testid="admin-calendar-source"]', '国办发明电〔2024〕12号')
    await wrapper.get('[data-testid="admin-calendar-day-add"]').trigger('click')
    const added = await until(() => {
      const dayRowsNow = wrapper.findAll('[data-testid="admin-calendar-day-row"]')
      expect(dayRowsNow).toHaveLength(6)
      return dayRowsNow.at(-1)!
    })
    added.findComponent({ name: 'ElDatePicker' }).vm.$emit('update:modelValue', '2025-01-30')
    await until(() => expect(added.text()).toContain('周四'))
    // A new row takes the festival of the row above; 休 until changed.
    expect((added.get('input[data-testid="admin-calendar-day-name-5"]').element as HTMLInputElement).value).toBe('春节')
    await wrapper.get('[data-testid="admin-calendar-save"]').trigger('click')

    const json = await until(() => backend.last('save_calendar_year')!.args.json as string)
    expect(json).toBe(
      JSON.stringify({
        year: 2025,
        source: '国办发明电〔2024〕12号',
        days: [
          { date: '2025-01-01', name: '元旦', off: true },
          { date: '2025-01-26', name: '春节', off: false },
          { date: '2025-01-28', name: '春节', off: true },
          { date: '2025-01-29', name: '春节', off: true },
          { date: '2025-02-08', name: '春节', off: false },
          { date: '2025-01-30', name: '春节', off: true },
        ],
      }),
    )
    // The dialog closes on Rust's answer and the years are read again.
    await until(() => expect(wrapper.find('[data-testid="admin-calendar-dialog"]').exists()).toBe(false))
    await until(() => expect(backend.of('calendar_years')).toHaveLength(2))
    expect(document.body.textContent).toContain('2025 年工作日历已保存')
  })

  it('修改 can remove a day and turn a 休 into 班; Rust\'s refusal stays in the dialog', async () => {
    const message = '第1条：2026-01-02（周五）标为调休上班，但调休上班日只能是周六或周日'
    const { wrapper, backend } = await mountTab({
      save_calendar_year: () => {
        throw { code: 'VALIDATION', field: 'off', message }
      },
    })
    await pick(wrapper, 2026)
    await wrapper.get('[data-testid="admin-calendar-edit"]').trigger('click')
    await (await until(() => wrapper.get('[data-testid="admin-calendar-day-remove-0"]'))).trigger('click')
    await until(() => expect(wrapper.findAll('[data-testid="admin-calendar-day-row"]')).toHaveLength(3))
    await wrapper.get('[data-testid="admin-calendar-day-off-0"]').findAll('input')[1].trigger('change')
    await settle()
    await wrapper.get('[data-testid="admin-calendar-save"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="admin-calendar-error"]').text()).toContain(message))
    const file = JSON.parse(backend.last('save_calendar_year')!.args.json as string)
    expect(file.days).toEqual([
      { date: '2026-01-02', name: '元旦', off: false },
      { date: '2026-01-03', name: '元旦', off: true },
      { date: '2026-01-04', name: '元旦', off: false },
    ])
    expect(wrapper.find('[data-testid="admin-calendar-dialog"]').exists()).toBe(true)
  })

  it("warns when the calendar has no holidays for this year", async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2027-03-01T08:00:00+08:00'))
    const { wrapper } = await mountTab()
    expect(wrapper.get('[data-testid="admin-calendar-missing"]').text()).toContain('尚未导入 2027 年的节假日安排')
    // Without this year the latest one is shown.
    expect(wrapper.get('[data-testid="admin-calendar-title"]').text()).toBe('2026 年节假日与调休')
  })

  it('shows this year first and no warning when it is there', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2025-06-01T08:00:00+08:00'))
    const { wrapper } = await mountTab()
    expect(wrapper.find('[data-testid="admin-calendar-missing"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="admin-calendar-title"]').text()).toBe('2025 年节假日与调休')
  })

  it('weekdays are those of the calendar date, whatever the time zone; impossible dates have none', () => {
    expect(weekdayKey('2026-02-14')).toBe('sat')
    expect(weekdayKey('2024-02-29')).toBe('thu')
    expect(weekdayKey('2025-02-29')).toBeNull()
    expect(weekdayKey('2025-1-1')).toBeNull()
  })

  it('FORBIDDEN from Rust is shown', async () => {
    const { wrapper } = await mountTab({
      calendar_years: () => {
        throw { code: 'FORBIDDEN', message: '只有系统管理员可以管理人员、部门和设置' }
      },
    })
    expect(wrapper.get('[data-testid="admin-load-error"]').text()).toContain('只有系统管理员可以管理人员、部门和设置')
    expect(wrapper.find('[data-testid="admin-calendar-import"]').exists()).toBe(false)
  })
})
