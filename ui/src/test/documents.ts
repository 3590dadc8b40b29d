// Sample 文书 for tests of the documents panel, print dialog and verification.
import type { IssuedDocument } from '@/ipc'

export const HANDLING_COPIES = ['第一联 质量管理部', '第二联 制造部门', '第三联 业务部门', '第四联 会计科', '第五联 总经理室']

export function issued(patch: Partial<IssuedDocument> = {}): IssuedDocument {
  return {
    id: 1,
    number: 'CL-2503-0001',
    kind: 'handling_form',
    caseId: 7,
    caseNo: '2503-0007',
    amountFen: null,
    verificationCode: '7K3M-Q9XD-2P4T',
    payee: null,
    copies: HANDLING_COPIES,
    printedCopies: [],
    issuedByName: '王小明',
    issuedAt: '2025-03-08T02:00:00Z',
    voidReason: null,
    voidedByName: null,
    voidedAt: null,
    ...patch,
  }
}

/** What Rust's preview answers: one SVG per chosen copy (all when none chosen). */
export function previewOf(doc: IssuedDocument, copies: number[]) {
  const n = doc.copies.length === 0 ? 1 : copies.length === 0 ? doc.copies.length : copies.length
  const pages = Array.from({ length: n }, (_, i) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 210 297"><text>page ${i + 1}</text></svg>`)
  return { document: doc, pages }
}
