import { describe, expect, it } from 'vitest'
import { makeI18n } from '@/i18n'
import type { CaseDeadline } from '@/ipc'
import { deadlineStatus, dueState, dueText, formatDuration, formatLimit, minutesBetween, needsReason } from './deadlines'

const zh = makeI18n('zh-CN').global
const en = makeI18n('en').global

// Far from the real date: a formatter that read the machine's clock would be years off.
const NOW = '2031-06-10T04:00:00Z'

function deadline(patch: Partial<CaseDeadline> = {}): CaseDeadline {
  return {
    id: 1,
    stage: 'investigate',
    policyName: '物业（5个工作日）',
    limit: { stage: 'investigate', amount: 5, unit: 'working_days' },
    startedAt: '2031-06-01T01:00:00Z',
    dueAt: '2031-06-08T01:00:00Z',
    doneAt: null,
    lateReason: '',
    overdue: false,
    lateMinutes: 0,
    ...patch,
  }
}

describe('formatDuration', () => {
  it('says the two largest units a desk uses', () => {
    expect(formatDuration(zh, 1500)).toBe('1天1小时')
    expect(formatDuration(zh, 2 * 1440)).toBe('2天')
    expect(formatDuration(zh, 2 * 1440 + 59)).toBe('2天') // minutes under a day are dropped
    expect(formatDuration(zh, 200)).toBe('3小时20分')
    expect(formatDuration(zh, 300)).toBe('5小时')
    expect(formatDuration(zh, 45)).toBe('45分钟')
    expect(formatDuration(zh, 1)).toBe('1分钟')
  })

  it('says less than a minute rather than 0', () => {
    expect(formatDuration(zh, 0)).toBe('不足1分钟')
    expect(formatDuration(zh, -3)).toBe('不足1分钟')
  })

  it('follows the locale', () => {
    expect(formatDuration(en, 1500)).toBe('1 d 1 h')
    expect(formatDuration(en, 200)).toBe('3 h 20 min')
    expect(formatDuration(en, 0)).toBe('<1 min')
  })
})

describe('minutesBetween', () => {
  it('counts whole minutes, NaN without a clock', () => {
    expect(minutesBetween(NOW, '2031-06-10T07:20:59Z')).toBe(200)
    expect(minutesBetween(NOW, '2031-06-09T23:00:00Z')).toBe(-300)
    expect(minutesBetween(null, NOW)).toBeNaN()
  })
})

describe('dueState / dueText', () => {
  const text = (dueAt: string | null, overdue: boolean, now: string | null = NOW) => {
    const s = dueState(dueAt, overdue, now)
    return [s.tone, dueText(zh, s)]
  }

  it('counts from Rust’s now', () => {
    expect(text('2031-06-09T23:00:00Z', true)).toEqual(['overdue', '超时 5小时'])
    expect(text('2031-06-10T07:20:00Z', false)).toEqual(['soon', '剩 3小时20分'])
    expect(text('2031-06-11T04:00:00Z', false)).toEqual(['soon', '剩 1天']) // exactly 24 h is still soon
    expect(text('2031-06-12T04:00:00Z', false)).toEqual(['later', '剩 2天'])
    expect(text(null, false)).toEqual(['none', ''])
  })

  it('takes overdue from Rust, not from comparing times here', () => {
    // Rust said overdue in the same minute it was due.
    expect(text(NOW, true)).toEqual(['overdue', '超时 不足1分钟'])
  })

  it('without a clock says only whether it is overdue', () => {
    expect(text('2031-06-09T23:00:00Z', true, null)).toEqual(['overdue', '已超时'])
    expect(text('2031-06-12T04:00:00Z', false, null)).toEqual(['later', '未到期'])
  })
})

describe('limits and statuses', () => {
  it('writes a limit with its unit', () => {
    expect(formatLimit(zh, { stage: 'reply', amount: 48, unit: 'hours' })).toBe('48 小时')
    expect(formatLimit(zh, { stage: 'whole', amount: 13, unit: 'calendar_days' })).toBe('13 天')
    expect(formatLimit(zh, { stage: 'investigate', amount: 5, unit: 'working_days' })).toBe('5 个工作日')
  })

  it('tells on time, overdue and late, and which still need a reason', () => {
    expect(deadlineStatus(deadline({ doneAt: '2031-06-05T01:00:00Z' }))).toBe('on_time')
    expect(deadlineStatus(deadline({ overdue: true, lateMinutes: 90 }))).toBe('overdue')
    expect(deadlineStatus(deadline({ doneAt: '2031-06-09T01:00:00Z', lateMinutes: 1440 }))).toBe('late')
    expect(needsReason(deadline({ lateMinutes: 1440 }))).toBe(true)
    expect(needsReason(deadline({ lateMinutes: 1440, lateReason: '等供应商检测报告' }))).toBe(false)
    expect(needsReason(deadline())).toBe(false)
  })
})
