import { describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { Verification } from '@/ipc'
import VerifyView from './VerifyView.vue'
import App from '@/App.vue'
import { fakeBackend, mountWith, typeInto, until } from '@/test/helpers'
import { issued } from '@/test/documents'

const REFUND = issued({
  number: 'PZ-2503-0001',
  kind: 'refund_certificate',
  amountFen: 1234500,
  copies: ['第一联 客户收执', '第二联 财务存根'],
  issuedByName: '李娜',
  issuedAt: '2025-03-09T06:30:00Z',
})

async function verifyWith(answer: () => Verification) {
  const b = fakeBackend({ verify_document: () => answer() })
  const { wrapper } = await mountWith(VerifyView, { path: '/verify' })
  await typeInto(wrapper, '[data-testid="verify-code"]', ' 7k3m-q9xd-2p4t ')
  return { b, wrapper }
}

/** The descriptions as label → value. */
function facts(wrapper: VueWrapper): Record<string, string> {
  const labels = wrapper.findAll('.el-descriptions__label').map((l) => l.text())
  const values = wrapper.findAll('.el-descriptions__content').map((v) => v.text())
  return Object.fromEntries(labels.map((l, i) => [l, values[i]]))
}

describe('凭证验证', () => {
  it('Enter verifies the typed code; a genuine certificate is green with what it was for, the amount in capitals too', async () => {
    const { b, wrapper } = await verifyWith(() => ({
      genuine: true,
      message: '真实有效：退款/折扣凭证 PZ-2503-0001，案件 2503-0007，金额 ¥12,345.00，2025-03-09 由 李娜 开具。',
      document: REFUND,
      customerName: '张三',
      pages: ['<svg xmlns="http://www.w3.org/2000/svg"><text>退款/折扣凭证 PZ-2503-0001 张三</text></svg>'],
    }))
    expect(wrapper.find('[data-testid="verify-result"]').exists()).toBe(false)
    await wrapper.get('input[data-testid="verify-code"]').trigger('keyup', { key: 'Enter' })
    const result = await until(() => wrapper.get('[data-testid="verify-result"]'))
    expect(b.of('verify_document')).toHaveLength(1)
    expect(b.last('verify_document')!.args).toEqual({ code: '7k3m-q9xd-2p4t' })
    expect(result.classes()).toContain('ok')
    expect(result.get('[data-testid="verify-verdict"]').text()).toBe('真实有效')
    expect(result.get('[data-testid="verify-message"]').text()).toContain('PZ-2503-0001')
    expect(facts(wrapper)).toEqual({
      文书: '退款/折扣凭证',
      编号: 'PZ-2503-0001',
      案件编号: '2503-0007',
      客户: '张三',
      金额: '¥12,345.00',
      金额大写: '壹万贰仟叁佰肆拾伍元整',
      开具人: '李娜',
      开具时间: '2025-03-09 14:30',
    })
    // The paper as it was issued, beside the facts.
    expect(result.get('[data-testid="verify-pages"]').find('svg').text()).toContain('PZ-2503-0001 张三')
  })

  it('a voided certificate is red, 不是有效凭证, with when and why it was voided', async () => {
    const { wrapper } = await verifyWith(() => ({
      genuine: false,
      message: '已作废：退款/折扣凭证 PZ-2503-0001；2025-03-10 09:00 作废，原因：金额有误。',
      document: { ...REFUND, amountFen: 10005, voidReason: '金额有误', voidedByName: '王会计', voidedAt: '2025-03-10T01:00:00Z' },
      customerName: '张三',
      pages: [],
    }))
    await wrapper.get('[data-testid="verify-submit"]').trigger('click')
    const result = await until(() => wrapper.get('[data-testid="verify-result"]'))
    expect(result.classes()).toContain('bad')
    expect(result.get('[data-testid="verify-verdict"]').text()).toBe('不是有效凭证')
    expect(result.get('[data-testid="verify-message"]').text()).toContain('原因：金额有误')
    expect(facts(wrapper)).toMatchObject({
      金额: '¥100.05',
      金额大写: '壹佰元零伍分',
      作废时间: '2025-03-10 09:00',
      作废人: '王会计',
      作废原因: '金额有误',
    })
  })

  it('an unknown code is red with Rust’s message and nothing else', async () => {
    const { wrapper } = await verifyWith(() => ({
      genuine: false,
      message: '查无验证码 7K3M-Q9XD-2P4T：这张凭证不是本系统开具的，或验证码抄错了。',
      document: null,
      customerName: null,
      pages: [],
    }))
    await wrapper.get('[data-testid="verify-submit"]').trigger('click')
    const result = await until(() => wrapper.get('[data-testid="verify-result"]'))
    expect(result.get('[data-testid="verify-verdict"]').text()).toBe('不是有效凭证')
    expect(result.get('[data-testid="verify-message"]').text()).toContain('查无验证码')
    expect(wrapper.find('.el-descriptions').exists()).toBe(false)
    expect(wrapper.find('[data-testid="verify-pages"]').exists()).toBe(false)
  })

  it('a malformed code is refused under the box', async () => {
    const { wrapper } = await verifyWith(() => {
      throw { code: 'VALIDATION', field: 'code', message: '验证码为 12 位字母和数字，如 7K3M-Q9XD-2P4T' }
    })
    await wrapper.get('[data-testid="verify-submit"]').trigger('click')
    const item = wrapper.get('[data-testid="verify-code"]').element.closest('.el-form-item')!
    await until(() => expect(item.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('验证码为 12 位字母和数字，如 7K3M-Q9XD-2P4T'))
    expect(wrapper.find('[data-testid="verify-result"]').exists()).toBe(false)
  })

  it('is in the menu for everyone, after the other items', async () => {
    fakeBackend({ crisis_alerts: () => [] })
    const { wrapper, router } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="nav-verify"]'))
    const items = wrapper.findAll('.el-menu-item')
    expect(items.at(-1)!.attributes('data-testid')).toBe('nav-verify')
    expect(items.at(-1)!.text()).toBe('凭证验证')
    await items.at(-1)!.trigger('click')
    await until(() => expect(router.currentRoute.value.path).toBe('/verify'))
  })
})
