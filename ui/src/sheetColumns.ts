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

// Widths add up to what fits beside the menu in a 1280-pixel window, so all
// ten columns show without scrolling sideways.
export const SHEET_COLUMNS: SheetColumn[] = [
  { key: 'caseNo', label: 'fields.caseNo', sort: 'caseNo', width: 150, fixed: true },
  { key: 'receivedAt', label: 'fields.receivedAt', sort: 'receivedAt', width: 140 },
  { key: 'customerName', label: 'sheet.customer', sort: 'customerName', minWidth: 80 },
  { key: 'customerPhone', label: 'sheet.phone', sort: null, width: 120 },
  { key: 'channel', label: 'fields.channel', sort: 'channel', width: 80 },
  { key: 'causeType', label: 'sheet.category', sort: 'causeType', minWidth: 120 },
  { key: 'severity', label: 'fields.severity', sort: 'severity', width: 96 },
  { key: 'department', label: 'sheet.department', sort: 'department', minWidth: 100 },
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
