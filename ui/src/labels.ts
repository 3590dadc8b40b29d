// Codes → words. Enum labels live in the locale files keyed by code so a new
// language never needs code changes.
import type { Translator } from '@/i18n'

export const CHANNELS = ['phone', 'visit', 'letter', 'email', 'on_site', 'media', 'referred', 'other'] as const
export const NATURES = ['quality', 'non_quality'] as const
export const CAUSE_TYPES = ['product', 'service', 'emotion', 'misunderstanding', 'negligence', 'other'] as const
export const SEVERITIES = ['normal', 'important', 'critical'] as const
export const MARKETS = ['domestic', 'foreign'] as const
export const STATUSES = [
  'registered',
  'assessed',
  'routed',
  'investigating',
  'proposed',
  'approved',
  'answered',
  'executed',
  'followed_up',
  'closed',
  'voided',
] as const

export type EnumKind = 'channel' | 'nature' | 'causeType' | 'severity' | 'status' | 'market' | 'validity'

type T = Pick<Translator, 't' | 'te'>

export function enumLabel(i18n: T, kind: EnumKind, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return ''
  const key = `enums.${kind}.${code}`
  return i18n.te(key) ? i18n.t(key) : code
}

/** Element Plus tag colour: red for 严重/危机, orange for 重要. */
export function severityTagType(sev: string): 'danger' | 'warning' | 'info' {
  return sev === 'critical' ? 'danger' : sev === 'important' ? 'warning' : 'info'
}

export function statusTagType(status: string): 'success' | 'info' | 'primary' | 'danger' {
  if (status === 'closed') return 'success'
  if (status === 'voided') return 'danger'
  if (status === 'registered') return 'info'
  return 'primary'
}
