import { describe, expect, it } from 'vitest'
import type { MonthStatement, StatementEntry, StatementLine } from '@/ipc'
import StatementView from './StatementView.vue'
import { fakeBackend, mountWith, until } from '@/test/helpers'
import { issued, previewOf } from '@/test/documents'

function line(patch: Partial<StatementLine> = {}, entry: Partial<StatementEntry> = {}): StatementEntry {
  return {
    line: {
      caseId: 7,
      caseNo: '2611-0007',
      round: 1,
      customerName: '深圳华星电子',
      product: 'PCB-4L-1.6-0345',
      causeType: 'product',
      responsibilities: [
        { departmentId: 10, departmentName: '业务部', ratioPercent: 60, lossShareFen: 60_000 },
        { departmentId: 9, departmentName: '制造部', ratioPercent: 40, lossShareFen: 40_000 },
      ],
      resolutionTypes: ['compensation'],
      lossFen: 100_000,
      daysToClose: 2.2,
      onTime: true,
      ...patch,
    },
    closedOn: '2026-11-25',
    late: false,
    ...entry,
  }
}

const TJ = issued({ id: 40, number: 'TJ-2612-0001', kind: 'monthly_statement', caseId: null, caseNo: null, copies: [], verificationCode: '', issuedByName: '宋洁' })

function statement(patch: Partial<MonthStatement> = {}): MonthStatement {
  return {
    month: '2026-11',
    lines: [
      line(),
      line(
        {
          caseId: 9,
          caseNo: '2611-0009',
          responsibilities: [{ departmentId: 10, departmentName: '业务部', ratioPercent: 100, lossShareFen: 200_000 }],
          lossFen: 200_000,
          onTime: false,
        },
        { late: true },
      ),
    ],
    byDepartment: [
      { label: '业务部', cases: 2, lossFen: 260_000 },
      { label: '制造部', cases: 1, lossFen: 40_000 },
    ],
    byCause: [{ label: '出品质量', cases: 2, lossFen: 300_000 }],
    byResolution: [{ label: '索赔/赔偿', cases: 2, lossFen: 300_000 }],
    totalLossFen: 300_000,
    document: null,
    confirming: [
      { id: 9, name: '制造部' },
      { id: 10, name: '业务部' },
    ],
    confirmations: [],
    mayIssue: true,
    mayConfirm: [],
    ...patch,
  }
}

const rowsText = (w: { findAll: (s: string) => { text: () => string }[] }) =>
  w.findAll('[data-testid="statement-lines"] .el-table__body tr').map((r) => r.text())

describe('客户投诉案件统计表', () => {
  it('shows the month asked for: its lines, a late case marked, the totals and what issuing would list', async () => {
    const b = fakeBackend({ month_statement: () => statement() })
    const { wrapper } = await mountWith(StatementView, { path: '/statement?month=2026-11' })
    await until(() => expect(rowsText(wrapper)).toHaveLength(2))
    expect(b.last('month_statement')!.args).toEqual({ month: '2026-11' })
    const [first, second] = rowsText(wrapper)
    for (const s of ['2611-0007', '深圳华星电子', 'PCB-4L-1.6-0345', '出品质量', '业务部 60%、制造部 40%', '索赔/赔偿', '¥1,000.00', '2026-11-25', '2.2', '按时'])
      expect(first, s).toContain(s)
    expect(second).toContain('补入')
    expect(second).toContain('逾期')
    expect(wrapper.get('[data-testid="statement-total-loss"]').text()).toBe('¥3,000.00')
    expect(wrapper.get('[data-testid="statement-byDepartment"]').text()).toContain('¥2,600.00')
    expect(wrapper.get('[data-testid="statement-draft"]').text()).toContain('2 件')
    expect(wrapper.get('[data-testid="statement-confirm-9"]').text()).toContain('开具后确认')
  })

  it('issues the table and opens it for printing; the issued table shows its number and no issue button', async () => {
    let current = statement()
    const b = fakeBackend({
      month_statement: () => current,
      issue_statement: () => {
        current = statement({ document: TJ, mayIssue: false })
        return TJ
      },
      document_preview: (a) => previewOf(TJ, a.copies as number[]),
    })
    const { wrapper } = await mountWith(StatementView, { path: '/statement?month=2026-11' })
    const button = await until(() => wrapper.get('[data-testid="statement-issue"]'))
    await button.trigger('click')
    await until(() => expect(wrapper.findAll('[data-testid="doc-preview"] .doc-page')).toHaveLength(1))
    expect(b.last('issue_statement')!.args).toEqual({ month: '2026-11' })
    await until(() => expect(wrapper.get('[data-testid="statement-issued"]').text()).toContain('TJ-2612-0001'))
    expect(wrapper.find('[data-testid="statement-issue"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="statement-print"]').exists()).toBe(true)
  })

  it('a department head confirms for his department only, and sees who confirmed', async () => {
    const b = fakeBackend({
      month_statement: () => statement({ document: TJ, mayIssue: false, mayConfirm: [10] }),
      confirm_statement: () =>
        statement({
          document: TJ,
          mayIssue: false,
          confirmations: [{ departmentId: 10, departmentName: '业务部', byName: '陈刚', at: '2026-12-03T02:00:00Z' }],
        }),
    })
    const { wrapper } = await mountWith(StatementView, { path: '/statement?month=2026-11' })
    const button = await until(() => wrapper.get('[data-testid="statement-confirm-button-10"]'))
    expect(wrapper.find('[data-testid="statement-confirm-button-9"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="statement-confirm-9"]').text()).toContain('待确认')
    await button.trigger('click')
    await until(() => expect(wrapper.get('[data-testid="statement-confirm-10"]').text()).toContain('陈刚 已确认（2026-12-03 10:00）'))
    expect(b.last('confirm_statement')!.args).toEqual({ documentId: 40, departmentId: 10 })
    expect(wrapper.find('[data-testid="statement-confirm-button-10"]').exists()).toBe(false)
  })

  it('a refusal is shown in words and nothing changes', async () => {
    fakeBackend({
      month_statement: () => statement(),
      issue_statement: () => {
        throw { code: 'FORBIDDEN', message: '客户投诉案件统计表由总经理室开具' }
      },
    })
    const { wrapper } = await mountWith(StatementView, { path: '/statement?month=2026-11' })
    await (await until(() => wrapper.get('[data-testid="statement-issue"]'))).trigger('click')
    await until(() => expect(document.body.textContent).toContain('客户投诉案件统计表由总经理室开具'))
    expect(wrapper.find('[data-testid="statement-issued"]').exists()).toBe(false)
  })
})
