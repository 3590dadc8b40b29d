import { describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { LedgerCount, LedgerMarkInput, LedgerMarkRecord, LedgerPage, LedgerQuery, LedgerRow, LedgerState } from '@/ipc'
import LedgerView from './LedgerView.vue'
import { fakeBackend, mountWith, typeInto, until } from '@/test/helpers'
import { issued, previewOf } from '@/test/documents'
import { actionLabel, fieldLabel, formatAuditValue } from '@/timeline'
import { makeI18n } from '@/i18n'

function ledgerRow(patch: Partial<LedgerRow> = {}): LedgerRow {
  return {
    documentId: 11,
    number: 'ZR-2611-0001',
    kind: 'allowance_certificate',
    caseId: 7,
    caseNo: '2611-0007',
    payee: '深圳华星电子',
    amountFen: 12_000_000,
    issuedByName: '张敏',
    issuedAt: '2026-11-23T02:00:00Z',
    state: 'pending',
    voidReason: null,
    voidedByName: null,
    voidedAt: null,
    marks: [],
    ...patch,
  }
}

function paidMark(patch: Partial<LedgerMarkRecord> = {}): LedgerMarkRecord {
  return {
    id: 5,
    mark: 'paid',
    voucherNo: '记-118',
    voucherDate: '2026-11-23',
    byName: '孙悦',
    at: '2026-11-23T03:00:00Z',
    voidReason: null,
    voidedByName: null,
    voidedAt: null,
    ...patch,
  }
}

const SLIP = ledgerRow({ documentId: 12, number: 'TH-2611-0001', kind: 'return_slip', payee: '王秀英', amountFen: 1_920_000 })

/** A fake desk: the rows Rust holds, filtered by state as Rust would, with the counts and totals. */
function desk(rows: () => LedgerRow[], mayMark = true) {
  return (a: Record<string, unknown>): LedgerPage => {
    const q = a.query as LedgerQuery
    const all = rows()
    const shown = all.filter((r) => q.state === null || r.state === q.state)
    const counts: LedgerCount[] = (['pending', 'paid', 'written_off', 'voided'] as LedgerState[]).map((state) => {
      const of = all.filter((r) => r.state === state)
      return { state, count: of.length, amountFen: of.reduce((n, r) => n + r.amountFen, 0) }
    })
    return {
      rows: shown,
      total: shown.length,
      totalFen: shown.reduce((n, r) => n + r.amountFen, 0),
      counts,
      mayMark,
      today: '2026-11-23',
    }
  }
}

/** The visible text of each data row (el-table renders a cell per column). */
function rowTexts(wrapper: VueWrapper): string[] {
  return wrapper.findAll('[data-testid="ledger-table"] .el-table__body tbody tr.el-table__row').map((tr) => tr.text().replace(/\s+/g, ' '))
}

/** Dialogs are teleported to the body: typeInto's root there. */
const body = { find: (selector: string) => ({ element: document.querySelector(selector)! }) }

const dialogTitle = () => [...document.querySelectorAll('.el-dialog__title')].map((e) => e.textContent?.trim()).at(-1)

describe('会计台账', () => {
  it('lists what is still to be booked: number, case, customer, amount in figures and capitals, issuer, state and the totals', async () => {
    const b = fakeBackend({ ledger: desk(() => [ledgerRow(), SLIP]) })
    const { wrapper } = await mountWith(LedgerView)
    expect(b.last('ledger')!.args).toEqual({ query: { state: 'pending', month: '', search: '', page: 1, pageSize: 50 } })
    await until(() => expect(rowTexts(wrapper)).toHaveLength(2))
    const [first, second] = rowTexts(wrapper)
    for (const text of ['ZR-2611-0001', '销货折让证明单', '2611-0007', '深圳华星电子', '¥120,000.00', '壹拾贰万元整', '张敏', '2026-11-23', '待入账']) {
      expect(first).toContain(text)
    }
    expect(second).toContain('成品退货单')
    expect(second).toContain('壹万玖仟贰佰元整')
    expect(wrapper.get('[data-testid="ledger-state-pending"]').text()).toBe('待入账 2')
    expect(wrapper.get('[data-testid="ledger-state-paid"]').text()).toBe('已付 0')
    expect(wrapper.get('[data-testid="ledger-totals"]').text().replace(/\s+/g, ' ')).toBe('共 2 笔，合计 ¥139,200.00（大写：壹拾叁万玖仟贰佰元整）')
    // No phone, no address: the payee as printed is all a ledger needs.
    expect(wrapper.text()).not.toMatch(/1\d{10}|\*{4}/)
  })

  it('marks a certificate 已付 with the voucher, and it leaves the list of what is to be booked', async () => {
    let row = ledgerRow()
    const b = fakeBackend({
      ledger: desk(() => [row]),
      mark_ledger: (a) => {
        const input = a.input as LedgerMarkInput
        row = ledgerRow({ state: 'paid', marks: [paidMark({ voucherNo: input.voucherNo, voucherDate: input.voucherDate })] })
        return row
      },
    })
    const { wrapper } = await mountWith(LedgerView)
    await until(() => expect(rowTexts(wrapper)).toHaveLength(1))
    expect(wrapper.findAll('[data-testid="ledger-mark-paid"]')).toHaveLength(1)
    await wrapper.get('[data-testid="ledger-mark-paid"]').trigger('click')
    await until(() => expect(dialogTitle()).toBe('登记已付：ZR-2611-0001'))
    await typeInto(body, '[data-testid="ledger-voucher-no"]', '记-118')
    ;(document.querySelector('[data-testid="ledger-mark-submit"]') as HTMLElement).click()

    // The date is today by the desk's clock unless changed.
    await until(() => expect(b.last('mark_ledger')?.args).toEqual({ input: { documentId: 11, mark: 'paid', voucherNo: '记-118', voucherDate: '2026-11-23' } }))
    await until(() => expect(rowTexts(wrapper)).toHaveLength(0))
    expect(wrapper.get('[data-testid="ledger-state-pending"]').text()).toBe('待入账 0')
    expect(wrapper.get('[data-testid="ledger-state-paid"]').text()).toBe('已付 1')

    await wrapper.get('[data-testid="ledger-state-paid"] input').setValue(true)
    await until(() => expect(b.last('ledger')!.args.query).toMatchObject({ state: 'paid' }))
    await until(() => expect(rowTexts(wrapper)).toHaveLength(1))
    const text = rowTexts(wrapper)[0]
    expect(text).toContain('已付')
    expect(text).toContain('记-118')
    // Once paid it can be written off, or its mark voided; not paid twice.
    expect(wrapper.find('[data-testid="ledger-mark-paid"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="ledger-mark-written_off"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="ledger-void-mark"]').exists()).toBe(true)
  })

  it('keeps the dialog open with Rust’s refusals under their fields', async () => {
    const b = fakeBackend({
      ledger: desk(() => [ledgerRow()]),
      mark_ledger: () => {
        throw {
          code: 'VALIDATION',
          message: '传票日期 2026-11-22 早于销货折让证明单的开具日期 2026-11-23',
          field: 'voucherDate',
          others: [{ field: 'voucherNo', message: '传票号最多 50 个字' }],
        }
      },
    })
    const { wrapper } = await mountWith(LedgerView)
    await until(() => expect(rowTexts(wrapper)).toHaveLength(1))
    await wrapper.get('[data-testid="ledger-mark-paid"]').trigger('click')
    await until(() => expect(document.querySelector('[data-testid="ledger-voucher-no"]')).not.toBeNull())

    // Nothing typed: refused here, nothing sent.
    ;(document.querySelector('[data-testid="ledger-mark-submit"]') as HTMLElement).click()
    const errorOf = (testid: string) =>
      document.querySelector(`[data-testid="${testid}"]`)!.closest('.el-form-item')!.querySelector('.el-form-item__error')?.textContent?.trim()
    await until(() => expect(errorOf('ledger-voucher-no')).toBe('请填写传票号'))
    expect(b.of('mark_ledger')).toHaveLength(0)

    await typeInto(body, '[data-testid="ledger-voucher-no"]', '记-1')
    ;(document.querySelector('[data-testid="ledger-mark-submit"]') as HTMLElement).click()
    await until(() => expect(errorOf('ledger-voucher-date')).toBe('传票日期 2026-11-22 早于销货折让证明单的开具日期 2026-11-23'))
    await until(() => expect(errorOf('ledger-voucher-no')).toBe('传票号最多 50 个字'))
    expect(document.querySelector('[data-testid="ledger-mark-submit"]')).not.toBeNull()
  })

  it('voids the latest mark with a reason', async () => {
    let row = ledgerRow({ state: 'paid', marks: [paidMark()] })
    const b = fakeBackend({
      ledger: desk(() => [row]),
      void_ledger_mark: () => {
        row = ledgerRow({ marks: [paidMark({ voidReason: '传票号录错', voidedByName: '孙悦', voidedAt: '2026-11-23T04:00:00Z' })] })
        return row
      },
    })
    const { wrapper } = await mountWith(LedgerView)
    await wrapper.get('[data-testid="ledger-state-paid"] input').setValue(true)
    await until(() => expect(rowTexts(wrapper)).toHaveLength(1))
    await wrapper.get('[data-testid="ledger-void-mark"]').trigger('click')
    await until(() => expect(dialogTitle()).toBe('作废入账记录：ZR-2611-0001'))
    expect(document.querySelector('[data-testid="ledger-void-which"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('已付 · 传票号 记-118 · 2026-11-23')
    await typeInto(body, '[data-testid="ledger-void-reason"]', '传票号录错')
    ;(document.querySelector('[data-testid="ledger-void-submit"]') as HTMLElement).click()
    await until(() => expect(b.last('void_ledger_mark')?.args).toEqual({ documentId: 11, markId: 5, reason: '传票号录错' }))
    await until(() => expect(rowTexts(wrapper)).toHaveLength(0))
    expect(wrapper.get('[data-testid="ledger-state-pending"]').text()).toBe('待入账 1')
  })

  it('filters by month and search, and shows every state', async () => {
    const b = fakeBackend({ ledger: desk(() => [ledgerRow(), ledgerRow({ documentId: 13, number: 'PZ-2611-0002', state: 'voided', voidReason: '金额有误' })]) })
    const { wrapper } = await mountWith(LedgerView)
    await typeInto(wrapper, '[data-testid="ledger-search"]', ' 华星 ')
    await until(() => expect(b.last('ledger')!.args.query).toMatchObject({ search: '华星', page: 1 }))
    wrapper.findComponent({ name: 'ElDatePicker' }).vm.$emit('update:modelValue', '2026-11')
    await until(() => expect(b.last('ledger')!.args.query).toMatchObject({ month: '2026-11', search: '华星' }))
    await wrapper.get('[data-testid="ledger-state-all"] input').setValue(true)
    await until(() => expect(b.last('ledger')!.args.query).toMatchObject({ state: null }))
    await until(() => expect(rowTexts(wrapper)).toHaveLength(2))
    expect(rowTexts(wrapper)[1]).toContain('已作废')
    expect(wrapper.get('[data-testid="ledger-state-all"]').text()).toBe('全部 2')
  })

  it('is read-only for those who may look but not book (the administrator)', async () => {
    fakeBackend({ ledger: desk(() => [ledgerRow()], false) })
    const { wrapper } = await mountWith(LedgerView)
    await until(() => expect(rowTexts(wrapper)).toHaveLength(1))
    expect(wrapper.get('[data-testid="ledger-read-only"]').text()).toContain('只有会计科可以登记入账')
    expect(wrapper.find('[data-testid="ledger-mark-paid"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="ledger-void-mark"]').exists()).toBe(false)
  })

  it('prints the ledger as filtered, like the tracking sheet', async () => {
    const doc = issued({ id: 30, number: 'TZ-2611-0001', kind: 'ledger', caseId: null, caseNo: null, copies: [], verificationCode: '' })
    const b = fakeBackend({
      ledger: desk(() => [ledgerRow()]),
      issue_ledger: () => doc,
      document_preview: (a) => previewOf(doc, a.copies as number[]),
    })
    const { wrapper } = await mountWith(LedgerView)
    await wrapper.get('[data-testid="ledger-state-paid"] input').setValue(true)
    await until(() => expect(b.last('ledger')!.args.query).toMatchObject({ state: 'paid' }))
    const button = wrapper.get('[data-testid="ledger-print"]')
    expect(button.text()).toBe('打印台账')
    await button.trigger('click')
    await until(() => expect(wrapper.findAll('[data-testid="doc-preview"] .doc-page')).toHaveLength(1))
    expect(b.last('issue_ledger')!.args).toEqual({ query: { state: 'paid', month: '', search: '', page: 1, pageSize: 50 } })
    expect(dialogTitle()).toBe('会计台账 TZ-2611-0001')
  })
})

describe('会计台账 on the case timeline', () => {
  it('names the ledger lines and their states in each language', () => {
    const zh = makeI18n('zh-CN').global
    expect([actionLabel(zh, 'ledger_mark'), actionLabel(zh, 'void_ledger_mark')]).toEqual(['登记入账', '作废入账记录'])
    expect([fieldLabel(zh, 'ledgerState'), fieldLabel(zh, 'voucher')]).toEqual(['入账状态', '传票'])
    expect(['pending', 'paid', 'written_off'].map((v) => formatAuditValue(zh, 'ledgerState', v, []))).toEqual(['待入账', '已付', '已核销'])
    const en = makeI18n('en').global
    expect(formatAuditValue(en, 'ledgerState', 'written_off', [])).toBe('Written off')
  })
})
