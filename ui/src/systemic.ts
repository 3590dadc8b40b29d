// 普遍性问题 words that need no component: an alert's subject and its state's
// tag colour. Rust decides everything else (what tripped, who may act).
import type { SystemicAlert, SystemicState } from '@/ipc'

type T = (key: string, named?: Record<string, unknown>) => string

/** "料号 PCB-4L-1.6-0345" or "业务部 · 服务质量". */
export function subjectText(a: Pick<SystemicAlert, 'kind' | 'itemNo' | 'departmentName' | 'causeType'>, t: T): string {
  if (a.kind === 'item') return t('systemic.itemSubject', { item: a.itemNo ?? '' })
  return t('systemic.deptSubject', {
    department: a.departmentName ?? t('systemic.noDepartment'),
    cause: a.causeType ? t(`enums.causeType.${a.causeType}`) : '',
  })
}

export function stateTag(s: SystemicState): 'danger' | 'warning' | 'primary' | 'success' | 'info' {
  switch (s) {
    case 'open':
      return 'danger'
    case 'acknowledged':
      return 'warning'
    case 'verified':
      return 'primary'
    case 'closed':
      return 'success'
    default:
      return 'info'
  }
}
