import { describe, expect, it } from 'vitest'
import { ElMessage } from 'element-plus'
import App from './App.vue'
import * as ipc from '@/ipc'
import type { SignedIn } from '@/ipc'
import {
  appInfo,
  fakeBackend as baseBackend,
  localDatabase,
  mountWith,
  prefs,
  row,
  signedIn,
  typeInto,
  until,
  type Handler,
} from '@/test/helpers'

/** The shell polls crisis_alerts once signed in; no crisis unless a test says so. */
function fakeBackend(handlers: Record<string, Handler> = {}) {
  return baseBackend({ crisis_alerts: () => [], ...handlers })
}

const NO_DATABASE = { mode: 'none' as const, description: '', server: null }

describe('choosing the database', () => {
  it('a new desk shows the choice first, before the first-admin set-up', async () => {
    const b = fakeBackend({ app_info: () => appInfo({ database: NO_DATABASE, needsFirstAdmin: false, session: null }) })
    const { wrapper } = await mountWith(App)
    await until(() => expect(wrapper.find('[data-testid="choose-database"]').exists()).toBe(true))
    expect(wrapper.text()).toContain('本机数据库（只在这台电脑上使用）')
    expect(wrapper.text()).toContain('连接服务器（部门共用）')
    expect(wrapper.find('[data-testid="setup-admin-name"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="signin-screen"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(false)
    expect(b.of('choose_local_database')).toHaveLength(0)
  })

  it('本机数据库 opens the local database and goes on to the first-admin set-up', async () => {
    let chosen = false
    const b = fakeBackend({
      app_info: () =>
        chosen
          ? appInfo({ needsFirstAdmin: true, session: null, caseCount: 0 })
          : appInfo({ database: NO_DATABASE, session: null }),
      choose_local_database: () => {
        chosen = true
        return localDatabase()
      },
    })
    const { wrapper } = await mountWith(App)
    await (await until(() => wrapper.get('[data-testid="db-choose-local"]'))).trigger('click')
    await until(() => expect(wrapper.find('[data-testid="setup-admin-name"]').exists()).toBe(true))
    expect(b.of('choose_local_database')).toHaveLength(1)
    expect(wrapper.find('[data-testid="choose-database"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('首次使用，请设置系统管理员账号')
  })

  it('a server database that cannot be opened offers to choose another', async () => {
    const server = { hosts: ['db1'], port: 5432, dbname: 'kesu', user: 'desk', tls: 'require' as const, caCert: null }
    fakeBackend({
      app_info: () =>
        appInfo({
          database: { mode: 'server', description: '服务器 db1:5432/kesu', server },
          startupError: { code: 'DB_OPEN_FAILED', message: '连接服务器 db1:5432/kesu 超时（5 秒内没有回应）' },
          session: null,
        }),
    })
    const { wrapper } = await mountWith(App)
    await until(() => expect(document.body.textContent).toContain('连接服务器 db1:5432/kesu 超时'))
    expect(document.body.textContent).toContain('服务器 db1:5432/kesu')
    ;(document.querySelector('[data-testid="startup-change-database"]') as HTMLElement).click()
    await until(() => expect(wrapper.find('[data-testid="choose-database"]').exists()).toBe(true))
    expect((wrapper.get('input[data-testid="db-hosts"]').element as HTMLInputElement).value).toBe('db1')
  })
})

describe('startup', () => {
  it('a database that cannot be opened blocks the app with the message and the path', async () => {
    const b = fakeBackend({
      app_info: () =>
        appInfo({
          startupError: { code: 'DB_TOO_NEW', message: '数据库版本 9 高于本程序支持的版本 1' },
          session: null,
        }),
    })
    const { wrapper } = await mountWith(App)
    await until(() => expect(document.body.textContent).toContain('无法打开数据库'))
    const text = document.body.textContent ?? ''
    expect(text).toContain('无法打开数据库')
    expect(text).toContain('数据库版本 9 高于本程序支持的版本 1')
    expect(text).toContain('/home/u/.local/share/complaintdesk/complaintdesk.sqlite3')
    // Nothing else: no menu, no further commands (the crash notice of the
    // last run and the desk's preferences, asked beside app info, read no
    // data and are answered even when the database will not open).
    expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(false)
    expect(b.calls.map((c) => c.cmd).sort()).toEqual(['app_info', 'get_preferences', 'take_crash_notice'])
  })

  it('first start: creates the admin with what was typed, then loads demo data', async () => {
    let admin = false
    let demoDone = false
    let finishDemo = () => {}
    const who = signedIn({ user: { id: 3, name: '赵六' }, roles: ['admin'], departmentId: null })
    const b = fakeBackend({
      app_info: () =>
        appInfo({ needsFirstAdmin: !admin, session: admin ? who : null, caseCount: demoDone ? 40 : 0 }),
      create_first_admin: () => {
        admin = true
        return who
      },
      // Rust takes its time loading the demo: the test says when it is done.
      load_demo_data: () =>
        new Promise((resolve) => {
          finishDemo = () => {
            demoDone = true
            resolve(40)
          }
        }),
    })
    const { wrapper } = await mountWith(App)
    await until(() => expect(wrapper.text()).toContain('欢迎使用客诉台'))
    expect(wrapper.text()).toContain('首次使用，请设置系统管理员账号')
    expect(wrapper.get('[data-testid="setup-start-empty"]').text()).toBe('从空白开始')
    expect(wrapper.get('[data-testid="setup-load-demo"]').text()).toBe('载入演示数据')
    expect(wrapper.find('[data-testid="setup-finish"]').exists()).toBe(false)

    await typeInto(wrapper, '[data-testid="setup-admin-name"]', '赵六')
    await typeInto(wrapper, '[data-testid="setup-admin-login"]', 'zhaoliu')
    await typeInto(wrapper, '[data-testid="setup-admin-password"]', 's3cret-pw')
    await typeInto(wrapper, '[data-testid="setup-admin-password2"]', 's3cret-pw')
    await wrapper.get('[data-testid="setup-load-demo"]').trigger('click')
    await until(() => expect(b.of('load_demo_data')).toHaveLength(1))
    expect(wrapper.get('[data-testid="setup-load-demo"]').classes()).toContain('is-loading')
    finishDemo()
    await until(() => expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(true))

    expect(b.last('create_first_admin')!.args).toEqual({ name: '赵六', login: 'zhaoliu', password: 's3cret-pw' })
    expect(b.of('load_demo_data')).toHaveLength(1)
    expect(b.calls.findIndex((c) => c.cmd === 'create_first_admin')).toBeLessThan(
      b.calls.findIndex((c) => c.cmd === 'load_demo_data'),
    )
    expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="nav-user"]').text()).toBe('赵六')
    expect(wrapper.get('[data-testid="nav-roles"]').text()).toBe('系统管理员')
  })

  it('统计表 is in the menu only for those Rust says may see it', async () => {
    for (const sees of [true, false]) {
      fakeBackend({ app_info: () => appInfo({ session: signedIn({ seesStatements: sees }) }) })
      const { wrapper } = await mountWith(App)
      await until(() => expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(true))
      expect(wrapper.find('[data-testid="nav-statement"]').exists()).toBe(sees)
      if (sees) expect(wrapper.get('[data-testid="nav-statement"]').text()).toBe('统计表')
      wrapper.unmount()
    }
  })

  it('first start: starting empty loads no demo data', async () => {
    let admin = false
    const b = fakeBackend({
      app_info: () => appInfo({ needsFirstAdmin: !admin, session: admin ? signedIn() : null, caseCount: 0 }),
      create_first_admin: () => {
        admin = true
        return signedIn()
      },
    })
    const { wrapper } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="setup-admin-name"]'))
    await typeInto(wrapper, '[data-testid="setup-admin-name"]', '王小明')
    await typeInto(wrapper, '[data-testid="setup-admin-login"]', 'wangxm')
    await typeInto(wrapper, '[data-testid="setup-admin-password"]', 'pw-12345')
    await typeInto(wrapper, '[data-testid="setup-admin-password2"]', 'pw-12345')
    await wrapper.get('[data-testid="setup-start-empty"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(true))
    expect(b.of('create_first_admin')).toHaveLength(1)
    expect(b.of('load_demo_data')).toHaveLength(0)
  })

  it('first start with cases already there: one 完成设置 button', async () => {
    let admin = false
    const b = fakeBackend({
      app_info: () => appInfo({ needsFirstAdmin: !admin, session: admin ? signedIn() : null, caseCount: 5 }),
      create_first_admin: () => {
        admin = true
        return signedIn()
      },
    })
    const { wrapper } = await mountWith(App)
    await until(() => expect(wrapper.get('[data-testid="setup-finish"]').text()).toBe('完成设置'))
    expect(wrapper.find('[data-testid="setup-load-demo"]').exists()).toBe(false)
    await typeInto(wrapper, '[data-testid="setup-admin-name"]', '王小明')
    await typeInto(wrapper, '[data-testid="setup-admin-login"]', 'wangxm')
    await typeInto(wrapper, '[data-testid="setup-admin-password"]', 'pw-12345')
    await typeInto(wrapper, '[data-testid="setup-admin-password2"]', 'pw-12345')
    await wrapper.get('[data-testid="setup-finish"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(true))
    expect(b.of('create_first_admin')).toHaveLength(1)
    expect(b.of('load_demo_data')).toHaveLength(0)
  })

  it('first start: mismatched passwords call nothing', async () => {
    const b = fakeBackend({ app_info: () => appInfo({ needsFirstAdmin: true, session: null, caseCount: 0 }) })
    const { wrapper } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="setup-admin-name"]'))
    await typeInto(wrapper, '[data-testid="setup-admin-name"]', '赵六')
    await typeInto(wrapper, '[data-testid="setup-admin-login"]', 'zhaoliu')
    await typeInto(wrapper, '[data-testid="setup-admin-password"]', 'one-password')
    await typeInto(wrapper, '[data-testid="setup-admin-password2"]', 'another-one')
    const before = b.calls.length
    await wrapper.get('[data-testid="setup-load-demo"]').trigger('click')
    await until(() => expect(wrapper.text()).toContain('两次输入的密码不一致'))
    expect(b.calls.length).toBe(before)
  })

  it('first start: a refusal from Rust is shown under its field', async () => {
    fakeBackend({
      app_info: () => appInfo({ needsFirstAdmin: true, session: null, caseCount: 0 }),
      create_first_admin: () => {
        throw { code: 'VALIDATION', field: 'login', message: '登录名只能包含字母、数字' }
      },
    })
    const { wrapper } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="setup-admin-name"]'))
    await typeInto(wrapper, '[data-testid="setup-admin-name"]', '赵六')
    await typeInto(wrapper, '[data-testid="setup-admin-login"]', '赵 六')
    await typeInto(wrapper, '[data-testid="setup-admin-password"]', 'pw-12345')
    await typeInto(wrapper, '[data-testid="setup-admin-password2"]', 'pw-12345')
    await wrapper.get('[data-testid="setup-start-empty"]').trigger('click')
    const item = wrapper.get('[data-testid="setup-admin-login"]').element.closest('.el-form-item')!
    await until(() => expect(item.querySelector('.el-form-item__error')?.textContent).toContain('登录名只能包含字母、数字'))
    expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(false)
  })
})

/** A backend where sign_in with the right password opens a session. */
function signInBackend(extra: Record<string, Handler> = {}) {
  let who: SignedIn | null = null
  const b = fakeBackend({
    app_info: () => appInfo({ session: who }),
    get_preferences: () => prefs({ lastLogin: 'wangxm' }),
    sign_in: (a) => {
      if (a.password !== 'right-pw') throw { code: 'SIGN_IN_FAILED', message: '用户名或密码错误' }
      who = signedIn({ roles: ['agent', 'handler'] })
      return who
    },
    sign_out: () => {
      who = null
      return null
    },
    ...extra,
  })
  return { b, lockNow: () => (who = null) }
}

describe('sign-in', () => {
  it('sends login and password; a refusal shows Rust\'s message and opens nothing', async () => {
    const { b } = signInBackend()
    const { wrapper } = await mountWith(App)
    const login = (await until(() => wrapper.get('input[data-testid="signin-login"]'))).element as HTMLInputElement
    expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(false)
    expect(login.value).toBe('wangxm') // prefilled from prefs.lastLogin
    await typeInto(wrapper, '[data-testid="signin-password"]', 'wrong')
    await wrapper.get('[data-testid="signin-submit"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="signin-error"]').text()).toBe('用户名或密码错误'))
    expect(b.last('sign_in')!.args).toEqual({ login: 'wangxm', password: 'wrong' })
    expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(false)
  })

  it('a temporary password: only 修改密码 until he chooses his own, then the app opens', async () => {
    let who: SignedIn | null = null
    const b = fakeBackend({
      app_info: () => appInfo({ session: who }),
      get_preferences: () => prefs({ lastLogin: 'wangxm' }),
      sign_in: () => (who = signedIn({ mustChangePassword: true })),
      change_password: (a) => {
        if (a.newPassword === 'wangxm123') throw { code: 'VALIDATION', field: 'newPassword', message: '密码不能包含登录名' }
        who = signedIn({ mustChangePassword: false })
        return null
      },
    })
    const { wrapper } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="signin-login"]'))
    await typeInto(wrapper, '[data-testid="signin-password"]', 'chushi-mima-1')
    await wrapper.get('[data-testid="signin-submit"]').trigger('click')
    const screen = await until(() => wrapper.get('[data-testid="password-forced"]'))
    expect(screen.text()).toContain('临时密码')
    expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(false)
    await typeInto(wrapper, '[data-testid="password-old"]', 'chushi-mima-1')
    await typeInto(wrapper, '[data-testid="password-new"]', 'wangxm123')
    await typeInto(wrapper, '[data-testid="password-new2"]', 'wangxm123')
    await wrapper.get('[data-testid="password-save"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="password-forced"]').text()).toContain('密码不能包含登录名'))
    await typeInto(wrapper, '[data-testid="password-new"]', 'my-own-pw-2')
    await typeInto(wrapper, '[data-testid="password-new2"]', 'my-own-pw-2')
    await wrapper.get('[data-testid="password-save"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(true))
    expect(b.last('change_password')!.args).toEqual({ oldPassword: 'chushi-mima-1', newPassword: 'my-own-pw-2' })
    expect(wrapper.find('[data-testid="password-forced"]').exists()).toBe(false)
  })

  it('Enter submits; on success the app opens on the sheet with the user and his roles', async () => {
    const { b } = signInBackend()
    const { wrapper, router } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="signin-login"]'))
    await typeInto(wrapper, '[data-testid="signin-login"]', 'wangxm')
    await typeInto(wrapper, '[data-testid="signin-password"]', 'right-pw')
    await wrapper.get('input[data-testid="signin-password"]').trigger('keyup', { key: 'Enter' })
    await until(() => expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(true))
    expect(b.of('sign_in')).toHaveLength(1)
    expect(b.last('sign_in')!.args).toEqual({ login: 'wangxm', password: 'right-pw' })
    expect(router.currentRoute.value.path).toBe('/')
    expect(wrapper.get('[data-testid="nav-user"]').text()).toBe('王小明')
    expect(wrapper.get('[data-testid="nav-roles"]').text()).toBe('客服专员、部门处理人')
  })

  it('SESSION_LOCKED from any command shows the lock screen; signing in returns to the same route', async () => {
    const { b, lockNow } = signInBackend({
      list_departments: () => {
        throw { code: 'SESSION_LOCKED', message: '已超过 15 分钟未操作，请重新登录' }
      },
    })
    const { wrapper, router } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="signin-password"]'))
    await typeInto(wrapper, '[data-testid="signin-password"]', 'right-pw')
    await wrapper.get('[data-testid="signin-submit"]').trigger('click')
    await until(() => wrapper.get('[data-testid="nav-sheet"]'))
    await router.push('/cases/7')
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/cases/7'))
    expect(wrapper.find('[data-testid="lock-screen"]').exists()).toBe(false)

    lockNow()
    await expect(ipc.listDepartments()).rejects.toMatchObject({ code: 'SESSION_LOCKED' })
    await until(() => expect(wrapper.find('[data-testid="lock-screen"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="signin-locked"]').text()).toContain('已锁定，请重新登录')
    expect(wrapper.get('[data-testid="signin-locked"]').text()).toContain('已超过 15 分钟未操作，请重新登录')
    expect(wrapper.get('[data-testid="nav-sheet"]').isVisible()).toBe(false)
    expect(router.currentRoute.value.fullPath).toBe('/cases/7')

    await typeInto(wrapper, '[data-testid="lock-screen"] [data-testid="signin-password"]', 'right-pw')
    await wrapper.get('[data-testid="lock-screen"] [data-testid="signin-submit"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="lock-screen"]').exists()).toBe(false))
    expect(b.of('sign_in')).toHaveLength(2)
    expect(wrapper.get('[data-testid="nav-sheet"]').isVisible()).toBe(true)
    expect(router.currentRoute.value.fullPath).toBe('/cases/7')
  })

  it('NO_CURRENT_USER from a command locks too', async () => {
    fakeBackend({
      list_departments: () => {
        throw { code: 'NO_CURRENT_USER', message: '请先登录' }
      },
    })
    const { wrapper } = await mountWith(App)
    await until(() => expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(true))
    await ipc.listDepartments().catch(() => {})
    await until(() => expect(wrapper.find('[data-testid="lock-screen"]').exists()).toBe(true))
    expect(wrapper.text()).toContain('请先登录')
  })

  it('退出登录 calls sign_out and shows the sign-in screen', async () => {
    const b = fakeBackend({ sign_out: () => null })
    const { wrapper, router } = await mountWith(App)
    await router.push('/settings')
    await until(() => expect(wrapper.get('[data-testid="nav-sign-out"]').text()).toBe('退出登录'))
    await wrapper.get('[data-testid="nav-sign-out"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="signin-screen"]').exists()).toBe(true))
    expect(b.of('sign_out')).toHaveLength(1)
    expect(b.last('sign_out')!.args).toEqual({})
    expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(false)
    expect(router.currentRoute.value.path).toBe('/')
  })

  it('an open session goes straight to the app, in the saved language', async () => {
    fakeBackend({ get_preferences: () => prefs({ locale: 'en' }) })
    const { wrapper, i18n } = await mountWith(App)
    await until(() => expect(wrapper.get('[data-testid="nav-sheet"]').text()).toBe('Tracking sheet'))
    expect(i18n.global.locale.value).toBe('en')
  })
})

describe('危机案件提醒 in the shell', () => {
  it('a manager sees the red banner above every screen; 知道了 acknowledges it', async () => {
    let alerts = [row({ id: 3, caseNo: '2611-0003', customerName: '王秀英', severity: 'critical', content: '老人摔倒住院' })]
    const b = fakeBackend({
      app_info: () => appInfo({ session: signedIn({ roles: ['gm'] }) }),
      crisis_alerts: () => alerts,
      acknowledge_crisis: () => {
        alerts = []
        return null
      },
    })
    const { wrapper, router } = await mountWith(App)
    await until(() =>
      expect(wrapper.get('[data-testid="crisis-alerts"]').text()).toContain('危机案件 2611-0003 王秀英：老人摔倒住院'),
    )
    await router.push('/settings')
    await until(() => expect(b.of('crisis_alerts')).toHaveLength(2))
    expect(wrapper.find('[data-testid="crisis-alert-3"]').exists()).toBe(true)
    await wrapper.get('[data-testid="crisis-ack-3"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="crisis-alerts"]').exists()).toBe(false))
    expect(b.last('acknowledge_crisis')!.args).toEqual({ caseId: 3 })
  })

  it('nothing is asked before someone is signed in', async () => {
    const b = fakeBackend({ app_info: () => appInfo({ session: null }) })
    const { wrapper } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="signin-screen"]'))
    expect(b.of('crisis_alerts')).toHaveLength(0)
  })
})

const DEMO_ACCOUNTS = {
  password: 'demo2026',
  people: [
    { name: '周敏', login: 'zhoumin', roles: ['agent' as const, 'dept_head' as const], department: '客服部' },
    { name: '郑国平', login: 'zhengguoping', roles: ['vice_gm' as const], department: '总经理室' },
  ],
}

describe('toasts', () => {
  it('rise at the bottom right, never over a page header', async () => {
    fakeBackend()
    const { wrapper } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="nav-sheet"]'))
    ElMessage.success('已保存')
    const toast = await until(() => {
      const m = [...document.querySelectorAll<HTMLElement>('.el-message')].find((e) => e.textContent?.includes('已保存'))
      expect(m).toBeTruthy()
      return m!
    })
    expect(toast.classList.contains('is-bottom')).toBe(true)
    expect(toast.classList.contains('is-right')).toBe(true)
    expect(toast.style.top).toBe('')
  })
})

describe('演示数据', () => {
  it('a database with demo data says so on every screen; a real one does not', async () => {
    fakeBackend({ app_info: () => appInfo({ demoData: true }) })
    const { wrapper, router } = await mountWith(App)
    const banner = await until(() => wrapper.get('[data-testid="demo-banner"]'))
    expect(banner.text()).toContain('演示数据')
    expect(banner.text()).toContain('不是真实的客户投诉')
    for (const path of ['/register', '/settings', '/verify']) {
      await router.push(path)
      await until(() => expect(router.currentRoute.value.path).toBe(path))
      expect(wrapper.find('[data-testid="demo-banner"]').exists()).toBe(true)
    }
  })

  it('the first start names the demo people and their password before they are loaded', async () => {
    fakeBackend({ app_info: () => appInfo({ needsFirstAdmin: true, session: null, caseCount: 0, demoAccounts: DEMO_ACCOUNTS }) })
    const { wrapper } = await mountWith(App)
    const list = await until(() => wrapper.get('[data-testid="demo-accounts"]'))
    expect(list.get('[data-testid="demo-password"]').text()).toBe('demo2026')
    expect(list.text()).toContain('郑国平')
    expect(list.text()).toContain('副总经理')
    expect(list.findAll('[data-testid="demo-login"]').map((l) => l.text())).toEqual(['zhoumin', 'zhengguoping'])
  })

  it('the sign-in of a demo database fills in the person clicked, who then signs in', async () => {
    let who: SignedIn | null = null
    const b = fakeBackend({
      app_info: () => appInfo({ demoData: true, session: who, demoAccounts: DEMO_ACCOUNTS }),
      get_preferences: () => prefs({ lastLogin: '' }),
      sign_in: (a) => {
        if (a.password !== 'demo2026') throw { code: 'SIGN_IN_FAILED', message: '用户名或密码错误' }
        who = signedIn({ user: { id: 9, name: '郑国平' }, roles: ['vice_gm'] })
        return who
      },
    })
    const { wrapper } = await mountWith(App)
    const rows = await until(() => {
      const r = wrapper.findAll('[data-testid="demo-accounts-table"] .el-table__body tr')
      expect(r).toHaveLength(2)
      return r
    })
    await rows[1].trigger('click')
    await until(() => expect((wrapper.get('input[data-testid="signin-login"]').element as HTMLInputElement).value).toBe('zhengguoping'))
    expect((wrapper.get('input[data-testid="signin-password"]').element as HTMLInputElement).value).toBe('demo2026')
    await wrapper.get('[data-testid="signin-submit"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="nav-user"]').exists()).toBe(true))
    expect(b.last('sign_in')!.args).toEqual({ login: 'zhengguoping', password: 'demo2026' })
  })

  it('a real database shows no demo people at sign-in', async () => {
    signInBackend()
    const { wrapper } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="signin-login"]'))
    expect(wrapper.find('[data-testid="demo-accounts"]').exists()).toBe(false)
  })

  it('no banner on a real database', async () => {
    fakeBackend()
    const { wrapper } = await mountWith(App)
    await until(() => wrapper.get('[data-testid="nav-sheet"]'))
    expect(wrapper.find('[data-testid="demo-banner"]').exists()).toBe(false)
  })
})

describe('奖罚 in the menu', () => {
  it('shows only while Rust says the module is on and this person may open it', async () => {
    let access = { enabled: false, mayOpen: false }
    const b = fakeBackend({ accountability_access: () => access })
    const { wrapper, router } = await mountWith(App)
    await until(() => expect(wrapper.find('[data-testid="nav-sheet"]').exists()).toBe(true))
    await until(() => expect(b.of('accountability_access').length).toBeGreaterThan(0))
    expect(wrapper.find('[data-testid="nav-accountability"]').exists()).toBe(false)
    // The administrator switched it on: the next screen asks again and the entry appears.
    access = { enabled: true, mayOpen: true }
    await router.push('/work')
    await until(() => expect(wrapper.find('[data-testid="nav-accountability"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="nav-accountability"]').text()).toBe('奖罚')
  })
})
