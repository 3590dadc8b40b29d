import { describe, expect, it } from 'vitest'
import type { AccountabilitySettings } from '@/ipc'
import AccountabilityTab from './AccountabilityTab.vue'
import { fakeBackend, mountWith, typeInto, until } from '@/test/helpers'

const YUAN = 100

/** The seeds' presets, as Rust hands them out while the module is still off. */
function presets(): AccountabilitySettings {
  const band = (upto: number | null, sanction: AccountabilitySettings['rules']['bands'][number]['sanction'], supervisorToo: boolean) => ({
    uptoFen: upto === null ? null : upto * YUAN,
    sanction,
    supervisorToo,
  })
  return {
    enabled: false,
    rules: {
      bands: [
        band(10_000, 'repentance', false),
        band(50_000, 'reprimand1', false),
        band(100_000, 'reprimand2', false),
        band(200_000, 'minor_demerit1', true),
        band(400_000, 'minor_demerit2', true),
        band(1_000_000, 'major_demerit1', true),
        band(null, 'major_demerit2', true),
      ],
      repentanceFen: 200 * YUAN,
      reprimandFen: 400 * YUAN,
      minorDemeritFenPerPoint: 800 * YUAN,
      deductionCapPercent: 50,
      storeComplaintFen: 500 * YUAN,
      agentComplaintFen: 500 * YUAN,
      mediaExposureFen: 500 * YUAN,
      yearlyRankFen: [3_000 * YUAN, 2_000 * YUAN, 1_000 * YUAN],
      paymentDays: 3,
    },
    storeDepartmentIds: [],
    profiles: [{ departmentId: 2, name: '钱多', basePoints: 2, monthBonusFen: 6_000 * YUAN }],
  }
}

async function mountTab(handlers: Parameters<typeof fakeBackend>[0] = {}) {
  const backend = fakeBackend({
    accountability_settings: () => presets(),
    save_accountability_settings: (a) => a.settings,
    ...handlers,
  })
  const mounted = await mountWith(AccountabilityTab, { path: '/admin' })
  await until(() => expect(mounted.wrapper.find('[data-testid="acc-admin-save"]').exists()).toBe(true))
  return { backend, ...mounted }
}

const input = (id: string) => (document.querySelector(`[data-testid="${id}"] input, input[data-testid="${id}"]`) as HTMLInputElement).value

describe('系统管理 · 奖罚', () => {
  it('shows the seeds’ presets in yuan', async () => {
    await mountTab()
    expect(input('acc-admin-band-0')).toBe('10000.00')
    expect(input('acc-admin-band-5')).toBe('1000000.00')
    // The last row has no upper bound.
    expect(document.querySelector('[data-testid="acc-admin-band-6"]')).toBeNull()
    expect(input('acc-admin-repentanceFen')).toBe('200.00')
    expect(input('acc-admin-minorDemeritFenPerPoint')).toBe('800.00')
    expect(input('acc-admin-rank-0')).toBe('3000.00')
    expect(input('acc-admin-profile-bonus-0')).toBe('6000.00')
    const department = document.querySelector('[data-testid="acc-admin-profile-department-0"]') as HTMLSelectElement
    expect(department.selectedOptions[0].textContent).toBe('品质部')
  })

  it('switches the module on and sends every amount as exact fen', async () => {
    const { wrapper, backend } = await mountTab()
    await wrapper.get('[data-testid="acc-admin-enabled"]').trigger('click')
    await typeInto(wrapper, '[data-testid="acc-admin-reprimandFen"]', '450.5')
    await typeInto(wrapper, '[data-testid="acc-admin-band-0"]', '10,000.01')
    await typeInto(wrapper, '[data-testid="acc-admin-profile-bonus-0"]', '0.29')
    await wrapper.get('[data-testid="acc-admin-save"]').trigger('click')
    await until(() => expect(backend.of('save_accountability_settings')).toHaveLength(1))
    const sent = backend.last('save_accountability_settings')!.args.settings as AccountabilitySettings
    expect(sent.enabled).toBe(true)
    expect(sent.rules.reprimandFen).toBe(45_050)
    expect(sent.rules.bands[0].uptoFen).toBe(1_000_001)
    expect(sent.rules.bands[6].uptoFen).toBeNull()
    expect(sent.profiles).toEqual([{ departmentId: 2, name: '钱多', basePoints: 2, monthBonusFen: 29 }])
    await until(() => expect(document.body.textContent).toContain('奖罚设置已保存'))
  })

  it('a person added without a department is not sent until removed', async () => {
    const { wrapper, backend } = await mountTab()
    await wrapper.get('[data-testid="acc-admin-add-profile"]').trigger('click')
    await wrapper.get('[data-testid="acc-admin-save"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="acc-admin-problem"]').text()).toContain('请输入金额'))
    expect(backend.of('save_accountability_settings')).toHaveLength(0)
    await wrapper.get('[data-testid="acc-admin-profile-remove-1"]').trigger('click')
    await wrapper.get('[data-testid="acc-admin-save"]').trigger('click')
    await until(() => expect(backend.of('save_accountability_settings')).toHaveLength(1))
    expect((backend.last('save_accountability_settings')!.args.settings as AccountabilitySettings).profiles).toHaveLength(1)
  })

  it('shows what Rust refuses', async () => {
    const { wrapper } = await mountTab({
      save_accountability_settings: () => Promise.reject({ code: 'VALIDATION', message: '第 2 档的上限应大于上一档', field: 'rules.bands' }),
    })
    await wrapper.get('[data-testid="acc-admin-save"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="acc-admin-problem"]').text()).toContain('第 2 档的上限应大于上一档'))
  })
})
