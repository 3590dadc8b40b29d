// The tracking-sheet columns. Keys are what Preferences.sheetColumns and
// Preferences.sheetColumnWidths store, so they must stay stable; `sort` is the
// Rust SortField the header click sends.
import type { SortField } from '@/ipc'

export interface SheetColumn {
  key: string
  /** i18n key of the name in the column chooser. */
  label: string
  /** i18n key of the header: short enough to sit beside the sort arrows on one line. */
  header: string
  sort: SortField | null
  /** Default width in pixels (the table's 12-pixel text, 5-pixel padding); the user may drag it. */
  width: number
  /** The column that takes the rest of the row (投诉内容概要): `width` is its least. */
  fill?: boolean
  /** The case number identifies the row; it cannot be hidden. */
  fixed?: boolean
  /** Offered in the column chooser but not shown until chosen. */
  optional?: boolean
}

// The default columns fit beside the menu in a 1280-pixel window with every
// value that matters uncut (the e2e test sheet-columns measures it): case
// number with its 二次 tag, full time, 时效 ("超时 12天18小时"), a name of four
// characters, a phone masked or in full up to a landline with a four-digit
// extension (0755-21234567-8998), category as "服务质量·非品质", the tags, a
// five-character department, and 投诉内容概要 taking the rest. 渠道 is offered
// but not shown by default: it would leave the summary too little room.
export const SHEET_COLUMNS: SheetColumn[] = [
  { key: 'caseNo', label: 'fields.caseNo', header: 'sheet.head.caseNo', sort: 'caseNo', width: 116, fixed: true },
  { key: 'receivedAt', label: 'fields.receivedAt', header: 'sheet.head.receivedAt', sort: 'receivedAt', width: 111 },
  { key: 'due', label: 'deadline.column', header: 'sheet.head.due', sort: null, width: 106 },
  { key: 'customerName', label: 'sheet.customer', header: 'sheet.head.customer', sort: 'customerName', width: 64 },
  { key: 'customerPhone', label: 'sheet.phone', header: 'sheet.head.phone', sort: null, width: 134 },
  { key: 'channel', label: 'fields.channel', header: 'sheet.head.channel', sort: 'channel', width: 70, optional: true },
  { key: 'causeType', label: 'sheet.category', header: 'sheet.head.category', sort: 'causeType', width: 100 },
  { key: 'severity', label: 'fields.severity', header: 'sheet.head.severity', sort: 'severity', width: 76 },
  { key: 'department', label: 'sheet.department', header: 'sheet.head.department', sort: 'department', width: 76 },
  { key: 'status', label: 'fields.status', header: 'sheet.head.status', sort: 'status', width: 86 },
  { key: 'handler', label: 'fields.handler', header: 'sheet.head.handler', sort: 'handler', width: 64 },
  { key: 'content', label: 'fields.content', header: 'sheet.head.content', sort: null, width: 120, fill: true },
]

export const ALL_COLUMN_KEYS = SHEET_COLUMNS.map((c) => c.key)

export const DEFAULT_COLUMN_KEYS = SHEET_COLUMNS.filter((c) => !c.optional).map((c) => c.key)

/** Saved choice → visible keys in sheet order; empty/unknown means the default set. */
export function visibleColumnKeys(saved: string[]): string[] {
  const known = saved.filter((k) => ALL_COLUMN_KEYS.includes(k))
  if (known.length === 0) return [...DEFAULT_COLUMN_KEYS]
  return ALL_COLUMN_KEYS.filter((k) => known.includes(k) || SHEET_COLUMNS.find((c) => c.key === k)?.fixed)
}

export function columnBySort(sort: string): SheetColumn | undefined {
  return SHEET_COLUMNS.find((c) => c.sort === sort)
}

/** Narrower than this a dragged column is not kept (a slip of the mouse). */
export const MIN_COLUMN_WIDTH = 40
export const MAX_COLUMN_WIDTH = 1200

/** The widths saved in Preferences, keeping only known keys and sane values. */
export function savedWidths(saved: Record<string, number | undefined> | null | undefined): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [key, px] of Object.entries(saved ?? {})) {
    if (!ALL_COLUMN_KEYS.includes(key) || typeof px !== 'number' || !Number.isFinite(px)) continue
    out[key] = Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, px)))
  }
  return out
}
