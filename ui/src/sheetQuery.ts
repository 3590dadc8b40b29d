// What the tracking sheet asks Rust for. Filtering, sorting and paging all happen
// in Rust; this only turns the screen state into a CaseQuery.
import type { CaseQuery, CaseStatus, CauseType, Channel, DueFilter, Severity, SortField, StatsSlice } from '@/ipc'
import { dayRangeToUtc } from '@/time'

export interface SheetFilter {
  search: string
  statuses: CaseStatus[]
  severities: Severity[]
  channels: Channel[]
  causeTypes: CauseType[]
  departmentIds: number[]
  /** 时效: overdue / due today / due this week, by Rust's clock. */
  due: DueFilter | null
  /** Local calendar days, inclusive, "YYYY-MM-DD". */
  range: [string, string] | null
  includeVoided: boolean
}

export function emptyFilter(): SheetFilter {
  return {
    search: '',
    statuses: [],
    severities: [],
    channels: [],
    causeTypes: [],
    departmentIds: [],
    due: null,
    range: null,
    includeVoided: false,
  }
}

export interface SheetSort {
  sort: SortField
  descending: boolean
}

/** Newest case number first, as the paper sheet is read (numbers follow registration). */
export const DEFAULT_SORT: SheetSort = { sort: 'caseNo', descending: true }

export const PAGE_SIZES = [20, 50, 100]

/** `drill`: 统计's drill-down (the cases behind a figure), applied by Rust with the other filters. */
export function buildQuery(f: SheetFilter, s: SheetSort, page: number, pageSize: number, drill: StatsSlice | null = null): CaseQuery {
  const { from, to } = dayRangeToUtc(f.range)
  return {
    ...(drill ? { stats: drill } : {}),
    search: f.search.trim(),
    statuses: [...f.statuses],
    severities: [...f.severities],
    channels: [...f.channels],
    causeTypes: [...f.causeTypes],
    departmentIds: [...f.departmentIds],
    handlerIds: [],
    due: f.due,
    receivedFrom: from,
    receivedTo: to,
    includeVoided: f.includeVoided,
    sort: s.sort,
    descending: s.descending,
    page,
    pageSize,
  }
}
