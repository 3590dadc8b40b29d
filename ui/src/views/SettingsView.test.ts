import { describe, expect, it } from 'vitest'
import { refreshInfo, session } from '@/session'
import SettingsView from './SettingsView.vue'
import { aboutDesk, appInfo, fakeBackend, localDatabase, mountWith, prefs, serverDatabase, settle, signedIn, typeInto, until } from '@/test/helpers'

describe('设置', () => {
  it('shows version, paths, schema version and case count', async () => {
    // The count is 关于's own (app info carries it on a first start only).
    fakeBackend({ app_info: () => appInfo({ caseCount: null, schemaVersion: 4, version: '0.1.0' }), about_desk: () => aboutDesk({ caseCount: 12 }) })
    const { wrapper } = await mountWith(SettingsView)
    await until(() =>
      expect(wrapper.get('[data-testid="settings-db-path"]').text()).toBe('/home/u/.local/share/complaintdesk/complaintdesk.sqlite3'),
    )
    expect(wrapper.get('[data-testid="settings-data-dir"]').text()).toBe('/home/u/.local/share/complaintdesk')
    expect(wrapper.get('[data-testid="settings-case-count"]').text()).toBe('12')
    expect(wrapper.text()).toContain('0.1.0')
    expect(wrapper.text()).toContain('数据库结构版本')
  })

  it('changing the language saves it in the preferences', async () => {
    const b = fakeBackend()
    session.prefs = prefs()
    const { wrapper } = await mountWith(SettingsView)
    const radios = wrapper.findAll('[data-testid="settings-locale"] input')
    await radios[1].setValue(true) // 繁體中文
    await until(() => expect(session.prefs.locale).toBe('zh-TW'))
    expect(b.last('save_preferences')!.args.prefs).toEqual(prefs({ locale: 'zh-TW' }))
  })

  it('shows who is signed in and his roles; no user switcher any more', async () => {
    fakeBackend({ app_info: () => appInfo({ session: signedIn({ roles: ['dept_head', 'quality'] }) }) })
    const { wrapper } = await mountWith(SettingsView)
    await until(() => expect(wrapper.get('[data-testid="settings-user"]').text()).toBe('王小明'))
    expect(wrapper.get('[data-testid="settings-roles"]').text()).toBe('部门负责人、质量管理部')
    expect(wrapper.findComponent({ name: 'ElSelect' }).exists()).toBe(false)
  })

  it('修改密码 sends old and new password', async () => {
    const b = fakeBackend({ change_password: () => null })
    const { wrapper } = await mountWith(SettingsView)
    await typeInto(wrapper, '[data-testid="password-old"]', 'old-pw')
    await typeInto(wrapper, '[data-testid="password-new"]', 'new-pw-123')
    await typeInto(wrapper, '[data-testid="password-new2"]', 'new-pw-123')
    await wrapper.get('[data-testid="password-save"]').trigger('click')
    await until(() => expect(document.body.textContent).toContain('密码已修改'))
    expect(b.last('change_password')!.args).toEqual({ oldPassword: 'old-pw', newPassword: 'new-pw-123' })
    expect((wrapper.get('input[data-testid="password-old"]').element as HTMLInputElement).value).toBe('')
  })

  it('修改密码: a mismatch calls nothing; Rust\'s refusal is shown under its field', async () => {
    const b = fakeBackend({
      change_password: () => {
        throw { code: 'VALIDATION', field: 'oldPassword', message: '原密码不正确' }
      },
    })
    const { wrapper } = await mountWith(SettingsView)
    await typeInto(wrapper, '[data-testid="password-old"]', 'bad-pw')
    await typeInto(wrapper, '[data-testid="password-new"]', 'new-pw-123')
    await typeInto(wrapper, '[data-testid="password-new2"]', 'new-pw-999')
    await wrapper.get('[data-testid="password-save"]').trigger('click')
    // Form validation is asynchronous: wait for its message, not for time.
    await until(() => expect(wrapper.text()).toContain('两次输入的密码不一致'))
    expect(b.of('change_password')).toHaveLength(0)

    await typeInto(wrapper, '[data-testid="password-new2"]', 'new-pw-123')
    await wrapper.get('[data-testid="password-save"]').trigger('click')
    const item = wrapper.get('[data-testid="password-old"]').element.closest('.el-form-item')!
    await until(() => expect(item.querySelector('.el-form-item__error')?.textContent).toContain('原密码不正确'))
    expect(b.of('change_password')).toHaveLength(1)
  })

  it('自动锁定 minutes are saved in the preferences, within what the admin allows', async () => {
    const b = fakeBackend({ app_info: () => appInfo({ lockPolicy: { maxMinutes: 30, neverAllowed: true } }) })
    session.prefs = prefs()
    await refreshInfo()
    const { wrapper } = await mountWith(SettingsView)
    const input = wrapper.get('[data-testid="settings-lock-minutes"] input')
    expect((input.element as HTMLInputElement).value).toBe('15')
    await until(() => expect(wrapper.get('[data-testid="settings-lock-hint"]').text()).toContain('最长 30 分钟；0 = 不锁定'))
    await input.setValue('0')
    await input.trigger('change')
    await until(() => expect(session.prefs.lockAfterMinutes).toBe(0))
    expect(b.last('save_preferences')!.args.prefs).toEqual(prefs({ lockAfterMinutes: 0 }))
  })

  it('自动锁定 cannot go past the admin’s longest time, nor to never unless he allows it', async () => {
    fakeBackend()
    session.prefs = prefs()
    await refreshInfo()
    const { wrapper } = await mountWith(SettingsView)
    await until(() => expect(wrapper.get('[data-testid="settings-lock-hint"]').text()).toBe('分钟未操作后锁定（最长 15 分钟）'))
    const number = wrapper.findComponent({ name: 'ElInputNumber' })
    expect([number.props('min'), number.props('max')]).toEqual([1, 15])
  })

  it('shows the local database; no change button for someone who is not an admin', async () => {
    const b = fakeBackend({ app_info: () => appInfo({ session: signedIn({ roles: ['agent', 'handler'] }) }) })
    const { wrapper } = await mountWith(SettingsView)
    await until(() => expect(wrapper.get('[data-testid="settings-database"]').text()).toBe(localDatabase().description))
    expect(b.of('database_status')).toHaveLength(1)
    expect(wrapper.find('[data-testid="settings-database-change"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="settings-password-warning"]').exists()).toBe(false)
  })

  it('an admin sees the server in use, the password warning, and 更换数据库 with the same form', async () => {
    const server = serverDatabase()
    const b = fakeBackend({
      app_info: () => appInfo({ session: signedIn({ roles: ['admin'] }) }),
      database_status: () => ({
        mode: 'server',
        description: '服务器 db1.example.cn,db2.example.cn:5432/complaintdesk',
        server,
        passwordWarning: '数据库密码保存在本机文件中（系统凭据存储不可用）',
      }),
      connect_server: () => ({ mode: 'server', description: '服务器 db3:5432/complaintdesk', server: serverDatabase({ hosts: ['db3'] }) }),
    })
    const { wrapper } = await mountWith(SettingsView)
    await until(() =>
      expect(wrapper.get('[data-testid="settings-database"]').text()).toBe('服务器 db1.example.cn,db2.example.cn:5432/complaintdesk'),
    )
    expect(wrapper.get('[data-testid="settings-password-warning"]').text()).toContain('数据库密码保存在本机文件中（系统凭据存储不可用）')
    await wrapper.get('[data-testid="settings-database-change"]').trigger('click')
    const dialog = await until(() => {
      const el = document.querySelector('.el-dialog')
      expect(el?.textContent).toContain('本机数据库（只在这台电脑上使用）')
      return el!
    })
    const hosts = dialog.querySelector('input[data-testid="db-hosts"]') as HTMLInputElement
    expect(hosts.value).toBe('db1.example.cn, db2.example.cn')
    hosts.value = 'db3'
    hosts.dispatchEvent(new Event('input', { bubbles: true }))
    const password = dialog.querySelector('input[data-testid="db-password"]') as HTMLInputElement
    password.value = 'new-pw'
    password.dispatchEvent(new Event('input', { bubbles: true }))
    await settle()
    ;(dialog.querySelector('[data-testid="db-connect"]') as HTMLElement).click()
    await until(() => expect(document.body.textContent).toContain('程序正在重新启动'))
    expect(b.last('connect_server')!.args).toEqual({ server: { ...server, hosts: ['db3'] }, password: 'new-pw' })
  })

  it('迁移到服务器: an admin on 本机数据库 copies into the server, sees every table checked, then restarts onto it', async () => {
    const admin = appInfo({ session: signedIn({ roles: ['admin'] }) })
    const report = {
      tables: [
        { name: 'users', rows: 5, checksumHex: 'a'.repeat(64) },
        { name: 'cases', rows: 1234, checksumHex: 'b'.repeat(64) },
        { name: 'audit_log', rows: 9876, checksumHex: 'c'.repeat(64) },
      ],
      searchRows: 1234,
      elapsedMs: 4200,
      server: 'db1:5432/kesu',
    }
    let refusedOnce = true
    const b = fakeBackend({
      app_info: () => admin,
      database_status: () => localDatabase(),
      move_to_server: () => {
        if (refusedOnce) {
          refusedOnce = false
          throw { code: 'VALIDATION', field: 'target', message: '服务器数据库 db1:5432/kesu 不是空的：已有 3 件案件。' }
        }
        return report
      },
      restart_app: () => null,
    })
    const { wrapper } = await mountWith(SettingsView)
    await (await until(() => wrapper.get('[data-testid="settings-move-up"]'))).trigger('click')
    const dialog = await until(() => {
      const el = document.querySelector('[data-testid="move-up"]')
      expect(el?.textContent).toContain('本机数据库文件保持不变')
      return el!
    })
    for (const [id, value] of [['db-hosts', 'db1'], ['db-dbname', 'kesu'], ['db-user', 'desk'], ['db-password', 'pw']]) {
      const input = dialog.querySelector(`input[data-testid="${id}"]`) as HTMLInputElement
      input.value = value
      input.dispatchEvent(new Event('input', { bubbles: true }))
    }
    await settle()
    const start = () => (dialog.querySelector('[data-testid="db-connect"]') as HTMLElement).click()
    expect(dialog.querySelector('[data-testid="db-connect"]')!.textContent).toContain('开始迁移')
    start()
    // A server that is not empty is refused, word for word, and nothing moved on.
    await until(() => expect(dialog.querySelector('[data-testid="db-test-result"]')?.textContent).toContain('不是空的：已有 3 件案件'))
    expect(b.of('connect_server')).toHaveLength(0)

    start()
    await until(() =>
      expect(document.querySelector('[data-testid="move-up-done"]')?.textContent).toContain('3 张表、1234 件案件已复制到 db1:5432/kesu'),
    )
    expect(b.last('move_to_server')!.args).toEqual({
      server: { hosts: ['db1'], port: 5432, dbname: 'kesu', user: 'desk', tls: 'prefer', caCert: null },
      password: 'pw',
    })
    const rows = [...document.querySelectorAll('[data-testid="move-up-tables"] tbody tr')].map((r) => r.textContent)
    expect(rows).toEqual(['users5aaaaaaaaaaaaaaaa…', 'cases1234bbbbbbbbbbbbbbbb…', 'audit_log9876cccccccccccccccc…'])
    ;(document.querySelector('[data-testid="move-up-restart"]') as HTMLElement).click()
    await until(() => expect(b.of('restart_app')).toHaveLength(1))
  })

  it('迁移到服务器 is offered only to an admin whose desk is on 本机数据库', async () => {
    fakeBackend({
      app_info: () => appInfo({ session: signedIn({ roles: ['admin'] }) }),
      database_status: () => ({ mode: 'server', description: '服务器 db1:5432/kesu', server: serverDatabase() }),
    })
    const { wrapper } = await mountWith(SettingsView)
    // The database is known, so the missing 迁移 button is not just not loaded yet.
    await until(() => expect(wrapper.get('[data-testid="settings-database"]').text()).toBe('服务器 db1:5432/kesu'))
    expect(wrapper.find('[data-testid="settings-database-change"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="settings-move-up"]').exists()).toBe(false)
  })
})
