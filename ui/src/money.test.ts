import { describe, expect, it } from 'vitest'
import { fenToYuanInput, formatFen, parseYuanToFen } from './money'

describe('formatFen', () => {
  it('shows yuan with thousands separators and two decimals', () => {
    expect(formatFen(1234500)).toBe('¥12,345.00')
    expect(formatFen(1234567)).toBe('¥12,345.67')
    expect(formatFen(0)).toBe('¥0.00')
    expect(formatFen(5)).toBe('¥0.05')
    expect(formatFen(99)).toBe('¥0.99')
    expect(formatFen(100)).toBe('¥1.00')
    expect(formatFen(100000000)).toBe('¥1,000,000.00')
    expect(formatFen(-250)).toBe('-¥2.50')
  })
})

describe('parseYuanToFen', () => {
  it('accepts whole yuan, separators and up to two decimals', () => {
    expect(parseYuanToFen('12345')).toBe(1234500)
    expect(parseYuanToFen('12,345.6')).toBe(1234560)
    expect(parseYuanToFen('12345.67')).toBe(1234567)
    expect(parseYuanToFen('1,234,567.89')).toBe(123456789)
    expect(parseYuanToFen('0.5')).toBe(50)
    expect(parseYuanToFen('  88 ')).toBe(8800)
    expect(parseYuanToFen('¥1,200.00')).toBe(120000)
    expect(parseYuanToFen('12.')).toBe(1200)
    expect(parseYuanToFen('007')).toBe(700)
  })

  it('is exact where floating point is not', () => {
    expect(parseYuanToFen('0.29')).toBe(29) // 0.29 * 100 = 28.999999999999996
    expect(parseYuanToFen('1.005')).toBeNull()
    expect(parseYuanToFen('19.99')).toBe(1999)
    expect(parseYuanToFen('90071992547409.91')).toBe(9007199254740991)
  })

  it('rejects three decimals, letters, signs, misplaced commas and empty text', () => {
    for (const bad of ['12.345', '12a', 'abc', '1e5', '-5', '+5', '', '   ', '.5', '1,23', '12,3456', '1..2', '1.2.3', '１２']) {
      expect(parseYuanToFen(bad), bad).toBeNull()
    }
  })

  it('rejects amounts beyond exact integers', () => {
    expect(parseYuanToFen('90071992547409.92')).toBeNull()
  })

  it('round-trips through the input text', () => {
    expect(fenToYuanInput(1234567)).toBe('12345.67')
    expect(fenToYuanInput(5)).toBe('0.05')
    expect(fenToYuanInput(null)).toBe('')
    expect(parseYuanToFen(fenToYuanInput(1234567))).toBe(1234567)
  })
})
