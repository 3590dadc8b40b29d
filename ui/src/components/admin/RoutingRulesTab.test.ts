import { describe, expect, it } from 'vitest'
import type { RoutingRule } from '@/ipc'
import RoutingRulesTab from './RoutingRulesTab.vue'
import { splitKeywords } from './routingRuleForm'
import { fakeBackend, mountWith, settle, typeInto, until } from '@/test/helpers'

function rule(patch: Partial<RoutingRule> = {}): RoutingRule {
  return {
    id: 1,
    nature: null,
    causeType: null,
    channel: null,
    itemPrefix: '',
    keywords: [],
    departmentId: 1,
    priority: 0,
    active: true,
    ...patch,
  }
}

const RULES = [
  rule({ id: 1, nature: 'quality', itemPrefix: 'PCB-', departmentId: 2, priority: 5 }),
  rule({ id: 2, keywords: ['漏水', '电梯'], channel: 'phone', causeType: 'service' }),
  rule({ id: 3, keywords: ['停车'], active: false }),
]

async function mountRules(handlers: Parameters<typeof fakeBackend>[0] = {}) {
  const backend = fakeBackend({ list_routing_rules: () => RULES, ...handlers })
  const mounted = await mountWith(RoutingRulesTab, { path: '/admin' })
  return { backend, ...mounted }
}

type W = Awaited<ReturnType<typeof mountRules>>['wrapper']

const rows = (w: W) => w.get('[data-testid="admin-rules-table"]').findAll('.el-table__body tr')
const cells = (w: W, i: number) => rows(w)[i].findAll('td').map((td) => td.text().trim())

function selectIn(w: W, testid: string) {
  return w.findAllComponents({ name: 'ElSelect' }).find((s) => s.element.closest(`[data-testid="${testid}"]`))!
}

describe('系统管理 · 分派规则', () => {
  it('lists each rule: 不限 for conditions not set, the department, priority; inactive ones greyed', async () => {
    const { wrapper } = await mountRules()
    expect(cells(wrapper, 0).slice(0, 8)).toEqual(['品质异常', '不限', '不限', 'PCB-', '不限', '品质部', '5', '是'])
    expect(cells(wrapper, 1).slice(0, 8)).toEqual(['不限', '服务质量', '电话', '不限', '漏水、电梯', '客服部', '0', '是'])
    expect(cells(wrapper, 2)[7]).toBe('否')
    expect(rows(wrapper)[2].classes()).toContain('inactive')
    expect(rows(wrapper)[0].classes()).not.toContain('inactive')
    expect(wrapper.get('[data-testid="admin-rule-how"]').text()).toContain('设定条件最多的一条胜出')
  })

  it('新建规则 sends null for 不限 and the keywords split', async () => {
    const { wrapper, backend } = await mountRules({ create_routing_rule: (a) => ({ ...(a.rule as RoutingRule), id: 4 }) })
    await wrapper.get('[data-testid="admin-rule-new"]').trigger('click')
    await until(() => wrapper.get('[data-testid="admin-rule-nature"] .el-select'))
    // Every condition starts at 不限.
    for (const id of ['admin-rule-nature', 'admin-rule-cause', 'admin-rule-channel']) {
      expect(wrapper.get(`[data-testid="${id}"] .el-select`).text()).toBe('不限')
    }
    selectIn(wrapper, 'admin-rule-cause').vm.$emit('update:modelValue', 'product')
    selectIn(wrapper, 'admin-rule-department').vm.$emit('update:modelValue', 2)
    await typeInto(wrapper, '[data-testid="admin-rule-keywords"]', '漏水、 电梯,门禁，漏水、')
    await typeInto(wrapper, '[data-testid="admin-rule-item-prefix"]', ' PCB-4L ')
    await typeInto(wrapper, '[data-testid="admin-rule-priority"]', '3')
    await wrapper.get('[data-testid="admin-rule-priority"] input').trigger('change')
    await settle()
    await wrapper.get('[data-testid="admin-rule-submit"]').trigger('click')

    await until(() => expect(backend.last('create_routing_rule')!.args).toEqual({
      rule: {
        id: 0,
        nature: null,
        causeType: 'product',
        channel: null,
        itemPrefix: 'PCB-4L',
        keywords: ['漏水', '电梯', '门禁'],
        departmentId: 2,
        priority: 3,
        active: true,
      },
    }))
    // The dialog closes on Rust's answer.
    await until(() => expect(wrapper.find('[data-testid="admin-rule-dialog"]').exists()).toBe(false))
    expect(cells(wrapper, 3).slice(0, 7)).toEqual(['不限', '出品质量', '不限', 'PCB-4L', '漏水、电梯、门禁', '品质部', '3'])
  })

  it('a rule without a department is not sent', async () => {
    const { wrapper, backend } = await mountRules()
    await wrapper.get('[data-testid="admin-rule-new"]').trigger('click')
    await (await until(() => wrapper.get('[data-testid="admin-rule-submit"]'))).trigger('click')
    const item = wrapper.get('[data-testid="admin-rule-department"]')
    await until(() => expect(item.find('.el-form-item__error').text()).toBe('请选择责任部门'))
    expect(backend.of('create_routing_rule')).toHaveLength(0)
  })

  it('修改 keeps the rule id and its conditions; switching it off sends active false', async () => {
    const { wrapper, backend } = await mountRules({ update_routing_rule: (a) => a.rule })
    await rows(wrapper)[1].get('[data-testid="admin-rule-edit"]').trigger('click')
    await until(() => expect((wrapper.get('input[data-testid="admin-rule-keywords"]').element as HTMLInputElement).value).toBe('漏水、电梯'))
    await wrapper.get('[data-testid="admin-rule-active"]').trigger('click')
    await settle()
    await wrapper.get('[data-testid="admin-rule-submit"]').trigger('click')
    await until(() => expect(backend.last('update_routing_rule')!.args).toEqual({ rule: { ...RULES[1], active: false } }))
    await until(() => expect(rows(wrapper)[1].classes()).toContain('inactive'))
    expect(rows(wrapper)).toHaveLength(3)
  })

  it("Rust's field error is shown under that field", async () => {
    const { wrapper } = await mountRules({
      update_routing_rule: () => {
        throw { code: 'VALIDATION', field: 'keywords', message: '关键词最多 30 个字' }
      },
    })
    await rows(wrapper)[0].get('[data-testid="admin-rule-edit"]').trigger('click')
    await (await until(() => wrapper.get('[data-testid="admin-rule-submit"]'))).trigger('click')
    const item = wrapper.get('[data-testid="admin-rule-keywords"]').element.closest('.el-form-item')!
    await until(() => expect(item.querySelector('.el-form-item__error')?.textContent).toContain('关键词最多 30 个字'))
    expect(wrapper.find('[data-testid="admin-rule-dialog"]').exists()).toBe(true)
  })

  it('splits keywords on 、 and commas, never on spaces inside a phrase', () => {
    expect(splitKeywords('漏水、电梯, 门禁；no power\n停车')).toEqual(['漏水', '电梯', '门禁', 'no power', '停车'])
    expect(splitKeywords(' 、,， ')).toEqual([])
  })

  it('FORBIDDEN from Rust is shown', async () => {
    const { wrapper } = await mountRules({
      list_routing_rules: () => {
        throw { code: 'FORBIDDEN', message: '只有系统管理员可以管理人员、部门和设置' }
      },
    })
    expect(wrapper.get('[data-testid="admin-load-error"]').text()).toContain('只有系统管理员可以管理人员、部门和设置')
  })
})
