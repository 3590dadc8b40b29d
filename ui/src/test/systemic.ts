// Sample 普遍性问题 for the screens' tests, shaped as Rust sends them.
import type { SystemicAlert, SystemicAlertCase } from '@/ipc'

export function alertCase(caseId: number, caseNo: string, receivedAt = '2026-10-01T01:00:00Z'): SystemicAlertCase {
  return { caseId, caseNo, receivedAt, status: 'assessed', joinedAt: '2026-11-23T02:00:00Z' }
}

/** Three 料号 PCB-4L-1.6-0345 complaints, raised by 张敏's assessment of the third. */
export function systemicAlert(patch: Partial<SystemicAlert> = {}): SystemicAlert {
  return {
    id: 4,
    kind: 'item',
    itemNo: 'PCB-4L-1.6-0345',
    departmentId: null,
    departmentName: null,
    causeType: null,
    threshold: 3,
    windowDays: 30,
    state: 'open',
    version: 1,
    raisedAt: '2026-11-23T02:00:00Z',
    raisedByName: '张敏',
    triggerCaseId: 33,
    action: null,
    acknowledgedByName: null,
    acknowledgedAt: null,
    verificationNote: null,
    verifiedByName: null,
    verifiedAt: null,
    closingNote: null,
    closedByName: null,
    closedAt: null,
    dismissReason: null,
    dismissedByName: null,
    dismissedAt: null,
    caseCount: 3,
    cases: [alertCase(31, '2610-0031'), alertCase(32, '2610-0032', '2026-10-10T01:00:00Z'), alertCase(33, '2610-0033', '2026-10-20T01:00:00Z')],
    ...patch,
  }
}
