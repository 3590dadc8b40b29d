// What the 时效政策 and 工作日历 tabs share: the codes in the order Rust lists
// them, how a policy's limits read as one line, and the weekday of a calendar date.
import type { DeadlineStage, LimitUnit, OrgType, StageLimit } from '@/ipc'
import type { Translator } from '@/i18n'

/** OrgType / DeadlineStage / LimitUnit in codes.rs order. */
export const ORG_TYPES: readonly OrgType[] = ['mall', 'property', 'hospitality', 'manufacturing', 'sales_branch']
export const STAGES: readonly DeadlineStage[] = ['reply', 'route', 'investigate', 'approve', 'whole']
export const UNITS: readonly LimitUnit[] = ['hours', 'calendar_days', 'working_days']

type T = Pick<Translator, 't'>

export const orgTypeLabel = (i18n: T, o: OrgType) => i18n.t(`adminTime.orgType.${o}`)
export const stageLabel = (i18n: T, s: DeadlineStage) => i18n.t(`adminTime.stage.${s}`)
export const unitLabel = (i18n: T, u: LimitUnit) => i18n.t(`adminTime.unit.${u}`)

/** "答复客户 48 小时；结案 13 天" — the limits in the order the policy keeps them. */
export function limitsText(i18n: T, limits: readonly StageLimit[]): string {
  if (limits.length === 0) return i18n.t('adminTime.noLimits')
  return limits
    .map((l) => i18n.t('adminTime.limit', { stage: stageLabel(i18n, l.stage), amount: l.amount, unit: unitLabel(i18n, l.unit) }))
    .join(i18n.t('adminTime.limitSep'))
}

/** A limit as typed: whole digits only; the range (1–1000) is Rust's to check. */
export function parseAmount(text: string): number | null {
  const s = text.trim()
  if (!/^\d+$/.test(s)) return null
  const n = Number(s)
  return Number.isSafeInteger(n) ? n : null
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
export type WeekdayKey = (typeof WEEKDAYS)[number]

/**
 * The weekday of a 'YYYY-MM-DD' calendar date (null when it is not a real date).
 * Counted in UTC: the date is a day of the calendar, not an instant, so the
 * machine's time zone must not shift it.
 */
export function weekdayKey(date: string | null | undefined): WeekdayKey | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '')
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const day = new Date(Date.UTC(y, mo - 1, d))
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null
  return WEEKDAYS[day.getUTCDay()]
}

export const weekdayLabel = (i18n: T, date: string | null | undefined) => {
  const k = weekdayKey(date)
  return k ? i18n.t(`adminTime.weekday.${k}`) : ''
}

/** The holiday file format by example (calendar.rs documents it in full). Data, so not translated. */
export const CALENDAR_EXAMPLE = `{
  "year": 2027,
  "source": "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕x号）",
  "days": [
    {"date": "2027-01-01", "name": "元旦", "off": true},
    {"date": "2027-02-06", "name": "春节", "off": false}
  ]
}`
