// Turning audit entries into readable history lines.
import type { Translator } from '@/i18n'
import type { AuditEntry, Department } from '@/ipc'
import { enumLabel, type EnumKind } from '@/labels'
import { formatFen } from '@/money'
import { formatLocal } from '@/time'

export interface TimelineGroup {
  key: string
  at: string
  action: string
  actorName: string
  entries: AuditEntry[]
}

/** One save writes one entry per changed field; show them as one event. */
export function groupEntries(entries: AuditEntry[]): TimelineGroup[] {
  const groups: TimelineGroup[] = []
  for (const e of entries) {
    const last = groups[groups.length - 1]
    if (last && last.at === e.at && last.action === e.action && last.actorName === e.actorName) {
      last.entries.push(e)
    } else {
      groups.push({ key: `${e.at}|${e.action}|${e.id}`, at: e.at, action: e.action, actorName: e.actorName, entries: [e] })
    }
  }
  return groups
}

const ENUM_FIELDS: Record<string, EnumKind> = {
  channel: 'channel',
  nature: 'nature',
  causeType: 'causeType',
  severity: 'severity',
  status: 'status',
  market: 'market',
  validity: 'validity',
}

type T = Pick<Translator, 't' | 'te'>

export function fieldLabel(i18n: T, field: string): string {
  const key = `fields.${field}`
  return i18n.te(key) ? i18n.t(key) : field
}

/** An audit value (always text) as the user knows it: labels, ¥ amounts, local times. */
export function formatAuditValue(i18n: T, field: string, value: string | null, departments: Department[]): string {
  if (value === null || value === '') return i18n.t('common.empty')
  const kind = ENUM_FIELDS[field]
  if (kind) return enumLabel(i18n, kind, value)
  switch (field) {
    case 'claimAmountFen': {
      const n = Number(value)
      return Number.isInteger(n) ? formatFen(n) : value
    }
    case 'receivedAt':
    case 'createdAt':
    case 'updatedAt':
      return formatLocal(value)
    case 'sampleKept':
    case 'malicious':
      return value === 'true' ? i18n.t('common.yes') : value === 'false' ? i18n.t('common.no') : value
    case 'departmentId':
      return departments.find((d) => String(d.id) === value)?.name ?? value
    default:
      return value
  }
}

export function actionLabel(i18n: T, action: string): string {
  const key = `timeline.action.${action}`
  return i18n.te(key) ? i18n.t(key) : action
}
