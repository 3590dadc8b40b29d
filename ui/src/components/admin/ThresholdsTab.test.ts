import { describe, expect, it } from 'vitest'
import type { Thresholds } from '@/ipc'
import ThresholdsTab from './ThresholdsTab.vue'
import { fakeBackend, mountWith, typeInto, until } from '@/test/helpers'

const SEED: Thresholds = { salesManagerMaxFen: 10000000, viceGmMaxFen: 15000000, confirmAboveFen: 1000000 }

async function mountThresholds(handlers: Parameters<typeof fakeBackend>[0] = {}) {
  const backend = fakeBackend({ get_thresholds: () => SEED, set_thresholds: (a) => a.thresholds, ...handlers })
  const mounted = await mountWith(ThresholdsTab, { path: '/admin' })
  return { backend, ...mounted }
}

type W = Awaited<ReturnType<typeof mountThresholds>>['wrapper']

const value = (w: W, id: string) => (w.get(`input[data-testid="${id}"]`).element as HTMLInputElement).value
const table = (w: W) =>
  w
    .get('[data-testid="admin-threshold-table"]')
    .findAll('.el-table__body tr')
    .map((tr) => tr.findAll('td').map((td) => td.text().trim()))
const errorUnder = (w: W, id: string) =>
  w.get(`[data-testid="${id}"]`).element.closest('.el-form-item')!.querySelector('.el-form-item__error')?.textContent?.trim()

describe('系统管理 · 核决权限', () => {
  it('shows the amounts in force in yuan and who approves what', async () => {
    const { wrapper } = await mountThresholds()
    expect(value(wrapper, 'admin-threshold-sales')).toBe('100000.00')
    expect(value(wrapper, 'admin-threshold-vice')).toBe('150000.00')
    expect(value(wrapper, 'admin-threshold-confirm')).toBe('10000.00')
    expect(table(wrapper)).toEqual([
      ['≤ ¥100,000.00', '业务部门经理'],
      ['¥100,000.01 – ¥150,000.00', '副总经理'],
      ['> ¥150,000.00', '总经理'],
    ])
  })

  it('sends exact fen for the yuan typed and shows what Rust saved', async () => {
    const { wrapper, backend } = await mountThresholds()
    await typeInto(wrapper, '[data-testid="admin-threshold-sales"]', '100000')
    await typeInto(wrapper, '[data-testid="admin-threshold-vice"]', '150,000.50')
    await typeInto(wrapper, '[data-testid="admin-threshold-confirm"]', '5000')
    expect(table(wrapper)[1]).toEqual(['¥100,000.01 – ¥150,000.50', '副总经理'])
    await wrapper.get('[data-testid="admin-threshold-save"]').trigger('click')
    // The call goes out on the click; wait for Rust's answer to be shown.
    await until(() => expect(value(wrapper, 'admin-threshold-vice')).toBe('150000.50'))
    expect(backend.last('set_thresholds')!.args).toEqual({ thresholds: { salesManagerMaxFen: 10000000, viceGmMaxFen: 15000050, confirmAboveFen: 500000 } })
    expect(table(wrapper)[2]).toEqual(['> ¥150,000.50', '总经理'])
    expect(document.body.textContent).toContain('核决权限已保存')
  })

  it('0.29 yuan is 29 fen, not 28 (no floating point on the way)', async () => {
    const { wrapper, backend } = await mountThresholds()
    await typeInto(wrapper, '[data-testid="admin-threshold-sales"]', '0.29')
    await typeInto(wrapper, '[data-testid="admin-threshold-vice"]', '¥1,000.1')
    await wrapper.get('[data-testid="admin-threshold-save"]').trigger('click')
    await until(() => expect(backend.last('set_thresholds')!.args).toEqual({ thresholds: { salesManagerMaxFen: 29, viceGmMaxFen: 100010, confirmAboveFen: 1000000 } }))
  })

  it('an amount that is not money is marked under its field and nothing is sent', async () => {
    const { wrapper, backend } = await mountThresholds()
    await typeInto(wrapper, '[data-testid="admin-threshold-sales"]', '12.345')
    await typeInto(wrapper, '[data-testid="admin-threshold-vice"]', '十五万')
    await wrapper.get('[data-testid="admin-threshold-save"]').trigger('click')
    await until(() => expect(errorUnder(wrapper, 'admin-threshold-sales')).toBe('请填写正确的金额（元，最多两位小数）'))
    expect(backend.of('set_thresholds')).toHaveLength(0)
    // Each form item shows its error after its own 100 ms debounce: wait for this one too.
    await until(() => expect(errorUnder(wrapper, 'admin-threshold-vice')).toBe('请填写正确的金额（元，最多两位小数）'))
    // The table keeps showing the amounts in force.
    expect(table(wrapper)[0]).toEqual(['≤ ¥100,000.00', '业务部门经理'])
  })

  it("Rust's refusal is shown under the field it names", async () => {
    const { wrapper } = await mountThresholds({
      set_thresholds: () => {
        throw { code: 'VALIDATION', field: 'viceGmMaxFen', message: '副总经理的核决上限应高于业务部门经理的上限' }
      },
    })
    await typeInto(wrapper, '[data-testid="admin-threshold-vice"]', '50000')
    await wrapper.get('[data-testid="admin-threshold-save"]').trigger('click')
    await until(() => expect(errorUnder(wrapper, 'admin-threshold-vice')).toBe('副总经理的核决上限应高于业务部门经理的上限'))
    expect(errorUnder(wrapper, 'admin-threshold-sales')).toBeUndefined()
  })

  it('FORBIDDEN from Rust is shown', async () => {
    const { wrapper } = await mountThresholds({
      get_thresholds: () => {
        throw { code: 'FORBIDDEN', message: '只有系统管理员可以管理人员、部门和设置' }
      },
    })
    expect(wrapper.get('[data-testid="admin-load-error"]').text()).toContain('只有系统管理员可以管理人员、部门和设置')
    expect(wrapper.find('[data-testid="admin-threshold-save"]').exists()).toBe(false)
  })
})
