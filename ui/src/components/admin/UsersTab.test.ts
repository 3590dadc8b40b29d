import { describe, expect, it } from 'vitest'
import type { Account, NewUser } from '@/ipc'
import UsersTab from './UsersTab.vue'
import { fakeBackend, mountWith, settle, typeInto, until } from '@/test/helpers'

function account(patch: Partial<Account> = {}): Account {
  return { id: 1, name: '王小明', login: 'wangxm', roles: ['agent'], departmentId: 1, active: true, hasPassword: true, ...patch }
}

const ACCOUNTS = [
  account({ id: 1, name: '系统管理员', login: 'admin', roles: ['admin'], departmentId: null }),
  account({ id: 2, name: '李娜', login: 'lina', roles: ['handler', 'dept_head'], departmentId: 2 }),
  account({ id: 3, name: '张伟', login: null, roles: ['agent'], departmentId: 1, active: false, hasPassword: false }),
]

async function mountUsers(handlers: Parameters<typeof fakeBackend>[0] = {}) {
  const backend = fakeBackend({
    list_accounts: () => ACCOUNTS,
    personal_data_roles: () => [],
    set_personal_data_roles: (a) => a.roles,
    ...handlers,
  })
  const mounted = await mountWith(UsersTab, { path: '/admin' })
  return { backend, ...mounted }
}

type W = Awaited<ReturnType<typeof mountUsers>>['wrapper']

const rows = (w: W) => w.get('[data-testid="admin-users-table"]').findAll('.el-table__body tr')

/** The message Element Plus shows under the form item holding `selector`. */
function errorUnder(w: W, selector: string) {
  return w.get(selector).element.closest('.el-form-item')!.querySelector('.el-form-item__error')?.textContent?.trim()
}

/** Ticks the checkboxes whose label text is in `labels`, inside `selector`. */
async function tick(w: W, selector: string, labels: string[]) {
  for (const box of w.get(selector).findAll('label.el-checkbox')) {
    const input = box.get('input')
    const want = labels.includes(box.text().trim())
    if ((input.element as HTMLInputElement).checked !== want) await input.setValue(want)
  }
  await settle()
}

function selectIn(w: W, testid: string) {
  return w.findAllComponents({ name: 'ElSelect' }).find((s) => s.element.closest(`[data-testid="${testid}"]`))!
}

describe('系统管理 · 人员', () => {
  it('未知账号登录 lists what Rust recorded of sign-ins with a login no account has, in the organisation\'s time', async () => {
    const { wrapper } = await mountUsers({
      unknown_sign_ins: () => [
        { at: '2026-11-23T01:05:00Z', login: 'admin1', workstation: 'KEFU-PC-07' },
        { at: '2026-11-23T01:04:00Z', login: 'root', workstation: 'KEFU-PC-07' },
      ],
    })
    const section = wrapper.get('[data-testid="admin-unknown-sign-ins"]')
    expect(section.text()).toContain('未知账号登录')
    await until(() => expect(section.findAll('.el-table__body tr')).toHaveLength(2))
    const first = section.findAll('.el-table__body tr')[0].text()
    expect(first).toContain('2026-11-23 09:05')
    expect(first).toContain('admin1')
    expect(first).toContain('KEFU-PC-07')
  })

  it('lists everyone with roles, department, state and whether a password is set', async () => {
    const { wrapper } = await mountUsers()
    const r = rows(wrapper)
    expect(r).toHaveLength(3)
    expect(r[1].text()).toContain('李娜')
    expect(r[1].text()).toContain('lina')
    expect(r[1].findAll('.el-tag').map((t) => t.text())).toEqual(['部门处理人', '部门负责人', '在用'])
    expect(r[1].text()).toContain('已设置')
    expect(r[1].get('[data-testid="admin-user-row-department"]').text()).toBe('品质部')
    expect(r[0].get('[data-testid="admin-user-row-department"]').text()).toBe('不属于任何部门')
    expect(r[2].text()).toContain('停用')
    expect(r[2].text()).toContain('未设置')
    expect(r[2].get('[data-testid="admin-user-toggle-active"]').text()).toBe('启用')
    expect(r[1].get('[data-testid="admin-user-toggle-active"]').text()).toBe('停用')
  })

  it('新建人员 sends the exact NewUser and shows the new row', async () => {
    const { wrapper, backend } = await mountUsers({
      create_account: (a) => {
        const u = a.newUser as NewUser
        return account({ id: 9, name: u.name, login: u.login, roles: u.roles, departmentId: u.departmentId })
      },
    })
    await wrapper.get('[data-testid="admin-user-new"]').trigger('click')
    await until(() => wrapper.get('[data-testid="admin-user-name"]'))
    await typeInto(wrapper, '[data-testid="admin-user-name"]', '赵敏')
    await typeInto(wrapper, '[data-testid="admin-user-login"]', 'zhaomin')
    await typeInto(wrapper, '[data-testid="admin-user-password"]', 'secret-123')
    // Ticked in the "wrong" order: what is sent follows the role list.
    await tick(wrapper, '[data-testid="admin-user-roles"]', ['部门负责人', '客服专员'])
    selectIn(wrapper, 'admin-user-department').vm.$emit('update:modelValue', 2)
    await settle()
    await wrapper.get('[data-testid="admin-user-submit"]').trigger('click')

    await until(() => expect(backend.last('create_account')!.args).toEqual({
      newUser: { name: '赵敏', login: 'zhaomin', password: 'secret-123', roles: ['agent', 'dept_head'], departmentId: 2 },
    }))
    // The dialog closes on Rust's answer.
    await until(() => expect(wrapper.find('[data-testid="admin-user-dialog"]').exists()).toBe(false))
    const added = rows(wrapper)[3]
    expect(added.text()).toContain('赵敏')
    expect(added.text()).toContain('zhaomin')
    expect(added.findAll('.el-tag').map((t) => t.text())).toEqual(['客服专员', '部门负责人', '在用'])
    expect(document.body.textContent).toContain('已创建人员 赵敏')
  })

  it("Rust's refusal appears under 登录名 and the dialog stays open with what was typed", async () => {
    const { wrapper, backend } = await mountUsers({
      create_account: () => {
        throw { code: 'VALIDATION', field: 'login', message: '登录名 lina 已被使用' }
      },
    })
    await wrapper.get('[data-testid="admin-user-new"]').trigger('click')
    await until(() => wrapper.get('[data-testid="admin-user-name"]'))
    await typeInto(wrapper, '[data-testid="admin-user-name"]', '李娜二')
    await typeInto(wrapper, '[data-testid="admin-user-login"]', 'lina')
    await typeInto(wrapper, '[data-testid="admin-user-password"]', 'secret-123')
    await tick(wrapper, '[data-testid="admin-user-roles"]', ['客服专员'])
    await wrapper.get('[data-testid="admin-user-submit"]').trigger('click')

    await until(() => expect(errorUnder(wrapper, '[data-testid="admin-user-login"]')).toBe('登录名 lina 已被使用'))
    expect(backend.of('create_account')).toHaveLength(1)
    expect((backend.last('create_account')!.args.newUser as NewUser).departmentId).toBeNull()
    expect(errorUnder(wrapper, '[data-testid="admin-user-name"]')).toBeUndefined()
    expect(wrapper.find('[data-testid="admin-user-dialog"]').exists()).toBe(true)
    expect((wrapper.get('input[data-testid="admin-user-name"]').element as HTMLInputElement).value).toBe('李娜二')
    expect(rows(wrapper)).toHaveLength(3)
  })

  it('角色 opens the role checkboxes and sends set_user_roles; the row shows the answer', async () => {
    const { wrapper, backend } = await mountUsers({
      set_user_roles: (a) => account({ ...ACCOUNTS[1], roles: a.roles as Account['roles'] }),
    })
    await rows(wrapper)[1].get('[data-testid="admin-user-edit-roles"]').trigger('click')
    const dialog = await until(() => wrapper.get('[data-testid="admin-roles-dialog"]'))
    expect(dialog.text()).toContain('设置角色：李娜')
    const ticked = dialog.findAll('label.el-checkbox').filter((l) => (l.get('input').element as HTMLInputElement).checked)
    expect(ticked.map((l) => l.text())).toEqual(['部门处理人', '部门负责人'])

    await tick(wrapper, '[data-testid="admin-roles-edit"]', ['部门负责人', '质量管理部'])
    await wrapper.get('[data-testid="admin-roles-save"]').trigger('click')
    await until(() => expect(backend.last('set_user_roles')!.args).toEqual({ userId: 2, roles: ['dept_head', 'quality'] }))
    await until(() => expect(wrapper.find('[data-testid="admin-roles-dialog"]').exists()).toBe(false))
    expect(rows(wrapper)[1].findAll('.el-tag').map((t) => t.text())).toEqual(['部门负责人', '质量管理部', '在用'])
  })

  it('removing the last admin role: Rust says why under the checkboxes', async () => {
    const { wrapper } = await mountUsers({
      set_user_roles: () => {
        throw { code: 'VALIDATION', field: 'roles', message: '至少要保留一名在用的系统管理员' }
      },
    })
    await rows(wrapper)[0].get('[data-testid="admin-user-edit-roles"]').trigger('click')
    await until(() => wrapper.get('[data-testid="admin-roles-edit"]'))
    await tick(wrapper, '[data-testid="admin-roles-edit"]', ['客服专员'])
    await wrapper.get('[data-testid="admin-roles-save"]').trigger('click')
    await until(() => expect(errorUnder(wrapper, '[data-testid="admin-roles-edit"]')).toBe('至少要保留一名在用的系统管理员'))
    expect(rows(wrapper)[0].findAll('.el-tag').map((t) => t.text())).toEqual(['系统管理员', '在用'])
  })

  it('部门, 停用/启用 and 重置密码 each send their command for that person', async () => {
    const { wrapper, backend } = await mountUsers({
      set_user_department: (a) => account({ ...ACCOUNTS[1], departmentId: a.departmentId as number | null }),
      set_user_active: (a) => account({ ...ACCOUNTS[2], active: a.active as boolean }),
      reset_password: () => null,
    })
    const deptSelects = wrapper
      .findAllComponents({ name: 'ElSelect' })
      .filter((s) => s.element.closest('[data-testid="admin-user-row-department"]'))
    expect(deptSelects).toHaveLength(3)
    deptSelects[1].vm.$emit('update:modelValue', null) // cleared: no department
    await until(() => expect(backend.last('set_user_department')!.args).toEqual({ userId: 2, departmentId: null }))

    await rows(wrapper)[2].get('[data-testid="admin-user-toggle-active"]').trigger('click')
    await until(() => expect(backend.last('set_user_active')!.args).toEqual({ userId: 3, active: true, successorId: null }))
    await until(() => expect(rows(wrapper)[2].text()).toContain('在用'))
    expect(rows(wrapper)[2].get('[data-testid="admin-user-toggle-active"]').text()).toBe('停用')

    await rows(wrapper)[2].get('[data-testid="admin-user-reset-password"]').trigger('click')
    await until(() => wrapper.get('[data-testid="admin-reset-password"]'))
    await typeInto(wrapper, '[data-testid="admin-reset-password"]', 'new-pass-456')
    await wrapper.get('[data-testid="admin-reset-submit"]').trigger('click')
    await until(() => expect(backend.last('reset_password')!.args).toEqual({ userId: 3, newPassword: 'new-pass-456' }))
    await until(() => expect(rows(wrapper)[2].text()).toContain('已设置'))
    expect(document.body.textContent).toContain('密码已重置')
  })

  it('停用 an agent with open cases asks who takes them, then hands them over and switches him off', async () => {
    const agents = [
      ...ACCOUNTS,
      account({ id: 4, name: '王小明', login: 'wangxm', roles: ['agent'] }),
      account({ id: 5, name: '黄蓉', login: 'huangrong', roles: ['agent'] }),
    ]
    const { wrapper, backend } = await mountUsers({
      list_accounts: () => agents,
      set_user_active: (a) => {
        if (a.successorId === null) throw { code: 'VALIDATION', field: 'successorId', message: '王小明 还有 2 件未结案件，请选择接手的客服专员' }
        return { ...agents[3], active: false }
      },
    })
    await until(() => expect(rows(wrapper)).toHaveLength(5))
    await rows(wrapper)[3].get('[data-testid="admin-user-toggle-active"]').trigger('click')
    const question = await until(() => {
      const q = document.querySelector('[data-testid="admin-handover-question"]')
      if (!q) throw new Error('the handover dialog is not open yet')
      return q
    })
    expect(question.textContent).toContain('还有 2 件未结案件')
    // Only another active agent can take them: not the admin, not 李娜, not 王小明 himself.
    ;(document.querySelector('[data-testid="admin-handover-to"] .el-select__wrapper') as HTMLElement).click()
    const offered = await until(() => {
      const items = [...document.querySelectorAll('.el-select-dropdown__item')].map((li) => li.textContent?.trim())
      expect(items).toContain('黄蓉')
      return items
    })
    expect(offered).toEqual(['黄蓉'])
    ;([...document.querySelectorAll('.el-select-dropdown__item')].find((li) => li.textContent?.trim() === '黄蓉') as HTMLElement).click()
    await settle()
    ;(document.querySelector('[data-testid="admin-handover-submit"]') as HTMLElement).click()
    await until(() => expect(backend.last('set_user_active')!.args).toEqual({ userId: 4, active: false, successorId: 5 }))
    await until(() => expect(rows(wrapper)[3].get('[data-testid="admin-user-toggle-active"]').text()).toBe('启用'))
    expect(document.querySelector('[data-testid="admin-handover-question"]')).toBeNull()
  })

  it('查看客户信息: the roles granted are ticked and saved in role order; 质量管理部 is not a choice', async () => {
    const { wrapper, backend } = await mountUsers({ personal_data_roles: () => ['accounting'] })
    const group = await until(() => wrapper.get('[data-testid="admin-privacy-roles"]'))
    await until(() => expect(group.findAll('label.is-checked').map((l) => l.text().trim())).toEqual(['会计科']))
    expect(group.text()).not.toContain('质量管理部')
    expect(wrapper.get('[data-testid="admin-privacy"]').text()).toContain('每次查看都记入该案件的处理记录')
    const admin = group.findAll('label.el-checkbox').find((l) => l.text().trim() === '系统管理员')!
    await admin.get('input').setValue(true)
    await wrapper.get('[data-testid="admin-privacy-save"]').trigger('click')
    await until(() => expect(backend.last('set_personal_data_roles')!.args).toEqual({ roles: ['accounting', 'admin'] }))
  })

  it('自动锁定: the admin saves the longest lock time and whether never is allowed', async () => {
    const { wrapper, backend } = await mountUsers({
      set_lock_policy: (a) => {
        const p = a.policy as { maxMinutes: number }
        if (p.maxMinutes > 480) throw { code: 'VALIDATION', field: 'maxMinutes', message: '最长锁定时间应在 1 至 480 分钟之间' }
        return a.policy
      },
    })
    const form = await until(() => wrapper.get('[data-testid="admin-lock-policy"]'))
    const input = form.get('[data-testid="admin-lock-max"] input')
    expect((input.element as HTMLInputElement).value).toBe('15')
    await input.setValue('60')
    await input.trigger('change')
    await form.get('[data-testid="admin-lock-never"] input').setValue(true)
    await form.get('[data-testid="admin-lock-save"]').trigger('click')
    await until(() => expect(backend.last('set_lock_policy')!.args).toEqual({ policy: { maxMinutes: 60, neverAllowed: true } }))
  })

  it('解除锁定 lifts a sign-in lock in Rust and says so', async () => {
    const { wrapper, backend } = await mountUsers({ unlock_sign_in: () => ACCOUNTS[1] })
    await rows(wrapper)[1].get('[data-testid="admin-user-unlock"]').trigger('click')
    await until(() => expect(document.body.textContent).toContain('已解除 李娜 的登录锁定'))
    expect(backend.of('unlock_sign_in').map((c) => c.args)).toEqual([{ userId: 2 }])
  })

  it('停用 of oneself is refused by Rust and the message is shown', async () => {
    const { wrapper } = await mountUsers({
      set_user_active: () => {
        throw { code: 'VALIDATION', field: 'active', message: '不能停用自己的账号' }
      },
    })
    await rows(wrapper)[0].get('[data-testid="admin-user-toggle-active"]').trigger('click')
    await until(() => expect(document.body.textContent).toContain('不能停用自己的账号'))
    expect(rows(wrapper)[0].text()).toContain('在用')
  })

  it('FORBIDDEN from Rust is shown instead of the list', async () => {
    const { wrapper } = await mountUsers({
      list_accounts: () => {
        throw { code: 'FORBIDDEN', message: '只有系统管理员可以管理人员、部门和设置' }
      },
    })
    expect(wrapper.get('[data-testid="admin-load-error"]').text()).toContain('只有系统管理员可以管理人员、部门和设置')
    expect(wrapper.find('[data-testid="admin-users-table"]').exists()).toBe(false)
  })
})
