// Every text field shows how much of its limit is used, counted as Rust
// counts it (characters: an emoji or 𠮷 is one, where a JavaScript string
// counts two), with the limits Rust enforces (TEXT_LIMITS, generated).
import { TEXT_LIMITS, type TextLimit } from '@/ipc'

export function countChars(value: string): number {
  return Array.from(value).length
}

/** The el-input props of a field of this kind: `v-bind="limit('long')"`. */
export function limit(kind: TextLimit) {
  return { maxlength: TEXT_LIMITS[kind], showWordLimit: true, countGraphemes: countChars }
}
