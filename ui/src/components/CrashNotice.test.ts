import { describe, expect, it } from 'vitest'
import CrashNotice from './CrashNotice.vue'
import { fakeBackend, mountWith, settle, until } from '@/test/helpers'

const dialog = () => document.querySelector('[data-testid="crash-notice"]')?.closest('.el-overlay') as HTMLElement | null

describe('上次意外退出', () => {
  it('the last run crashed: said once, with the time in China and the log folder', async () => {
    const b = fakeBackend({
      take_crash_notice: () => ({ at: '2025-03-04T01:02:03Z', place: 'src/commands.rs:10:5', logDir: '/home/u/.local/share/complaintdesk/logs' }),
    })
    const { wrapper } = await mountWith(CrashNotice)
    await until(() => expect(document.body.textContent).toContain('客诉台上次意外退出，详情已写入日志'))
    expect(document.querySelector('[data-testid="crash-notice-log-dir"]')!.textContent).toBe('/home/u/.local/share/complaintdesk/logs')
    expect(document.body.textContent).toContain('2025-03-04 09:02')
    ;(document.querySelector('[data-testid="crash-notice-ok"]') as HTMLElement).click()
    await until(() => expect(dialog()?.style.display).toBe('none'))
    expect(b.of('take_crash_notice')).toHaveLength(1)
    wrapper.unmount()
  })

  it('no crash, no dialog', async () => {
    const b = fakeBackend()
    const { wrapper } = await mountWith(CrashNotice)
    await until(() => expect(b.of('take_crash_notice')).toHaveLength(1))
    await settle()
    expect(document.querySelector('[data-testid="crash-notice-message"]')).toBeNull()
    wrapper.unmount()
  })
})
