import { describe, expect, it } from 'vitest'
import type { CaseEdit } from '@/ipc'
import CaseDetail from './CaseDetail.vue'
import { audit, fakeBackend, kase, mountWith, settle, sleep, typeInto } from '@/test/helpers'

const TIMELINE = [
  audit({ id: 1, action: 'register', at: '2025-03-01T02:31:00Z' }),
  audit({ id: 2, action: 'edit', at: '2025-03-02T08:00:00Z', actorName: '李娜', field: 'severity', oldValue: 'normal', newValue: 'important' }),
  audit({ id: 3, action: 'edit', at: '2025-03-02T08:00:00Z', actorName: '李娜', field: 'claimAmountFen', oldValue: null, newValue: '1234567' }),
  audit({ id: 4, action: 'edit', at: '2025-03-02T08:00:00Z', actorName: '李娜', field: 'channel', oldValue: 'phone', newValue: 'visit' }),
]

async function mountDetail(handlers: Parameters<typeof fakeBackend>[0] = {}) {
  const backend = fakeBackend({ get_case: () => kase(), case_timeline: () => TIMELINE, ...handlers })
  const mounted = await mountWith(CaseDetail, { props: { id: 7 }, path: '/cases/7' })
  return { backend, ...mounted }
}

describe('案件详情', () => {
  it('shows the case number, status, fields and money formatted', async () => {
    const { wrapper, backend } = await mountDetail()
    expect(backend.last('get_case')!.args).toEqual({ id: 7 })
    expect(wrapper.get('[data-testid="detail-case-no"]').text()).toBe('2503-0007')
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
    const tl = wrapper.get('[data-testid="detail-timeline"]')
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

  it('links a 二次投诉 to the earlier case', async () => {
    const { wrapper } = await mountDetail({ get_case: () => kase({ repeatOfId: 3, repeatOfNo: '2502-0003' }) })
    const link = wrapper.get('[data-testid="detail-repeat-of"]')
    expect(link.text()).toContain('二次投诉')
    expect(link.text()).toContain('2502-0003')
    expect(link.attributes('href')).toContain('/cases/3')
  })

  it('edits with the loaded version and shows the saved case', async () => {
    const { wrapper, backend } = await mountDetail({
      update_case: (a) => kase({ version: 2, content: (a.edit as CaseEdit).fields.content }),
    })
    await wrapper.get('[data-testid="detail-edit"]').trigger('click')
    await settle()
    await typeInto(wrapper, '[data-testid="field-content"]', '改过的内容')
    await wrapper.get('[data-testid="edit-submit"]').trigger('click')
    await settle()
    const edit = backend.last('update_case')!.args.edit as CaseEdit
    expect(edit.id).toBe(7)
    expect(edit.version).toBe(1)
    expect(edit.fields.content).toBe('改过的内容')
    expect(edit.fields.claimAmountFen).toBe(1234567) // unchanged money survives the yuan round trip
    expect(edit.fields.receivedAt).toBe('2025-03-01T02:30:00Z')
    expect(wrapper.get('[data-testid="detail-content"]').text()).toBe('改过的内容')
  })

  it('on STALE_EDIT says someone else saved first and reloads on request', async () => {
    let version = 1
    const { wrapper, backend } = await mountDetail({
      get_case: () => kase({ version, content: version === 1 ? '旧内容' : '他人改过' }),
      update_case: () => {
        throw { code: 'STALE_EDIT', message: '该案件已被他人修改，请刷新后再编辑' }
      },
    })
    await wrapper.get('[data-testid="detail-edit"]').trigger('click')
    await settle()
    await wrapper.get('[data-testid="edit-submit"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="stale-edit"]').text()).toContain('该案件已被他人修改，请刷新后再编辑')
    expect(document.querySelector('.el-message')?.textContent).toContain('该案件已被他人修改')

    version = 2
    await wrapper.get('[data-testid="stale-reload"]').trigger('click')
    await settle()
    expect(backend.of('get_case')).toHaveLength(2)
    expect(wrapper.find('[data-testid="stale-edit"]').exists()).toBe(false)
    expect((wrapper.get('[data-testid="field-content"] textarea').element as HTMLTextAreaElement).value).toBe('他人改过')
  })

  it('voids with a reason; a voided case shows the reason and no edit buttons', async () => {
    const { wrapper, backend } = await mountDetail({
      void_case: (a) => kase({ status: 'voided', version: 2, voidReason: a.reason as string }),
    })
    await wrapper.get('[data-testid="detail-void"]').trigger('click')
    await settle()
    const box = document.querySelector('.el-message-box') as HTMLElement
    expect(box.textContent).toContain('作废原因')
    const input = box.querySelector('input') as HTMLInputElement
    input.value = '重复登记'
    input.dispatchEvent(new Event('input', { bubbles: true }))
    await settle()
    ;(box.querySelector('.el-message-box__btns .el-button--danger, .el-message-box__btns .el-button--primary') as HTMLElement).click()
    await settle()
    await sleep(50)
    await settle()

    expect(backend.last('void_case')!.args).toEqual({ id: 7, version: 1, reason: '重复登记' })
    expect(wrapper.get('[data-testid="detail-void-banner"]').text()).toContain('重复登记')
    expect(wrapper.get('[data-testid="detail-status"]').text()).toBe('已作废')
    expect(wrapper.find('[data-testid="detail-edit"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="detail-void"]').exists()).toBe(false)
  })
})
