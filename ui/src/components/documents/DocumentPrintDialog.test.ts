import { describe, expect, it } from 'vitest'
import type { IssuedDocument } from '@/ipc'
import DocumentPrintDialog from './DocumentPrintDialog.vue'
import { fakeBackend, mountWith, settle, until } from '@/test/helpers'
import { issued, previewOf } from '@/test/documents'

type Handlers = Parameters<typeof fakeBackend>[0]

/** Rust's document as it stands; outputs add the copies to printedCopies like Rust records them. */
async function mountDialog(doc: IssuedDocument = issued(), handlers: Handlers = {}) {
  let current = doc
  const record = (copies: number[]) => {
    const out = current.copies.length === 0 ? [0] : copies.length === 0 ? current.copies.map((_, i) => i + 1) : copies
    current = { ...current, printedCopies: [...new Set([...current.printedCopies, ...out])] }
  }
  const backend = fakeBackend({
    document_preview: (a) => previewOf(current, a.copies as number[]),
    export_document: (a) => {
      record(a.copies as number[])
      return `/home/u/文档/客户抱怨处理表-${a.number}.pdf`
    },
    open_document: (a) => {
      record(a.copies as number[])
      return `/tmp/${a.number}.pdf`
    },
    ...handlers,
  })
  const mounted = await mountWith(DocumentPrintDialog, { props: { document: doc, modelValue: true } })
  return { backend, ...mounted }
}

const pagesShown = () => document.querySelectorAll('[data-testid="doc-preview"] .doc-page').length
const message = () => [...document.querySelectorAll('.el-message')].map((m) => m.textContent).join(' | ')

describe('打印/预览', () => {
  it('previews all copies by default, one page per copy, each copy labelled and ticked', async () => {
    const { wrapper, backend } = await mountDialog(issued({ printedCopies: [3] }))
    const dialog = wrapper.get('[data-testid="doc-print-dialog"]')
    expect(wrapper.text()).toContain('客户抱怨处理表 CL-2503-0001')
    expect(backend.of('document_preview')).toHaveLength(1)
    expect(backend.last('document_preview')!.args).toEqual({ number: 'CL-2503-0001', copies: [1, 2, 3, 4, 5] })
    expect(pagesShown()).toBe(5)
    expect(dialog.get('[data-testid="doc-preview"] .doc-page svg').text()).toBe('page 1')
    for (let n = 1; n <= 5; n++) {
      expect((dialog.get(`[data-testid="doc-copy-${n}"] input`).element as HTMLInputElement).checked, `copy ${n}`).toBe(true)
    }
    expect(dialog.get('[data-testid="doc-copy-1"]').text()).toBe('第一联 质量管理部')
    // Copy 3 was output before: it will print as 补打.
    expect(dialog.get('[data-testid="doc-copy-3"]').text()).toBe('第三联 业务部门 已打印')
  })

  it('unticking a copy previews the others again, in order', async () => {
    const { wrapper, backend } = await mountDialog()
    await wrapper.get('[data-testid="doc-copy-2"] input').setValue(false)
    await until(() => expect(backend.last('document_preview')!.args).toEqual({ number: 'CL-2503-0001', copies: [1, 3, 4, 5] }))
    await until(() => expect(pagesShown()).toBe(4))
  })

  it('with no copy ticked nothing is previewed or output', async () => {
    const { wrapper, backend } = await mountDialog(issued({ kind: 'allowance_certificate', copies: ['第一联 业务部存', '第二联 会计科作账'] }))
    await wrapper.get('[data-testid="doc-copy-1"] input').setValue(false)
    await wrapper.get('[data-testid="doc-copy-2"] input').setValue(false)
    await until(() => expect(backend.of('document_preview').map((c) => c.args.copies)).toEqual([[1, 2], [2]]))
    await until(() => expect(wrapper.get('[data-testid="doc-choose-copy"]').text()).toBe('请至少选择一联'))
    expect(pagesShown()).toBe(0)
    expect(wrapper.get('[data-testid="doc-export"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="doc-open"]').attributes('disabled')).toBeDefined()
  })

  it('a document without copies is previewed whole, without copy boxes', async () => {
    const { wrapper, backend } = await mountDialog(issued({ number: 'GZ-2503-0002', kind: 'tracking_sheet', caseId: null, copies: [] }))
    expect(backend.last('document_preview')!.args).toEqual({ number: 'GZ-2503-0002', copies: [] })
    expect(wrapper.find('[data-testid="doc-copy-1"]').exists()).toBe(false)
    expect(pagesShown()).toBe(1)
  })

  it('导出 PDF sends the chosen copies, says where the file went, previews again and tells the list', async () => {
    const { wrapper, backend } = await mountDialog()
    await wrapper.get('[data-testid="doc-copy-5"] input').setValue(false)
    await until(() => expect(backend.of('document_preview')).toHaveLength(2))
    await wrapper.get('[data-testid="doc-export"]').trigger('click')
    await until(() => expect(backend.last('export_document')!.args).toEqual({ number: 'CL-2503-0001', copies: [1, 2, 3, 4] }))
    await until(() => expect(wrapper.get('[data-testid="doc-output-result"]').text()).toBe('已导出到 /home/u/文档/客户抱怨处理表-CL-2503-0001.pdf'))
    // Previewed again: the copies just output now show as printed (they would print as 补打).
    await until(() => expect(backend.of('document_preview')).toHaveLength(3))
    await until(() => expect(wrapper.get('[data-testid="doc-copy-1"]').text()).toContain('已打印'))
    expect(wrapper.get('[data-testid="doc-copy-5"]').text()).not.toContain('已打印')
    const emitted = wrapper.emitted('output')!
    expect(emitted).toHaveLength(1)
    expect((emitted[0][0] as IssuedDocument).printedCopies).toEqual([1, 2, 3, 4])
  })

  it('a cancelled save-as shows nothing and records nothing', async () => {
    const { wrapper, backend } = await mountDialog(issued(), { export_document: () => null })
    await wrapper.get('[data-testid="doc-export"]').trigger('click')
    await until(() => expect(backend.of('export_document')).toHaveLength(1))
    // A cancelled save-as shows nothing, so there is no sign to wait for that the answer was handled.
    await settle()
    expect(wrapper.find('[data-testid="doc-output-result"]').exists()).toBe(false)
    expect(backend.of('document_preview')).toHaveLength(1)
    expect(wrapper.emitted('output')).toBeUndefined()
  })

  it('打印 opens the PDF in the system viewer and says to print from there', async () => {
    const { wrapper, backend } = await mountDialog()
    await wrapper.get('[data-testid="doc-open"]').trigger('click')
    await until(() => expect(backend.last('open_document')!.args).toEqual({ number: 'CL-2503-0001', copies: [1, 2, 3, 4, 5] }))
    await until(() => expect(wrapper.get('[data-testid="doc-output-result"]').text()).toBe('已在系统查看器中打开，请从查看器打印'))
    // Told to the list once the preview is read again.
    await until(() => expect(wrapper.emitted('output')).toHaveLength(1))
  })

  it('VOIDED from Rust is shown, and the document cannot be output from here any more', async () => {
    const { wrapper } = await mountDialog(issued(), {
      open_document: () => {
        throw { code: 'VOIDED', message: '客户抱怨处理表 CL-2503-0001 已作废（重复开具），不能再打印；需要时请重新开具新号码的文书' }
      },
    })
    await wrapper.get('[data-testid="doc-open"]').trigger('click')
    await until(() => expect(message()).toContain('CL-2503-0001 已作废（重复开具），不能再打印'))
    expect(wrapper.find('[data-testid="doc-output-result"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="doc-print-voided"]').text()).toContain('已作废')
    expect(wrapper.get('[data-testid="doc-open"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="doc-export"]').attributes('disabled')).toBeDefined()
  })

  it('a voided document is previewed but says 已作废 and offers no output', async () => {
    const { wrapper, backend } = await mountDialog(
      issued({ voidReason: '金额填错', voidedByName: '李娜', voidedAt: '2025-03-09T02:00:00Z' }),
    )
    expect(backend.of('document_preview')).toHaveLength(1)
    expect(wrapper.get('[data-testid="doc-print-voided"]').text()).toContain('已作废，不能再打印')
    expect(wrapper.get('[data-testid="doc-print-voided"]').text()).toContain('金额填错')
    expect(wrapper.get('[data-testid="doc-export"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="doc-open"]').attributes('disabled')).toBeDefined()
  })
})
