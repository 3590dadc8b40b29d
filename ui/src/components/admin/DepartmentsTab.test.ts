import { describe, expect, it } from 'vitest'
import type { Account, DepartmentInfo } from '@/ipc'
import { session } from '@/session'
import DepartmentsTab from './DepartmentsTab.vue'
import { fakeBackend, mountWith, typeInto, until } from '@/test/helpers'

function account(patch: Partial<Account>): Account {
  return { id: 1, name: '', login: null, roles: [], departmentId: null, active: true, hasPassword: true, ...patch }
}

const ACCOUNTS = [
  account({ id: 1, name: '系统管理员', roles: ['admin'] }),
  account({ id: 2, name: '李娜', roles: ['handler', 'dept_head'], departmentId: 2 }),
  account({ id: 3, name: '张伟', roles: ['agent'], departmentId: 1 }),
  account({ id: 4, name: '陈静', roles: ['dept_head'], departmentId: 1 }),
  account({ id: 5, name: '刘洋', roles: ['dept_head'], active: false }),
]

const INFOS: DepartmentInfo[] = [
  { id: 1, name: '客服部', head: null },
  { id: 2, name: '品质部', head: { id: 2, name: '李娜' } },
]

async function mountDepartments(handlers: Parameters<typeof fakeBackend>[0] = {}) {
  const backend = fakeBackend({ department_infos: () => INFOS, list_accounts: () => ACCOUNTS, ...handlers })
  const mounted = await mountWith(DepartmentsTab, { path: '/admin' })
  return { backend, ...mounted }
}

type W = Awaited<ReturnType<typeof mountDepartments>>['wrapper']

const rows = (w: W) => w.get('[data-testid="admin-depts-table"]').findAll('.el-table__body tr')

/** Opens the head select of row `i` and returns the visible option texts. */
async function openHeadSelect(w: W, i: number) {
  await rows(w)[i].get('[data-testid="admin-dept-head-select"] .el-select__wrapper').trigger('click')
  return until(() => {
    const items = [...document.body.querySelectorAll('.el-select-dropdown__item')] as HTMLElement[]
    expect(items.length).toBeGreaterThan(0)
    return items
  })
}

describe('系统管理 · 部门', () => {
  it('lists departments with their heads', async () => {
    const { wrapper } = await mountDepartments()
    const r = rows(wrapper)
    expect(r).toHaveLength(2)
    expect(r[0].text()).toContain('客服部')
    expect(r[0].get('[data-testid="admin-dept-head"]').text()).toBe('未指定')
    expect(r[1].get('[data-testid="admin-dept-head"]').text()).toBe('李娜')
  })

  it('offers only active people holding 部门负责人 and sends set_department_head', async () => {
    const { wrapper, backend } = await mountDepartments({ set_department_head: () => null })
    const options = await openHeadSelect(wrapper, 0)
    expect(options.map((o) => o.textContent!.trim())).toEqual(['李娜', '陈静'])
    options[1].click()
    await until(() => expect(backend.last('set_department_head')!.args).toEqual({ departmentId: 1, userId: 4 }))
    await until(() => expect(rows(wrapper)[0].get('[data-testid="admin-dept-head"]').text()).toBe('陈静'))
    expect(document.body.textContent).toContain('客服部的负责人已设为 陈静')
  })

  it("Rust's refusal is shown and the head stays as it was", async () => {
    const { wrapper } = await mountDepartments({
      set_department_head: () => {
        throw { code: 'VALIDATION', field: 'userId', message: '陈静 没有「部门负责人」角色，请先为其加上该角色' }
      },
    })
    const options = await openHeadSelect(wrapper, 1)
    options[1].click()
    await until(() => expect(document.body.textContent).toContain('陈静 没有「部门负责人」角色，请先为其加上该角色'))
    expect(rows(wrapper)[1].get('[data-testid="admin-dept-head"]').text()).toBe('李娜')
  })

  it('新建部门 sends the name, lists it and refreshes the departments other screens use', async () => {
    let departments = [
      { id: 1, name: '客服部' },
      { id: 2, name: '品质部' },
    ]
    const { wrapper, backend } = await mountDepartments({
      list_departments: () => departments,
      create_department: (a) => {
        departments = [...departments, { id: 3, name: a.name as string }]
        return departments[2]
      },
    })
    await wrapper.get('[data-testid="admin-dept-new"]').trigger('click')
    await until(() => wrapper.get('[data-testid="admin-dept-name"]'))
    await typeInto(wrapper, '[data-testid="admin-dept-name"]', '工程部')
    await wrapper.get('[data-testid="admin-dept-submit"]').trigger('click')
    await until(() => expect(backend.last('create_department')!.args).toEqual({ name: '工程部' }))
    await until(() => expect(rows(wrapper)[2].text()).toContain('工程部'))
    expect(rows(wrapper)[2].get('[data-testid="admin-dept-head"]').text()).toBe('未指定')
    expect(backend.of('list_departments')).toHaveLength(1)
    // The shared list is read again after the row is added.
    await until(() => expect(session.departments.map((d) => d.name)).toEqual(['客服部', '品质部', '工程部']))
  })

  it('an empty name is refused by Rust under the field; nothing is added', async () => {
    const { wrapper } = await mountDepartments({
      create_department: () => {
        throw { code: 'VALIDATION', field: 'name', message: '请填写部门名称' }
      },
    })
    await wrapper.get('[data-testid="admin-dept-new"]').trigger('click')
    await (await until(() => wrapper.get('[data-testid="admin-dept-submit"]'))).trigger('click')
    const item = wrapper.get('[data-testid="admin-dept-name"]').element.closest('.el-form-item')!
    await until(() => expect(item.querySelector('.el-form-item__error')?.textContent).toContain('请填写部门名称'))
    expect(rows(wrapper)).toHaveLength(2)
  })

  it('FORBIDDEN from Rust is shown', async () => {
    const { wrapper } = await mountDepartments({
      department_infos: () => {
        throw { code: 'FORBIDDEN', message: '只有系统管理员可以管理人员、部门和设置' }
      },
    })
    expect(wrapper.get('[data-testid="admin-load-error"]').text()).toContain('只有系统管理员可以管理人员、部门和设置')
  })
})
