import { describe, expect, it } from 'vitest'
import { chineseCapital, fenToYuanInput, formatFen, moneyProblem, parseYuanToFen } from './money'

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

describe('chineseCapital', () => {
  it('writes amounts in financial capitals as the certificates print them', () => {
    expect(chineseCapital(1_234_500)).toBe('壹万贰仟叁佰肆拾伍元整')
    expect(chineseCapital(12_000_000)).toBe('壹拾贰万元整')
    expect(chineseCapital(10_000)).toBe('壹佰元整')
    expect(chineseCapital(10_005)).toBe('壹佰元零伍分')
    expect(chineseCapital(10_050)).toBe('壹佰元伍角整')
    expect(chineseCapital(10_055)).toBe('壹佰元伍角伍分')
    expect(chineseCapital(1_234_567)).toBe('壹万贰仟叁佰肆拾伍元陆角柒分')
  })

  it('folds runs of zeros into one 零 and names empty groups only when needed', () => {
    expect(chineseCapital(100_100)).toBe('壹仟零壹元整')
    expect(chineseCapital(1_000_100)).toBe('壹万零壹元整')
    expect(chineseCapital(10_010_000)).toBe('壹拾万零壹佰元整')
    expect(chineseCapital(10_000_000_000)).toBe('壹亿元整')
    expect(chineseCapital(10_000_100_000)).toBe('壹亿零壹仟元整')
    expect(chineseCapital(120_000_000)).toBe('壹佰贰拾万元整')
  })

  it('writes zero and amounts under one yuan', () => {
    expect(chineseCapital(0)).toBe('零元整')
    expect(chineseCapital(5)).toBe('伍分')
    expect(chineseCapital(50)).toBe('伍角整')
    expect(chineseCapital(55)).toBe('伍角伍分')
  })
})

describe('moneyProblem', () => {
  it('names a negative or too large amount apart from a badly written one', () => {
    for (const fine of ['', '0', '12,345.67', '¥1,200', '10000000000', '10,000,000,000.00']) expect(moneyProblem(fine), fine).toBeNull()
    for (const negative of ['-5', '－120.50', '-¥1,200.00', '¥-3']) expect(moneyProblem(negative), negative).toBe('negative')
    for (const huge of ['10000000000.01', '99999999999999999999', '123,456,789,012']) expect(moneyProblem(huge), huge).toBe('tooLarge')
    for (const bad of ['12.345', 'abc', '1,23', '12元', '--5']) expect(moneyProblem(bad), bad).toBe('format')
  })
})
