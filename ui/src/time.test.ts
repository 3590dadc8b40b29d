import { describe, expect, it } from 'vitest'
import { formatLocal, localDayRangeToUtc, toUtcIso } from './time'

// vite.config.ts runs tests in Asia/Shanghai (UTC+8).
describe('time', () => {
  it('runs in UTC+8', () => {
    expect(new Date('2025-01-01T00:00:00Z').getTimezoneOffset()).toBe(-480)
  })

  it('shows UTC instants in local time', () => {
    expect(formatLocal('2025-03-01T02:30:00Z')).toBe('2025-03-01 10:30')
    expect(formatLocal('2025-03-01T16:05:00Z')).toBe('2025-03-02 00:05')
    expect(formatLocal(null)).toBe('')
  })

  it('turns a local day range into UTC [from, to)', () => {
    expect(localDayRangeToUtc(['2025-03-01', '2025-03-31'])).toEqual({
      from: '2025-02-28T16:00:00Z',
      to: '2025-03-31T16:00:00Z',
    })
    expect(localDayRangeToUtc(['2024-12-31', '2024-12-31'])).toEqual({
      from: '2024-12-30T16:00:00Z',
      to: '2024-12-31T16:00:00Z',
    })
    expect(localDayRangeToUtc(null)).toEqual({ from: null, to: null })
  })

  it('writes RFC 3339 without milliseconds', () => {
    expect(toUtcIso(new Date('2025-03-01T02:30:15.123Z'))).toBe('2025-03-01T02:30:15Z')
  })
})
