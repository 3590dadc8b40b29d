import { describe, expect, it } from 'vitest'
import AdminView from './AdminView.vue'
import { fakeBackend, mountWith, until } from '@/test/helpers'

describe('系统管理', () => {
  it('opens on 人员; each tab label is a clickable target that loads its own data', async () => {
    const backend = fakeBackend({
      list_accounts: () => [],
      department_infos: () => [{ id: 1, name: '客服部', head: null }],
      list_routing_rules: () => [],
      get_thresholds: () => ({ salesManagerMaxFen: 10000000, viceGmMaxFen: 15000000 }),
    })
    const { wrapper } = await mountWith(AdminView, { path: '/admin' })
    expect(wrapper.get('h1').text()).toBe('系统管理')
    const labels = ['users', 'departments', 'rules', 'thresholds'].map((n) => wrapper.get(`[data-testid="admin-tab-${n}"]`).text())
    expect(labels).toEqual(['人员', '部门', '分派规则', '核决权限'])
    expect(wrapper.find('[data-testid="admin-users-table"]').exists()).toBe(true)
    expect(backend.of('get_thresholds')).toHaveLength(0)

    await wrapper.get('[data-testid="admin-tab-thresholds"]').trigger('click')
    await until(() =>
      expect((wrapper.get('input[data-testid="admin-threshold-sales"]').element as HTMLInputElement).value).toBe('100000.00'),
    )
    expect(backend.of('get_thresholds')).toHaveLength(1)

    await wrapper.get('[data-testid="admin-tab-departments"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="admin-depts-table"]').text()).toContain('客服部'))
    expect(backend.of('department_infos')).toHaveLength(1)

    await wrapper.get('[data-testid="admin-tab-rules"]').trigger('click')
    await until(() => expect(backend.of('list_routing_rules')).toHaveLength(1))
    expect(wrapper.find('[data-testid="admin-rule-new"]').exists()).toBe(true)
  })

  it('时效政策 and 工作日历 are tabs of their own that read their data when opened', async () => {
    const backend = fakeBackend({
      list_accounts: () => [],
      get_organisation_type: () => 'mall',
      deadline_policies: () => [],
      calendar_years: () => [{ year: 2026, source: '国办发明电〔2025〕7号', days: [] }],
    })
    const { wrapper } = await mountWith(AdminView, { path: '/admin' })
    expect(wrapper.get('[data-testid="admin-tab-deadlines"]').text()).toBe('时效政策')
    expect(wrapper.get('[data-testid="admin-tab-calendar"]').text()).toBe('工作日历')
    expect(backend.of('deadline_policies')).toHaveLength(0)
    expect(backend.of('calendar_years')).toHaveLength(0)

    await wrapper.get('[data-testid="admin-tab-deadlines"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="admin-org-type"]').text()).toBe('商场'))
    expect(backend.of('get_organisation_type')).toHaveLength(1)

    await wrapper.get('[data-testid="admin-tab-calendar"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="admin-calendar-year-2026"]').text()).toContain('国办发明电〔2025〕7号'))
    expect(backend.of('calendar_years')).toHaveLength(1)
  })

  it('a non-admin who reaches the screen sees Rust\'s FORBIDDEN', async () => {
    fakeBackend({
      list_accounts: () => {
        throw { code: 'FORBIDDEN', message: '只有系统管理员可以管理人员、部门和设置' }
      },
    })
    const { wrapper } = await mountWith(AdminView, { path: '/admin' })
    await until(() =>
      expect(wrapper.get('[data-testid="admin-load-error"]').text()).toContain('只有系统管理员可以管理人员、部门和设置'),
    )
  })
})
