// Rust stores and sends UTC ISO strings; people think in local days and minutes.

const pad = (n: number) => String(n).padStart(2, '0')

/** UTC ISO → local "YYYY-MM-DD HH:mm" ("" for empty/invalid). */
export function formatLocal(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** UTC ISO → local "YYYY-MM-DD". */
export function formatLocalDate(iso: string | null | undefined): string {
  return formatLocal(iso).slice(0, 10)
}

/** A Date as UTC ISO without milliseconds (RFC 3339, what Rust's chrono expects). */
export function toUtcIso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * Local calendar days ["YYYY-MM-DD", "YYYY-MM-DD"] (inclusive, as the picker shows them)
 * → UTC bounds [from, to): from = start of the first local day, to = start of the day
 * after the last one.
 */
export function localDayRangeToUtc(range: [string, string] | null | undefined): {
  from: string | null
  to: string | null
} {
  if (!range || !range[0] || !range[1]) return { from: null, to: null }
  const start = localDayStart(range[0])
  const end = localDayStart(range[1])
  end.setDate(end.getDate() + 1) // setDate handles month ends and DST
  return { from: toUtcIso(start), to: toUtcIso(end) }
}

function localDayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(y, m - 1, d, 0, 0, 0, 0)
}
