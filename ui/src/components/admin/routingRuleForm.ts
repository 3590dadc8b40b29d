// How the rule dialog's inputs become RoutingRule fields. 不限 needs a real
// option value (Element Plus treats null as "nothing chosen"), so the select
// holds ANY and the rule gets null.

export const ANY = '*'
export type Any = typeof ANY

export function toAny<T extends string>(v: T | null): T | Any {
  return v ?? ANY
}

export function fromAny<T extends string>(v: T | Any): T | null {
  return v === ANY ? null : (v as T)
}

/**
 * "漏水、电梯, 门禁" → ["漏水", "电梯", "门禁"]: 、 , ， ; ； and line breaks separate
 * (a space does not: a keyword may be a phrase); blanks and repeats are dropped.
 */
export function splitKeywords(text: string): string[] {
  const out: string[] = []
  for (const k of text.split(/[、,，;；\n]+/)) {
    const w = k.trim()
    if (w && !out.includes(w)) out.push(w)
  }
  return out
}
