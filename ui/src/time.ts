// Rust stores and sends UTC ISO strings. People read times in the
// organisation's time zone (系统管理 → 时区, app info's timeZone), the zone the
// paper is printed in, never in the zone the machine happens to be set to.
import { ref } from 'vue'

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/** The zone every screen shows times in; a ref, so a change re-renders them. */
const zone = ref(DEFAULT_TIME_ZONE)
const formatters = new Map<string, Intl.DateTimeFormat>()

/** Show times in `name` from now on (an unknown name keeps the zone in force). */
export function setDisplayTimeZone(name: string | null | undefined): void {
  if (!name || name === zone.value) return
  try {
    formatter(name)
    zone.value = name
  } catch {
    /* Rust only stores names it knows; a webview without that zone keeps the last one */
  }
}

export function displayTimeZone(): string {
  return zone.value
}

/** "GMT+8" for Asia/Shanghai ("" where the webview cannot say). */
export function zoneOffsetLabel(name: string, at = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'shortOffset' }).formatToParts(at)
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? ''
  } catch {
    return ''
  }
}

function formatter(name: string): Intl.DateTimeFormat {
  let f = formatters.get(name)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(name, f)
  }
  return f
}

interface Wall {
  y: number
  mo: number
  d: number
  h: number
  mi: number
  s: number
}

/** What a clock on the organisation's wall shows at instant `ms`. */
function wallAt(ms: number): Wall {
  const parts: Record<string, number> = {}
  for (const p of formatter(zone.value).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return { y: parts.year, mo: parts.month, d: parts.day, h: parts.hour % 24, mi: parts.minute, s: parts.second }
}

/** The instant at which the organisation's wall clock shows `w`. */
function instantOf(w: Wall): number {
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s)
  const offsetAt = (ms: number) => {
    const seen = wallAt(ms)
    return Date.UTC(seen.y, seen.mo - 1, seen.d, seen.h, seen.mi, seen.s) - Math.floor(ms / 1000) * 1000
  }
  const first = asUtc - offsetAt(asUtc)
  // Near a summer-time change the offset at the guess and at the answer differ.
  const second = asUtc - offsetAt(first)
  return second
}

const pad = (n: number) => String(n).padStart(2, '0')

/** UTC ISO → "YYYY-MM-DD HH:mm" in the organisation's zone ("" for empty; the text itself when invalid). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const ms = new Date(iso).getTime()
  if (Number.isNaN(ms)) return iso
  const w = wallAt(ms)
  return `${w.y}-${pad(w.mo)}-${pad(w.d)} ${pad(w.h)}:${pad(w.mi)}`
}

/** UTC ISO → "YYYY-MM-DD", the organisation's day it falls on. */
export function formatDay(iso: string | null | undefined): string {
  return formatTime(iso).slice(0, 10)
}

/** A Date as UTC ISO without milliseconds (RFC 3339, what Rust's chrono expects). */
export function toUtcIso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * An instant as the value of an Element Plus date-time picker. The picker
 * shows a Date's machine-local fields, so the Date it gets carries the
 * organisation's wall time in them.
 */
export function toPicker(at: string | Date): Date {
  const w = wallAt(new Date(at).getTime())
  return new Date(w.y, w.mo - 1, w.d, w.h, w.mi, w.s)
}

/** A date-time picker's value (the organisation's wall time) → UTC ISO. */
export function fromPicker(d: Date): string {
  const w = { y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds() }
  return toUtcIso(new Date(instantOf(w)))
}

/**
 * Days of the organisation ["YYYY-MM-DD", "YYYY-MM-DD"] (inclusive, as the
 * picker shows them) → UTC bounds [from, to): from = the start of the first
 * day, to = the start of the day after the last one.
 */
export function dayRangeToUtc(range: [string, string] | null | undefined): {
  from: string | null
  to: string | null
} {
  if (!range || !range[0] || !range[1]) return { from: null, to: null }
  const [y1, m1, d1] = range[0].split('-').map(Number)
  const [y2, m2, d2] = range[1].split('-').map(Number)
  // Date.UTC rolls day 32 over into the next month.
  const after = new Date(Date.UTC(y2, m2 - 1, d2 + 1))
  const start = instantOf({ y: y1, mo: m1, d: d1, h: 0, mi: 0, s: 0 })
  const end = instantOf({ y: after.getUTCFullYear(), mo: after.getUTCMonth() + 1, d: after.getUTCDate(), h: 0, mi: 0, s: 0 })
  return { from: toUtcIso(new Date(start)), to: toUtcIso(new Date(end)) }
}
