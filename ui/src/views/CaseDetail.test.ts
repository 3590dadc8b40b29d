import { describe, expect, it } from 'vitest'
import type { Case, CaseEdit } from '@/ipc'
import CaseDetail from './CaseDetail.vue'
import { session } from '@/session'
import { appInfo, audit, fakeBackend, kase, mountWith, settle, typeInto, until } from '@/test/helpers'
import { workflow } from '@/test/workflow'

const TIMELINE = [
  audit({ id: 1, action: 'register', at: '2025-03-01T02:31:00Z' }),
  audit({ id: 2, action: 'edit', at: '2025-03-02T08:00:00Z', actorName: '李娜', field: 'severity', oldValue: 'normal', newValue: 'important' }),
  audit({ id: 3, action: 'edit', at: '2025-03-02T08:00:00Z', actorName: '李娜', field: 'claimAmountFen', oldValue: null, newValue: '1234567' }),
  audit({ id: 4, action: 'edit', at: '2025-03-02T08:00:00Z', actorName: '李娜', field: 'channel', oldValue: 'phone', newValue: 'visit' }),
]

/** The detail loads through case_workflow; `current` is the case Rust holds at each call. */
async function mountDetail(handlers: Parameters<typeof fakeBackend>[0] = {}, current: () => Case = () => kase()) {
  const backend = fakeBackend({
    case_workflow: () => workflow({ case: current(), actions: current().status === 'voided' ? [] : ['assess', 'edit', 'void'] }),
    case_timeline: () => TIMELINE,
    ...handlers,
  })
  const mounted = await mountWith(CaseDetail, { props: { id: 7 }, path: '/cases/7' })
  return { backend, ...mounted }
}

describe('案件详情', () => {
  it('masked contact details say why; 显示完整信息 shows them in full and the timeline records it', async () => {
    const masked = kase({ customerPhone: '138****5678', customerAddress: '3栋****', personalData: 'on_request' })
    let timeline = TIMELINE
    const { wrapper, backend } = await mountDetail(
      {
        case_timeline: () => timeline,
        reveal_personal_data: () => {
          timeline = [...TIMELINE, audit({ id: 9, action: 'reveal_personal_data', at: '2025-03-03T01:00:00Z', actorName: '赵丽' })]
          return kase({ personalData: 'full' })
        },
      },
      () => masked,
    )
    await until(() => expect(wrapper.get('[data-testid="detail-phone"]').text()).toBe('138****5678'))
    expect(wrapper.get('[data-testid="detail-masked"]').text()).toContain('查看完整信息将记入案件记录')
    expect(wrapper.text()).toContain('3栋****')
    await wrapper.get('[data-testid="detail-reveal"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="detail-phone"]').text()).toBe('13812345678'))
    expect(backend.last('reveal_personal_data')!.args).toEqual({ caseId: 7 })
    expect(wrapper.text()).toContain('3栋1201')
    expect(wrapper.find('[data-testid="detail-masked"]').exists()).toBe(false)
    await until(() => expect(wrapper.get('[data-testid="detail-timeline"]').text()).toContain('显示完整信息'))
  })

  it('someone who may not ask sees the masks and no 显示完整信息', async () => {
    const { wrapper } = await mountDetail({}, () => kase({ customerPhone: '138****5678', personalData: 'masked' }))
    await until(() => expect(wrapper.get('[data-testid="detail-masked"]').text()).toContain('您不经办此案件'))
    expect(wrapper.get('[data-testid="detail-phone"]').text()).toBe('138****5678')
    expect(wrapper.find('[data-testid="detail-reveal"]').exists()).toBe(false)
  })

  it('shows the case number, status, fields and money formatted', async () => {
    const { wrapper, backend } = await mountDetail()
    expect(backend.last('case_workflow')!.args).toEqual({ id: 7 })
    await until(() => expect(wrapper.get('[data-testid="detail-case-no"]').text()).toBe('2503-0007'))
    expect(wrapper.get('[data-testid="detail-status"]').text()).toBe('已登记')
    expect(wrapper.get('[data-testid="detail-content"]').text()).toBe('菜里有头发，要求退款')
    expect(wrapper.get('[data-testid="detail-claim"]').text()).toBe('¥12,345.67')
    const text = wrapper.text()
    for (const s of ['来访', '品质异常', '出品质量', '重要', '品质部', '3栋1201', '头发已装袋', '2025-03-01 10:30', '首问受理人']) {
      expect(text, s).toContain(s)
    }
    expect(wrapper.find('[data-testid="detail-repeat-of"]').exists()).toBe(false)
  })

  it('shows the timeline, one entry per save, with labelled old → new values', async () => {
    const { wrapper, backend } = await mountDetail()
    expect(backend.last('case_timeline')!.args).toEqual({ id: 7 })
    const tl = await until(() => wrapper.get('[data-testid="detail-timeline"]'))
    const entries = tl.findAll('[data-testid="timeline-entry"]')
    expect(entries).toHaveLength(2)
    expect(entries[0].text()).toContain('登记')
    expect(entries[0].text()).toContain('王小明')
    expect(entries[0].text()).toContain('2025-03-01 10:31')
    expect(entries[1].text()).toContain('李娜')
    expect(entries[1].text()).toContain('修改')
    const changes = entries[1].findAll('[data-testid="timeline-change"]').map((c) => c.text().replace(/\s+/g, ' '))
    expect(changes).toEqual(['严重程度: 一般 → 重要', '客户索赔金额: （空） → ¥12,345.67', '渠道: 电话 → 来访'])
  })

  it('labels the workflow steps and their fields in the timeline', async () => {
    const at = (d: number) => `2025-03-0${d}T02:00:00Z`
    const { wrapper } = await mountDetail({
      case_timeline: () => [
        audit({ id: 10, action: 'assess', at: at(2), field: 'status', oldValue: 'registered', newValue: 'assessed', reason: '属实' }),
        audit({ id: 11, action: 'route', at: at(3), field: 'departmentId', oldValue: '', newValue: '2' }),
        audit({ id: 12, action: 'investigate', at: at(4), field: 'responsibilities', oldValue: '', newValue: '2:张厨:60;1::40' }),
        audit({ id: 13, action: 'investigate', at: at(4), field: 'actions', oldValue: '', newValue: 'corrective:后厨戴帽检查:王主管:2025-03-20' }),
        audit({ id: 14, action: 'propose', at: at(5), field: 'offeredFen', oldValue: '', newValue: '4050000' }),
        audit({ id: 15, action: 'propose', at: at(5), field: 'lossFen', oldValue: '', newValue: '1210000' }),
        audit({ id: 16, action: 'propose', at: at(5), field: 'requiredLevel', oldValue: '', newValue: 'gm' }),
        audit({ id: 17, action: 'follow_up', at: at(6), field: 'visitMethod', oldValue: '', newValue: 'in_person' }),
        audit({ id: 18, action: 'follow_up', at: at(6), field: 'satisfaction', oldValue: '', newValue: 'fairly_satisfied' }),
        audit({ id: 19, action: 'new_round', at: at(7) }),
      ],
    })
    await until(() => wrapper.get('[data-testid="detail-timeline"]'))
    const entries = wrapper.findAll('[data-testid="timeline-entry"]')
    expect(entries.map((e) => e.get('[data-testid="timeline-action"]').text())).toEqual([
      '评估',
      '分派',
      '记录调查',
      '提出方案',
      '回访',
      '登记（新一轮）',
    ])
    const changes = wrapper.findAll('[data-testid="timeline-change"]').map((c) => c.text().replace(/\s+/g, ' '))
    expect(changes).toEqual([
      '状态: 已登记 → 已评估',
      '责任部门: （空） → 品质部',
      '责任划分: （空） → 品质部 张厨 60%；客服部 40%',
      '纠正/预防措施: （空） → 纠正措施 后厨戴帽检查（王主管，2025-03-20）',
      '方案金额: （空） → ¥40,500.00',
      '损失金额: （空） → ¥12,100.00',
      '审批权限: （空） → 总经理',
      '回访方式: （空） → 上门',
      '满意度: （空） → 基本满意',
    ])
    expect(entries[0].text()).toContain('属实')
  })

  it('shows the workflow record: routings with the rules’ proposal and reason, and the investigation', async () => {
    const { wrapper } = await mountDetail({
      case_workflow: () =>
        workflow({
          case: kase({ status: 'investigating' }),
          routes: [
            { id: 1, departmentId: 1, departmentName: '客服部', proposedDepartmentId: 2, reason: '先由客服核实', actorId: 1, actorName: '王小明', at: '2025-03-02T01:00:00Z' },
            { id: 2, departmentId: 2, departmentName: '品质部', proposedDepartmentId: 2, reason: '', actorId: 1, actorName: '王小明', at: '2025-03-03T01:00:00Z' },
          ],
          investigation: {
            causeAnalysis: '厨师未戴帽',
            measures: '当面致歉',
            responsibilities: [{ departmentId: 2, person: '张厨', ratioPercent: 100 }],
            actions: [{ kind: 'preventive', description: '每日检查', owner: '王主管', dueDate: '2025-03-20' }],
          },
        }),
    })
    const routes = (await until(() => wrapper.get('[data-testid="detail-routes"]'))).findAll('[data-testid="route-row"]')
    expect(routes.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['2025-03-02 09:00', '客服部', '王小明', '品质部', '先由客服核实'],
      ['2025-03-03 09:00', '品质部', '王小明', '品质部', ''],
    ])
    const inv = wrapper.get('[data-testid="detail-investigation"]')
    expect(inv.get('[data-testid="detail-cause"]').text()).toBe('厨师未戴帽')
    expect(inv.get('[data-testid="detail-responsibility"]').text().replace(/\s+/g, ' ')).toBe('品质部 · 张厨 · 100%')
    expect(inv.get('[data-testid="detail-action"]').text()).toContain('预防措施')
    // Nothing proposed yet: no empty panels.
    expect(wrapper.find('[data-testid="detail-resolution"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="detail-approvals"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="detail-follow-ups"]').exists()).toBe(false)
  })

  it('a round the customer did not accept reads 客户不接受 · 已转第 2 轮, not 已结案', async () => {
    const closed = kase({ status: 'closed', round: 1 })
    const { wrapper } = await mountDetail({
      case_workflow: () => workflow({ case: closed, actions: [], nextRound: { id: 12, caseNo: '2503-0012' } }),
    })
    const status = await until(() => wrapper.get('[data-testid="detail-status"]'))
    expect(status.text()).toBe('客户不接受 · 已转第 2 轮')
    expect(wrapper.text()).not.toContain('已结案')
  })

  it('a property case shows no product fields; a case that has them keeps them', async () => {
    const plain = kase({ orderNo: '', itemNo: '', quantity: null, defectiveQuantity: null, deliveryDate: null, market: null })
    session.info = appInfo({ goodsFields: false })
    const { wrapper } = await mountDetail({ app_info: () => appInfo({ goodsFields: false }) }, () => plain)
    await until(() => wrapper.get('[data-testid="detail-case-no"]'))
    expect(wrapper.text()).not.toContain('订单编号')
    expect(wrapper.text()).not.toContain('交运日期')

    const withOrder = await mountDetail({ app_info: () => appInfo({ goodsFields: false }) }, () => kase({ orderNo: 'SO-1', market: null }))
    await until(() => expect(withOrder.wrapper.text()).toContain('订单编号'))
    session.info = appInfo()
  })

  it('links a 二次投诉 to the earlier case', async () => {
    const { wrapper } = await mountDetail({}, () => kase({ repeatOfId: 3, repeatOfNo: '2502-0003' }))
    const link = await until(() => wrapper.get('[data-testid="detail-repeat-of"]'))
    expect(link.text()).toContain('二次投诉')
    expect(link.text()).toContain('2502-0003')
    expect(link.attributes('href')).toContain('/cases/3')
  })

  it('edits with the loaded version and shows the saved case', async () => {
    let current = kase()
    const { wrapper, backend } = await mountDetail(
      {
        update_case: (a) => (current = kase({ version: 2, content: (a.edit as CaseEdit).fields.content })),
      },
      () => current,
    )
    await (await until(() => wrapper.get('[data-testid="detail-edit"]'))).trigger('click')
    await until(() => wrapper.get('[data-testid="field-content"]'))
    await typeInto(wrapper, '[data-testid="field-content"]', '改过的内容')
    await wrapper.get('[data-testid="edit-submit"]').trigger('click')
    // Saved and shown.
    await until(() => expect(wrapper.get('[data-testid="detail-content"]').text()).toBe('改过的内容'))
    const edit = backend.last('update_case')!.args.edit as CaseEdit
    expect(edit.id).toBe(7)
    expect(edit.version).toBe(1)
    expect(edit.fields.content).toBe('改过的内容')
    expect(edit.fields.claimAmountFen).toBe(1234567) // unchanged money survives the yuan round trip
    expect(edit.fields.receivedAt).toBe('2025-03-01T02:30:00Z')
  })

  it('taking 严重/危机 down asks why, and sends the reason with the edit', async () => {
    let current = kase({ severity: 'critical' })
    const { wrapper, backend } = await mountDetail(
      {
        update_case: (a) => {
          const edit = a.edit as CaseEdit
          if (!edit.severityReason) throw { code: 'VALIDATION', field: 'severityReason', message: '严重程度从「严重/危机」降为「一般」，请说明原因' }
          return (current = kase({ version: 2, severity: edit.fields.severity }))
        },
      },
      () => current,
    )
    await (await until(() => wrapper.get('[data-testid="detail-edit"]'))).trigger('click')
    const severity = await until(() => wrapper.get('[data-testid="field-severity"]'))
    expect(wrapper.find('[data-testid="field-severityReason"]').exists()).toBe(false)
    const normal = severity.findAll('label').find((l) => l.text() === '一般')!
    await normal.get('input').setValue(true)
    await until(() => wrapper.get('[data-testid="field-severityReason"]'))
    await wrapper.get('[data-testid="edit-submit"]').trigger('click')
    const item = wrapper.get('[data-testid="field-severityReason"]').element.closest('.el-form-item')!
    await until(() => expect(item.querySelector('.el-form-item__error')?.textContent).toContain('请说明原因'))
    await typeInto(wrapper, '[data-testid="field-severityReason"]', '客户已撤回媒体投诉')
    await wrapper.get('[data-testid="edit-submit"]').trigger('click')
    await until(() => expect((backend.last('update_case')!.args.edit as CaseEdit).severityReason).toBe('客户已撤回媒体投诉'))
    expect((backend.last('update_case')!.args.edit as CaseEdit).fields.severity).toBe('normal')
  })

  it('on STALE_EDIT says someone else saved first and reloads on request', async () => {
    let version = 1
    const { wrapper, backend } = await mountDetail(
      {
        update_case: () => {
          throw { code: 'STALE_EDIT', message: '该案件已被他人修改，请刷新后再编辑' }
        },
      },
      () => kase({ version, content: version === 1 ? '旧内容' : '他人改过' }),
    )
    await (await until(() => wrapper.get('[data-testid="detail-edit"]'))).trigger('click')
    await (await until(() => wrapper.get('[data-testid="edit-submit"]'))).trigger('click')
    await until(() => expect(wrapper.get('[data-testid="stale-edit"]').text()).toContain('该案件已被他人修改，请刷新后再编辑'))
    expect(document.querySelector('.el-message')?.textContent).toContain('该案件已被他人修改')

    version = 2
    await wrapper.get('[data-testid="stale-reload"]').trigger('click')
    await until(() =>
      expect((wrapper.get('[data-testid="field-content"] textarea').element as HTMLTextAreaElement).value).toBe('他人改过'),
    )
    expect(backend.of('case_workflow')).toHaveLength(2)
    expect(wrapper.find('[data-testid="stale-edit"]').exists()).toBe(false)
  })

  it('voids with a reason; a voided case shows the reason and no edit buttons', async () => {
    let current = kase()
    const { wrapper, backend } = await mountDetail(
      {
        void_case: (a) => (current = kase({ status: 'voided', version: 2, voidReason: a.reason as string })),
      },
      () => current,
    )
    await (await until(() => wrapper.get('[data-testid="detail-void"]'))).trigger('click')
    const box = await until(() => {
      const el = document.querySelector('.el-message-box') as HTMLElement | null
      expect(el?.textContent).toContain('作废原因')
      return el!
    })
    const input = box.querySelector('input') as HTMLInputElement
    input.value = '重复登记'
    input.dispatchEvent(new Event('input', { bubbles: true }))
    await settle()
    ;(box.querySelector('.el-message-box__btns .el-button--danger, .el-message-box__btns .el-button--primary') as HTMLElement).click()
    // The box closes, then the case is voided and reloaded.
    await until(() => expect(wrapper.get('[data-testid="detail-void-banner"]').text()).toContain('重复登记'))

    expect(backend.last('void_case')!.args).toEqual({ id: 7, version: 1, reason: '重复登记' })
    expect(wrapper.get('[data-testid="detail-status"]').text()).toBe('已作废')
    expect(wrapper.find('[data-testid="detail-edit"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="detail-void"]').exists()).toBe(false)
  })

  it('offers 修改 and 作废 only when Rust allows them (not on a closed case)', async () => {
    const closed = kase({ status: 'closed' })
    const { wrapper } = await mountDetail({ case_workflow: () => workflow({ case: closed, actions: [] }) }, () => closed)
    // Loaded first, so the missing buttons are not just not there yet.
    await until(() => expect(wrapper.get('[data-testid="action-none"]').text()).not.toBe(''))
    expect(wrapper.find('[data-testid="detail-edit"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="detail-void"]').exists()).toBe(false)
  })
})
