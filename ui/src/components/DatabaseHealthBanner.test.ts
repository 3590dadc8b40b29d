import { describe, expect, it } from 'vitest'
import type { DatabaseHealth } from '@/ipc'
import DatabaseHealthBanner from './DatabaseHealthBanner.vue'
import { session } from '@/session'
import { appInfo, fakeBackend, mountWith, signedIn, until } from '@/test/helpers'

const LATEST = {
  name: 'complaintdesk-20261123-100000.sqlite3',
  path: '/data/backups/complaintdesk-20261123-100000.sqlite3',
  takenAt: '2026-11-23T02:00:00Z',
  manual: false,
  sizeBytes: 4096,
}
const DAMAGED: DatabaseHealth = { state: 'damaged', problems: ['*** in database main *** Page 7: btreeInitPage() returns error code 11'], latestBackup: LATEST }

async function mountBanner(health: DatabaseHealth, roles: ('admin' | 'agent')[]) {
  session.info = appInfo({ session: signedIn({ roles }) })
  fakeBackend({ database_health: () => health })
  return mountWith(DatabaseHealthBanner)
}

describe('damaged-database banner', () => {
  it('says nothing while the file is sound', async () => {
    const { wrapper } = await mountBanner({ state: 'ok', problems: [], latestBackup: LATEST }, ['admin'])
    expect(wrapper.find('[data-testid="database-damaged"]').exists()).toBe(false)
  })

  it('offers an admin the newest backup, through 系统管理 → 备份与恢复', async () => {
    const { wrapper, router } = await mountBanner(DAMAGED, ['admin'])
    expect(wrapper.get('[data-testid="database-damaged"]').text()).toContain('数据库文件已损坏')
    const button = wrapper.get('[data-testid="database-restore-latest"]')
    expect(button.text()).toBe('从最新备份恢复（2026-11-23 10:00）')
    await button.trigger('click')
    await until(() => expect(router.currentRoute.value.path).toBe('/admin'))
    expect(router.currentRoute.value.query).toEqual({ tab: 'backup', restore: LATEST.path })
  })

  it('tells anyone else to call the administrator', async () => {
    const { wrapper } = await mountBanner(DAMAGED, ['agent'])
    expect(wrapper.get('[data-testid="database-damaged"]').text()).toContain('请立即联系系统管理员从备份恢复')
    expect(wrapper.find('[data-testid="database-restore-latest"]').exists()).toBe(false)
  })
})
