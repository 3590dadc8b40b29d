// 自动锁定 counts the person's input, not the screens' polling: the shell
// reports keyboard and mouse input to Rust, at most every half minute.
import { describe, expect, it } from 'vitest'
import App from './App.vue'
import { appInfo, fakeBackend, mountWith, until } from '@/test/helpers'

function press() {
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
}

describe('activity for the idle lock', () => {
  it('input at a signed-in desk is reported, at most once a half minute', async () => {
    const b = fakeBackend({ crisis_alerts: () => [] })
    const { wrapper } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="nav-sheet"]'))
    expect(b.of('note_activity')).toHaveLength(0)
    press()
    await until(() => expect(b.of('note_activity')).toHaveLength(1))
    // The listener reports synchronously, so what follows within the half minute is not sent.
    window.dispatchEvent(new PointerEvent('pointerdown'))
    press()
    expect(b.of('note_activity')).toHaveLength(1)
    wrapper.unmount()
  })

  it('nothing is reported before anyone has signed in', async () => {
    const b = fakeBackend({ app_info: () => appInfo({ session: null }) })
    const { wrapper } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="signin-password"]'))
    press()
    await wrapper.get('[data-testid="signin-password"]').trigger('keydown', { key: 'b' })
    expect(b.of('note_activity')).toHaveLength(0)
    wrapper.unmount()
  })
})
