import { describe, expect, it } from 'vitest'
import App from './App.vue'
import { appInfo, fakeBackend, mountWith, prefs, settle, sleep, typeInto, USERS } from '@/test/helpers'

describe('startup', () => {
  it('a database that cannot be opened blocks the app with the message and the path', async () => {
    const b = fakeBackend({
      app_info: () =>
        appInfo({
          startupError: { code: 'DB_TOO_NEW', message: '数据库版本 9 高于本程序支持的版本 1' },
          currentUser: null,
        }),
    })
    const { wrapper } = await mountWith(App)
    const text = document.body.textContent ?? ''
    expect(text).toContain('无法打开数据库')
    expect(text).toContain('数据库版本 9 高于本程序支持的版本 1')
    expect(text).toContain('/home/u/.local/share/complaintdesk/complaintdesk.sqlite3')
    // Nothing else: no menu, no further commands.
    expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(false)
    expect(b.calls.map((c) => c.cmd)).toEqual(['app_info'])
  })

  it('first start: typing a name creates and selects the user, then loads demo data', async () => {
    let demoDone = false
    const b = fakeBackend({
      app_info: () => appInfo({ currentUser: demoDone ? { id: 3, name: '赵六' } : null, caseCount: demoDone ? 40 : 0 }),
      create_user: (a) => ({ id: 3, name: a.name }),
      set_current_user: (a) => ({ id: a.userId, name: '赵六' }),
      load_demo_data: async () => {
        await sleep(20)
        demoDone = true
        return 40
      },
    })
    const { wrapper } = await mountWith(App)
    expect(wrapper.text()).toContain('欢迎使用客诉台')
    expect(wrapper.find('input[data-testid="setup-user-name"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="setup-start-empty"]').text()).toBe('从空白开始')
    expect(wrapper.get('[data-testid="setup-load-demo"]').text()).toBe('载入演示数据')

    await typeInto(wrapper, '[data-testid="setup-user-name"]', '赵六')
    await wrapper.get('[data-testid="setup-load-demo"]').trigger('click')
    await settle(30)

    expect(b.last('create_user')!.args).toEqual({ name: '赵六' })
    expect(b.last('set_current_user')!.args).toEqual({ userId: 3 })
    expect(b.of('load_demo_data')).toHaveLength(1)
    expect(b.of('get_preferences')).toHaveLength(2) // re-read after the user changed
    expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('赵六')
  })

  it('first start: picking an existing user and starting empty loads no demo data', async () => {
    let picked = false
    const b = fakeBackend({
      app_info: () => appInfo({ currentUser: picked ? USERS[1] : null, caseCount: 0 }),
      set_current_user: () => {
        picked = true
        return USERS[1]
      },
    })
    const { wrapper } = await mountWith(App)
    const radios = wrapper.findAll('[data-testid="setup-user-list"] input')
    await radios[1].setValue(true)
    await wrapper.get('[data-testid="setup-start-empty"]').trigger('click')
    await settle()
    expect(b.last('set_current_user')!.args).toEqual({ userId: 2 })
    expect(b.of('create_user')).toHaveLength(0)
    expect(b.of('load_demo_data')).toHaveLength(0)
    expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(true)
  })

  it('a known user goes straight to the app, in the saved language', async () => {
    fakeBackend({ get_preferences: () => prefs({ locale: 'en' }) })
    const { wrapper, i18n } = await mountWith(App)
    expect(wrapper.get('[data-testid="nav-sheet"]').text()).toBe('Tracking sheet')
    expect(i18n.global.locale.value).toBe('en')
  })
})
