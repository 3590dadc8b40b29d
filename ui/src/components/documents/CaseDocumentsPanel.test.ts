import { describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { CaseDocuments, CaseWorkflow, DocumentRequest, IssuedDocument, Reminder } from '@/ipc'
import CaseDocumentsPanel from './CaseDocumentsPanel.vue'
import CaseDetail from '@/views/CaseDetail.vue'
import WorkflowPanels from '@/components/workflow/WorkflowPanels.vue'
import { fakeBackend, mountWith, typeInto, until } from '@/test/helpers'
import { issued, previewOf } from '@/test/documents'
import { workflow } from '@/test/workflow'

type Handlers = Parameters<typeof fakeBackend>[0]

const REFUND = issued({
  id: 2,
  number: 'PZ-2503-0001',
  kind: 'refund_certificate',
  amountFen: 1234500,
  copies: ['第一联 客户收执', '第二联 财务存根'],
  printedCopies: [2, 1],
  issuedByName: '李娜',
  issuedAt: '2025-03-09T06:30:00Z',
})
const VOIDED = issued({
  id: 3,
  number: 'ZR-2503-0001',
  kind: 'allowance_certificate',
  amountFen: 50000,
  copies: ['第一联 业务部存', '第二联 会计科作账'],
  voidReason: '单价填错，重新开具',
  voidedByName: '李娜',
  voidedAt: '2025-03-09T07:00:00Z',
})

/** `state` is what Rust holds at each case_documents call. */
/** The panel's documents; unless a test says otherwise, the reader may open every one. */
type PanelState = Omit<CaseDocuments, 'openableIds'> & { openableIds?: number[] }

async function mountPanel(state: () => PanelState, handlers: Handlers = {}) {
  const backend = fakeBackend({
    case_documents: () => {
      const s = state()
      return { ...s, openableIds: s.openableIds ?? s.documents.map((d) => d.id) }
    },
    document_preview: (a) =>
      previewOf(state().documents.find((d) => d.number === a.number) ?? issued({ number: a.number as string }), a.copies as number[]),
    ...handlers,
  })
  const mounted = await mountWith(CaseDocumentsPanel, { props: { caseId: 7 } })
  return { backend, ...mounted }
}

/** The error Element Plus shows under the form item holding that field (it shows after a 100 ms debounce: wait with until). */
function errorUnder(wrapper: VueWrapper, testid: string): string | undefined {
  const item = wrapper.get(`[data-testid="${testid}"]`).element.closest('.el-form-item')!
  return item.querySelector('.el-form-item__error')?.textContent?.trim()
}

/** The row's cells but the buttons. */
const cells = (wrapper: VueWrapper, number: string) =>
  wrapper
    .get(`[data-testid="doc-row-${number}"]`)
    .findAll('td')
    .slice(0, 6)
    .map((td) => td.text().replace(/\s+/g, ' '))

const dialogTitle = () => document.querySelector('.el-dialog__title')?.textContent?.trim()

describe('文书 panel', () => {
  it('offers exactly the kinds Rust says may be issued, labelled by kind', async () => {
    const { wrapper, backend } = await mountPanel(() => ({ issuable: ['handling_form', 'refund_certificate'], documents: [] }))
    expect(backend.last('case_documents')!.args).toEqual({ caseId: 7 })
    const buttons = wrapper.findAll('[data-testid^="issue-doc-"]')
    expect(buttons.map((b) => b.attributes('data-testid'))).toEqual(['issue-doc-handling_form', 'issue-doc-refund_certificate'])
    expect(buttons.map((b) => b.text())).toEqual(['开具《客户抱怨处理表》', '开具《退款/折扣凭证》'])
    expect(wrapper.text()).toContain('尚未开具文书')
  })

  it('lists the documents: number, kind, amount, issuer, local time and which copies were printed', async () => {
    const { wrapper } = await mountPanel(() => ({ issuable: [], documents: [issued(), REFUND, VOIDED] }))
    expect(wrapper.find('[data-testid^="issue-doc-"]').exists()).toBe(false)
    expect(cells(wrapper, 'CL-2503-0001')).toEqual(['CL-2503-0001', '客户抱怨处理表', '—', '王小明', '2025-03-08 10:00', '未打印'])
    expect(cells(wrapper, 'PZ-2503-0001')).toEqual([
      'PZ-2503-0001',
      '退款/折扣凭证',
      '¥12,345.00',
      '李娜',
      '2025-03-09 14:30',
      '已打印 第1、2联',
    ])
  })

  it('offers 打印/预览 only for the documents Rust will open for this reader (会计科 sees the case masked)', async () => {
    const reminder = issued({ id: 4, number: 'CB-2503-0001', kind: 'reminder_notice' })
    const { wrapper } = await mountPanel(() => ({ issuable: [], documents: [issued(), reminder], openableIds: [4] }))
    await until(() => wrapper.get('[data-testid="doc-row-CB-2503-0001"]'))
    expect(wrapper.find('[data-testid="doc-print-CL-2503-0001"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="doc-print-CB-2503-0001"]').exists()).toBe(true)
  })

  it('a voided document shows 已作废 and its reason in red, and cannot be printed or voided again', async () => {
    const { wrapper } = await mountPanel(() => ({ issuable: [], documents: [VOIDED] }))
    const state = wrapper.get('[data-testid="doc-row-ZR-2503-0001"] [data-testid="doc-state"]')
    expect(state.text()).toContain('已作废')
    expect(state.text()).toContain('单价填错，重新开具')
    expect(state.classes()).toContain('voided')
    expect(wrapper.get('[data-testid="doc-print-ZR-2503-0001"]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-testid="doc-void-ZR-2503-0001"]').exists()).toBe(false)
  })

  it('issuing sends the request, lists the new document and opens its print dialog', async () => {
    let docs: IssuedDocument[] = []
    const { wrapper, backend } = await mountPanel(() => ({ issuable: docs.length ? [] : ['handling_form'], documents: docs }), {
      issue_document: () => {
        docs = [issued({ number: 'CL-2503-0009' })]
        return docs[0]
      },
    })
    expect(wrapper.find('[data-testid="doc-print-dialog"]').exists()).toBe(false)
    await wrapper.get('[data-testid="issue-doc-handling_form"]').trigger('click')
    const request: DocumentRequest = { kind: 'handling_form', caseId: 7, reminderId: null, query: null, filterText: '' }
    await until(() => expect(backend.last('issue_document')!.args).toEqual({ request }))
    // Issued, the list is read again, then the print dialog opens.
    await until(() => expect(wrapper.find('[data-testid="doc-row-CL-2503-0009"]').exists()).toBe(true))
    expect(backend.of('case_documents')).toHaveLength(2)
    expect(wrapper.find('[data-testid="issue-doc-handling_form"]').exists()).toBe(false)
    await until(() => expect(wrapper.find('[data-testid="doc-print-dialog"]').isVisible()).toBe(true))
    expect(dialogTitle()).toBe('客户抱怨处理表 CL-2503-0009')
    expect(backend.last('document_preview')!.args).toEqual({ number: 'CL-2503-0009', copies: [1, 2, 3, 4, 5] })
  })

  it('a refused issue shows Rust’s message and opens nothing', async () => {
    const { wrapper } = await mountPanel(() => ({ issuable: ['refund_certificate'], documents: [] }), {
      issue_document: () => {
        throw { code: 'WRONG_STATE', message: '案件 2503-0007 的处理方案尚未核准（现为“方案待审批”），不能开具退款/折扣凭证' }
      },
    })
    await wrapper.get('[data-testid="issue-doc-refund_certificate"]').trigger('click')
    await until(() => expect(document.querySelector('.el-message')?.textContent).toContain('尚未核准'))
    expect(wrapper.find('[data-testid="doc-print-dialog"]').exists()).toBe(false)
  })

  it('打印/预览 opens the dialog for that document', async () => {
    const { wrapper, backend } = await mountPanel(() => ({ issuable: [], documents: [issued(), REFUND] }))
    await wrapper.get('[data-testid="doc-print-PZ-2503-0001"]').trigger('click')
    await until(() => expect(dialogTitle()).toBe('退款/折扣凭证 PZ-2503-0001'))
    expect(backend.last('document_preview')!.args).toEqual({ number: 'PZ-2503-0001', copies: [1, 2] })
  })

  it('作废 asks for a reason, shows a refusal under it, then sends number and reason and reloads', async () => {
    let docs = [issued()]
    let refuse = true
    const { wrapper, backend } = await mountPanel(() => ({ issuable: [], documents: docs }), {
      void_document: (a) => {
        if (refuse) throw { code: 'VALIDATION', field: 'reason', message: '作废原因至少写两个字' }
        docs = [issued({ voidReason: a.reason as string, voidedByName: '王小明', voidedAt: '2025-03-10T01:00:00Z' })]
        return docs[0]
      },
    })
    await wrapper.get('[data-testid="doc-void-CL-2503-0001"]').trigger('click')

    // Blank: refused here, nothing sent.
    await (await until(() => wrapper.get('[data-testid="doc-void-confirm"]'))).trigger('click')
    await until(() => expect(errorUnder(wrapper, 'doc-void-reason')).toBe('请填写作废原因'))
    expect(backend.of('void_document')).toHaveLength(0)

    await typeInto(wrapper, '[data-testid="doc-void-reason"]', '错')
    await wrapper.get('[data-testid="doc-void-confirm"]').trigger('click')
    await until(() => expect(backend.last('void_document')!.args).toEqual({ number: 'CL-2503-0001', reason: '错' }))
    await until(() => expect(errorUnder(wrapper, 'doc-void-reason')).toBe('作废原因至少写两个字'))
    expect(wrapper.find('[data-testid="doc-void-confirm"]').exists()).toBe(true)

    refuse = false
    await typeInto(wrapper, '[data-testid="doc-void-reason"]', '  客户名称写错  ')
    await wrapper.get('[data-testid="doc-void-confirm"]').trigger('click')
    await until(() => expect(backend.last('void_document')!.args).toEqual({ number: 'CL-2503-0001', reason: '客户名称写错' }))
    // The dialog closes on Rust's answer and the list is read again.
    await until(() => expect(wrapper.find('[data-testid="doc-void-confirm"]').exists()).toBe(false))
    expect(backend.of('case_documents')).toHaveLength(2)
    await until(() => expect(wrapper.get('[data-testid="doc-row-CL-2503-0001"] [data-testid="doc-state"]').text()).toContain('客户名称写错'))
    expect(wrapper.find('[data-testid="doc-void-CL-2503-0001"]').exists()).toBe(false)
  })

  it('reads the list again after an output from the print dialog', async () => {
    const { wrapper, backend } = await mountPanel(() => ({ issuable: [], documents: [issued()] }), {
      open_document: () => '/tmp/CL-2503-0001.pdf',
    })
    await wrapper.get('[data-testid="doc-print-CL-2503-0001"]').trigger('click')
    await (await until(() => wrapper.get('[data-testid="doc-open"]'))).trigger('click')
    await until(() => expect(backend.of('case_documents')).toHaveLength(2))
  })
})

function reminder(patch: Partial<Reminder> = {}): Reminder {
  return {
    id: 4,
    reminderNo: 'CB-2503-0002',
    caseId: 7,
    caseNo: '2503-0007',
    stage: 'investigate',
    dueAt: '2025-03-06T05:00:00Z',
    toDepartmentName: '品质部',
    note: '请今天内答复',
    issuedByName: '赵经理',
    issuedAt: '2025-03-07T01:00:00Z',
    ...patch,
  }
}

const NOTICE = issued({ id: 5, number: 'CB-2503-0002', kind: 'reminder_notice', copies: ['第一联 责任部门', '第二联 催办部门存'] })

async function mountDetail(documents: () => IssuedDocument[], handlers: Handlers = {}) {
  const wf: CaseWorkflow = workflow({ reminders: [reminder(), reminder({ id: 3, reminderNo: 'CB-2503-0001' })] })
  const backend = fakeBackend({
    case_workflow: () => wf,
    case_documents: () => ({ issuable: [], documents: documents(), openableIds: documents().map((d) => d.id) }),
    document_preview: (a) => previewOf(NOTICE, a.copies as number[]),
    ...handlers,
  })
  const mounted = await mountWith(CaseDetail, { props: { id: 7 }, path: '/cases/7' })
  return { backend, ...mounted }
}

describe('打印催办单', () => {
  it('issues the notice of that reminder when there is none and opens it', async () => {
    let docs: IssuedDocument[] = []
    const { wrapper, backend } = await mountDetail(() => docs, {
      issue_document: () => {
        docs = [NOTICE]
        return NOTICE
      },
    })
    const button = wrapper.get('[data-testid="print-reminder-CB-2503-0002"]')
    expect(button.text()).toBe('打印催办单')
    expect(wrapper.find('[data-testid="print-reminder-CB-2503-0001"]').exists()).toBe(true)
    await button.trigger('click')
    const request: DocumentRequest = { kind: 'reminder_notice', caseId: 7, reminderId: 4, query: null, filterText: '' }
    await until(() => expect(backend.last('issue_document')!.args).toEqual({ request }))
    await until(() => expect(dialogTitle()).toBe('催办单 CB-2503-0002'))
    expect(backend.last('document_preview')!.args).toEqual({ number: 'CB-2503-0002', copies: [1, 2] })
    expect(wrapper.find('[data-testid="doc-row-CB-2503-0002"]').exists()).toBe(true)
  })

  it('reuses the notice already issued for that reminder', async () => {
    const { wrapper, backend } = await mountDetail(() => [NOTICE])
    await wrapper.get('[data-testid="print-reminder-CB-2503-0002"]').trigger('click')
    // The dialog opening shows the click was handled.
    await until(() => expect(dialogTitle()).toBe('催办单 CB-2503-0002'))
    expect(backend.of('issue_document')).toHaveLength(0)
    expect(backend.last('document_preview')!.args).toEqual({ number: 'CB-2503-0002', copies: [1, 2] })
  })

  it('does not reuse a voided notice', async () => {
    const voided = { ...NOTICE, voidReason: '作废重开', voidedByName: '赵经理', voidedAt: '2025-03-08T01:00:00Z' }
    const { wrapper, backend } = await mountDetail(() => [voided], { issue_document: () => NOTICE })
    await wrapper.get('[data-testid="print-reminder-CB-2503-0002"]').trigger('click')
    await until(() => expect(backend.of('issue_document')).toHaveLength(1))
  })
})

describe('文书 on 案件详情', () => {
  it('is read again whenever the case reloads, so a kind a step made issuable appears', async () => {
    let issuable: CaseDocuments['issuable'] = []
    const backend = fakeBackend({ case_workflow: () => workflow(), case_documents: () => ({ issuable, documents: [], openableIds: [] }) })
    const { wrapper } = await mountWith(CaseDetail, { props: { id: 7 }, path: '/cases/7' })
    expect(wrapper.get('[data-testid="case-documents"]').text()).toContain('文书')
    expect(backend.of('case_documents')).toHaveLength(1)
    expect(wrapper.find('[data-testid="issue-doc-refund_certificate"]').exists()).toBe(false)

    issuable = ['refund_certificate']
    wrapper.findComponent(WorkflowPanels).vm.$emit('reload')
    await until(() => expect(backend.of('case_workflow')).toHaveLength(2))
    await until(() => expect(backend.of('case_documents')).toHaveLength(2))
    await until(() => expect(wrapper.find('[data-testid="issue-doc-refund_certificate"]').exists()).toBe(true))
  })
})
