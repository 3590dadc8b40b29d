import { describe, expect, it } from 'vitest'
import type { WorkGroup } from '@/ipc'
import MyWorkView from './MyWorkView.vue'
import { fakeBackend, kase, mountWith, row, until } from '@/test/helpers'

const GROUPS: WorkGroup[] = [
  {
    kind: 'to_assess',
    rows: [
      row({ id: 4, caseNo: '2503-0004', customerName: '王秀英', content: '物业费多收', severity: 'critical' }),
      row({ id: 5, caseNo: '2503-0005', customerName: '赵敏', content: '电梯经常停运', status: 'registered' }),
    ],
    total: 57,
  },
  { kind: 'to_approve', rows: [row({ id: 9, caseNo: '2503-0009', status: 'proposed' })], total: 1 },
  { kind: 'to_close', rows: [], total: 0 },
]

describe('我的待办', () => {
  it('one card per kind of work with its label, count and oldest cases', async () => {
    const b = fakeBackend({ my_work: () => GROUPS })
    const { wrapper } = await mountWith(MyWorkView, { path: '/work' })
    expect(b.of('my_work')).toHaveLength(1)

    const assess = await until(() => wrapper.get('[data-testid="work-group-to_assess"]'))
    expect(assess.text()).toContain('待评估')
    expect(wrapper.get('[data-testid="work-count-to_assess"]').text()).toBe('57')
    expect(assess.findAll('[data-testid="work-case-no"]').map((w) => w.text())).toEqual(['2503-0004', '2503-0005'])
    for (const s of ['王秀英', '物业费多收', '严重/危机', '已登记', '2025-03-01 10:30']) expect(assess.text(), s).toContain(s)
    // Rust sends the oldest 50 at most; the card says there are more.
    expect(assess.get('[data-testid="work-more"]').text()).toContain('共 57 件')

    expect(wrapper.get('[data-testid="work-group-to_approve"]').text()).toContain('待我审批')
    expect(wrapper.get('[data-testid="work-count-to_approve"]').text()).toBe('1')
    // Nothing waiting: no card for it.
    expect(wrapper.find('[data-testid="work-group-to_close"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="work-empty"]').exists()).toBe(false)
  })

  it("a new agent finds cases nobody owns under 待领取 and takes one with 领取; it then waits under 待评估", async () => {
    const unowned = row({ id: 12, caseNo: '2503-0012', customerName: '钱进', status: 'registered' })
    let claimed = false
    const b = fakeBackend({
      my_work: () =>
        claimed
          ? [{ kind: 'to_assess', rows: [{ ...unowned, handlerName: '孙丽' }], total: 1 }]
          : [{ kind: 'to_claim', rows: [unowned], total: 1 }],
      get_case: (a) => kase({ id: a.id as number, version: 3 }),
      claim_case: (a) => {
        claimed = true
        return kase({ id: a.id as number, version: 4 })
      },
    })
    const { wrapper, router } = await mountWith(MyWorkView, { path: '/work' })
    const group = await until(() => wrapper.get('[data-testid="work-group-to_claim"]'))
    expect(group.text()).toContain('待领取')
    await group.get('[data-testid="work-claim"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="work-group-to_assess"]').exists()).toBe(true))
    expect(b.last('claim_case')!.args).toEqual({ id: 12, version: 3 })
    expect(wrapper.find('[data-testid="work-group-to_claim"]').exists()).toBe(false)
    expect(document.body.textContent).toContain('已领取 2503-0012，请评估')
    expect(router.currentRoute.value.fullPath).toBe('/work') // 领取 does not open the case
  })

  it('clicking a case opens it', async () => {
    fakeBackend({ my_work: () => GROUPS })
    const { wrapper, router } = await mountWith(MyWorkView, { path: '/work' })
    await until(() => expect(wrapper.get('[data-testid="work-group-to_assess"]').findAll('.el-table__row')).toHaveLength(2))
    await wrapper.get('[data-testid="work-group-to_assess"]').findAll('.el-table__row')[1].trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/cases/5'))
  })

  it('the approval group links to the approval queue', async () => {
    fakeBackend({ my_work: () => GROUPS })
    const { wrapper, router } = await mountWith(MyWorkView, { path: '/work' })
    const link = await until(() => wrapper.get('[data-testid="work-group-to_approve"] [data-testid="work-to-approvals"]'))
    expect(wrapper.find('[data-testid="work-group-to_assess"] [data-testid="work-to-approvals"]').exists()).toBe(false)
    expect(link.text()).toBe('进入审批')
    await link.trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/approvals'))
  })

  it('nothing to do says so', async () => {
    fakeBackend({ my_work: () => [{ kind: 'to_assess', rows: [], total: 0 }] })
    const { wrapper } = await mountWith(MyWorkView, { path: '/work' })
    await until(() => expect(wrapper.get('[data-testid="work-empty"]').text()).toContain('暂无待办'))
  })

  it('a refusal is shown', async () => {
    fakeBackend({
      my_work: () => {
        throw { code: 'STORAGE', message: '读取待办失败' }
      },
    })
    const { wrapper } = await mountWith(MyWorkView, { path: '/work' })
    await until(() => expect(document.querySelector('.el-message')?.textContent).toContain('读取待办失败'))
    expect(wrapper.find('[data-testid="work-empty"]').exists()).toBe(false)
  })
})
