// Live between desks, as the screens show it: a change at another desk
// reloads the visible list without a mask, an open 案件详情 says who changed
// it, a form being filled keeps what was typed, and the banner tells of a
// lost server until it is back.
import { describe, expect, it } from 'vitest'
import type { Case, CaseEdit, DeskChange } from '@/ipc'
import App from '@/App.vue'
import SheetView from '@/views/SheetView.vue'
import MyWorkView from '@/views/MyWorkView.vue'
import ApprovalQueueView from '@/views/ApprovalQueueView.vue'
import CaseDetail from '@/views/CaseDetail.vue'
import { dispatch } from '@/live'
import * as ipc from '@/ipc'
import { session } from '@/session'
import { appInfo, fakeBackend, kase, mountWith, row, settle, typeInto, until } from '@/test/helpers'
import { workflow } from '@/test/workflow'

type Record = Extract<DeskChange, { kind: 'record' }>
const byLiNa = (id: number, entity = 'case'): Record => ({ kind: 'record', entity, id, actorId: 2, actorName: '李娜' })

describe('live between desks', () => {
  it('the sheet shows a case registered at another desk without a click, and without a loading mask', async () => {
    let rows = [row()]
    const b = fakeBackend({ list_cases: () => ({ rows, total: rows.length, totalCapped: false }) })
    const { wrapper } = await mountWith(SheetView)
    await until(() => expect(wrapper.findAll('[data-testid="row-case-no"]').map((w) => w.text())).toEqual(['2503-0001']))

    rows = [row({ id: 2, caseNo: '2503-0002' }), row()]
    dispatch(byLiNa(2))
    dispatch(byLiNa(2)) // a burst is one reload
    await until(() => expect(b.of('list_cases')).toHaveLength(2))
    expect(document.querySelector('.el-loading-mask')).toBeNull()
    await until(() =>
      expect(wrapper.findAll('[data-testid="row-case-no"]').map((w) => w.text())).toEqual(['2503-0002', '2503-0001']),
    )
    expect(b.of('list_cases')).toHaveLength(2)
    wrapper.unmount()
  })

  it('我的待办 reloads after a reconnection (changes made meanwhile were not heard)', async () => {
    const b = fakeBackend({ my_work: () => [] })
    const { wrapper } = await mountWith(MyWorkView)
    await until(() => expect(b.of('my_work')).toHaveLength(1))
    dispatch({ kind: 'disconnected', message: '与服务器 db1:5432/kesu 的连接已断开。' })
    // Nothing to wait for: a disconnection changes nothing on this screen (the banner is App's).
    await settle()
    expect(b.of('my_work')).toHaveLength(1)
    dispatch({ kind: 'reconnected' })
    await until(() => expect(b.of('my_work')).toHaveLength(2))
    wrapper.unmount()
  })

  it('待我审批 reloads and keeps the case shown and the comment being typed', async () => {
    const item = (id: number, no: string) => ({
      case: row({ id, caseNo: no }),
      resolution: {
        id,
        caseId: id,
        lines: [],
        opinion: '赔偿',
        offeredFen: 50000,
        lossFen: 0,
        requiredLevel: 'vice_gm',
        proposerId: 3,
        proposerName: '陈刚',
        proposedAt: '2025-03-02T02:00:00Z',
      },
    })
    let queue = [item(1, '2503-0001'), item(2, '2503-0002')]
    const b = fakeBackend({ approval_queue: () => queue, case_workflow: (a) => workflow({ case: kase({ id: a.id as number }) }) })
    const { wrapper } = await mountWith(ApprovalQueueView)
    await (await until(() => wrapper.get('[data-testid="queue-next"]'))).trigger('click')
    await settle()
    await typeInto(wrapper, '[data-testid="queue-comment"]', '同意')

    queue = [item(3, '2503-0003'), ...queue]
    dispatch(byLiNa(3))
    await until(() => expect(b.of('approval_queue')).toHaveLength(2))
    // The reloaded queue is shown: three cases, the one shown (now third) still shown.
    await until(() => expect(wrapper.get('[data-testid="queue-position"]').text()).toBe('第 3 / 3 件'))
    expect(wrapper.get('[data-testid="queue-case-no"]').text()).toBe('2503-0002')
    expect((wrapper.get('[data-testid="queue-comment"]').element as HTMLTextAreaElement).value).toBe('同意')
    wrapper.unmount()
  })
})

describe('案件详情 changed at another desk', () => {
  async function mountDetail(current: () => Case, handlers: Parameters<typeof fakeBackend>[0] = {}) {
    const backend = fakeBackend({
      case_workflow: () => workflow({ case: current(), actions: ['assess', 'edit', 'void'] }),
      ...handlers,
    })
    const mounted = await mountWith(CaseDetail, { props: { id: 7 }, path: '/cases/7' })
    return { backend, ...mounted }
  }

  it('says 此案件已被 李娜 更新 and shows the latest', async () => {
    session.info = appInfo() // signed in as 王小明 (user 1)
    let current = kase({ content: '旧内容' })
    const { wrapper, backend } = await mountDetail(() => current)
    await until(() => expect(wrapper.get('[data-testid="detail-content"]').text()).toBe('旧内容'))
    current = kase({ version: 2, content: '李娜补充了内容' })
    dispatch(byLiNa(8)) // another case: nothing here
    dispatch({ ...byLiNa(7), actorId: 1, actorName: '王小明' }) // my own step: reloaded already
    // Nothing to wait for: neither change shows anything here.
    await settle()
    expect(wrapper.find('[data-testid="detail-changed-by"]').exists()).toBe(false)

    dispatch(byLiNa(7))
    await until(() => expect(backend.of('case_workflow')).toHaveLength(2))
    await until(() => expect(wrapper.get('[data-testid="detail-content"]').text()).toBe('李娜补充了内容'))
    expect(wrapper.get('[data-testid="detail-changed-by"]').text()).toContain('此案件已被 李娜 更新')
    wrapper.unmount()
  })

  it('an edit under way keeps what was typed and its version: the stale submit is refused as ever', async () => {
    let current = kase({ content: '旧内容' })
    const { wrapper, backend } = await mountDetail(() => current, {
      update_case: (a) => {
        if ((a.edit as CaseEdit).version !== current.version) throw { code: 'STALE_EDIT', message: '该案件已被他人修改，请刷新后再编辑' }
        return current
      },
    })
    await (await until(() => wrapper.get('[data-testid="detail-edit"]'))).trigger('click')
    await until(() => wrapper.get('[data-testid="field-content"]'))
    await typeInto(wrapper, '[data-testid="field-content"]', '我正在写的内容')

    current = kase({ version: 2, content: '李娜改过' })
    dispatch(byLiNa(7))
    await until(() => expect(wrapper.find('[data-testid="detail-changed-by"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="detail-changed-by"]').text()).toContain('您正在填写的内容仍然保留')
    expect(backend.of('case_workflow')).toHaveLength(1)
    expect((wrapper.get('[data-testid="field-content"] textarea').element as HTMLTextAreaElement).value).toBe('我正在写的内容')

    await wrapper.get('[data-testid="edit-submit"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="stale-edit"]').text()).toContain('该案件已被他人修改'))
    expect((backend.last('update_case')!.args.edit as CaseEdit).version).toBe(1)
    wrapper.unmount()
  })
})

describe('connection banner', () => {
  it('shows 与服务器的连接中断，正在重试… while the server is gone, over the open screen', async () => {
    fakeBackend({ app_info: () => appInfo(), list_cases: () => ({ rows: [], total: 0, totalCapped: false }) })
    const { wrapper } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="nav-sheet"]'))
    expect(wrapper.find('[data-testid="connection-lost"]').exists()).toBe(false)

    dispatch({ kind: 'disconnected', message: '与服务器 db1:5432/kesu 的连接已断开。' })
    await until(() => expect(wrapper.get('[data-testid="connection-lost"]').text()).toContain('与服务器的连接中断，正在重试…'))
    dispatch({ kind: 'reconnected' })
    await until(() => expect(wrapper.find('[data-testid="connection-lost"]').exists()).toBe(false))
    wrapper.unmount()
  })

  it('a command answering SERVER_UNREACHABLE shows it too, until a command answers again', async () => {
    let down = true
    fakeBackend({
      app_info: () => appInfo(),
      my_work: () => {
        if (down) throw { code: 'SERVER_UNREACHABLE', message: '与服务器的连接中断，本次操作没有完成；连接恢复后请再提交一次。' }
        return []
      },
    })
    const { wrapper } = await mountWith(App)
    // The shell hears the commands' failures once it is up.
    await until(() => wrapper.get('[data-testid="nav-sheet"]'))
    await expect(ipc.myWork()).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' })
    await until(() => expect(wrapper.get('[data-testid="connection-lost"]').text()).toContain('与服务器的连接中断，正在重试…'))
    down = false
    await ipc.myWork()
    await until(() => expect(wrapper.find('[data-testid="connection-lost"]').exists()).toBe(false))
    wrapper.unmount()
  })
})
