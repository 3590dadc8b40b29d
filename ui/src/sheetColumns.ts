// The tracking-sheet columns. Keys are what Preferences.sheetColumns stores, so
// they must stay stable; `sort` is the Rust SortField the header click sends.
import type { SortField } from '@/ipc'

export interface SheetColumn {
  key: string
  label: string // i18n key
  sort: SortField | null
  width?: number
  minWidth?: number
  /** The case number identifies the row; it cannot be hidden. */
  fixed?: boolean
}

// Widths are kept tight so all eleven columns fit beside the menu from about
// 1350 pixels; a 1280-pixel window scrolls a little sideways. 时效 therefore
// sits next to 受理时间, where it stays in view (and an overdue row is tinted
// red as a whole anyway). It has no sort: Rust orders by the fields it sorts.
export const SHEET_COLUMNS: SheetColumn[] = [
  { key: 'caseNo', label: 'fields.caseNo', sort: 'caseNo', width: 150, fixed: true },
  { key: 'receivedAt', label: 'fields.receivedAt', sort: 'receivedAt', width: 140 },
  { key: 'due', label: 'deadline.column', sort: null, width: 112 },
  { key: 'customerName', label: 'sheet.customer', sort: 'customerName', minWidth: 80 },
  { key: 'customerPhone', label: 'sheet.phone', sort: null, width: 110 },
  { key: 'channel', label: 'fields.channel', sort: 'channel', width: 80 },
  { key: 'causeType', label: 'sheet.category', sort: 'causeType', minWidth: 100 },
  { key: 'severity', label: 'fields.severity', sort: 'severity', width: 96 },
  { key: 'department', label: 'sheet.department', sort: 'department', minWidth: 90 },
  { key: 'status', label: 'fields.status', sort: 'status', width: 104 },
  { key: 'handler', label: 'fields.handler', sort: 'handler', width: 84 },
]

export const ALL_COLUMN_KEYS = SHEET_COLUMNS.map((c) => c.key)

/** Saved choice → visible keys in sheet order; empty/unknown means the default (all). */
export function visibleColumnKeys(saved: string[]): string[] {
  const known = saved.filter((k) => ALL_COLUMN_KEYS.includes(k))
  if (known.length === 0) return [...ALL_COLUMN_KEYS]
  return ALL_COLUMN_KEYS.filter((k) => known.includes(k) || SHEET_COLUMNS.find((c) => c.key === k)?.fixed)
}

export function columnBySort(sort: string): SheetColumn | undefined {
  return SHEET_COLUMNS.find((c) => c.sort === sort)
}
