// 统计 words and numbers that need no component: the chosen period as days,
// the drill-down's way to the tracking sheet, labels of a breakdown's keys and
// the four charts' options. Every figure and its drill-down come from Rust
// (core/src/stats.rs); this file only shows them.
import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import type { LocationQuery, RouteLocationRaw } from 'vue-router'
import type { Statistics, StatsDimension, StatsQuery, StatsSlice, Tally } from '@/ipc'
import type { Translator } from '@/i18n'
import { enumLabel } from '@/labels'

type I18n = Pick<Translator, 't' | 'te'>

export type PeriodKind = 'month' | 'quarter' | 'year' | 'range'

/** What the period picker holds: "2026-11", a year and quarter, "2026", or two days. */
export interface PeriodPick {
  kind: PeriodKind
  month: string
  year: string
  quarter: number
  range: [string, string] | null
}

const pad = (n: number) => String(n).padStart(2, '0')

function lastDay(year: number, month: number): string {
  // Day 0 of the next month is the last of this one.
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`
}

/** Last month of `today` ("YYYY-MM-DD"): the month the 统计表 is made for. */
export function defaultPick(today: string): PeriodPick {
  const [y, m] = today.split('-').map(Number)
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`
  return { kind: 'month', month: prev, year: prev.slice(0, 4), quarter: Math.ceil(Number(prev.slice(5)) / 3), range: null }
}

/** The pick as whole days, both inclusive; null while incomplete. */
export function periodDays(p: PeriodPick): { from: string; to: string } | null {
  switch (p.kind) {
    case 'month': {
      const [y, m] = p.month.split('-').map(Number)
      if (!y || !m) return null
      return { from: `${y}-${pad(m)}-01`, to: lastDay(y, m) }
    }
    case 'quarter': {
      const y = Number(p.year)
      if (!y || p.quarter < 1 || p.quarter > 4) return null
      const first = (p.quarter - 1) * 3 + 1
      return { from: `${y}-${pad(first)}-01`, to: lastDay(y, first + 2) }
    }
    case 'year': {
      const y = Number(p.year)
      return y ? { from: `${y}-01-01`, to: `${y}-12-31` } : null
    }
    case 'range':
      return p.range && p.range[0] && p.range[1] ? { from: p.range[0], to: p.range[1] } : null
  }
}

export function statsQuery(p: PeriodPick, basis: StatsQuery['basis'], departmentId: number | null): StatsQuery | null {
  const days = periodDays(p)
  return days ? { basis, from: days.from, to: days.to, departmentId } : null
}

// ---- drill-down ----------------------------------------------------------------

/** The tracking sheet filtered to the cases behind a figure. */
export function drillLocation(slice: StatsSlice): RouteLocationRaw {
  return { path: '/', query: { drill: JSON.stringify(slice) } }
}

/** The drill-down the sheet was opened with, if any. */
export function readDrill(query: LocationQuery): StatsSlice | null {
  const raw = query.drill
  if (typeof raw !== 'string' || !raw) return null
  try {
    const slice = JSON.parse(raw) as StatsSlice
    return slice && typeof slice.from === 'string' && typeof slice.to === 'string' ? slice : null
  } catch {
    return null
  }
}

/** A trend cell: the cause's slice, narrowed to one month (China time) inside the period. */
export function monthSlice(slice: StatsSlice, month: string): StatsSlice {
  const [y, m] = month.split('-').map(Number)
  const start = new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000)
  const end = new Date(Date.UTC(y, m, 1) - 8 * 3600_000)
  const from = new Date(Math.max(start.getTime(), Date.parse(slice.from)))
  const to = new Date(Math.min(end.getTime(), Date.parse(slice.to)))
  const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z')
  return { ...slice, from: iso(from), to: iso(to), label: `${month} ${slice.label}` }
}

// ---- labels ----------------------------------------------------------------------

/** A breakdown key in the UI language (department names are data, shown as Rust sends them). */
export function keyLabel(i18n: I18n, dimension: StatsDimension | null, key: string, fallback: string): string {
  const t = i18n.t
  switch (dimension) {
    case 'department':
      return key === '' ? t('stats.unrouted') : fallback
    case 'responsible':
      return key === '' ? t('stats.unassigned') : fallback
    case 'cause':
      return key === '' ? t('stats.uncategorised') : enumLabel(i18n, 'causeType', key)
    case 'nature':
      return key === '' ? t('stats.uncategorised') : enumLabel(i18n, 'nature', key)
    case 'severity':
      return enumLabel(i18n, 'severity', key)
    case 'channel':
      return enumLabel(i18n, 'channel', key)
    case 'status':
      return enumLabel(i18n, 'status', key)
    case 'resolution':
      return i18n.te(`stats.resolution.${key}`) ? t(`stats.resolution.${key}`) : fallback
    case 'satisfaction':
      return i18n.te(`stats.satisfaction.${key}`) ? t(`stats.satisfaction.${key}`) : fallback
    default:
      return fallback
  }
}

export function tallyLabel(i18n: I18n, tally: Tally): string {
  return keyLabel(i18n, tally.slice.dimension, tally.key, tally.label)
}

/** "50.0%", or a dash when nothing was counted. */
export function rateText(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${rate.toFixed(1)}%`
}

/** Days to one decimal, or a dash. */
export function daysText(days: number | null | undefined): string {
  return days === null || days === undefined ? '—' : days.toFixed(1)
}

// ---- charts ----------------------------------------------------------------------

export type StatsChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>

/** A chart and, for each (series, bar), the slice a click on it opens. */
export interface StatsChart {
  option: StatsChartOption
  slices: (StatsSlice | null)[][]
}

const GRID = { left: 8, right: 48, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' } as const

/** 投诉类别 month by month: one stacked bar series per cause. */
export function trendChart(s: Statistics, i18n: I18n): StatsChart {
  const causes = new Map(s.byCause.map((t) => [t.key, t.slice]))
  return {
    option: {
      grid: GRID,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      xAxis: { type: 'category', data: s.months },
      yAxis: { type: 'value', minInterval: 1 },
      series: s.trend.map((series) => ({
        type: 'bar',
        stack: 'cause',
        name: keyLabel(i18n, 'cause', series.key, series.label),
        data: series.counts,
        barMaxWidth: 40,
      })),
    },
    slices: s.trend.map((series) => {
      const slice = causes.get(series.key)
      return s.months.map((m) => (slice ? monthSlice(slice, m) : null))
    }),
  }
}

/** Pareto of causes: bars most first, the running share as a line on its own axis. */
export function paretoChart(s: Statistics, i18n: I18n): StatsChart {
  const labels = s.pareto.map((p) => tallyLabel(i18n, p.tally))
  return {
    option: {
      grid: GRID,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: labels },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        { type: 'bar', name: i18n.t('stats.cases'), data: s.pareto.map((p) => p.tally.count), barMaxWidth: 40 },
        { type: 'line', name: i18n.t('stats.cumulative'), yAxisIndex: 1, data: s.pareto.map((p) => p.cumulative) },
      ],
    },
    slices: [s.pareto.map((p) => p.tally.slice), s.pareto.map((p) => p.tally.slice)],
  }
}

/** Each responsible department's share of the loss, in yuan. */
export function lossChart(s: Statistics, i18n: I18n): StatsChart {
  return {
    option: {
      grid: { ...GRID, top: 8 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: s.lossByDepartment.map((t) => tallyLabel(i18n, t)) },
      series: [
        {
          type: 'bar',
          name: i18n.t('stats.lossShare'),
          data: s.lossByDepartment.map((t) => t.amountFen / 100),
          label: { show: true, position: 'right' },
          barMaxWidth: 28,
          itemStyle: { color: '#e6a23c' },
        },
      ],
    },
    slices: [s.lossByDepartment.map((t) => t.slice)],
  }
}

/** On-time rate of each department's cases; a click lists its late ones. */
export function onTimeChart(s: Statistics, i18n: I18n): StatsChart {
  const rows = s.onTimeByDepartment
  return {
    option: {
      grid: { ...GRID, top: 8 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => keyLabel(i18n, 'department', r.key, r.label)) },
      series: [
        {
          type: 'bar',
          name: i18n.t('stats.onTimeRate'),
          data: rows.map((r) => r.rate ?? 0),
          label: { show: true, position: 'right', formatter: '{c}%' },
          barMaxWidth: 28,
          itemStyle: { color: '#67c23a' },
        },
      ],
    },
    slices: [rows.map((r) => r.lateSlice)],
  }
}
