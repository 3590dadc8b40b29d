import { afterEach } from 'vitest'
import { clearMocks } from '@tauri-apps/api/mocks'
import { resetSession } from '@/session'

afterEach(() => {
  clearMocks()
  resetSession()
  document.body.innerHTML = ''
})
