// Marking the words a sheet search matched. The terms are Rust's
// (CasePage.searchTerms, split by search::plan), each found as a substring
// regardless of case, as the stores find them. The result is plain text
// pieces for the template to put in <mark> elements: never HTML.

export interface Piece {
  text: string
  hit: boolean
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** One pattern for all terms, longest first, so 天花板 wins over 天花 where both match. */
function pattern(terms: readonly string[]): RegExp | null {
  const kept = [...new Set(terms.map((t) => t.trim()).filter(Boolean))].sort((a, b) => b.length - a.length)
  if (kept.length === 0) return null
  return new RegExp(kept.map(escapeRegExp).join('|'), 'giu')
}

/** `text` cut into pieces, every occurrence of every term a hit. */
export function highlight(text: string, terms: readonly string[]): Piece[] {
  const re = pattern(terms)
  if (!re || !text) return text ? [{ text, hit: false }] : []
  const out: Piece[] = []
  let at = 0
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0
    if (start > at) out.push({ text: text.slice(at, start), hit: false })
    out.push({ text: m[0], hit: true })
    at = start + m[0].length
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false })
  return out
}

/** Characters kept before the first match when the summary is shown from there. */
export const SNIPPET_LEAD = 4

/**
 * What a one-line cell shows of a summary: line breaks as spaces, and when the
 * first match lies further in than `lead` characters, the text from just before
 * it (up to `lead` characters, not opening with punctuation), after an
 * ellipsis, so the matched words are in view. The whole text goes in the
 * tooltip.
 */
export function snippet(text: string, terms: readonly string[], lead = SNIPPET_LEAD): Piece[] {
  const flat = text.replace(/\s+/g, ' ').trim()
  const re = pattern(terms)
  const first = re ? re.exec(flat) : null
  if (!first) return highlight(flat, terms)
  // Count in code points, so a character outside the BMP is never split.
  const before = [...flat.slice(0, first.index)]
  if (before.length <= lead) return highlight(flat, terms)
  // The lead in, without punctuation or a space to open it.
  const leadIn = before.slice(-lead).join('').replace(/^[\s\p{P}]+/u, '')
  return [{ text: '…', hit: false }, ...highlight(leadIn + flat.slice(first.index), terms)]
}
