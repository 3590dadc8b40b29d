import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DepartmentCount } from '@/ipc'
import { makeI18n } from '@/i18n'
import { chartOption } from '@/dashboard'
import DepartmentOverdueChart from './DepartmentOverdueChart.vue'
import { mountWith, until } from '@/test/helpers'

// ECharts itself cannot lay out in happy-dom: a fake chart records what the component asks of it.
const fake = vi.hoisted(() => ({
  init: vi.fn(),
  chart: { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() },
}))
vi.mock('echarts/core', async (orig) => ({
  ...(await orig<typeof import('echarts/core')>()),
  init: fake.init,
}))

const { t } = makeI18n('zh-CN').global
const COUNTS: DepartmentCount[] = [
  { departmentId: 2, departmentName: '品质部', count: 5 },
  { departmentId: 4, departmentName: '工程部', count: 3 },
  { departmentId: null, departmentName: null, count: 2 },
]

beforeEach(() => {
  vi.clearAllMocks()
  fake.init.mockReturnValue(fake.chart)
})

describe('chartOption', () => {
  it('one bar per department in Rust\'s order, 未分派 for cases not routed', () => {
    const o = chartOption(COUNTS, t)
    expect(o.yAxis).toMatchObject({ type: 'category', data: ['品质部', '工程部', '未分派'] })
    expect(o.series).toEqual([expect.objectContaining({ type: 'bar', name: '超时件数', data: [5, 3, 2] })])
    // Whole cases: no 0.5 ticks on the value axis.
    expect(o.xAxis).toMatchObject({ type: 'value', minInterval: 1 })
  })

  it('speaks the UI language', () => {
    const en = makeI18n('en').global.t
    expect(chartOption(COUNTS, en).yAxis).toMatchObject({ data: ['品质部', '工程部', 'Not routed'] })
  })
})

describe('各部门超时案件 chart', () => {
  it('draws the counts as SVG, follows new counts and window resizes, and lets go when unmounted', async () => {
    const { wrapper } = await mountWith(DepartmentOverdueChart, { props: { counts: COUNTS } })
    expect(fake.init).toHaveBeenCalledTimes(1)
    expect(fake.init.mock.calls[0][0]).toBe(wrapper.get('[data-testid="dash-chart"]').element)
    expect(fake.init.mock.calls[0][2]).toEqual({ renderer: 'svg' })
    expect(fake.chart.setOption).toHaveBeenLastCalledWith(chartOption(COUNTS, t), { notMerge: true })

    const fewer = COUNTS.slice(0, 1)
    await wrapper.setProps({ counts: fewer })
    await until(() => expect(fake.chart.setOption).toHaveBeenLastCalledWith(chartOption(fewer, t), { notMerge: true }))

    fake.chart.resize.mockClear()
    window.dispatchEvent(new Event('resize'))
    expect(fake.chart.resize).toHaveBeenCalledTimes(1)

    wrapper.unmount()
    expect(fake.chart.dispose).toHaveBeenCalledTimes(1)
    window.dispatchEvent(new Event('resize'))
    expect(fake.chart.resize).toHaveBeenCalledTimes(1)
  })
})
