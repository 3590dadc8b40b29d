import { afterEach, describe, expect, it, vi } from 'vitest'
import CrisisAlerts from './CrisisAlerts.vue'
import { fakeBackend, mountWith, row, settle, until, type Handler } from '@/test/helpers'

const CRISIS = row({
  id: 3,
  caseNo: '2611-0003',
  customerName: '王秀英',
  severity: 'critical',
  content: '小区大门口积水严重，老人摔倒住院，家属要求物业赔偿医药费并公开道歉，已联系电视台准备曝光',
})

afterEach(() => {
  vi.useRealTimers()
})

async function mountAlerts(handlers: Record<string, Handler>) {
  const backend = fakeBackend(handlers)
  const mounted = await mountWith(CrisisAlerts, { path: '/' })
  return { backend, ...mounted }
}

const errorMessages = () => document.querySelectorAll('.el-message--error').length

describe('危机案件提醒', () => {
  it('shows a red banner per case that only 知道了 removes, after Rust records it', async () => {
    let alerts = [CRISIS, row({ id: 8, caseNo: '2611-0008', customerName: '刘强', content: '短内容' })]
    const { wrapper, backend } = await mountAlerts({
      crisis_alerts: () => alerts,
      acknowledge_crisis: (a) => {
        alerts = alerts.filter((r) => r.id !== a.caseId)
        return null
      },
    })
    const banner = wrapper.get('[data-testid="crisis-alerts"]')
    const first = banner.get('[data-testid="crisis-alert-3"]')
    expect(first.text()).toContain('危机案件 2611-0003 王秀英：小区大门口积水严重')
    expect(first.text()).toContain('…')
    expect(first.text()).not.toContain('准备曝光') // the content is cut short
    expect(first.find('.el-alert--error').exists() || first.classes().includes('el-alert--error')).toBe(true)
    expect(first.find('.el-alert__close-btn').exists()).toBe(false)
    expect(banner.get('[data-testid="crisis-alert-8"]').text()).toContain('危机案件 2611-0008 刘强：短内容')

    await wrapper.get('[data-testid="crisis-ack-3"]').trigger('click')
    await until(() => expect(backend.last('acknowledge_crisis')!.args).toEqual({ caseId: 3 }))
    await until(() => expect(wrapper.find('[data-testid="crisis-alert-3"]').exists()).toBe(false))
    expect(wrapper.find('[data-testid="crisis-alert-8"]').exists()).toBe(true)
  })

  it('a case lowered from 严重/危机 is told in amber with who, to what and why, until 知道了', async () => {
    const lowered = row({ id: 5, caseNo: '2611-0005', customerName: '李梅', severity: 'normal' })
    let notices = [{ case: lowered, to: 'normal', byName: '张敏', reason: '燃气公司确认为误报', at: '2026-11-23T02:00:00Z' }]
    const { wrapper, backend, router } = await mountAlerts({
      crisis_alerts: () => [],
      downgrade_notices: () => notices,
      acknowledge_downgrade: (a) => {
        notices = notices.filter((n) => n.case.id !== a.caseId)
        return null
      },
    })
    const notice = wrapper.get('[data-testid="downgrade-alert-5"]')
    expect(notice.text()).toContain('降级通知')
    expect(notice.text()).toContain('张敏将案件 2611-0005 李梅 由「严重/危机」降为「一般」，原因：燃气公司确认为误报')
    expect(notice.find('.el-alert--warning').exists() || notice.classes().includes('el-alert--warning')).toBe(true)

    await wrapper.get('[data-testid="downgrade-view-5"]').trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/cases/5'))
    expect(backend.of('acknowledge_downgrade')).toHaveLength(0)

    await wrapper.get('[data-testid="downgrade-ack-5"]').trigger('click')
    await until(() => expect(backend.last('acknowledge_downgrade')!.args).toEqual({ caseId: 5 }))
    await until(() => expect(wrapper.find('[data-testid="crisis-alerts"]').exists()).toBe(false))
  })

  it('查看 opens the case without acknowledging it', async () => {
    const { wrapper, backend, router } = await mountAlerts({ crisis_alerts: () => [CRISIS] })
    await wrapper.get('[data-testid="crisis-view-3"]').trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/cases/3'))
    expect(backend.of('acknowledge_crisis')).toHaveLength(0)
    expect(wrapper.find('[data-testid="crisis-alert-3"]').exists()).toBe(true)
  })

  it('a failed acknowledgement is shown and the banner stays', async () => {
    const { wrapper } = await mountAlerts({
      crisis_alerts: () => [CRISIS],
      acknowledge_crisis: () => {
        throw { code: 'STORAGE', message: '保存数据时出错' }
      },
    })
    await wrapper.get('[data-testid="crisis-ack-3"]').trigger('click')
    await until(() => expect(document.querySelector('.el-message')?.textContent).toContain('保存数据时出错'))
    expect(wrapper.find('[data-testid="crisis-alert-3"]').exists()).toBe(true)
  })

  it('says nothing when there is no crisis', async () => {
    const { wrapper, backend } = await mountAlerts({ crisis_alerts: () => [] })
    expect(backend.of('crisis_alerts')).toHaveLength(1)
    expect(wrapper.find('[data-testid="crisis-alerts"]').exists()).toBe(false)
    expect(document.querySelector('.el-message')).toBeNull()
  })

  it('asks again on every route change and every 30 seconds', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    let alerts: (typeof CRISIS)[] = []
    const { wrapper, backend, router } = await mountAlerts({ crisis_alerts: () => alerts })
    expect(backend.of('crisis_alerts')).toHaveLength(1)

    alerts = [CRISIS]
    await router.push('/work')
    await until(() => expect(backend.of('crisis_alerts')).toHaveLength(2))
    await until(() => expect(wrapper.find('[data-testid="crisis-alert-3"]').exists()).toBe(true))

    alerts = []
    vi.advanceTimersByTime(30_000)
    await until(() => expect(backend.of('crisis_alerts')).toHaveLength(3))
    await until(() => expect(wrapper.find('[data-testid="crisis-alerts"]').exists()).toBe(false))
  })

  it('a failing poll is reported once, not on every poll; a lost session not at all', async () => {
    let code = 'SESSION_LOCKED'
    const { backend, router } = await mountAlerts({
      crisis_alerts: () => {
        throw { code, message: '读取失败' }
      },
    })
    expect(errorMessages()).toBe(0)

    code = 'STORAGE'
    for (const [i, path] of ['/work', '/inbox', '/approvals'].entries()) {
      await router.push(path)
      await until(() => expect(backend.of('crisis_alerts')).toHaveLength(i + 2))
    }
    expect(backend.of('crisis_alerts')).toHaveLength(4)
    await until(() => expect(errorMessages()).toBeGreaterThan(0))
    // The repeated failures show nothing, so there is no sign to wait for that they were handled.
    await settle()
    expect(errorMessages()).toBe(1)
    expect(document.querySelector('.el-message')?.textContent).toContain('读取失败')
    // Element Plus would group repeats into one message with a count badge.
    expect(document.querySelector('.el-message .el-badge')).toBeNull()
  })
})
