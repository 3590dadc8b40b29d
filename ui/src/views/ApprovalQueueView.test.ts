import { describe, expect, it } from 'vitest'
import type { ApprovalItem, CaseDeadline, Resolution } from '@/ipc'
import ApprovalQueueView from './ApprovalQueueView.vue'
import { fakeBackend, kase, mountWith, row, settle, typeInto, until, type Handler } from '@/test/helpers'
import { workflow } from '@/test/workflow'

function resolution(patch: Partial<Resolution> = {}): Resolution {
  return {
    id: 11,
    caseId: 1,
    lines: [
      { kind: 'compensation', quantity: 0, unitPriceFen: 0, amountFen: 50000, transportFen: 0, note: '退还餐费' },
      { kind: 'return', quantity: 10, unitPriceFen: 12345, amountFen: 0, transportFen: 0, note: '' },
    ],
    opinion: '经查属实，同意赔偿',
    offeredFen: 173450,
    lossFen: 74690,
    requiredLevel: 'vice_gm',
    proposerId: 2,
    proposerName: '李娜',
    proposedAt: '2025-03-02T08:00:00Z',
    // As Rust works them out: the compensation paid; 20% of 10 × ¥123.45 returned.
    lineLossFen: [50000, 24690],
    ...patch,
  }
}

const ITEMS: ApprovalItem[] = [
  { case: row({ id: 1, caseNo: '2503-0001', customerName: '张三', status: 'proposed', departmentName: '品质部' }), resolution: resolution() },
  {
    case: row({ id: 2, caseNo: '2503-0002', customerName: '李四', status: 'proposed', severity: 'critical' }),
    resolution: resolution({ id: 12, caseId: 2, opinion: '建议折让', offeredFen: 20000, lossFen: 20000, requiredLevel: 'sales_manager' }),
  },
  { case: row({ id: 3, caseNo: '2503-0003', customerName: '王五', status: 'proposed' }), resolution: resolution({ id: 13, caseId: 3 }) },
]

/** Each case is read with its own version (id × 10) and full text. */
const fullCase = (id: number) => kase({ id, version: id * 10, content: `案件 ${id} 的完整内容`, customerRequest: '赔偿损失' })

async function mountQueue(handlers: Record<string, Handler> = {}, items: ApprovalItem[] = ITEMS) {
  let queue = [...items]
  const backend = fakeBackend({
    approval_queue: () => queue,
    case_workflow: (a) => workflow({ case: fullCase(a.id as number), actions: [] }),
    get_case: (a) => fullCase(a.id as number),
    approve_resolution: (a) => {
      queue = queue.filter((i) => i.case.id !== a.id)
      return kase({ id: a.id as number, status: 'approved' })
    },
    send_back_resolution: (a) => {
      if (!String(a.comment).trim()) throw { code: 'VALIDATION', field: 'comment', message: '请填写退回意见' }
      queue = queue.filter((i) => i.case.id !== a.id)
      return kase({ id: a.id as number, status: 'investigating' })
    },
    ...handlers,
  })
  const mounted = await mountWith(ApprovalQueueView, { path: '/approvals' })
  // The queue is shown (or says it is empty) before anything is pressed.
  const shown = items.length ? '[data-testid="queue-position"]' : '[data-testid="queue-empty"]'
  await until(() => mounted.wrapper.get(shown))
  return { backend, ...mounted, setQueue: (q: ApprovalItem[]) => (queue = q) }
}

const press = async (key: string, init: KeyboardEventInit = {}) => {
  window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
  await settle()
}

const caseNo = (w: { get: (s: string) => { text: () => string } }) => w.get('[data-testid="queue-case-no"]').text()
const position = (w: { get: (s: string) => { text: () => string } }) => w.get('[data-testid="queue-position"]').text()
const messages = () => [...document.querySelectorAll('.el-message')].map((m) => m.textContent ?? '')

describe('待我审批', () => {
  it('shows the first case with its position, the opinion, the lines and the amounts', async () => {
    const { wrapper, backend } = await mountQueue()
    expect(position(wrapper)).toBe('第 1 / 3 件')
    expect(caseNo(wrapper)).toBe('2503-0001')
    await until(() => expect(backend.last('case_workflow')!.args).toEqual({ id: 1 }))
    expect(wrapper.get('[data-testid="queue-customer"]').text()).toBe('张三')
    await until(() => expect(wrapper.get('[data-testid="queue-content"]').text()).toBe('案件 1 的完整内容'))
    expect(wrapper.get('[data-testid="queue-request"]').text()).toBe('赔偿损失')
    expect(wrapper.get('[data-testid="queue-department"]').text()).toBe('品质部')
    expect(wrapper.get('[data-testid="queue-opinion"]').text()).toBe('经查属实，同意赔偿')
    expect(wrapper.get('[data-testid="queue-offered"]').text()).toBe('¥1,734.50')
    expect(wrapper.get('[data-testid="queue-loss"]').text()).toBe('¥746.90')
    // Each line's own loss, as Rust worked it out: the ¥1,234.50 returned costs ¥246.90.
    expect(wrapper.findAll('[data-testid="queue-line-loss"]').map((c) => c.text())).toEqual(['¥500.00', '¥246.90'])
    expect(wrapper.get('[data-testid="queue-level"]').text()).toBe('副总经理')
    expect(wrapper.get('[data-testid="queue-proposer"]').text()).toBe('李娜')
    const lines = wrapper.get('[data-testid="queue-lines"]').text()
    for (const s of ['索赔/赔偿', '¥500.00', '退还餐费', '退货', '¥123.45']) expect(lines, s).toContain(s)
    expect(wrapper.text()).toContain('2025-03-02 16:00') // proposed at, local time
    expect(wrapper.get('[data-testid="queue-open"]').attributes('href')).toContain('/cases/1')
    expect(wrapper.get('[data-testid="queue-approve"]').text()).toBe('审批通过 (A)')
    expect(wrapper.get('[data-testid="queue-send-back"]').text()).toBe('退回 (R)')
  })

  it('shows the investigation behind the proposal (cause, responsibility split) and the deadlines', async () => {
    const investigation = {
      causeAnalysis: '冷库温控失灵，餐品变质',
      measures: '更换温控器',
      responsibilities: [
        { departmentId: 2, person: '刘伟', ratioPercent: 70 },
        { departmentId: 1, person: '', ratioPercent: 30 },
      ],
      actions: [],
    }
    const approve: CaseDeadline = {
      id: 13,
      stage: 'approve',
      policyName: '商场（48小时答复）',
      limit: { stage: 'approve', amount: 1, unit: 'working_days' },
      startedAt: '2025-03-02T08:00:00Z',
      dueAt: '2025-03-03T15:59:59Z',
      doneAt: null,
      lateReason: '',
      overdue: true,
      lateMinutes: 90,
    }
    const { wrapper } = await mountQueue({
      case_workflow: (a) => workflow({ case: fullCase(a.id as number), investigation, deadlines: [approve], actions: [] }),
    })
    const cause = await until(() => wrapper.get('[data-testid="detail-cause"]'))
    expect(cause.text()).toBe('冷库温控失灵，餐品变质')
    // The departments' names are read by the panel itself: this screen may be the first opened.
    await until(() =>
      expect(wrapper.findAll('[data-testid="detail-responsibility"]').map((r) => r.text())).toEqual(['品质部 · 刘伟 · 70%', '客服部 · 30%']),
    )
    expect(wrapper.get('[data-testid="detail-deadlines"]').text()).toContain('已超时')
  })

  it('上一件 / 下一件 move through the queue and stop at its ends', async () => {
    const { wrapper, backend } = await mountQueue()
    expect(wrapper.get('[data-testid="queue-prev"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="queue-next"]').trigger('click')
    await until(() => expect(position(wrapper)).toBe('第 2 / 3 件'))
    expect(caseNo(wrapper)).toBe('2503-0002')
    expect(wrapper.get('[data-testid="queue-opinion"]').text()).toBe('建议折让')
    expect(wrapper.get('[data-testid="queue-level"]').text()).toBe('业务部门经理')
    await until(() => expect(backend.last('case_workflow')!.args).toEqual({ id: 2 }))
    await wrapper.get('[data-testid="queue-next"]').trigger('click')
    await until(() => expect(position(wrapper)).toBe('第 3 / 3 件'))
    expect(wrapper.get('[data-testid="queue-next"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="queue-prev"]').trigger('click')
    await until(() => expect(position(wrapper)).toBe('第 2 / 3 件'))
  })

  it('keyboard: J / → next, K / ← previous', async () => {
    const { wrapper } = await mountQueue()
    await press('j')
    await until(() => expect(position(wrapper)).toBe('第 2 / 3 件'))
    await press('ArrowRight')
    await until(() => expect(position(wrapper)).toBe('第 3 / 3 件'))
    await press('J') // at the end: stays (nothing to wait for: nothing changes)
    expect(position(wrapper)).toBe('第 3 / 3 件')
    await press('k')
    await until(() => expect(position(wrapper)).toBe('第 2 / 3 件'))
    await press('ArrowLeft')
    await until(() => expect(caseNo(wrapper)).toBe('2503-0001'))
  })

  it('approves with the case version and the comment, then shows the next case in the same position', async () => {
    const { wrapper, backend } = await mountQueue()
    await press('j')
    await until(() => expect(caseNo(wrapper)).toBe('2503-0002'))
    await typeInto(wrapper, '[data-testid="queue-comment"]', '同意，尽快答复客户')
    await wrapper.get('[data-testid="queue-approve"]').trigger('click')
    // Decided: the case has left the queue.
    await until(() => expect(position(wrapper)).toBe('第 2 / 2 件'))
    expect(backend.of('approve_resolution')).toHaveLength(1)
    expect(backend.last('approve_resolution')!.args).toEqual({ id: 2, version: 20, comment: '同意，尽快答复客户', confirmed: false })
    expect(messages().some((m) => m.includes('2503-0002 已审批通过'))).toBe(true)
    expect(caseNo(wrapper)).toBe('2503-0003')
    expect((wrapper.get('[data-testid="queue-comment"]').element as HTMLTextAreaElement).value).toBe('')
  })

  it('keyboard: A approves, R sends back; letters typed in the comment box do nothing', async () => {
    const { wrapper, backend } = await mountQueue()
    const box = await typeInto(wrapper, '[data-testid="queue-comment"]', '金额过高')
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true, cancelable: true }))
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, cancelable: true }))
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'r', bubbles: true, cancelable: true }))
    // Nothing to wait for: these keys must do nothing.
    await settle()
    expect(backend.of('approve_resolution')).toHaveLength(0)
    expect(backend.of('send_back_resolution')).toHaveLength(0)
    expect(position(wrapper)).toBe('第 1 / 3 件')

    await press('r')
    // Sent back: the next case moves up.
    await until(() => expect(caseNo(wrapper)).toBe('2503-0002'))
    expect(backend.last('send_back_resolution')!.args).toEqual({ id: 1, version: 10, comment: '金额过高' })
    expect(messages().some((m) => m.includes('2503-0001 已退回部门'))).toBe(true)

    await press('a')
    await until(() => expect(caseNo(wrapper)).toBe('2503-0003'))
    expect(backend.last('approve_resolution')!.args).toEqual({ id: 2, version: 20, comment: '', confirmed: false })
    expect(position(wrapper)).toBe('第 1 / 1 件')
  })

  it('Ctrl+Enter in the comment box approves', async () => {
    const { wrapper, backend } = await mountQueue()
    const box = await typeInto(wrapper, '[data-testid="queue-comment"]', '同意')
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }))
    await until(() => expect(caseNo(wrapper)).toBe('2503-0002'))
    expect(backend.last('approve_resolution')!.args).toEqual({ id: 1, version: 10, comment: '同意', confirmed: false })
  })

  it('above the admin\'s amount, A asks once more: 取消 keeps the case, 确认 approves it confirmed', async () => {
    const { wrapper, backend } = await mountQueue({
      approve_resolution: (a) => {
        if (!a.confirmed) throw { code: 'CONFIRMATION_NEEDED', message: '方案金额 ¥1,734.50 超过 ¥1,000.00，请再次确认' }
        return kase({ id: a.id as number, status: 'approved' })
      },
    })
    await typeInto(wrapper, '[data-testid="queue-comment"]', '同意')
    await press('a')
    const box = await until(() => {
      const b = document.querySelector('.approve-confirm')
      expect(b?.textContent).toContain('方案金额 ¥1,734.50 超过须二次确认的金额。确定审批通过案件 2503-0001 吗？')
      return b!
    })
    // While it asks, J does not move on underneath.
    await press('j')
    ;(box.querySelector('.el-message-box__btns .el-button:not(.el-button--primary)') as HTMLElement).click()
    await until(() => expect(document.querySelector('.approve-confirm')?.closest('.el-overlay')?.getAttribute('style') ?? 'display: none').toContain('display: none'))
    expect(backend.of('approve_resolution')).toHaveLength(1)
    expect(caseNo(wrapper)).toBe('2503-0001')
    expect((wrapper.get('[data-testid="queue-comment"]').element as HTMLTextAreaElement).value).toBe('同意')

    await wrapper.get('[data-testid="queue-approve"]').trigger('click')
    const again = await until(() => {
      const b = [...document.querySelectorAll('.approve-confirm')].find((e) => (e.closest('.el-overlay') as HTMLElement | null)?.style.display !== 'none')
      expect(b).toBeTruthy()
      return b!
    })
    ;(again.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click()
    await until(() => expect(caseNo(wrapper)).toBe('2503-0002'))
    expect(backend.last('approve_resolution')!.args).toEqual({ id: 1, version: 10, comment: '同意', confirmed: true })
    expect(messages().some((m) => m.includes('2503-0001 已审批通过'))).toBe(true)
  })

  it("shows the customer's other cases beside the proposal", async () => {
    const earlier = row({ id: 9, caseNo: '2411-0007', status: 'closed', content: '上次同款产品漏水，已赔偿', receivedAt: '2024-11-03T02:00:00Z' })
    const { wrapper } = await mountQueue({
      case_workflow: (a) => workflow({ case: fullCase(a.id as number), actions: [], customerCases: a.id === 1 ? [earlier] : [] }),
    })
    await until(() => expect(wrapper.get('[data-testid="queue-history-title"]').text()).toBe('客户历史（该客户的其他案件 1 件）'))
    const history = wrapper.get('[data-testid="queue-history"]').text()
    for (const s of ['2411-0007', '2024-11-03', '已结案', '上次同款产品漏水，已赔偿']) expect(history, s).toContain(s)
    await press('j')
    await until(() => expect(wrapper.get('[data-testid="queue-history-title"]').text()).toBe('该客户没有其他案件'))
    expect(wrapper.find('[data-testid="queue-history"]').exists()).toBe(false)
  })

  it('send back without a comment shows Rust\'s message under the comment box and keeps the case', async () => {
    const { wrapper, backend } = await mountQueue()
    await wrapper.get('[data-testid="queue-send-back"]').trigger('click')
    const item = wrapper.get('[data-testid="queue-comment"]').element.closest('.el-form-item')!
    // Element Plus shows a form item's error after a 100 ms debounce.
    await until(() => expect(item.querySelector('.el-form-item__error')?.textContent).toContain('请填写退回意见'))
    expect(backend.last('send_back_resolution')!.args).toEqual({ id: 1, version: 10, comment: '' })
    expect(caseNo(wrapper)).toBe('2503-0001')
    expect(position(wrapper)).toBe('第 1 / 3 件')
    expect(backend.of('approval_queue')).toHaveLength(1) // a field error is not a reason to reload
  })

  it('a refusal beyond the approver\'s authority is shown and the queue is reloaded', async () => {
    const msg = '方案金额 ¥173,450.00 超出您的核决权限（业务部门经理），需由副总经理审批'
    const { wrapper, backend, setQueue } = await mountQueue({
      approve_resolution: () => {
        throw { code: 'FORBIDDEN', message: msg }
      },
    })
    setQueue(ITEMS.slice(1))
    await press('a')
    // The reloaded queue is shown.
    await until(() => expect(position(wrapper)).toBe('第 1 / 2 件'))
    expect(backend.of('approve_resolution')).toHaveLength(1)
    expect(messages().some((m) => m.includes(msg))).toBe(true)
    expect(backend.of('approval_queue')).toHaveLength(2)
    expect(caseNo(wrapper)).toBe('2503-0002')
  })

  it('STALE_EDIT reloads the queue and reads the case again for its new version', async () => {
    let version = 10
    let tries = 0
    const { wrapper, backend } = await mountQueue({
      // The content tells which version was read.
      case_workflow: () => workflow({ case: kase({ id: 1, version, content: `第 ${version} 版` }), actions: [] }),
      approve_resolution: (a) => {
        tries++
        if (a.version !== 11) throw { code: 'STALE_EDIT', message: '该案件已被他人修改，请刷新后再编辑' }
        return kase({ id: 1, version: 12, status: 'approved' })
      },
    })
    await until(() => expect(wrapper.get('[data-testid="queue-content"]').text()).toBe('第 10 版'))
    version = 11
    await press('a')
    await until(() => expect(messages().some((m) => m.includes('该案件已被他人修改'))).toBe(true))
    expect(backend.of('approval_queue')).toHaveLength(2)
    // Read again: the new version is the one the next decision carries.
    await until(() => expect(wrapper.get('[data-testid="queue-content"]').text()).toBe('第 11 版'))
    await press('a')
    await until(() => expect(tries).toBe(2))
    expect(backend.last('approve_resolution')!.args).toMatchObject({ id: 1, version: 11 })
  })

  it('the last decision leaves the empty state', async () => {
    const { wrapper } = await mountQueue({}, ITEMS.slice(0, 1))
    await wrapper.get('[data-testid="queue-approve"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="queue-empty"]').text()).toContain('暂无待审批的方案'))
    expect(wrapper.find('[data-testid="queue-position"]').exists()).toBe(false)
  })

  it('an empty queue says so', async () => {
    const { wrapper } = await mountQueue({}, [])
    expect(wrapper.get('[data-testid="queue-empty"]').text()).toContain('暂无待审批的方案')
    expect(wrapper.find('[data-testid="queue-approve"]').exists()).toBe(false)
  })
})
