import { describe, expect, it } from 'vitest'
import { makeI18n } from '@/i18n'
import { dueSummary } from '@/dashboard'

const zh = makeI18n('zh-CN').global
// Far from the real date: the text must come from this clock, not the machine's.
const NOW = '2031-06-18T06:00:00Z'

describe('时效 text on the 工作台', () => {
  it('says how late an overdue case is, from Rust\'s now', () => {
    expect(dueSummary(zh, { dueAt: '2031-06-18T03:55:00Z', overdue: true }, NOW)).toBe('已超时 2小时5分')
    expect(dueSummary(zh, { dueAt: '2031-06-18T05:20:30Z', overdue: true }, NOW)).toBe('已超时 39分钟')
    expect(dueSummary(zh, { dueAt: '2031-06-14T23:00:00Z', overdue: true }, NOW)).toBe('已超时 3天7小时')
  })

  it('says how much time is left otherwise', () => {
    expect(dueSummary(zh, { dueAt: '2031-06-18T09:30:00Z', overdue: false }, NOW)).toBe('剩余 3小时30分')
    expect(dueSummary(zh, { dueAt: '2031-06-20T01:00:00Z', overdue: false }, NOW)).toBe('剩余 1天19小时')
  })

  it('Rust decides lateness: a case due this very minute is late only when Rust says so', () => {
    expect(dueSummary(zh, { dueAt: NOW, overdue: true }, NOW)).toBe('已超时 不足1分钟')
    expect(dueSummary(zh, { dueAt: NOW, overdue: false }, NOW)).toBe('剩余 不足1分钟')
  })

  it('nothing without a deadline', () => {
    expect(dueSummary(zh, { dueAt: null, overdue: false }, NOW)).toBe('')
  })

  it('other languages', () => {
    expect(dueSummary(makeI18n('en').global, { dueAt: '2031-06-18T03:55:00Z', overdue: true }, NOW)).toBe('Overdue by 2 h 5 min')
    expect(dueSummary(makeI18n('zh-TW').global, { dueAt: '2031-06-18T04:59:00Z', overdue: true }, NOW)).toBe('已逾時 1小時1分')
  })
})
