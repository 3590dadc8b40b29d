import { describe, expect, it } from 'vitest'
import { refreshInfo } from '@/session'
import AboutPanel from './AboutPanel.vue'
import { aboutDesk, appInfo, fakeBackend, mountWith, serverDatabase, until } from '@/test/helpers'

describe('设置 → 关于', () => {
  it('shows the version, the local database, the data and log folders', async () => {
    fakeBackend({
      about_desk: () =>
        aboutDesk({
          version: '1.4.2',
          logDir: 'D:\\客诉台\\logs',
          dataDir: 'D:\\客诉台',
          database: { mode: 'local', description: '本机数据库 D:\\客诉台\\complaintdesk.sqlite3', server: null },
        }),
    })
    const { wrapper } = await mountWith(AboutPanel)
    await until(() => expect(wrapper.get('[data-testid="about-log-dir"]').text()).toBe('D:\\客诉台\\logs'))
    expect(wrapper.get('[data-testid="about-version"]').text()).toBe('1.4.2')
    expect(wrapper.get('[data-testid="about-database"]').text()).toBe('本机数据库 D:\\客诉台\\complaintdesk.sqlite3')
    expect(wrapper.get('[data-testid="settings-data-dir"]').text()).toBe('D:\\客诉台')
    expect(wrapper.text()).toContain('日志文件夹')
    expect(wrapper.text()).toContain('不含客户的姓名、电话或案件内容')
  })

  it('a desk on the server shows the server and database, and no local file', async () => {
    const server = serverDatabase()
    fakeBackend({
      app_info: () =>
        appInfo({ database: { mode: 'server', description: '服务器 db1.example.cn,db2.example.cn:5432/complaintdesk', server } }),
      about_desk: () =>
        aboutDesk({ database: { mode: 'server', description: '服务器 db1.example.cn,db2.example.cn:5432/complaintdesk', server } }),
    })
    await refreshInfo()
    const { wrapper } = await mountWith(AboutPanel)
    await until(() =>
      expect(wrapper.get('[data-testid="about-database"]').text()).toBe('服务器 db1.example.cn,db2.example.cn:5432/complaintdesk'),
    )
    expect(wrapper.find('[data-testid="settings-db-path"]').exists()).toBe(false)
  })

  it('打开日志文件夹 asks Rust to open it; a failure is shown', async () => {
    let fail = false
    const b = fakeBackend({
      open_log_folder: () => {
        if (fail) throw { code: 'IO', message: '无法打开文件夹 /x/logs：没有文件管理器' }
        return null
      },
    })
    await refreshInfo()
    const { wrapper } = await mountWith(AboutPanel)
    const button = () => wrapper.get('[data-testid="about-open-logs"]')
    await until(() => expect(button().attributes('disabled')).toBeUndefined())
    await button().trigger('click')
    await until(() => expect(b.of('open_log_folder')).toHaveLength(1))
    await until(() => expect(button().classes()).not.toContain('is-loading'))

    fail = true
    await button().trigger('click')
    await until(() => expect(document.body.textContent).toContain('无法打开文件夹 /x/logs：没有文件管理器'))
    expect(b.of('open_log_folder')).toHaveLength(2)
  })
})
