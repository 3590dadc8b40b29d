import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_TIME_ZONE, dayRangeToUtc, formatDay, formatTime, fromPicker, setDisplayTimeZone, toPicker, toUtcIso } from './time'

// vite.config.ts runs the tests on a machine set to UTC, like a server or a
// laptop nobody set up: what a person reads must still be the organisation's time.
describe('time', () => {
  afterEach(() => setDisplayTimeZone(DEFAULT_TIME_ZONE))

  it('runs on a machine set to UTC', () => {
    expect(new Date('2025-01-01T00:00:00Z').getTimezoneOffset()).toBe(0)
  })

  it("shows UTC instants in the organisation's zone (Asia/Shanghai by default), not the machine's", () => {
    expect(formatTime('2025-03-01T02:30:00Z')).toBe('2025-03-01 10:30')
    expect(formatTime('2025-03-01T16:05:00Z')).toBe('2025-03-02 00:05')
    expect(formatDay('2026-03-04T19:46:00Z')).toBe('2026-03-05')
    expect(formatTime(null)).toBe('')
  })

  it('follows the zone the admin set, summer time included', () => {
    setDisplayTimeZone('Europe/London')
    expect(formatTime('2026-03-04T19:46:00Z')).toBe('2026-03-04 19:46')
    expect(formatTime('2026-07-01T12:00:00Z')).toBe('2026-07-01 13:00')
    // A name the webview does not know keeps the zone in force.
    setDisplayTimeZone('Nowhere/Atlantis')
    expect(formatTime('2026-07-01T12:00:00Z')).toBe('2026-07-01 13:00')
  })

  it("turns the organisation's day range into UTC [from, to)", () => {
    expect(dayRangeToUtc(['2025-03-01', '2025-03-31'])).toEqual({
      from: '2025-02-28T16:00:00Z',
      to: '2025-03-31T16:00:00Z',
    })
    expect(dayRangeToUtc(['2024-12-31', '2024-12-31'])).toEqual({
      from: '2024-12-30T16:00:00Z',
      to: '2024-12-31T16:00:00Z',
    })
    expect(dayRangeToUtc(null)).toEqual({ from: null, to: null })
    setDisplayTimeZone('Europe/London')
    // 29 March 2026 is 23 hours long in London.
    expect(dayRangeToUtc(['2026-03-29', '2026-03-29'])).toEqual({
      from: '2026-03-29T00:00:00Z',
      to: '2026-03-29T23:00:00Z',
    })
  })

  it('hands a date-time picker the wall time of the organisation and reads it back', () => {
    const picked = toPicker('2026-03-04T19:46:00Z')
    // The picker shows the Date's machine-local fields: 5 March, 03:46 in Shanghai.
    expect([picked.getFullYear(), picked.getMonth() + 1, picked.getDate(), picked.getHours(), picked.getMinutes()]).toEqual([2026, 3, 5, 3, 46])
    expect(fromPicker(picked)).toBe('2026-03-04T19:46:00Z')
    expect(fromPicker(new Date(2026, 2, 5, 9, 0, 0))).toBe('2026-03-05T01:00:00Z')
  })

  it('writes RFC 3339 without milliseconds', () => {
    expect(toUtcIso(new Date('2025-03-01T02:30:15.123Z'))).toBe('2025-03-01T02:30:15Z')
  })
})
