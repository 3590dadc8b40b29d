import { describe, expect, it } from 'vitest'
import type { SystemicAlert, SystemicDetail, SystemicList, SystemicRule, SystemicRuleView, SystemicState } from '@/ipc'
import SystemicView from './SystemicView.vue'
import { fakeBackend, mountWith, settle, typeInto, until } from '@/test/helpers'
import { systemicAlert } from '@/test/systemic'

const RULE: SystemicRule = {
  item: { enabled: true, threshold: 3, windowDays: 30 },
  causeDepartment: { enabled: true, threshold: 3, windowDays: 30 },
}

const STATES: SystemicState[] = ['open', 'acknowledged', 'verified', 'closed', 'dismissed']

/** Rust's answer for `alerts` filtered by the query's state, with every state's count. */
function answer(alerts: SystemicAlert[], mayAct: boolean) {
  return (a: Record<string, unknown>): SystemicList => {
    const state = (a.query as { state: SystemicState | null }).state
    return {
      alerts: alerts.filter((x) => state === null || x.state === state),
      counts: STATES.map((s) => ({ state: s, count: alerts.filter((x) => x.state === s).length })),
      mayAct,
    }
  }
}

const ruleView = (mayEdit: boolean): SystemicRuleView => ({ rule: structuredClone(RULE), mayEdit })

const detail = (alert: SystemicAlert): SystemicDetail => ({ alert, history: [], mayAct: true })

/** Dialogs are teleported to the body: typeInto's root there. */
const body = { find: (selector: string) => ({ element: document.querySelector(selector)! }) }
const click = (selector: string) => (document.querySelector(selector) as HTMLElement).click()

const DEPT = systemicAlert({
  id: 5,
  kind: 'cause_department',
  itemNo: null,
  departmentId: 10,
  departmentName: '业务部',
  causeType: 'service',
  state: 'dismissed',
  dismissReason: '同一经销商重复转报',
  dismissedByName: '赵丽',
  dismissedAt: '2026-11-24T02:00:00Z',
})

describe('普遍性问题', () => {
  it('lists the alerts with their subject, state, rule and cases (links to 案件详情), and filters by state', async () => {
    const b = fakeBackend({ systemic_alerts: answer([systemicAlert(), DEPT], true), systemic_rule: () => ruleView(true) })
    const { wrapper, router } = await mountWith(SystemicView, { path: '/systemic' })
    expect(b.last('systemic_alerts')!.args).toEqual({ query: { state: null } })
    await until(() => expect(wrapper.findAll('[data-testid="systemic-alert-subject"]')).toHaveLength(2))
    expect(wrapper.findAll('[data-testid="systemic-alert-subject"]').map((w) => w.text())).toEqual(['料号 PCB-4L-1.6-0345', '业务部 · 服务质量'])
    const first = wrapper.get('[data-testid="systemic-alert-4"]')
    for (const s of ['待处理', '同一料号', '30 天内 3 件及以上', '张敏 的操作触发于 2026-11-23 10:00', '关联案件（3）']) expect(first.text(), s).toContain(s)
    expect(first.findAll('a').map((a) => a.text())).toEqual(['2610-0031', '2610-0032', '2610-0033'])
    const dismissed = wrapper.get('[data-testid="systemic-alert-5"]')
    expect(dismissed.get('[data-testid="systemic-alert-dismissed"]').text()).toBe('赵丽 撤销于 2026-11-24 10:00，原因：同一经销商重复转报')
    // Open: acknowledge or dismiss; dismissed: nothing more to do.
    expect(first.find('[data-testid="systemic-acknowledge-4"]').exists()).toBe(true)
    expect(first.find('[data-testid="systemic-dismiss-4"]').exists()).toBe(true)
    expect(first.find('[data-testid="systemic-verify-4"]').exists()).toBe(false)
    expect(dismissed.findAll('.buttons .el-button--primary')).toHaveLength(0)
    expect(wrapper.get('[data-testid="systemic-state-open"]').text()).toBe('待处理 (1)')
    expect(wrapper.get('[data-testid="systemic-state-all"]').text()).toBe('全部 (2)')

    await wrapper.get('[data-testid="systemic-state-dismissed"] input').setValue(true)
    await until(() => expect(b.last('systemic_alerts')!.args).toEqual({ query: { state: 'dismissed' } }))
    await until(() => expect(wrapper.findAll('[data-testid="systemic-alert-subject"]').map((w) => w.text())).toEqual(['业务部 · 服务质量']))

    await wrapper.get('[data-testid="systemic-case-31"]').trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/cases/31'))
  })

  it('acknowledges an alert with a corrective action; missing fields are named before anything is sent', async () => {
    let alert = systemicAlert()
    const b = fakeBackend({
      systemic_alerts: (a) => answer([alert], true)(a),
      systemic_rule: () => ruleView(true),
      acknowledge_systemic: (a) => {
        const input = (a as { input: { action: SystemicAlert['action'] } }).input
        alert = systemicAlert({ state: 'acknowledged', version: 2, action: input.action, acknowledgedByName: '赵丽', acknowledgedAt: '2026-11-23T03:00:00Z' })
        return detail(alert)
      },
    })
    const { wrapper } = await mountWith(SystemicView, { path: '/systemic' })
    await until(() => wrapper.get('[data-testid="systemic-acknowledge-4"]'))
    await wrapper.get('[data-testid="systemic-acknowledge-4"]').trigger('click')
    await until(() => document.querySelector('[data-testid="systemic-step-submit"]'))
    expect(document.querySelector('.el-dialog__title')?.textContent).toBe('确认普遍性问题：料号 PCB-4L-1.6-0345')

    click('[data-testid="systemic-step-submit"]')
    await until(() => {
      const dialog = document.querySelector('[data-testid="systemic-step-submit-dialog"]')!.textContent!
      for (const s of ['请填写措施内容', '请填写负责人', '请选择完成期限']) expect(dialog, s).toContain(s)
    })
    expect(b.of('acknowledge_systemic')).toHaveLength(0)

    await typeInto(body, '[data-testid="systemic-action-description"]', '阻焊前处理线增加附着力抽检')
    await typeInto(body, '[data-testid="systemic-action-owner"]', '制造部 孙伟')
    const due = await typeInto(body, '[data-testid="systemic-action-due"]', '2026-12-15')
    due.dispatchEvent(new Event('change', { bubbles: true }))
    await settle()
    click('[data-testid="systemic-step-submit"]')
    await until(() =>
      expect(b.last('acknowledge_systemic')?.args).toEqual({
        input: {
          alertId: 4,
          version: 1,
          action: { kind: 'corrective', description: '阻焊前处理线增加附着力抽检', owner: '制造部 孙伟', dueDate: '2026-12-15' },
        },
      }),
    )
    // Reloaded: now 整改中, with its action, to be verified next.
    await until(() => expect(wrapper.get('[data-testid="systemic-alert-state"]').text()).toBe('整改中'))
    expect(wrapper.get('[data-testid="systemic-alert-action"]').text()).toContain('阻焊前处理线增加附着力抽检')
    expect(wrapper.get('[data-testid="systemic-alert-action"]').text()).toContain('2026-12-15')
    expect(wrapper.find('[data-testid="systemic-verify-4"]').exists()).toBe(true)
  })

  it('a refused verification shows Rust’s message on the note and keeps the dialog open', async () => {
    const acked = systemicAlert({ state: 'acknowledged', version: 2 })
    const b = fakeBackend({
      systemic_alerts: answer([acked], true),
      systemic_rule: () => ruleView(false),
      verify_systemic: () => {
        throw { code: 'VALIDATION', field: 'note', message: '请填写验证说明' }
      },
    })
    const { wrapper } = await mountWith(SystemicView, { path: '/systemic' })
    await until(() => wrapper.get('[data-testid="systemic-verify-4"]'))
    await wrapper.get('[data-testid="systemic-verify-4"]').trigger('click')
    await until(() => document.querySelector('[data-testid="systemic-step-note"]'))
    click('[data-testid="systemic-step-submit"]')
    await until(() => expect(b.last('verify_systemic')?.args).toEqual({ input: { alertId: 4, version: 2, note: '' } }))
    await until(() => expect(document.querySelector('[data-testid="systemic-step-submit-dialog"]')!.textContent).toContain('请填写验证说明'))
  })

  it('someone who may only look sees no step buttons and the rule read-only', async () => {
    fakeBackend({ systemic_alerts: answer([systemicAlert()], false), systemic_rule: () => ruleView(false) })
    const { wrapper } = await mountWith(SystemicView, { path: '/systemic' })
    await until(() => wrapper.get('[data-testid="systemic-read-only"]'))
    expect(wrapper.find('[data-testid="systemic-acknowledge-4"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="systemic-history-4"]').exists()).toBe(true)
    await until(() => wrapper.get('[data-testid="systemic-rule"]'))
    expect(wrapper.find('[data-testid="systemic-rule-save"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="systemic-rule"]').text()).toContain('规则由质量管理部设定')
  })

  it('质量管理部 switches a kind off and changes a window; Rust’s refusal names the field', async () => {
    let saved: SystemicRule | null = null
    const b = fakeBackend({
      systemic_alerts: answer([], true),
      systemic_rule: () => ruleView(true),
      set_systemic_rule: (a) => {
        saved = (a as { rule: SystemicRule }).rule
        if (saved.causeDepartment.windowDays > 90) throw { code: 'VALIDATION', field: 'causeDepartment.windowDays', message: '天数过长' }
        return { rule: saved, mayEdit: true }
      },
    })
    const { wrapper } = await mountWith(SystemicView, { path: '/systemic' })
    await until(() => wrapper.get('[data-testid="systemic-rule-save"]'))
    expect(wrapper.get('[data-testid="systemic-empty"]').text()).toContain('没有普遍性问题')
    await wrapper.get('[data-testid="systemic-rule-item-enabled"]').trigger('click')
    await typeInto(wrapper, '[data-testid="systemic-rule-cause_department-window"]', '14')
    await wrapper.get('[data-testid="systemic-rule-cause_department-window"] input').trigger('blur')
    await wrapper.get('[data-testid="systemic-rule-save"]').trigger('click')
    await until(() =>
      expect(b.last('set_systemic_rule')?.args).toEqual({
        rule: { item: { enabled: false, threshold: 3, windowDays: 30 }, causeDepartment: { enabled: true, threshold: 3, windowDays: 14 } },
      }),
    )

    await typeInto(wrapper, '[data-testid="systemic-rule-cause_department-window"]', '120')
    await wrapper.get('[data-testid="systemic-rule-cause_department-window"] input').trigger('blur')
    await wrapper.get('[data-testid="systemic-rule-save"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="systemic-rule-cause_department"]').text()).toContain('天数过长'))
  })

  it('shows an alert’s history in words', async () => {
    const alert = systemicAlert({ state: 'acknowledged' })
    fakeBackend({
      systemic_alerts: answer([alert], true),
      systemic_rule: () => ruleView(true),
      systemic_alert: () => ({
        alert,
        mayAct: true,
        history: [
          { id: 1, at: '2026-11-23T02:00:00Z', actorId: 2, actorName: '张敏', entity: 'systemic_alert', entityId: 4, action: 'systemic_raise', field: 'state', oldValue: null, newValue: 'open', reason: null },
          { id: 2, at: '2026-11-23T03:00:00Z', actorId: 5, actorName: '赵丽', entity: 'systemic_alert', entityId: 4, action: 'systemic_acknowledge', field: 'state', oldValue: 'open', newValue: 'acknowledged', reason: null },
          { id: 3, at: '2026-11-23T03:00:00Z', actorId: 5, actorName: '赵丽', entity: 'systemic_alert', entityId: 4, action: 'systemic_acknowledge', field: 'actionOwner', oldValue: null, newValue: '制造部 孙伟', reason: null },
        ],
      }),
    })
    const { wrapper } = await mountWith(SystemicView, { path: '/systemic' })
    await until(() => wrapper.get('[data-testid="systemic-history-4"]'))
    await wrapper.get('[data-testid="systemic-history-4"]').trigger('click')
    await until(() => expect(document.querySelectorAll('[data-testid="systemic-history-line"]')).toHaveLength(3))
    const lines = [...document.querySelectorAll('[data-testid="systemic-history-line"]')].map((e) =>
      [...e.children].map((c) => c.textContent!.trim()).join(' '),
    )
    expect(lines).toEqual([
      '2026-11-23 10:00 张敏 预警 · 状态：待处理',
      '2026-11-23 11:00 赵丽 确认整改 · 状态：待处理 → 整改中',
      '2026-11-23 11:00 赵丽 确认整改 · 负责人：制造部 孙伟',
    ])
  })
})
