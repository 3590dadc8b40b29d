// 工作台 words and numbers that do not need a component: how late or how close
// a case is, and the department chart's option. Pure, so they are tested alone.
import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption } from 'echarts/charts'
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components'
import type { CaseRow, DepartmentCount } from '@/ipc'
import type { Translator } from '@/i18n'
import { formatDuration, minutesBetween } from '@/deadlines'

type T = (key: string, named?: Record<string, unknown>) => string

/**
 * "已超时 2小时5分" / "剩余 3小时30分" for a row, measured from `now` — Rust's
 * clock (Dashboard.now), never this machine's: tests and a desk with a wrong
 * clock must see what Rust decided. Whether the row is late is Rust's word
 * (row.overdue). Durations are worded as everywhere else (deadlines.ts).
 */
export function dueSummary(i18n: Pick<Translator, 't' | 'te'>, row: Pick<CaseRow, 'dueAt' | 'overdue'>, now: string): string {
  if (!row.dueAt) return ''
  const late = minutesBetween(row.dueAt, now)
  if (Number.isNaN(late)) return ''
  return row.overdue
    ? i18n.t('dashboard.overdueBy', { span: formatDuration(i18n, late) })
    : i18n.t('dashboard.timeLeft', { span: formatDuration(i18n, minutesBetween(now, row.dueAt)) })
}

/** A department's name for the chart and its table; Rust sends null for cases not yet routed. */
export function departmentLabel(c: DepartmentCount, t: T): string {
  return c.departmentName ?? t('dashboard.unassigned')
}

export type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>

/**
 * Horizontal bars, one per department, in Rust's order (most overdue first, at
 * the top): department names are long Chinese words and read better on the
 * vertical axis than slanted under columns.
 */
export function chartOption(counts: DepartmentCount[], t: T): ChartOption {
  return {
    // Keep the department names inside the chart (ECharts 6's form of containLabel).
    grid: { left: 8, right: 40, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: counts.map((c) => departmentLabel(c, t)) },
    series: [
      {
        type: 'bar',
        name: t('dashboard.overdueCount'),
        data: counts.map((c) => c.count),
        itemStyle: { color: '#f56c6c' },
        label: { show: true, position: 'right' },
        barMaxWidth: 28,
      },
    ],
  }
}
