import { describe, expect, it } from 'vitest'
import type { DeadlinePolicy } from '@/ipc'
import DeadlinesTab from './DeadlinesTab.vue'
import { appInfo, fakeBackend, mountWith, settle, typeInto, until } from '@/test/helpers'
import { refreshInfo } from '@/session'
import { formatTime } from '@/time'

const DEPTS = [
  { id: 1, name: '客服部' },
  { id: 2, name: '品质部' },
  { id: 3, name: '行政人事部' },
  { id: 4, name: '总经理室' },
]

// The six presets as the migration ships them.
const POLICIES: DeadlinePolicy[] = [
  {
    id: 1,
    name: '商场服务台：48小时内答复',
    orgType: 'mall',
    market: null,
    limits: [{ stage: 'reply', amount: 48, unit: 'hours' }],
    escalationDepartmentId: 3,
    active: true,
  },
  {
    id: 2,
    name: '物业/地产：5个工作日内解决',
    orgType: 'property',
    market: null,
    limits: [{ stage: 'whole', amount: 5, unit: 'working_days' }],
    escalationDepartmentId: 3,
    active: true,
  },
  {
    id: 3,
    name: '制造业·国内：13天结案',
    orgType: 'manufacturing',
    market: 'domestic',
    limits: [
      { stage: 'route', amount: 12, unit: 'hours' },
      { stage: 'investigate', amount: 3, unit: 'calendar_days' },
      { stage: 'approve', amount: 1, unit: 'calendar_days' },
      { stage: 'whole', amount: 13, unit: 'calendar_days' },
    ],
    escalationDepartmentId: 4,
    active: true,
  },
  {
    id: 4,
    name: '制造业·国外：17天结案',
    orgType: 'manufacturing',
    market: 'foreign',
    limits: [{ stage: 'whole', amount: 17, unit: 'calendar_days' }],
    escalationDepartmentId: 4,
    active: true,
  },
  {
    id: 5,
    name: '销售分公司·国内：15天结案',
    orgType: 'sales_branch',
    market: 'domestic',
    limits: [{ stage: 'whole', amount: 15, unit: 'calendar_days' }],
    escalationDepartmentId: null,
    active: false,
  },
]

async function mountTab(handlers: Parameters<typeof fakeBackend>[0] = {}) {
  const backend = fakeBackend({
    list_departments: () => DEPTS,
    get_organisation_type: () => 'property',
    set_organisation_type: (a) => a.orgType,
    deadline_policies: () => POLICIES,
    update_deadline_policy: (a) => a.policy,
    ...handlers,
  })
  const mounted = await mountWith(DeadlinesTab, { path: '/admin' })
  return { backend, ...mounted }
}

type W = Awaited<ReturnType<typeof mountTab>>['wrapper']

const rows = (w: W) => w.get('[data-testid="admin-policies-table"]').findAll('.el-table__body tr')
const cells = (w: W, i: number) => rows(w)[i].findAll('td').map((td) => td.text().trim())

function selectIn(w: W, testid: string) {
  return w.findAllComponents({ name: 'ElSelect' }).find((s) => s.element.closest(`[data-testid="${testid}"]`))!
}

async function openEdit(w: W, row: number) {
  await rows(w)[row].get('[data-testid="admin-policy-edit"]').trigger('click')
  await until(() => w.get('[data-testid="admin-policy-submit"]'))
}

const errorUnder = (w: W, testid: string) =>
  w.get(`[data-testid="${testid}"]`).element.closest('.el-form-item')!.querySelector('.el-form-item__error')?.textContent?.trim()

describe('系统管理 · 时效政策', () => {
  it('shows the organisation type in force and each policy with its limits in words', async () => {
    const { wrapper } = await mountTab()
    expect(wrapper.get('[data-testid="admin-org-type"]').text()).toBe('物业/地产')
    expect(wrapper.get('[data-testid="admin-org-how"]').text()).toContain('案件未填市场的按“国内”')
    expect(wrapper.get('[data-testid="admin-org-how"]').text()).toContain('已经算出的到期时间保持不变')

    expect(cells(wrapper, 0).slice(0, 6)).toEqual(['商场服务台：48小时内答复', '商场', '不限', '答复客户 48 小时', '行政人事部', '是'])
    // The policies of the organisation type in force are marked 当前.
    expect(cells(wrapper, 1).slice(0, 6)).toEqual(['物业/地产：5个工作日内解决', '物业/地产 当前', '不限', '结案 5 个工作日', '行政人事部', '是'])
    expect(cells(wrapper, 2).slice(1, 5)).toEqual([
      '制造业',
      '国内',
      '受理分派 12 小时；部门调查处理 3 天；方案审批 1 天；结案 13 天',
      '总经理室',
    ])
    expect(cells(wrapper, 3)[2]).toBe('国外')
    expect(cells(wrapper, 4).slice(4, 6)).toEqual(['不升级', '否'])
    expect(rows(wrapper)[4].classes()).toContain('inactive')
  })

  it('机构类型 is saved as its code and the 当前 mark follows it', async () => {
    const { wrapper, backend } = await mountTab()
    const select = selectIn(wrapper, 'admin-org-type')
    select.vm.$emit('update:modelValue', 'manufacturing')
    await settle()
    await wrapper.get('[data-testid="admin-org-save"]').trigger('click')
    await until(() => expect(backend.last('set_organisation_type')!.args).toEqual({ orgType: 'manufacturing' }))
    await until(() => expect(cells(wrapper, 1)[1]).toBe('物业/地产'))
    expect(cells(wrapper, 2)[1]).toBe('制造业 当前')
    expect(cells(wrapper, 3)[1]).toBe('制造业 当前')
    expect(document.body.textContent).toContain('机构类型已设为 制造业')
  })

  it('时区 shows the zone in force; once saved, every time on screen reads in the new zone', async () => {
    const { wrapper, backend } = await mountTab({ set_time_zone: (a) => a.timeZone })
    await refreshInfo()
    await settle()
    expect(wrapper.get('[data-testid="admin-time-zone"]').text()).toContain('Asia/Shanghai（GMT+8）')
    expect(wrapper.get('[data-testid="admin-time-zone-how"]').text()).toContain('与本机的时区设置无关')
    expect(wrapper.get('[data-testid="admin-time-zone-save"]').attributes('disabled')).toBeDefined()
    // The machine runs in UTC (vite.config.ts); the screen shows Shanghai.
    expect(formatTime('2026-11-23T19:46:00Z')).toBe('2026-11-24 03:46')

    selectIn(wrapper, 'admin-time-zone').vm.$emit('update:modelValue', 'Europe/London')
    await settle()
    await wrapper.get('[data-testid="admin-time-zone-save"]').trigger('click')
    await until(() => expect(backend.last('set_time_zone')!.args).toEqual({ timeZone: 'Europe/London' }))
    await until(() => expect(formatTime('2026-11-23T19:46:00Z')).toBe('2026-11-23 19:46'))
    expect(document.body.textContent).toContain('时区已设为 Europe/London')
  })

  it('a zone app info names outside the usual list is still shown as the one in force', async () => {
    const { wrapper } = await mountTab({ app_info: () => appInfo({ timeZone: 'America/Sao_Paulo' }) })
    await refreshInfo()
    await until(() => expect(wrapper.get('[data-testid="admin-time-zone"]').text()).toContain('America/Sao_Paulo'))
  })

  it('修改 sends the whole policy as edited: rows in the order shown, department, switch', async () => {
    const { wrapper, backend } = await mountTab()
    await openEdit(wrapper, 2)
    expect(wrapper.get('[data-testid="admin-policy-applies"]').text()).toBe('制造业 · 国内')
    expect(wrapper.findAll('[data-testid="admin-limit-row"]')).toHaveLength(4)

    await typeInto(wrapper, '[data-testid="admin-policy-name"]', ' 制造业·国内：12天结案 ')
    await typeInto(wrapper, '[data-testid="admin-limit-amount-3"]', '12')
    selectIn(wrapper, 'admin-limit-unit-1').vm.$emit('update:modelValue', 'working_days')
    await wrapper.get('[data-testid="admin-limit-remove-2"]').trigger('click') // 方案审批
    await until(() => expect(wrapper.findAll('[data-testid="admin-limit-row"]')).toHaveLength(3))
    await wrapper.get('[data-testid="admin-limit-add"]').trigger('click') // the first stage not yet limited: 答复客户
    await until(() => expect(wrapper.findAll('[data-testid="admin-limit-row"]')).toHaveLength(4))
    await typeInto(wrapper, '[data-testid="admin-limit-amount-3"]', '24')
    selectIn(wrapper, 'admin-limit-unit-3').vm.$emit('update:modelValue', 'hours')
    selectIn(wrapper, 'admin-policy-escalation').vm.$emit('update:modelValue', 3)
    await wrapper.get('[data-testid="admin-policy-active"]').trigger('click')
    await settle()
    await wrapper.get('[data-testid="admin-policy-submit"]').trigger('click')

    const sent: DeadlinePolicy = {
      id: 3,
      name: '制造业·国内：12天结案',
      orgType: 'manufacturing',
      market: 'domestic',
      limits: [
        { stage: 'route', amount: 12, unit: 'hours' },
        { stage: 'investigate', amount: 3, unit: 'working_days' },
        { stage: 'whole', amount: 12, unit: 'calendar_days' },
        { stage: 'reply', amount: 24, unit: 'hours' },
      ],
      escalationDepartmentId: 3,
      active: false,
    }
    await until(() => expect(backend.last('update_deadline_policy')!.args).toEqual({ policy: sent }))
    // The dialog closes on Rust's answer.
    await until(() => expect(wrapper.find('[data-testid="admin-policy-dialog"]').exists()).toBe(false))
    expect(cells(wrapper, 2).slice(0, 6)).toEqual([
      '制造业·国内：12天结案',
      '制造业',
      '国内',
      '受理分派 12 小时；部门调查处理 3 个工作日；结案 12 天；答复客户 24 小时',
      '行政人事部',
      '否',
    ])
    expect(document.body.textContent).toContain('时效政策已保存')
  })

  it("Rust's error on a limit row is shown under that row's field, and the dialog stays open", async () => {
    const { wrapper } = await mountTab({
      update_deadline_policy: () => {
        throw { code: 'VALIDATION', field: 'limits[1].amount', message: '第 2 行的时限应在 1 至 1000 之间' }
      },
    })
    await openEdit(wrapper, 2)
    await typeInto(wrapper, '[data-testid="admin-limit-amount-1"]', '1001')
    await wrapper.get('[data-testid="admin-policy-submit"]').trigger('click')
    await until(() => expect(errorUnder(wrapper, 'admin-limit-amount-1')).toBe('第 2 行的时限应在 1 至 1000 之间'))
    expect(errorUnder(wrapper, 'admin-limit-amount-0')).toBeUndefined()
    expect(errorUnder(wrapper, 'admin-limit-amount-2')).toBeUndefined()
    expect(wrapper.find('[data-testid="admin-policy-dialog"]').exists()).toBe(true)
  })

  it("Rust's error on a row's stage and on the department land under those fields", async () => {
    let answer = { code: 'VALIDATION', field: 'limits[2].stage', message: '「结案」重复设置了时限' }
    const { wrapper } = await mountTab({
      update_deadline_policy: () => {
        throw answer
      },
    })
    await openEdit(wrapper, 2)
    await wrapper.get('[data-testid="admin-policy-submit"]').trigger('click')
    const stageItem = wrapper.get('[data-testid="admin-limit-stage-2"]').element.closest('.el-form-item')!
    await until(() => expect(stageItem.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('「结案」重复设置了时限'))

    answer = { code: 'VALIDATION', field: 'escalationDepartmentId', message: '找不到该部门' }
    await wrapper.get('[data-testid="admin-policy-submit"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="admin-policy-escalation"]').find('.el-form-item__error').text()).toBe('找不到该部门'))
    // The old error leaves after the same form-item debounce as the new one appears: wait for it too.
    await until(() => expect(stageItem.querySelector('.el-form-item__error')).toBeNull())
  })

  it('a limit that is not a whole number is marked on its row and nothing is sent', async () => {
    const { wrapper, backend } = await mountTab()
    await openEdit(wrapper, 0)
    await typeInto(wrapper, '[data-testid="admin-limit-amount-0"]', '1.5')
    await wrapper.get('[data-testid="admin-policy-submit"]').trigger('click')
    await until(() => expect(errorUnder(wrapper, 'admin-limit-amount-0')).toBe('请填写整数'))
    expect(backend.of('update_deadline_policy')).toHaveLength(0)
  })

  it('FORBIDDEN from Rust is shown', async () => {
    const { wrapper } = await mountTab({
      get_organisation_type: () => {
        throw { code: 'FORBIDDEN', message: '只有系统管理员可以管理人员、部门和设置' }
      },
    })
    expect(wrapper.get('[data-testid="admin-load-error"]').text()).toContain('只有系统管理员可以管理人员、部门和设置')
    expect(wrapper.find('[data-testid="admin-org-save"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="admin-policies-table"]').exists()).toBe(false)
  })
})
