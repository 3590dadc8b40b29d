// 时效 as people read it: durations ("1天1小时"), limits ("5 个工作日") and where
// a due time stands. "Now" is always Rust's clock (CasePage.now): the machine's
// own clock may be wrong, and end-to-end tests inject a clock into Rust.
import type { Translator } from '@/i18n'
import type { CaseDeadline, DeadlineStage, DueFilter, StageLimit } from '@/ipc'

type T = Pick<Translator, 't' | 'te'>

export const DUE_FILTERS: readonly DueFilter[] = ['overdue', 'due_today', 'due_this_week']

/** Due within this many minutes: shown amber, so it is seen before it turns red. */
export const DUE_SOON_MINUTES = 24 * 60

const MINUTES_PER_DAY = 24 * 60

/**
 * Whole minutes → the two largest units, as a desk says it: 1500 → "1天1小时",
 * 200 → "3小时20分", 45 → "45分钟". Minutes under a day are dropped: nobody
 * chases a case over "2天3小时7分".
 */
export function formatDuration(i18n: T, minutes: number): string {
  const total = Math.max(0, Math.floor(minutes))
  if (total < 1) return i18n.t('deadline.duration.underMinute')
  const d = Math.floor(total / MINUTES_PER_DAY)
  const h = Math.floor((total % MINUTES_PER_DAY) / 60)
  const m = total % 60
  if (d > 0) return h > 0 ? i18n.t('deadline.duration.dayHour', { d, h }) : i18n.t('deadline.duration.day', { d })
  if (h > 0) return m > 0 ? i18n.t('deadline.duration.hourMinute', { h, m }) : i18n.t('deadline.duration.hour', { h })
  return i18n.t('deadline.duration.minute', { m })
}

/** Whole minutes from `from` to `to` (UTC ISO), NaN when either is missing or not a time. */
export function minutesBetween(from: string | null | undefined, to: string | null | undefined): number {
  if (!from || !to) return NaN
  return Math.floor((Date.parse(to) - Date.parse(from)) / 60_000)
}

export type DueTone = 'none' | 'overdue' | 'soon' | 'later'

export interface DueState {
  tone: DueTone
  /** Minutes left, or minutes late when overdue; NaN without a clock to count from. */
  minutes: number
}

/**
 * Where a case's due time stands at Rust's `now`. Whether it is overdue is
 * Rust's word (CaseRow.overdue), not a comparison made here.
 */
export function dueState(dueAt: string | null, overdue: boolean, now: string | null | undefined): DueState {
  if (!dueAt) return { tone: 'none', minutes: NaN }
  const left = minutesBetween(now, dueAt)
  if (overdue) return { tone: 'overdue', minutes: -left }
  if (Number.isNaN(left)) return { tone: 'later', minutes: NaN }
  return { tone: left <= DUE_SOON_MINUTES ? 'soon' : 'later', minutes: left }
}

/** What the 时效 cell says: "剩 3小时20分", "超时 5小时", "" without a due time. */
export function dueText(i18n: T, s: DueState): string {
  if (s.tone === 'none') return ''
  if (Number.isNaN(s.minutes)) return i18n.t(s.tone === 'overdue' ? 'deadline.sheet.overdueNoClock' : 'deadline.sheet.dueNoClock')
  const d = formatDuration(i18n, s.minutes)
  return s.tone === 'overdue' ? i18n.t('deadline.sheet.overdueBy', { d }) : i18n.t('deadline.sheet.left', { d })
}

export function stageLabel(i18n: T, stage: DeadlineStage | null | undefined): string {
  if (!stage) return ''
  const key = `deadline.stages.${stage}`
  return i18n.te(key) ? i18n.t(key) : stage
}

/** "48 小时", "13 天", "5 个工作日". */
export function formatLimit(i18n: T, limit: StageLimit): string {
  return i18n.t(`deadline.units.${limit.unit}`, { n: limit.amount })
}

export type DeadlineStatus = 'on_time' | 'overdue' | 'late'

/** 按时 / 已超时 (still open and past due) / 超时完成. */
export function deadlineStatus(d: CaseDeadline): DeadlineStatus {
  if (d.overdue) return 'overdue'
  return d.lateMinutes > 0 ? 'late' : 'on_time'
}

/** A late stage whose 超时原因 has not been given yet (Rust asks for one per late stage). */
export function needsReason(d: CaseDeadline): boolean {
  return d.lateMinutes > 0 && d.lateReason.trim() === ''
}
