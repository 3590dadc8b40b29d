// Turning audit entries into readable history lines.
import type { Translator } from '@/i18n'
import type { AuditEntry, Department } from '@/ipc'
import { enumLabel, type EnumKind } from '@/labels'
import { formatFen } from '@/money'
import { formatTime } from '@/time'
import { wfLabel } from '@/workflow'

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
  // Case fields first; the workflow steps' own fields (调查, 方案, 回访), then 时效's, 文书's and 会计台账's.
  for (const key of [
    `fields.${field}`,
    `workflow.auditFields.${field}`,
    `deadline.timeline.fields.${field}`,
    `documents.timeline.fields.${field}`,
    `ledger.timeline.fields.${field}`,
  ]) {
    if (i18n.te(key)) return i18n.t(key)
  }
  return field
}

/** Rust writes responsibilities as "部门id:责任人:比例;…" (case_flow.rs responsibilities_text). */
function formatResponsibilities(value: string, departments: Department[]): string {
  return value
    .split(';')
    .map((item) => {
      const parts = item.split(':')
      if (parts.length < 3) return item
      const dept = departments.find((d) => String(d.id) === parts[0])?.name ?? parts[0]
      const person = parts.slice(1, -1).join(':')
      return [dept, person, `${parts[parts.length - 1]}%`].filter((p) => p !== '').join(' ')
    })
    .join('；')
}

/** …and actions as "kind:内容:负责人:完成日期;…". */
function formatActions(i18n: T, value: string): string {
  return value
    .split(';')
    .map((item) => {
      const parts = item.split(':')
      if (parts.length < 4) return item
      // The description may itself hold colons; kind, owner and date cannot.
      const description = parts.slice(1, -2).join(':')
      return `${wfLabel(i18n, 'actionKind', parts[0])} ${description}（${parts[parts.length - 2]}，${parts[parts.length - 1]}）`
    })
    .join('；')
}

/** An audit value (always text) as the user knows it: labels, ¥ amounts, local times. */
export function formatAuditValue(i18n: T, field: string, value: string | null, departments: Department[]): string {
  if (value === null || value === '') return i18n.t('common.empty')
  const kind = ENUM_FIELDS[field]
  if (kind) return enumLabel(i18n, kind, value)
  switch (field) {
    case 'claimAmountFen':
    case 'offeredFen':
    case 'lossFen': {
      const n = Number(value)
      return Number.isInteger(n) ? formatFen(n) : value
    }
    case 'receivedAt':
    case 'createdAt':
    case 'updatedAt':
    case 'visitedAt':
      return formatTime(value)
    case 'visitMethod':
      return wfLabel(i18n, 'visitMethod', value)
    case 'satisfaction':
      return wfLabel(i18n, 'satisfaction', value)
    case 'requiredLevel':
      return wfLabel(i18n, 'level', value)
    case 'responsibilities':
      return formatResponsibilities(value, departments)
    case 'actions':
      return formatActions(i18n, value)
    case 'sampleKept':
    case 'malicious':
      return value === 'true' ? i18n.t('common.yes') : value === 'false' ? i18n.t('common.no') : value
    case 'departmentId':
      return departments.find((d) => String(d.id) === value)?.name ?? value
    case 'ledgerState':
      // 会计台账: pending / paid / written_off.
      return i18n.te(`ledger.states.${value}`) ? i18n.t(`ledger.states.${value}`) : value
    case 'lateReason':
      // explain_late writes the stage (a code) as the old value, the reason as the new.
      return i18n.te(`deadline.stages.${value}`) ? i18n.t(`deadline.stages.${value}`) : value
    default:
      return value
  }
}

export function actionLabel(i18n: T, action: string): string {
  for (const key of [
    `timeline.action.${action}`,
    `deadline.timeline.actions.${action}`,
    `documents.timeline.actions.${action}`,
    `ledger.timeline.actions.${action}`,
  ]) {
    if (i18n.te(key)) return i18n.t(key)
  }
  return action
}
