import { describe, expect, it } from 'vitest'
import type { CaseQuery, DocumentRequest } from '@/ipc'
import SheetView from './SheetView.vue'
import { fakeBackend, mountWith, settle, typeInto, until } from '@/test/helpers'
import { issued, previewOf } from '@/test/documents'

const SHEET_DOC = issued({ id: 9, number: 'GZ-2503-0003', kind: 'tracking_sheet', caseId: null, caseNo: null, copies: [] })

function backend() {
  return fakeBackend({
    issue_document: () => SHEET_DOC,
    document_preview: (a) => previewOf(SHEET_DOC, a.copies as number[]),
  })
}

describe('打印跟进表', () => {
  it('issues the tracking sheet of the current query with the filter in words, then opens it', async () => {
    const b = backend()
    const { wrapper } = await mountWith(SheetView)
    const selects = wrapper.findAllComponents({ name: 'ElSelect' })
    const byTestId = (id: string) => selects.find((s) => s.attributes('data-testid') === id)!
    byTestId('filter-status').vm.$emit('update:modelValue', ['investigating'])
    await settle()
    byTestId('filter-severity').vm.$emit('update:modelValue', ['important'])
    await settle()
    await typeInto(wrapper, '[data-testid="sheet-search"]', '漏水')
    // The search is sent after its debounce.
    await until(() => expect(b.last('list_cases')!.args.query).toMatchObject({ statuses: ['investigating'], severities: ['important'], search: '漏水' }))
    const shown = b.last('list_cases')!.args.query as CaseQuery

    const button = wrapper.get('[data-testid="sheet-print"]')
    expect(button.text()).toBe('打印跟进表')
    await button.trigger('click')
    // Issued, opened, and its pages read.
    await until(() => expect(wrapper.findAll('[data-testid="doc-preview"] .doc-page')).toHaveLength(1))
    const request: DocumentRequest = {
      kind: 'tracking_sheet',
      caseId: null,
      reminderId: null,
      query: shown,
      filterText: '状态：调查中；严重程度：重要；搜索：漏水',
    }
    expect(b.last('issue_document')!.args).toEqual({ request })
    expect(document.querySelector('.el-dialog__title')?.textContent?.trim()).toBe('客户意见与投诉处理跟进表 GZ-2503-0003')
    expect(b.last('document_preview')!.args).toEqual({ number: 'GZ-2503-0003', copies: [] })
  })

  it('says 全部案件 when nothing is filtered', async () => {
    const b = backend()
    const { wrapper } = await mountWith(SheetView)
    await wrapper.get('[data-testid="sheet-print"]').trigger('click')
    await until(() => expect((b.last('issue_document')!.args.request as DocumentRequest).filterText).toBe('全部案件'))
  })
})
