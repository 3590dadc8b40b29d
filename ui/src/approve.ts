// 审批通过 from any screen. Rust decides whether the amount needs a second
// look (above the admin's amount, default ¥10,000): it refuses the first send
// with CONFIRMATION_NEEDED, the approver confirms the amount, and the approval
// is sent again, confirmed.
import { ElMessageBox } from 'element-plus'
import * as ipc from '@/ipc'
import type { Case } from '@/ipc'
import type { Translator } from '@/i18n'
import { formatFen } from '@/money'

type T = Pick<Translator, 't'>

export interface ApprovalTarget {
  id: number
  version: number
  caseNo: string
  /** The amount offered to the customer, which the confirmation names. */
  offeredFen: number
}

/** The approved case, or null when the approver does not confirm. */
export async function approveWithConfirmation(target: ApprovalTarget, comment: string, i18n: T): Promise<Case | null> {
  const { id, version } = target
  try {
    return await ipc.approveResolution(id, version, comment)
  } catch (e) {
    if (ipc.toAppError(e).code !== 'CONFIRMATION_NEEDED') throw e
    const text = i18n.t('workflow.approve.confirmText', { amount: formatFen(target.offeredFen), no: target.caseNo })
    const confirmed = await ElMessageBox.confirm(text, i18n.t('workflow.approve.confirmTitle'), {
      confirmButtonText: i18n.t('workflow.approve.confirm'),
      cancelButtonText: i18n.t('common.cancel'),
      type: 'warning',
      customClass: 'approve-confirm',
    }).then(
      () => true,
      () => false,
    )
    return confirmed ? ipc.approveResolution(id, version, comment, true) : null
  }
}
