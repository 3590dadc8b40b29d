import { afterEach } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'
import { clearMocks } from '@tauri-apps/api/mocks'
import { resetSession } from '@/session'

// Unmounted after each test, so nothing a screen subscribed to (live changes,
// timers) outlives it.
enableAutoUnmount(afterEach)

afterEach(() => {
  clearMocks()
  resetSession()
  document.body.innerHTML = ''
})
