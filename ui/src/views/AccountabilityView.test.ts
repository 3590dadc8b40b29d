import { describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { AccountabilityBoard, PenaltyBody, PenaltyNotice, PenaltyState, StoreFine, TableBasis } from '@/ipc'
import AccountabilityView from './AccountabilityView.vue'
import { fakeBackend, mountWith, typeInto, until } from '@/test/helpers'
import { issued, previewOf } from '@/test/documents'

const YUAN = 100

/** The month before today's, as the screen opens on it. */
function lastMonth(): string {
  const now = new Date()
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

/** November as Rust computes it (core test accountability.rs, the same figures). */
function body(): PenaltyBody {
  return {
    month: '2026-11',
    shares: [],
    people: [
      {
        departmentId: 10,
        departmentName: '业务部',
        person: '钱多',
        hasProfile: true,
        basePoints: 2,
        monthBonusFen: 6_000 * YUAN,
        economicFen: 140_000 * YUAN,
        sanctions: [{ caseNo: '2611-0001', sanction: 'minor_demerit1', supervisorOf: null, shareFen: 120_000 * YUAN, fen: 1_600 * YUAN }],
        sanctionFen: 1_600 * YUAN,
        carriedFen: 0,
        dueFen: 141_600 * YUAN,
        capFen: 3_000 * YUAN,
        deductedFen: 3_000 * YUAN,
        carryFen: 138_600 * YUAN,
      },
      {
        departmentId: 10,
        departmentName: '业务部',
        person: '陈刚',
        hasProfile: true,
        basePoints: 4,
        monthBonusFen: 8_000 * YUAN,
        economicFen: 40_000 * YUAN,
        sanctions: [{ caseNo: '2611-0001', sanction: 'reprimand2', supervisorOf: '钱多', shareFen: 120_000 * YUAN, fen: 800 * YUAN }],
        sanctionFen: 800 * YUAN,
        carriedFen: 0,
        dueFen: 40_800 * YUAN,
        capFen: 4_000 * YUAN,
        deductedFen: 4_000 * YUAN,
        carryFen: 36_800 * YUAN,
      },
    ],
    storeFines: [{ departmentId: 14, departmentName: '东门店', payer: '全店', kind: 'media_exposure', caseNo: '2611-0002', amountFen: 500 * YUAN }],
    unassigned: [],
    deductedFen: 7_000 * YUAN,
    finesFen: 500 * YUAN,
  }
}

const DOC = issued({ id: 40, number: 'JF-2612-0001', kind: 'penalty_notice', caseId: null, caseNo: null, copies: ['第一联 自存', '第二联 会计单位', '第三联 罚扣部门'] })

function notice(state: PenaltyState, patch: Partial<PenaltyNotice> = {}): PenaltyNotice {
  return {
    id: 3,
    month: lastMonth(),
    state,
    body: body(),
    totalFen: 7_500 * YUAN,
    proposedByName: '周杰',
    proposedAt: '2026-12-02T02:00:00Z',
    decidedByName: state === 'proposed' ? null : '郑总',
    decidedAt: state === 'proposed' ? null : '2026-12-02T03:00:00Z',
    decisionNote: null,
    documentNo: state === 'issued' ? DOC.number : null,
    document: state === 'issued' ? DOC : null,
    voidReason: null,
    voidedByName: null,
    voidedAt: null,
    ...patch,
  }
}

function fine(patch: Partial<StoreFine> = {}): StoreFine {
  return {
    id: 1,
    noticeId: 3,
    month: '2026-11',
    departmentId: 14,
    departmentName: '东门店',
    payer: '全店',
    kind: 'media_exposure',
    caseNo: '2611-0002',
    amountFen: 500 * YUAN,
    dueDate: '2026-12-05',
    paidByName: null,
    paidAt: null,
    voided: false,
    overdue: false,
    ...patch,
  }
}

type Who = { mayPropose?: boolean; mayDecide?: boolean; mayMarkPaid?: boolean }

/** A fake desk holding the month's notices and the year's fines, answering as Rust would. */
function desk(who: Who, notices: PenaltyNotice[] = [], fines: StoreFine[] = [], table: TableBasis | null = null) {
  const state = { notices, fines }
  const board = (): AccountabilityBoard => ({
    month: lastMonth(),
    draft: body(),
    table,
    notices: state.notices,
    announcements: state.notices
      .filter((n) => n.state === 'issued')
      .flatMap((n) =>
        n.body.people.flatMap((p) =>
          p.sanctions.map((s) => ({
            month: n.month,
            documentNo: n.documentNo!,
            departmentName: p.departmentName,
            person: p.person,
            sanction: s.sanction,
            supervisorOf: s.supervisorOf,
            caseNo: s.caseNo,
            fen: s.fen,
          })),
        ),
      ),
    storeFines: state.fines,
    mayPropose: who.mayPropose ?? false,
    mayDecide: who.mayDecide ?? false,
    mayMarkPaid: who.mayMarkPaid ?? false,
    today: '2026-12-06',
  })
  const replace = (n: PenaltyNotice) => {
    state.notices = [...state.notices.filter((o) => o.id !== n.id), n]
    return n
  }
  return {
    state,
    handlers: {
      accountability_board: () => board(),
      propose_penalties: () => replace(notice('proposed')),
      decide_penalties: (a: Record<string, unknown>) =>
        replace(notice(a.approve ? 'approved' : 'sent_back', { id: a.noticeId as number, decisionNote: a.note as string })),
      issue_penalty_notice: (a: Record<string, unknown>) => replace(notice('issued', { id: a.noticeId as number })),
      void_penalty_notice: (a: Record<string, unknown>) => replace(notice('voided', { id: a.noticeId as number, voidReason: a.reason as string })),
      mark_store_fine_paid: (a: Record<string, unknown>) => {
        state.fines = state.fines.map((f) => (f.id === a.fineId ? { ...f, paidAt: '2026-12-06T02:00:00Z', paidByName: '孙悦', overdue: false } : f))
        return state.fines.find((f) => f.id === a.fineId)
      },
      document_preview: (a: Record<string, unknown>) => previewOf(DOC, a.copies as number[]),
    },
  }
}

const text = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`).text()
const tableRows = (w: VueWrapper, id: string) =>
  w
    .get(`[data-testid="${id}"]`)
    .findAll('.el-table__body tr')
    .map((tr) => tr.findAll('td').map((td) => td.text().trim()))

async function mountBoard(d: ReturnType<typeof desk>) {
  const backend = fakeBackend(d.handlers)
  const mounted = await mountWith(AccountabilityView, { path: '/accountability' })
  await until(() => expect(mounted.wrapper.find('[data-testid="acc-state"]').exists()).toBe(true))
  return { backend, ...mounted }
}

describe('奖罚', () => {
  it('opens on last month with what a proposal would say, and the 总经理室 proposes it', async () => {
    const d = desk({ mayPropose: true })
    const { wrapper, backend } = await mountBoard(d)
    expect(backend.last('accountability_board')!.args).toEqual({ month: lastMonth() })
    expect(text(wrapper, 'acc-state')).toContain('未提出')
    expect(text(wrapper, 'acc-basis')).toBe('本月统计表尚未开具：暂按本月结案案件试算')
    expect(text(wrapper, 'acc-totals')).toContain('¥7,000.00')
    expect(text(wrapper, 'acc-totals')).toContain('¥500.00')
    const people = tableRows(wrapper, 'acc-people')
    expect(people[0]).toEqual(['业务部', '钱多', '2', '¥6,000.00', '¥140,000.00', '¥1,600.00', '¥0.00', '¥3,000.00', '¥138,600.00'])
    expect(tableRows(wrapper, 'acc-sanctions')[1]).toEqual(['陈刚', '2611-0001', '申诫二次 （主管连带：钱多）', '¥120,000.00', '¥800.00'])
    expect(wrapper.find('[data-testid="acc-approve"]').exists()).toBe(false)

    await wrapper.get('[data-testid="acc-propose"]').trigger('click')
    await until(() => expect(text(wrapper, 'acc-state')).toBe('待总经理核准'))
    expect(backend.last('propose_penalties')!.args).toEqual({ month: lastMonth() })
    // Proposed: the 总经理室 no longer proposes, and may not approve.
    expect(wrapper.find('[data-testid="acc-propose"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="acc-approve"]').exists()).toBe(false)
  })

  it('names the month\'s issued 统计表 the draft is computed from, and how many departments confirmed it', async () => {
    const { wrapper } = await mountBoard(desk({ mayPropose: true }, [], [], { documentNo: 'TJ-2612-0001', confirming: 4, confirmed: 1 }))
    expect(text(wrapper, 'acc-basis')).toBe('按本月《客户投诉案件统计表》TJ-2612-0001 所列案件计算（含补入），已确认部门 1/4')
  })

  it('the 总经理 sends it back only with a reason', async () => {
    const d = desk({ mayDecide: true }, [notice('proposed')])
    const { wrapper, backend } = await mountBoard(d)
    await wrapper.get('[data-testid="acc-send-back"]').trigger('click')
    await until(() => expect(document.querySelector('[data-testid="acc-reason"]')).not.toBeNull())
    const ok = () => document.querySelector('[data-testid="acc-reason-ok"]') as HTMLButtonElement
    expect(ok().disabled).toBe(true)
    const dialog = { find: (s: string) => ({ element: document.querySelector(s)! }) }
    await typeInto(dialog, '[data-testid="acc-reason"]', '陈刚的基点数有误')
    await until(() => expect(ok().disabled).toBe(false))
    ok().click()
    await until(() => expect(backend.last('decide_penalties')?.args).toEqual({ noticeId: 3, approve: false, note: '陈刚的基点数有误' }))
    await until(() => expect(text(wrapper, 'acc-earlier')).toContain('陈刚的基点数有误'))

  })

  it('the 总经理 approves a proposed notice', async () => {
    const d = desk({ mayDecide: true }, [notice('proposed', { id: 4 })])
    const { wrapper, backend } = await mountBoard(d)
    await wrapper.get('[data-testid="acc-approve"]').trigger('click')
    await until(() => expect(text(wrapper, 'acc-state')).toBe('已核准'))
    expect(backend.last('decide_penalties')!.args).toEqual({ noticeId: 4, approve: true, note: '' })
    // Approved: issuing is the 总经理室's, not his.
    expect(wrapper.find('[data-testid="acc-issue"]').exists()).toBe(false)
  })

  it('issues the approved notice and opens its three copies for printing', async () => {
    const d = desk({ mayPropose: true }, [notice('approved')])
    const { wrapper, backend } = await mountBoard(d)
    expect(wrapper.find('[data-testid="acc-print"]').exists()).toBe(false)
    await wrapper.get('[data-testid="acc-issue"]').trigger('click')
    await until(() => expect(document.querySelectorAll('[data-testid="doc-preview"] .doc-page')).toHaveLength(3))
    expect(backend.last('issue_penalty_notice')!.args).toEqual({ noticeId: 3 })
    expect(backend.last('document_preview')!.args).toMatchObject({ number: 'JF-2612-0001' })
    await until(() => expect(text(wrapper, 'acc-document-no')).toBe('JF-2612-0001'))
    expect(text(wrapper, 'acc-state')).toBe('已开具')
  })

  it('lists the store fines with their due dates, and 会计科 marks one paid', async () => {
    const fines = [fine(), fine({ id: 2, payer: '李经纪', kind: 'agent_complaint', amountFen: 250 * YUAN, overdue: true }), fine({ id: 3, voided: true })]
    const d = desk({ mayMarkPaid: true }, [notice('issued')], fines)
    const { wrapper, backend } = await mountBoard(d)
    await wrapper.get('[data-testid="acc-tab-fines"]').trigger('click')
    await until(() => expect(tableRows(wrapper, 'acc-fines')).toHaveLength(3))
    const states = () => wrapper.findAll('[data-testid="acc-fine-state"]').map((s) => s.text())
    expect(states()).toEqual(['待缴', '已逾期', '已作废'])
    expect(tableRows(wrapper, 'acc-fines')[1].slice(0, 6)).toEqual(['2026-11', '东门店', '李经纪', '经纪人被投诉', '¥250.00', '2026-12-05'])
    // A voided fine offers nothing to mark.
    expect(wrapper.findAll('[data-testid="acc-mark-paid"]')).toHaveLength(2)
    await wrapper.findAll('[data-testid="acc-mark-paid"]')[1].trigger('click')
    await until(() => expect(states()).toEqual(['待缴', '已缴', '已作废']))
    expect(backend.last('mark_store_fine_paid')!.args).toEqual({ fineId: 2 })
    expect(tableRows(wrapper, 'acc-fines')[1][6]).toContain('孙悦')
  })

  it('人事公布 lists each sanction of the issued notices, the supervisor’s with whom he answers for', async () => {
    const d = desk({}, [notice('issued')])
    const { wrapper } = await mountBoard(d)
    expect(wrapper.find('[data-testid="acc-mark-paid"]').exists()).toBe(false)
    await wrapper.get('[data-testid="acc-tab-announcements"]').trigger('click')
    await until(() => expect(tableRows(wrapper, 'acc-announcements')).toHaveLength(2))
    expect(tableRows(wrapper, 'acc-announcements')).toEqual([
      [lastMonth(), 'JF-2612-0001', '业务部', '钱多', '小过一次', '2611-0001'],
      [lastMonth(), 'JF-2612-0001', '业务部', '陈刚', '申诫二次 （主管连带：钱多）', '2611-0001'],
    ])
  })

  it('says so when the module is switched off', async () => {
    const message = '奖罚模块未启用：请系统管理员在“系统管理 → 奖罚”中启用'
    fakeBackend({ accountability_board: () => Promise.reject({ code: 'MODULE_OFF', message }) })
    const { wrapper } = await mountWith(AccountabilityView, { path: '/accountability' })
    await until(() => expect(text(wrapper, 'acc-load-error')).toContain(message))
    expect(wrapper.find('[data-testid="acc-propose"]').exists()).toBe(false)
  })
})
