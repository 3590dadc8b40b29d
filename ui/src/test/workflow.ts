// Sample workflow data for tests of the case detail's workflow part.
import type { Approval, CaseWorkflow, Resolution } from '@/ipc'
import { kase } from './helpers'

export function workflow(patch: Partial<CaseWorkflow> = {}): CaseWorkflow {
  return {
    case: kase(),
    actions: ['edit', 'void'],
    proposedDepartmentId: null,
    routes: [],
    investigation: null,
    resolution: null,
    approvals: [],
    followUps: [],
    nextRound: null,
    deadlines: [],
    reminders: [],
    explainableDeadlineIds: [],
    customerCases: [],
    stepNotes: [],
    rejectedAnswer: null,
    ...patch,
  }
}

export function resolution(patch: Partial<Resolution> = {}): Resolution {
  return {
    id: 2,
    caseId: 7,
    lines: [
      { kind: 'return', quantity: 1000, unitPriceFen: 3550, amountFen: 3550000, transportFen: 0, note: '整批退回' },
      { kind: 'compensation', quantity: 0, unitPriceFen: 0, amountFen: 500000, transportFen: 0, note: '' },
    ],
    opinion: '同意退货并赔偿误工',
    offeredFen: 4050000,
    lossFen: 1210000,
    requiredLevel: 'sales_manager',
    proposerId: 2,
    proposerName: '李娜',
    proposedAt: '2025-03-05T02:00:00Z',
    // Rust's 核算基准: 20% of the ¥35,500.00 returned; the compensation paid.
    lineLossFen: [710000, 500000],
    ...patch,
  }
}

export function approval(patch: Partial<Approval> = {}): Approval {
  return {
    id: 1,
    resolutionId: 2,
    approverId: 5,
    approverName: '赵经理',
    at: '2025-03-06T01:00:00Z',
    decision: 'approved',
    comment: '同意',
    requiredLevel: 'sales_manager',
    ...patch,
  }
}
