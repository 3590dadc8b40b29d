import { describe, expect, it } from 'vitest'
import type { DOMWrapper, VueWrapper } from '@vue/test-utils'
import type { Assessment, CaseAction, CaseWorkflow, CustomerAnswer, FollowUp, Investigation, Proposal } from '@/ipc'
import CaseDetail from '@/views/CaseDetail.vue'
import CaseActions from './CaseActions.vue'
import { fakeBackend, kase, mountWith, typeInto, until } from '@/test/helpers'
import { approval, resolution, workflow } from '@/test/workflow'

type Handlers = Parameters<typeof fakeBackend>[0]

/** The case detail over a backend whose workflow answer is `state()` at each call. */
async function mountDetail(state: () => CaseWorkflow, handlers: Handlers = {}) {
  const backend = fakeBackend({ case_workflow: () => state(), ...handlers })
  const mounted = await mountWith(CaseDetail, { props: { id: 7 }, path: '/cases/7' })
  return { backend, ...mounted }
}

type W = VueWrapper | DOMWrapper<Element>

/** Opens an Element Plus select and clicks the option with that label, as a user does. */
async function choose(wrapper: W, testid: string, label: string) {
  await wrapper.get(`[data-testid="${testid}"] .el-select__wrapper`).trigger('click')
  // The newest dropdown is the one just opened (a closed one may linger while it fades).
  const option = await until(() => {
    const li = [...document.querySelectorAll('.el-select-dropdown__item')].filter((li) => li.textContent?.trim() === label).at(-1)
    if (!li) throw new Error(`no option ${label} in ${testid}`)
    return li as HTMLElement
  })
  option.click()
  await until(() => expect(wrapper.get(`[data-testid="${testid}"]`).text()).toContain(label))
}

/** Clicks the radio button with that label inside a radio group. */
async function pickRadio(wrapper: W, testid: string, label: string) {
  const button = wrapper.get(`[data-testid="${testid}"]`).findAll('label').find((l) => l.text() === label)
  if (!button) throw new Error(`no radio ${label} in ${testid}`)
  await button.get('input').setValue(true)
  await until(() => expect(button.classes()).toContain('is-active'))
}

/** The error Element Plus shows under the form item holding that field (it shows after a 100 ms debounce: wait with until). */
function errorUnder(wrapper: W, testid: string): string | undefined {
  const el = wrapper.get(`[data-testid="${testid}"]`).element
  const item = el.classList.contains('el-form-item') ? el : el.closest('.el-form-item')!
  // Its own message, not one of a form item nested in it (the rows of a table).
  const own = [...item.querySelectorAll('.el-form-item__error')].find((e) => e.closest('.el-form-item') === item)
  return own?.textContent?.trim()
}

const valueOf = (w: W, testid: string) => (w.get(`[data-testid="${testid}"]`).element as HTMLInputElement).value
/** Every ElMessage on screen. */
const message = () => [...document.querySelectorAll('.el-message')].map((m) => m.textContent).join(' | ')

describe('可进行的操作', () => {
  it('shows exactly the buttons Rust allows, in its order', async () => {
    fakeBackend()
    const actions: CaseAction[] = ['investigate', 'propose', 'route']
    const { wrapper } = await mountWith(CaseActions, { props: { wf: workflow({ actions }) } })
    const buttons = wrapper.findAll('[data-testid^="action-"]')
    expect(buttons.map((b) => b.attributes('data-testid'))).toEqual(['action-investigate', 'action-propose', 'action-route'])
    expect(buttons.map((b) => b.text())).toEqual(['记录调查', '提出方案', '分派'])
    expect(wrapper.find('[data-testid="action-none"]').exists()).toBe(false)
  })

  it('with nothing allowed says what the case waits for', async () => {
    fakeBackend()
    const { wrapper } = await mountWith(CaseActions, {
      props: { wf: workflow({ case: kase({ status: 'routed' }), actions: [] }) },
    })
    expect(wrapper.findAll('button')).toHaveLength(0)
    expect(wrapper.get('[data-testid="action-none"]').text()).toBe('等待部门接收')
    await wrapper.setProps({ wf: workflow({ case: kase({ status: 'proposed' }), actions: [] }) })
    expect(wrapper.get('[data-testid="action-none"]').text()).toBe('等待审批')
  })
})

describe('评估与分派', () => {
  it('sends the assessment prefilled from the case, then offers routing with the rules’ proposal', async () => {
    let state = workflow({ actions: ['assess'] })
    const { wrapper, backend } = await mountDetail(() => state, {
      assess_case: () => {
        const c = kase({ status: 'assessed', version: 2, validity: 'valid', malicious: true })
        state = workflow({ case: c, actions: ['route'], proposedDepartmentId: 2 })
        return { case: c, proposedDepartmentId: 2 }
      },
      route_case: (a) => {
        const c = kase({ status: 'routed', version: 3, departmentId: a.departmentId as number })
        state = workflow({ case: c, actions: [] })
        return c
      },
    })
    await wrapper.get('[data-testid="action-assess"]').trigger('click')
    // Prefilled from the registration: 品质异常 / 出品质量 / 重要.
    await until(() => expect(wrapper.get('[data-testid="assess-nature"]').text()).toContain('品质异常'))
    expect(wrapper.get('[data-testid="assess-cause"]').text()).toContain('出品质量')
    expect(wrapper.get('[data-testid="assess-severity"] .is-active').text()).toBe('重要')
    expect(wrapper.get('[data-testid="assess-valid"] .is-active').text()).toBe('有效')
    await wrapper.get('[data-testid="assess-malicious"] input').setValue(true)
    await typeInto(wrapper, '[data-testid="assess-explanation"]', '属实，菜品质量问题')
    await wrapper.get('[data-testid="assess-submit"]').trigger('click')

    await until(() => expect(backend.last('assess_case')!.args).toEqual({
      id: 7,
      version: 1,
      assessment: {
        valid: true,
        nature: 'quality',
        causeType: 'product',
        severity: 'important',
        malicious: true,
        explanation: '属实，菜品质量问题',
      } satisfies Assessment,
    }))
    await until(() => expect(message()).toContain('已评估'))
    await until(() => expect(wrapper.find('[data-testid="assess-submit"]').exists()).toBe(false))

    // The route dialog follows, with the proposal chosen and named.
    await until(() => expect(wrapper.get('[data-testid="route-proposal"]').text()).toBe('规则建议：品质部'))
    expect(wrapper.get('[data-testid="route-department"]').text()).toContain('品质部')
    // The reloaded case allows 分派.
    await until(() => expect(wrapper.find('[data-testid="action-route"]').exists()).toBe(true))
    await wrapper.get('[data-testid="route-submit"]').trigger('click')
    await until(() => expect(backend.last('route_case')!.args).toEqual({ id: 7, version: 2, departmentId: 2, reason: '' }))
    await until(() => expect(wrapper.find('[data-testid="route-submit"]').exists()).toBe(false))
    await until(() => expect(wrapper.get('[data-testid="detail-status"]').text()).toBe('已分派'))
    await until(() => expect(wrapper.get('[data-testid="action-none"]').text()).toBe('等待部门接收'))
    expect(backend.of('case_workflow')).toHaveLength(3)
    expect(backend.of('case_timeline')).toHaveLength(3)
  })

  it('转交 offers the other agents, sends the one picked with the reason, and says who has the case now', async () => {
    let current = kase({ receiverId: 1, receiverName: '王小明' })
    const { wrapper, backend } = await mountDetail(() => workflow({ case: current, actions: ['transfer', 'edit'] }), {
      list_agents: () => [
        { id: 1, name: '王小明' },
        { id: 5, name: '黄蓉' },
      ],
      transfer_case: (a) => {
        current = kase({ receiverId: 5, receiverName: '黄蓉', version: 2 })
        if (a.reason === '') throw { code: 'VALIDATION', field: 'reason', message: '请填写转交原因' }
        return current
      },
    })
    await wrapper.get('[data-testid="action-transfer"]').trigger('click')
    await until(() => wrapper.get('[data-testid="transfer-to"]'))
    expect(wrapper.get('[data-testid="transfer-hint"]').text()).toContain('首问负责制')
    // Nothing picked: refused before Rust is asked.
    await wrapper.get('[data-testid="transfer-submit"]').trigger('click')
    await until(() => expect(errorUnder(wrapper, 'transfer-to')).toBe('请选择接手的客服专员'))
    expect(backend.of('transfer_case')).toHaveLength(0)
    // The receiver himself is not offered.
    await wrapper.get('[data-testid="transfer-to"] .el-select__wrapper').trigger('click')
    await until(() => expect([...document.querySelectorAll('.el-select-dropdown__item')].map((li) => li.textContent?.trim())).toContain('黄蓉'))
    expect([...document.querySelectorAll('.el-select-dropdown__item')].map((li) => li.textContent?.trim())).not.toContain('王小明')
    await choose(wrapper, 'transfer-to', '黄蓉')
    await typeInto(wrapper, '[data-testid="transfer-reason"]', '王小明休假，由黄蓉跟进')
    await wrapper.get('[data-testid="transfer-submit"]').trigger('click')
    await until(() => expect(backend.last('transfer_case')!.args).toEqual({ id: 7, version: 1, toUserId: 5, reason: '王小明休假，由黄蓉跟进' }))
    await until(() => expect(message()).toContain('案件已转交给 黄蓉'))
    await until(() => expect(wrapper.text()).toContain('黄蓉'))
  })

  it('routing to another department than proposed: Rust’s demand for a reason shows under the reason', async () => {
    const { wrapper, backend } = await mountDetail(
      () => workflow({ case: kase({ status: 'assessed', departmentId: null, departmentName: null }), actions: ['route'], proposedDepartmentId: 2 }),
      {
        route_case: () => {
          throw { code: 'VALIDATION', field: 'reason', message: '请填写改派原因' }
        },
      },
    )
    await wrapper.get('[data-testid="action-route"]').trigger('click')
    await until(() => wrapper.get('[data-testid="route-department"]'))
    await choose(wrapper, 'route-department', '客服部')
    await wrapper.get('[data-testid="route-submit"]').trigger('click')
    await until(() => expect(backend.last('route_case')!.args).toMatchObject({ departmentId: 1, reason: '' }))
    await until(() => expect(errorUnder(wrapper, 'route-reason')).toBe('请填写改派原因'))
    expect(wrapper.find('[data-testid="route-submit"]').exists()).toBe(true)
  })

  it('an invalid complaint: the explanation Rust asks for shows under it and the dialog stays open', async () => {
    const { wrapper, backend } = await mountDetail(() => workflow({ actions: ['assess'] }), {
      assess_case: () => {
        throw { code: 'VALIDATION', field: 'explanation', message: '请填写无效原因说明' }
      },
    })
    await wrapper.get('[data-testid="action-assess"]').trigger('click')
    await until(() => wrapper.get('[data-testid="assess-valid"]'))
    await pickRadio(wrapper, 'assess-valid', '无效')
    expect(wrapper.text()).toContain('无效原因说明')
    await wrapper.get('[data-testid="assess-submit"]').trigger('click')
    await until(() => expect((backend.last('assess_case')!.args.assessment as Assessment).valid).toBe(false))
    await until(() => expect(errorUnder(wrapper, 'assess-explanation')).toBe('请填写无效原因说明'))
    expect(wrapper.find('[data-testid="assess-submit"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="route-submit"]').exists()).toBe(false)
  })
})

describe('调查', () => {
  const investigating = () =>
    workflow({
      case: kase({ status: 'investigating', version: 4 }),
      actions: ['investigate', 'propose'],
      investigation: {
        causeAnalysis: '厨师未戴帽',
        measures: '',
        responsibilities: [
          { departmentId: 2, person: '张厨', ratioPercent: 60 },
          { departmentId: 1, person: '', ratioPercent: 30 },
        ],
        actions: [{ kind: 'corrective', description: '后厨戴帽检查', owner: '王主管', dueDate: '2025-03-20' }],
      },
    })

  it('opens with the saved investigation, totals the shares live and shows Rust’s refusal of the total', async () => {
    const { wrapper, backend } = await mountDetail(investigating, {
      record_investigation: () => {
        throw { code: 'VALIDATION', field: 'responsibilities', message: '责任比例合计须为 100%（现为 90%）' }
      },
    })
    await wrapper.get('[data-testid="action-investigate"]').trigger('click')
    await until(() => expect(valueOf(wrapper, 'inv-cause')).toBe('厨师未戴帽'))
    expect(valueOf(wrapper, 'inv-resp-person-0')).toBe('张厨')
    expect(wrapper.get('[data-testid="inv-resp-dept-0"]').text()).toContain('品质部')
    const total = wrapper.get('[data-testid="inv-resp-total"]')
    expect(total.text()).toBe('合计 90%')
    expect(total.classes()).toContain('bad')

    await typeInto(wrapper, '[data-testid="inv-measures"]', '当面致歉')
    await wrapper.get('[data-testid="inv-submit"]').trigger('click')
    await until(() => expect(backend.last('record_investigation')!.args).toEqual({
      id: 7,
      version: 4,
      investigation: {
        causeAnalysis: '厨师未戴帽',
        measures: '当面致歉',
        responsibilities: [
          { departmentId: 2, person: '张厨', ratioPercent: 60 },
          { departmentId: 1, person: '', ratioPercent: 30 },
        ],
        actions: [{ kind: 'corrective', description: '后厨戴帽检查', owner: '王主管', dueDate: '2025-03-20' }],
      } satisfies Investigation,
    }))
    await until(() => expect(errorUnder(wrapper, 'inv-responsibilities')).toBe('责任比例合计须为 100%（现为 90%）'))
    expect(wrapper.find('[data-testid="inv-submit"]').exists()).toBe(true)

    await typeInto(wrapper, '[data-testid="inv-resp-ratio-1"]', '40')
    expect(wrapper.get('[data-testid="inv-resp-total"]').text()).toBe('合计 100%')
    expect(wrapper.get('[data-testid="inv-resp-total"]').classes()).not.toContain('bad')
  })

  it('a share error on one row shows on that row; a new row takes what is left', async () => {
    const { wrapper } = await mountDetail(investigating, {
      record_investigation: () => {
        throw { code: 'VALIDATION', field: 'responsibilities[1].ratioPercent', message: '第 2 行的责任比例应在 1% 至 100% 之间' }
      },
    })
    await wrapper.get('[data-testid="action-investigate"]').trigger('click')
    await (await until(() => wrapper.get('[data-testid="inv-resp-add"]'))).trigger('click')
    await until(() => expect(valueOf(wrapper, 'inv-resp-ratio-2')).toBe('10'))
    await wrapper.get('[data-testid="inv-resp-remove-2"]').trigger('click')
    await wrapper.get('[data-testid="inv-submit"]').trigger('click')
    await until(() => expect(errorUnder(wrapper, 'inv-resp-ratio-1')).toBe('第 2 行的责任比例应在 1% 至 100% 之间'))
    expect(errorUnder(wrapper, 'inv-resp-ratio-0')).toBeUndefined()
  })
})

describe('方案', () => {
  const investigating = () => workflow({ case: kase({ status: 'investigating', version: 5 }), actions: ['investigate', 'propose'] })

  it('amount defaults to quantity × unit price in fen, stays editable, and the proposal is sent in fen', async () => {
    const { wrapper, backend } = await mountDetail(investigating, {
      propose_resolution: () => kase({ status: 'proposed', version: 6 }),
    })
    await wrapper.get('[data-testid="action-propose"]').trigger('click')
    await until(() => wrapper.get('[data-testid="prop-kind-0"]'))
    await choose(wrapper, 'prop-kind-0', '退货')
    await typeInto(wrapper, '[data-testid="prop-quantity-0"]', '1000')
    await typeInto(wrapper, '[data-testid="prop-price-0"]', '35.50')
    expect(valueOf(wrapper, 'prop-amount-0')).toBe('35500.00')
    expect(wrapper.get('[data-testid="prop-offered"]').text()).toBe('¥35,500.00')
    expect(wrapper.text()).toContain('损失金额按其 20% 核算')

    // Integer fen: 3 × 0.29 is 0.87, not 0.8699999….
    await wrapper.get('[data-testid="prop-add"]').trigger('click')
    await until(() => wrapper.get('[data-testid="prop-kind-1"]'))
    await choose(wrapper, 'prop-kind-1', '补送/换货')
    await typeInto(wrapper, '[data-testid="prop-quantity-1"]', '3')
    await typeInto(wrapper, '[data-testid="prop-price-1"]', '0.29')
    expect(valueOf(wrapper, 'prop-amount-1')).toBe('0.87')

    // A typed amount is kept when the quantity changes afterwards.
    await wrapper.get('[data-testid="prop-add"]').trigger('click')
    await until(() => wrapper.get('[data-testid="prop-quantity-2"]'))
    await typeInto(wrapper, '[data-testid="prop-quantity-2"]', '2')
    await typeInto(wrapper, '[data-testid="prop-price-2"]', '100')
    expect(valueOf(wrapper, 'prop-amount-2')).toBe('200.00')
    await typeInto(wrapper, '[data-testid="prop-amount-2"]', '5,000')
    await typeInto(wrapper, '[data-testid="prop-quantity-2"]', '4')
    expect(valueOf(wrapper, 'prop-amount-2')).toBe('5,000')
    // 退货 35,500 + 补送 0.87 + 赔偿 5,000 (its amount counts, not quantity × price).
    expect(wrapper.get('[data-testid="prop-offered"]').text()).toBe('¥40,500.87')

    await typeInto(wrapper, '[data-testid="prop-opinion"]', '同意退货并赔偿')
    await wrapper.get('[data-testid="prop-submit"]').trigger('click')
    await until(() => expect(backend.last('propose_resolution')!.args).toEqual({
      id: 7,
      version: 5,
      proposal: {
        lines: [
          { kind: 'return', quantity: 1000, unitPriceFen: 3550, amountFen: 3550000, transportFen: 0, note: '' },
          { kind: 'replacement', quantity: 3, unitPriceFen: 29, amountFen: 87, transportFen: 0, note: '' },
          { kind: 'compensation', quantity: 4, unitPriceFen: 10000, amountFen: 500000, transportFen: 0, note: '' },
        ],
        opinion: '同意退货并赔偿',
      } satisfies Proposal,
    }))
    await until(() => expect(message()).toContain('方案已提交审批'))
  })

  it('an amount that is not one is marked on its cell without calling Rust; Rust’s line error lands on its cell', async () => {
    const { wrapper, backend } = await mountDetail(investigating, {
      propose_resolution: () => {
        throw { code: 'VALIDATION', field: 'lines[0].quantity', message: '第 1 行退货须填写数量和单价' }
      },
    })
    await wrapper.get('[data-testid="action-propose"]').trigger('click')
    await until(() => wrapper.get('[data-testid="prop-amount-0"]'))
    await typeInto(wrapper, '[data-testid="prop-amount-0"]', '12.345')
    await wrapper.get('[data-testid="prop-submit"]').trigger('click')
    await until(() => expect(errorUnder(wrapper, 'prop-amount-0')).toContain('金额格式不正确'))
    expect(backend.of('propose_resolution')).toHaveLength(0)
    await typeInto(wrapper, '[data-testid="prop-amount-0"]', '-12.34')
    await wrapper.get('[data-testid="prop-submit"]').trigger('click')
    await until(() => expect(errorUnder(wrapper, 'prop-amount-0')).toContain('金额不能为负'))
    expect(backend.of('propose_resolution')).toHaveLength(0)

    await typeInto(wrapper, '[data-testid="prop-amount-0"]', '12.34')
    await wrapper.get('[data-testid="prop-submit"]').trigger('click')
    await until(() => expect(backend.of('propose_resolution')).toHaveLength(1))
    await until(() => expect(errorUnder(wrapper, 'prop-quantity-0')).toBe('第 1 行退货须填写数量和单价'))
    expect(wrapper.find('[data-testid="prop-submit"]').exists()).toBe(true)
  })

  it('a sent-back proposal opens with the current lines for revision', async () => {
    const { wrapper } = await mountDetail(() => workflow({ case: kase({ status: 'investigating' }), actions: ['propose'], resolution: resolution() }))
    await wrapper.get('[data-testid="action-propose"]').trigger('click')
    await until(() => expect(valueOf(wrapper, 'prop-quantity-0')).toBe('1000'))
    expect(valueOf(wrapper, 'prop-price-0')).toBe('35.50')
    expect(valueOf(wrapper, 'prop-amount-1')).toBe('5000.00')
    expect(wrapper.get('[data-testid="prop-offered"]').text()).toBe('¥40,500.00')
    expect(valueOf(wrapper, 'prop-opinion')).toBe('同意退货并赔偿误工')
  })
})

describe('审批', () => {
  const proposed = () =>
    workflow({
      case: kase({ status: 'proposed', version: 8 }),
      actions: ['approve', 'send_back'],
      resolution: resolution({ id: 3, requiredLevel: 'vice_gm', offeredFen: 12000000 }),
      approvals: [
        approval({ id: 1, resolutionId: 2, decision: 'sent_back', comment: '金额过高', approverName: '赵经理' }),
        approval({ id: 2, resolutionId: 3, decision: 'approved', comment: '同意', approverName: '钱副总' }),
      ],
    })

  it('shows the resolution with amounts and approver level, and marks an approval of an earlier proposal', async () => {
    const { wrapper } = await mountDetail(proposed)
    const res = wrapper.get('[data-testid="detail-resolution"]')
    expect(res.findAll('[data-testid="resolution-line"]').map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      // Each line's loss on screen too, not only on paper: 20% of the ¥35,500.00 returned.
      ['退货', '1000', '¥35.50', '¥35,500.00', '', '¥7,100.00', '整批退回'],
      ['索赔/赔偿', '', '', '¥5,000.00', '', '¥5,000.00', ''],
    ])
    expect(res.get('[data-testid="detail-offered"]').text()).toBe('¥120,000.00')
    expect(res.get('[data-testid="detail-loss"]').text()).toBe('¥12,100.00')
    expect(res.get('[data-testid="detail-level"]').text()).toBe('需副总经理审批')
    expect(res.text()).toContain('同意退货并赔偿误工')
    expect(res.text()).toContain('李娜')

    const rows = wrapper.get('[data-testid="detail-approvals"]').findAll('[data-testid="approval-row"]')
    expect(rows[0].text()).toContain('赵经理')
    expect(rows[0].text()).toContain('退回')
    expect(rows[0].text()).toContain('金额过高')
    expect(rows[0].get('[data-testid="approval-superseded"]').text()).toBe('已失效（方案已修改）')
    expect(rows[1].text()).toContain('审批通过')
    expect(rows[1].find('[data-testid="approval-superseded"]').exists()).toBe(false)
  })

  it('approves with the comment; sending back without one shows Rust’s message under the comment', async () => {
    const { wrapper, backend } = await mountDetail(proposed, {
      approve_resolution: () => kase({ status: 'approved', version: 9 }),
      send_back_resolution: () => {
        throw { code: 'VALIDATION', field: 'comment', message: '请填写退回意见' }
      },
    })
    await wrapper.get('[data-testid="action-send_back"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="approve-summary"]').text()).toContain('¥120,000.00'))
    await wrapper.get('[data-testid="sendback-submit"]').trigger('click')
    await until(() => expect(backend.last('send_back_resolution')!.args).toEqual({ id: 7, version: 8, comment: '' }))
    await until(() => expect(errorUnder(wrapper, 'sendback-comment')).toBe('请填写退回意见'))
    await wrapper.get('[data-testid="sendback-submit-dialog"]').get('button').trigger('click') // ✕
    await until(() => expect(wrapper.find('[data-testid="sendback-submit"]').exists()).toBe(false))

    await wrapper.get('[data-testid="action-approve"]').trigger('click')
    await until(() => wrapper.get('[data-testid="approve-comment"]'))
    await typeInto(wrapper, '[data-testid="approve-comment"]', ' 同意执行 ')
    await wrapper.get('[data-testid="approve-submit"]').trigger('click')
    await until(() => expect(backend.last('approve_resolution')!.args).toEqual({ id: 7, version: 8, comment: '同意执行', confirmed: false }))
    await until(() => expect(message()).toContain('已审批通过'))
  })

  it('on STALE_EDIT reloads; a dialog whose step is gone is closed', async () => {
    let state = proposed()
    const { wrapper, backend } = await mountDetail(() => state, {
      approve_resolution: () => {
        state = workflow({ case: kase({ status: 'approved', version: 9 }), actions: [] })
        throw { code: 'STALE_EDIT', message: '该案件已被他人修改，请刷新后再编辑' }
      },
    })
    await wrapper.get('[data-testid="action-approve"]').trigger('click')
    await (await until(() => wrapper.get('[data-testid="approve-submit"]'))).trigger('click')
    await until(() => expect(backend.of('case_workflow')).toHaveLength(2))
    await until(() => expect(message()).toContain('该案件已被他人修改'))
    // Closed once the reloaded case no longer allows the step.
    await until(() => expect(wrapper.find('[data-testid="approve-submit"]').exists()).toBe(false))
    await until(() => expect(wrapper.get('[data-testid="detail-status"]').text()).toBe('已审批'))
  })
})

describe('答复、执行、回访、结案', () => {
  it('a rejected answer says a new round was registered and links to it', async () => {
    let state = workflow({ case: kase({ status: 'approved', version: 9 }), actions: ['answer'], resolution: resolution() })
    const { wrapper, backend } = await mountDetail(() => state, {
      answer_customer: () => {
        const c = kase({ status: 'closed', version: 10 })
        const next = kase({ id: 12, caseNo: '2504-0012', parentCaseId: 7, parentCaseNo: '2503-0007', round: 2 })
        state = workflow({ case: c, nextRound: { id: 12, caseNo: '2504-0012' } })
        return { case: c, nextRound: next }
      },
    })
    await wrapper.get('[data-testid="action-answer"]').trigger('click')
    await until(() => wrapper.get('[data-testid="answer-accepted"]'))
    await pickRadio(wrapper, 'answer-accepted', '客户不接受')
    expect(wrapper.get('[data-testid="answer-rejected-hint"]').text()).toContain('新一轮')
    await typeInto(wrapper, '[data-testid="answer-note"]', '客户要求全额退款')
    await wrapper.get('[data-testid="answer-submit"]').trigger('click')
    await until(() => expect(backend.last('answer_customer')!.args).toEqual({
      id: 7,
      version: 9,
      answer: { accepted: false, note: '客户要求全额退款' } satisfies CustomerAnswer,
    }))
    await until(() => expect(message()).toContain('已登记新一轮 2504-0012'))
    const link = await until(() => wrapper.get('[data-testid="detail-next-round"]'))
    expect(link.text()).toBe('2504-0012')
    expect(link.attributes('href')).toContain('/cases/12')
    // Not a green 已结案: the matter went on in the next round.
    expect(wrapper.get('[data-testid="detail-status"]').text()).toBe('客户不接受 · 已转第 2 轮')
  })

  it('a later round links back to the round it came from', async () => {
    const { wrapper } = await mountDetail(() =>
      workflow({ case: kase({ id: 12, caseNo: '2504-0012', parentCaseId: 7, parentCaseNo: '2503-0007', round: 2 }), actions: ['assess'] }),
    )
    const link = wrapper.get('[data-testid="detail-parent-round"]')
    expect(link.text()).toContain('上一轮 2503-0007')
    expect(link.text()).toContain('第 2 轮')
    expect(link.attributes('href')).toContain('/cases/7')
    expect(wrapper.find('[data-testid="detail-next-round"]').exists()).toBe(false)
  })

  it('records a follow-up visit with its UTC time, method and satisfaction, and lists it', async () => {
    let state = workflow({ case: kase({ status: 'executed', version: 11 }), actions: ['follow_up'] })
    const { wrapper, backend } = await mountDetail(() => state, {
      record_follow_up: (a) => {
        const f = a.followUp as FollowUp
        const c = kase({ status: 'followed_up', version: 12 })
        state = workflow({
          case: c,
          actions: ['close'],
          followUps: [{ id: 1, caseId: 7, ...f, actorId: 1, actorName: '王小明', recordedAt: f.visitedAt }],
        })
        return c
      },
    })
    await wrapper.get('[data-testid="action-follow_up"]').trigger('click')
    await until(() => wrapper.get('[data-testid="follow-method"]'))
    const before = Date.now()
    await pickRadio(wrapper, 'follow-method', '上门')
    await pickRadio(wrapper, 'follow-satisfaction', '基本满意')
    await typeInto(wrapper, '[data-testid="follow-remarks"]', '客户表示认可')
    await wrapper.get('[data-testid="follow-submit"]').trigger('click')
    const sent = await until(() => backend.last('record_follow_up')!.args.followUp as FollowUp)
    expect(sent).toMatchObject({ method: 'in_person', satisfaction: 'fairly_satisfied', remarks: '客户表示认可' })
    expect(sent.visitedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Math.abs(Date.parse(sent.visitedAt) - before)).toBeLessThan(120_000)
    // Listed once the case is read again.
    const row = await until(() => wrapper.get('[data-testid="detail-follow-ups"]').get('[data-testid="follow-up-row"]'))
    for (const s of ['上门', '基本满意', '客户表示认可', '王小明']) expect(row.text()).toContain(s)
    expect(wrapper.find('[data-testid="action-close"]').exists()).toBe(true)
  })

  it('accepting a routing is one confirmed click; execute and close send their texts', async () => {
    let state = workflow({ case: kase({ status: 'routed', version: 3 }), actions: ['accept_routing', 'return_routing'] })
    const { wrapper, backend } = await mountDetail(() => state, {
      accept_routing: () => {
        state = workflow({ case: kase({ status: 'answered', version: 4 }), actions: ['execute'] })
        return state.case
      },
      execute_resolution: () => {
        state = workflow({ case: kase({ status: 'followed_up', version: 5 }), actions: ['close'] })
        return state.case
      },
      close_case: () => {
        state = workflow({ case: kase({ status: 'closed', version: 6 }), actions: [] })
        return state.case
      },
    })
    await wrapper.get('[data-testid="action-accept_routing"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="accept-confirm"]').text()).toContain('品质部'))
    await wrapper.get('[data-testid="accept-submit"]').trigger('click')
    await until(() => expect(backend.last('accept_routing')!.args).toEqual({ id: 7, version: 3 }))

    // Offered once the case is read again.
    await (await until(() => wrapper.get('[data-testid="action-execute"]'))).trigger('click')
    await until(() => wrapper.get('[data-testid="execute-note"]'))
    await typeInto(wrapper, '[data-testid="execute-note"]', '已开具折让证明单')
    await wrapper.get('[data-testid="execute-submit"]').trigger('click')
    await until(() => expect(backend.last('execute_resolution')!.args).toEqual({ id: 7, version: 4, note: '已开具折让证明单' }))

    await (await until(() => wrapper.get('[data-testid="action-close"]'))).trigger('click')
    await until(() => wrapper.get('[data-testid="close-summary"]'))
    await typeInto(wrapper, '[data-testid="close-summary"]', '客户满意，归档')
    await wrapper.get('[data-testid="close-submit"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="action-none"]').text()).toBe('已结案'))
    expect(backend.last('close_case')!.args).toEqual({ id: 7, version: 5, summary: '客户满意，归档' })
  })
})
