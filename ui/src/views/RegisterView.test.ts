import { describe, expect, it } from 'vitest'
import type { CustomerHistory, NewCase } from '@/ipc'
import { session } from '@/session'
import RegisterView from './RegisterView.vue'
import { appInfo, fakeBackend, kase, mountWith, row, typeInto, until } from '@/test/helpers'

async function mountForm(handlers: Parameters<typeof fakeBackend>[0] = {}) {
  const backend = fakeBackend(handlers)
  session.info = appInfo()
  const mounted = await mountWith(RegisterView, { path: '/register' })
  return { backend, ...mounted }
}

async function fillRequired(w: Awaited<ReturnType<typeof mountWith>>['wrapper']) {
  await typeInto(w, '[data-testid="field-customerName"]', '张三')
  await typeInto(w, '[data-testid="field-content"]', '菜里有头发')
  await typeInto(w, '[data-testid="field-customerRequest"]', '退款')
}

describe('登记投诉', () => {
  it('shows the grouped form with required marks, the receiver and the reception checklist', async () => {
    const { wrapper } = await mountForm()
    for (const f of ['receivedAt', 'channel', 'customerName', 'customerPhone', 'content', 'customerRequest', 'severity']) {
      expect(wrapper.get(`[data-testid="field-${f}"]`).classes(), f).toContain('is-required')
    }
    for (const f of ['customerAddress', 'customerOrg', 'claimAmountFen', 'nature', 'causeType', 'departmentId', 'orderNo', 'itemNo', 'quantity', 'deliveryDate', 'defectiveQuantity', 'market', 'sampleKept', 'sampleNote']) {
      expect(wrapper.find(`[data-testid="field-${f}"]`).exists(), f).toBe(true)
    }
    expect(wrapper.get('[data-testid="receiver-name"]').text()).toBe('王小明')
    const checklist = wrapper.get('[data-testid="reception-checklist"]').text()
    expect(checklist).toContain('接待要点')
    expect(checklist).toContain('耐心倾听，不打断客户')
    expect(checklist).toContain('跟踪回访')
    expect(wrapper.get('[data-testid="register-submit"]').text()).toBe('提交登记')
  })

  it('a property or a mall asks nothing of goods: no 订单编号, 料号, 数量, 不良数量, 交运日期 or 市场', async () => {
    fakeBackend()
    session.info = appInfo({ goodsFields: false })
    const { wrapper } = await mountWith(RegisterView, { path: '/register' })
    await until(() => wrapper.get('[data-testid="field-customerName"]'))
    expect(wrapper.find('[data-testid="form-goods"]').exists()).toBe(false)
    for (const f of ['orderNo', 'itemNo', 'quantity', 'deliveryDate', 'defectiveQuantity', 'market']) {
      expect(wrapper.find(`[data-testid="field-${f}"]`).exists(), f).toBe(false)
    }
    for (const f of ['customerName', 'content', 'claimAmountFen', 'sampleKept']) expect(wrapper.find(`[data-testid="field-${f}"]`).exists(), f).toBe(true)
  })

  it('every text field counts toward the limit Rust enforces, an emoji or 𠮷 as one character', async () => {
    const { wrapper } = await mountForm()
    const counter = (f: string) => wrapper.get(`[data-testid="field-${f}"] .el-input__count`).text().replace(/\s/g, '')
    const limits: Record<string, number> = {
      customerPhone: 40,
      customerName: 50,
      customerAddress: 200,
      customerOrg: 100,
      content: 2000,
      customerRequest: 1000,
      orderNo: 50,
      itemNo: 50,
      sampleNote: 500,
    }
    for (const [f, max] of Object.entries(limits)) expect(counter(f), f).toBe(`0/${max}`)
    await typeInto(wrapper, '[data-testid="field-content"]', '楼上漏水😡')
    await typeInto(wrapper, '[data-testid="field-customerName"]', '𠮷田')
    await until(() => expect(counter('content')).toBe('5/2000'))
    expect(counter('customerName')).toBe('2/50')
  })

  it('submits register_case with the amount in fen and opens the new case', async () => {
    const { wrapper, backend, router } = await mountForm({
      register_case: () => kase({ id: 42, caseNo: '2503-0042' }),
    })
    await fillRequired(wrapper)
    await typeInto(wrapper, '[data-testid="field-customerPhone"]', '021-555')
    await typeInto(wrapper, '[data-testid="field-claimAmountFen"]', '12,345.6')
    await wrapper.get('[data-testid="register-submit"]').trigger('click')
    // Registered: the new case opens.
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/cases/42'))

    const input = backend.last('register_case')!.args.input as NewCase
    expect(input).toMatchObject({
      customerName: '张三',
      customerPhone: '021-555',
      content: '菜里有头发',
      customerRequest: '退款',
      claimAmountFen: 1234560,
      channel: 'phone',
      severity: 'normal',
      relatedCaseId: null,
      quantity: null,
      deliveryDate: null,
      sampleKept: false,
    })
    expect(input.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(document.body.textContent).toContain('已登记，编号 2503-0042')
  })

  it('does not block submission client-side; shows the Rust VALIDATION message under the field and stays', async () => {
    const { wrapper, backend, router } = await mountForm({
      register_case: () => {
        throw { code: 'VALIDATION', field: 'customerPhone', message: '请填写联系电话' }
      },
    })
    await wrapper.get('[data-testid="register-submit"]').trigger('click') // everything empty

    const item = wrapper.get('[data-testid="field-customerPhone"]')
    // Element Plus shows form-item errors after a 100 ms debounce.
    await until(() => expect(item.get('.el-form-item__error').text()).toBe('请填写联系电话'))
    expect(backend.of('register_case')).toHaveLength(1)
    expect(item.classes()).toContain('is-error')
    expect(document.querySelector('.el-message')?.textContent).toContain('请填写联系电话')
    expect(router.currentRoute.value.fullPath).toBe('/register')
    // Other fields carry no error.
    expect(wrapper.get('[data-testid="field-customerName"]').find('.el-form-item__error').exists()).toBe(false)

    // Typing in the field clears its error.
    await typeInto(wrapper, '[data-testid="field-customerPhone"]', '1')
    await until(() => expect(wrapper.get('[data-testid="field-customerPhone"]').find('.el-form-item__error').exists()).toBe(false))
  })

  it('an empty form submitted shows every field Rust names at once, each under its own field', async () => {
    const { wrapper } = await mountForm({
      register_case: () => {
        throw {
          code: 'VALIDATION',
          field: 'customerName',
          message: '请填写客户姓名',
          others: [
            { field: 'customerPhone', message: '请填写联系电话' },
            { field: 'content', message: '请填写投诉内容概要' },
          ],
        }
      },
    })
    await wrapper.get('[data-testid="register-submit"]').trigger('click')
    const errorOf = (field: string) => wrapper.get(`[data-testid="field-${field}"]`).find('.el-form-item__error')
    await until(() => {
      expect(errorOf('customerName').text()).toBe('请填写客户姓名')
      expect(errorOf('customerPhone').text()).toBe('请填写联系电话')
      expect(errorOf('content').text()).toBe('请填写投诉内容概要')
    })
    expect(errorOf('customerRequest').exists()).toBe(false)
  })

  it('refuses an amount with three decimals without calling Rust', async () => {
    const { wrapper, backend } = await mountForm({ register_case: () => kase() })
    await typeInto(wrapper, '[data-testid="field-claimAmountFen"]', '1.005')
    await wrapper.get('[data-testid="register-submit"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="field-claimAmountFen"] .el-form-item__error').text()).toContain('金额格式不正确'))
    expect(backend.of('register_case')).toHaveLength(0)
  })

  it('says a negative or too large amount is one, not that it is badly written', async () => {
    const { wrapper, backend } = await mountForm({ register_case: () => kase() })
    for (const [typed, words] of [
      ['-500', '金额不能为负'],
      ['20,000,000,000', '金额过大'],
    ]) {
      await typeInto(wrapper, '[data-testid="field-claimAmountFen"]', typed)
      await wrapper.get('[data-testid="register-submit"]').trigger('click')
      await until(() => expect(wrapper.get('[data-testid="field-claimAmountFen"] .el-form-item__error').text()).toContain(words))
      expect(wrapper.get('[data-testid="field-claimAmountFen"] .el-form-item__error').text()).not.toContain('格式不正确')
    }
    expect(backend.of('register_case')).toHaveLength(0)
  })

  it('typing a phone shows the history, fills the customer and warns of a 二次投诉', async () => {
    const history: CustomerHistory = {
      customer: { id: 3, name: '张三', phone: '13812345678', address: '3栋1201', org: '', createdAt: '2025-01-01T00:00:00Z' },
      cases: [
        row({ id: 5, caseNo: '2503-0005', status: 'investigating', content: '上次的投诉' }),
        row({ id: 2, caseNo: '2412-0002', status: 'closed', content: '很久以前' }),
      ],
      openOrRecentIds: [5],
    }
    const { wrapper, backend } = await mountForm({
      customer_history: () => history,
      register_case: () => kase({ id: 43 }),
    })
    await typeInto(wrapper, '[data-testid="field-customerPhone"]', '13812345678')
    // The lookup is debounced.
    await until(() => expect(backend.last('customer_history')?.args).toEqual({ phone: '13812345678' }))

    const panel = await until(() => wrapper.get('[data-testid="customer-history"]'))
    expect(panel.text()).toContain('该客户的历史投诉')
    expect(panel.text()).toContain('2503-0005')
    expect(panel.text()).toContain('上次的投诉')
    expect(panel.text()).toContain('调查中')
    expect(panel.text()).toContain('2412-0002')
    expect(wrapper.get('[data-testid="repeat-warning"]').text()).toContain('该客户有未结或近期的投诉，本次将标记为二次投诉')
    // Empty customer fields are filled from the stored customer.
    expect((wrapper.get('[data-testid="field-customerName"] input').element as HTMLInputElement).value).toBe('张三')
    expect((wrapper.get('[data-testid="field-customerAddress"] input').element as HTMLInputElement).value).toBe('3栋1201')

    await typeInto(wrapper, '[data-testid="field-content"]', '又出问题')
    await typeInto(wrapper, '[data-testid="field-customerRequest"]', '退款')
    await wrapper.get('[data-testid="register-submit"]').trigger('click')
    await until(() => expect((backend.last('register_case')!.args.input as NewCase).relatedCaseId).toBe(5))
  })

  it('looks the customer up when the phone field loses focus, and keeps typed names', async () => {
    const { wrapper, backend } = await mountForm({
      customer_history: () => ({
        customer: { id: 3, name: '张三', phone: '1381234', address: 'A座', org: '某公司', createdAt: '2025-01-01T00:00:00Z' },
        cases: [],
        openOrRecentIds: [],
      }),
    })
    await typeInto(wrapper, '[data-testid="field-customerName"]', '张先生')
    const input = await typeInto(wrapper, '[data-testid="field-customerPhone"]', '1381234')
    input.dispatchEvent(new FocusEvent('blur'))
    // The customer found fills the empty fields.
    await until(() => expect((wrapper.get('[data-testid="field-customerOrg"] input').element as HTMLInputElement).value).toBe('某公司'))
    expect(backend.of('customer_history')).toHaveLength(1)
    expect((wrapper.get('[data-testid="field-customerName"] input').element as HTMLInputElement).value).toBe('张先生')
    expect(wrapper.find('[data-testid="repeat-warning"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="customer-history"]').exists()).toBe(false) // nothing earlier to show
  })
})
