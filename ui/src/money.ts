// Money is integer fen end to end. Parsing works on the digit string, never on
// floats, so "0.29" is 29 fen and not 28.999….

/** 1234500 → "¥12,345.00" */
export function formatFen(fen: number): string {
  const neg = fen < 0
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, '0')
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}¥${yuan}.${digits.slice(-2)}`
}

/** Yuan as typed → fen; null when it is not an amount (letters, 3+ decimals, empty). */
export function parseYuanToFen(s: string): number | null {
  let t = s.trim().replace(/^[¥￥]\s*/, '')
  if (t === '') return null
  // Thousands separators are only accepted in their proper places.
  if (t.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(t)) return null
    t = t.replace(/,/g, '')
  }
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(t)
  if (!m) return null
  const whole = m[1].replace(/^0+(?=\d)/, '')
  const frac = (m[2] ?? '').padEnd(2, '0')
  const fen = Number(whole + frac)
  return Number.isSafeInteger(fen) ? fen : null
}

/** fen → plain yuan text for an input box: 1234567 → "12345.67" */
export function fenToYuanInput(fen: number | null): string {
  if (fen === null) return ''
  const digits = String(Math.abs(fen)).padStart(3, '0')
  return `${fen < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`
}
