import { describe, expect, it } from 'vitest'
import { session } from '@/session'
import SettingsView from './SettingsView.vue'
import { appInfo, fakeBackend, mountWith, prefs, settle } from '@/test/helpers'

describe('设置', () => {
  it('shows version, paths, schema version and case count', async () => {
    fakeBackend({ app_info: () => appInfo({ caseCount: 12, schemaVersion: 4, version: '0.1.0' }) })
    const { wrapper } = await mountWith(SettingsView)
    expect(wrapper.get('[data-testid="settings-db-path"]').text()).toBe('/home/u/.local/share/complaintdesk/complaintdesk.sqlite3')
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
    await settle()
    expect(b.last('save_preferences')!.args.prefs).toEqual({ currentUserId: 1, locale: 'zh-TW', sheetColumns: [] })
    expect(session.prefs.locale).toBe('zh-TW')
  })

  it('switches the current user', async () => {
    const b = fakeBackend({ set_current_user: (a) => ({ id: a.userId, name: '李娜' }) })
    const { wrapper } = await mountWith(SettingsView)
    wrapper.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 2)
    await settle()
    expect(b.last('set_current_user')!.args).toEqual({ userId: 2 })
    expect(document.body.textContent).toContain('已切换到 李娜')
  })
})
