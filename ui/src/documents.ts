// 文书 as the screens speak of them: kind labels, where a document's copies
// stand, the tracking sheet's filter in words, and the 催办单 of a reminder.
// Rust lays out and renders the documents; nothing here decides what they say.
import * as ipc from '@/ipc'
import type { Department, DocumentKind, IssuedDocument, Reminder, StatsSlice } from '@/ipc'
import type { Translator } from '@/i18n'
import type { SheetFilter } from '@/sheetQuery'
import zhCN from '@/locales/zh-CN'

type T = Pick<Translator, 't' | 'te'>

export function kindLabel(i18n: T, kind: DocumentKind): string {
  const key = `documents.kinds.${kind}`
  return i18n.te(key) ? i18n.t(key) : kind
}

export function isVoided(doc: IssuedDocument): boolean {
  return doc.voidedAt !== null
}

/** 已作废 / 已打印 第1、3联 / 未打印 (a document without copies records its output as copy 0). */
export function outputState(i18n: T, doc: IssuedDocument): string {
  if (isVoided(doc)) return i18n.t('documents.state.voided')
  if (doc.printedCopies.length === 0) return i18n.t('documents.state.notPrinted')
  if (doc.copies.length === 0) return i18n.t('documents.state.printedAll')
  const copies = [...doc.printedCopies].sort((a, b) => a - b).join(i18n.t('documents.listSep'))
  return i18n.t('documents.state.printed', { copies })
}

/**
 * The sheet's filter in words, printed on the tracking sheet ("状态：调查中；
 * 严重程度：重要；搜索：漏水", or "全部案件"). Always in Simplified Chinese,
 * whatever the screen's language: it becomes part of a paper that Rust lays
 * out in Chinese, with a font that need not hold other scripts.
 */
export function sheetFilterText(f: SheetFilter, departments: Department[], drill: StatsSlice | null = null): string {
  const m = zhCN
  const parts: string[] = []
  // 统计's drill-down, in Rust's (zh-CN) words.
  if (drill) parts.push(m.stats.drillTag.replace('{label}', drill.label))
  const add = (label: string, values: string[]) => {
    if (values.length > 0) parts.push(`${label}：${values.join('、')}`)
  }
  add(m.sheet.filterStatus, f.statuses.map((c) => m.enums.status[c] ?? c))
  add(m.sheet.filterSeverity, f.severities.map((c) => m.enums.severity[c] ?? c))
  add(m.sheet.filterChannel, f.channels.map((c) => m.enums.channel[c] ?? c))
  add(m.sheet.filterCause, f.causeTypes.map((c) => m.enums.causeType[c] ?? c))
  add(m.sheet.filterDepartment, f.departmentIds.map((id) => departments.find((d) => d.id === id)?.name ?? `#${id}`))
  if (f.due) add(m.documents.sheet.due, [m.deadline.filters[f.due]])
  if (f.range) add(m.documents.sheet.range, [`${f.range[0]} ${m.sheet.rangeSep} ${f.range[1]}`])
  if (f.includeVoided) parts.push(m.sheet.includeVoided)
  if (f.search.trim()) add(m.documents.sheet.search, [f.search.trim()])
  return parts.length > 0 ? parts.join('；') : m.documents.sheet.all
}

/**
 * The 催办单 document of a reminder: the one already issued (it carries the
 * reminder's number) unless voided, else a new one. Reads the case's
 * documents afresh so a notice issued at another desk is reused, not refused.
 */
export async function reminderNotice(caseId: number, reminder: Reminder): Promise<{ doc: IssuedDocument; issued: boolean }> {
  const { documents } = await ipc.caseDocuments(caseId)
  const live = documents.find((d) => d.kind === 'reminder_notice' && d.number === reminder.reminderNo && !isVoided(d))
  if (live) return { doc: live, issued: false }
  const doc = await ipc.issueDocument({ kind: 'reminder_notice', caseId, reminderId: reminder.id, query: null, filterText: '' })
  return { doc, issued: true }
}
