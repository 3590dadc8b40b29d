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

export const SHEET_COLUMNS: SheetColumn[] = [
  { key: 'caseNo', label: 'fields.caseNo', sort: 'caseNo', width: 170, fixed: true },
  { key: 'receivedAt', label: 'fields.receivedAt', sort: 'receivedAt', width: 150 },
  { key: 'customerName', label: 'sheet.customer', sort: 'customerName', minWidth: 100 },
  { key: 'customerPhone', label: 'sheet.phone', sort: null, width: 130 },
  { key: 'channel', label: 'fields.channel', sort: 'channel', width: 100 },
  { key: 'causeType', label: 'sheet.category', sort: 'causeType', minWidth: 130 },
  { key: 'severity', label: 'fields.severity', sort: 'severity', width: 110 },
  { key: 'department', label: 'sheet.department', sort: 'department', minWidth: 110 },
  { key: 'status', label: 'fields.status', sort: 'status', width: 110 },
  { key: 'handler', label: 'fields.handler', sort: 'handler', width: 100 },
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
