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

/** The largest amount Rust accepts, in fen (validate.rs MAX_FEN: 100 亿元). */
export const MAX_FEN = 1_000_000_000_000

/** Why a typed amount cannot be sent. */
export type MoneyProblem = 'negative' | 'tooLarge' | 'format'

/**
 * What is wrong with a typed amount, or null when it is one Rust accepts
 * (or empty): a minus sign or a figure above 100 亿元 gets its own words,
 * not "格式不正确".
 */
export function moneyProblem(s: string): MoneyProblem | null {
  const t = s.trim().replace(/^[¥￥]\s*/, '')
  if (t === '') return null
  const unsigned = t.replace(/^[-−－]\s*[¥￥]?\s*/, '')
  const negative = unsigned !== t
  const fen = parseYuanToFen(unsigned)
  if (fen === null) {
    // Well written but beyond what a number holds exactly.
    const wellWritten = /^(\d+|\d{1,3}(,\d{3})+)(\.\d{0,2})?$/.test(unsigned)
    return wellWritten ? (negative ? 'negative' : 'tooLarge') : 'format'
  }
  if (negative && fen > 0) return 'negative'
  return fen > MAX_FEN ? 'tooLarge' : null
}

/** A typed amount as fen, or what is wrong with it (an empty one is badly written). */
export function yuanToFen(s: string): number | MoneyProblem {
  const problem = moneyProblem(s)
  return (problem ? null : parseYuanToFen(s)) ?? problem ?? 'format'
}

/** The words for a money problem; `format` is the field's own hint. */
export function moneyProblemText(problem: MoneyProblem, t: (key: string) => string, format: string): string {
  if (problem === 'negative') return t('common.amountNegative')
  if (problem === 'tooLarge') return t('common.amountTooLarge')
  return format
}

/** fen → plain yuan text for an input box: 1234567 → "12345.67" */
export function fenToYuanInput(fen: number | null): string {
  if (fen === null) return ''
  const digits = String(Math.abs(fen)).padStart(3, '0')
  return `${fen < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`
}

const CAPITAL_DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖']
const CAPITAL_UNITS = ['', '拾', '佰', '仟']
const CAPITAL_GROUPS = ['', '万', '亿', '万亿']

/**
 * 人民币大写, written as the printed certificates write it (same rules as
 * Rust's money::chinese_capital, so the screen and the paper agree):
 * 1234500 → 壹万贰仟叁佰肆拾伍元整, 10005 → 壹佰元零伍分, 0 → 零元整.
 * One 零 stands for any run of zeros inside the amount; 整 closes an amount without 分.
 */
export function chineseCapital(fen: number): string {
  const abs = Math.abs(Math.trunc(fen))
  const yuan = Math.floor(abs / 100)
  const jiao = Math.floor(abs / 10) % 10
  const f = abs % 10
  let out = fen < 0 ? '负' : ''
  if (yuan > 0) out += `${integerCapital(yuan)}元`
  if (jiao === 0 && f === 0) out += yuan === 0 ? '零元整' : '整'
  else if (jiao === 0) out += `${yuan > 0 ? '零' : ''}${CAPITAL_DIGITS[f]}分`
  else if (f === 0) out += `${CAPITAL_DIGITS[jiao]}角整`
  else out += `${CAPITAL_DIGITS[jiao]}角${CAPITAL_DIGITS[f]}分`
  return out
}

/** The yuan part: groups of four digits (万, 亿), zeros folded into one 零. */
function integerCapital(n: number): string {
  const digits = String(n)
  const len = digits.length
  let out = ''
  let zeroPending = false
  let groupHasDigit = false
  for (let i = 0; i < len; i++) {
    const d = Number(digits[i])
    const pos = len - 1 - i // power of ten
    if (d === 0) {
      zeroPending = out !== ''
    } else {
      if (zeroPending) {
        out += '零'
        zeroPending = false
      }
      out += CAPITAL_DIGITS[d] + CAPITAL_UNITS[pos % 4]
      groupHasDigit = true
    }
    if (pos % 4 === 0 && pos > 0) {
      if (groupHasDigit) out += CAPITAL_GROUPS[pos / 4]
      groupHasDigit = false
    }
  }
  return out
}
