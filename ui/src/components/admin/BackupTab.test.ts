import { afterEach, describe, expect, it, vi } from 'vitest'
import type { BackupContents, BackupFile, BackupOverview } from '@/ipc'
import BackupTab from './BackupTab.vue'
import { windowControl } from './backup'
import { fakeBackend, mountWith, until, type Handler } from '@/test/helpers'

const FOLDER = '/home/kefu/.local/share/complaintdesk/backups'

const daily: BackupFile = {
  name: 'complaintdesk-20261123-100000.sqlite3',
  path: `${FOLDER}/complaintdesk-20261123-100000.sqlite3`,
  takenAt: '2026-11-23T02:00:00Z',
  manual: false,
  sizeBytes: 3_145_728,
}
const manual: BackupFile = {
  name: 'complaintdesk-20261123-153000-manual.sqlite3',
  path: `${FOLDER}/complaintdesk-20261123-153000-manual.sqlite3`,
  takenAt: '2026-11-23T07:30:00Z',
  manual: true,
  sizeBytes: 3_250_000,
}

function overview(backups: BackupFile[], patch: Partial<BackupOverview> = {}): BackupOverview {
  return { local: true, folder: FOLDER, defaultFolder: true, backups, serverLastBackup: null, serverNote: null, ...patch }
}

const CONTENTS: BackupContents = {
  path: daily.path,
  takenAt: daily.takenAt,
  cases: 128,
  lastCaseNo: '2611-0128',
  newestCaseAt: '2026-11-23T01:40:00Z',
  schemaVersion: 20,
}

async function mountBackup(handlers: Record<string, Handler> = {}, path = '/admin') {
  const backend = fakeBackend({ backup_overview: () => overview([daily]), inspect_backup: () => CONTENTS, ...handlers })
  const mounted = await mountWith(BackupTab, { path })
  return { backend, ...mounted }
}

type W = Awaited<ReturnType<typeof mountBackup>>['wrapper']

const rows = (w: W) =>
  w
    .get('[data-testid="backup-list"]')
    .findAll('.el-table__body tr')
    .map((tr) => tr.findAll('td').slice(0, 4).map((td) => td.text().trim()))
const inBody = (testid: string) => document.body.querySelector(`[data-testid="${testid}"]`)

afterEach(() => {
  vi.restoreAllMocks()
})

describe('系统管理 · 备份与恢复', () => {
  it('shows where backups go, the rule, and the backups in the folder', async () => {
    const { wrapper } = await mountBackup()
    expect(wrapper.get('[data-testid="backup-folder"]').text()).toBe(FOLDER)
    expect(wrapper.text()).toContain('默认：数据库所在文件夹下的 backups')
    expect(wrapper.text()).toContain('保留最近 30 天每天一份，以及此前 12 个月每月最后一份')
    expect(rows(wrapper)).toEqual([['2026-11-23 10:00', '每日自动', '3.0 MB', daily.name]])
  })

  it('立即备份 takes a copy and lists it', async () => {
    let backups = [daily]
    const { wrapper, backend } = await mountBackup({
      backup_overview: () => overview(backups),
      back_up_now: () => {
        backups = [manual, daily]
        return manual
      },
    })
    await wrapper.get('[data-testid="backup-now"]').trigger('click')
    await until(() => expect(rows(wrapper)).toHaveLength(2))
    expect(backend.of('back_up_now')).toHaveLength(1)
    expect(rows(wrapper)[0]).toEqual(['2026-11-23 15:30', '手动', '3.1 MB', manual.name])
    expect(document.body.textContent).toContain(`已备份：${manual.name}`)
  })

  it('恢复 shows what the backup holds and restores only once confirmed, then starts over', async () => {
    const reload = vi.spyOn(windowControl, 'reload').mockImplementation(() => {})
    const aside = '/home/kefu/.local/share/complaintdesk/complaintdesk.before-restore-20261123-160000.sqlite3'
    const { wrapper, backend } = await mountBackup({ restore_backup: () => ({ contents: CONTENTS, asideFile: aside }) })
    await wrapper.get(`[data-testid="backup-restore-${daily.name}"]`).trigger('click')
    await until(() => expect(inBody('backup-confirm-cases')?.textContent).toBe('128'))
    expect(backend.last('inspect_backup')!.args).toEqual({ path: daily.path })
    expect(inBody('backup-confirm-last')?.textContent).toBe('2611-0128')
    expect(inBody('backup-confirm-newest')?.textContent).toBe('2026-11-23 09:40')
    expect(inBody('backup-confirm-taken')?.textContent).toBe('2026-11-23 10:00')
    expect(document.body.textContent).toContain('当前数据库会改名保存在原文件夹中（不会删除）')
    expect(backend.of('restore_backup')).toHaveLength(0)

    ;(inBody('backup-confirm-restore') as HTMLElement).click()
    await until(() => expect(inBody('backup-restored-aside')?.textContent).toBe(aside))
    expect(backend.last('restore_backup')!.args).toEqual({ path: daily.path })
    expect(inBody('backup-restored-text')?.textContent).toContain('数据库已恢复为 2026-11-23 10:00 的备份，共 128 件案件')
    expect(reload).not.toHaveBeenCalled()
    ;(inBody('backup-sign-in-again') as HTMLElement).click()
    expect(reload).toHaveBeenCalledOnce()
  })

  it('a refused file is said and nothing is restored', async () => {
    const message = `不能从 ${daily.path} 恢复：文件已损坏（*** in database main ***）。当前数据库未改动。`
    const { wrapper, backend } = await mountBackup({
      inspect_backup: () => {
        throw { code: 'BACKUP_REFUSED', message }
      },
    })
    await wrapper.get(`[data-testid="backup-restore-${daily.name}"]`).trigger('click')
    await until(() => expect(document.body.textContent).toContain(message))
    expect(inBody('backup-confirm-cases')).toBeNull()
    expect(backend.of('restore_backup')).toHaveLength(0)
  })

  it('opened from the damaged-database banner, it checks the offered backup at once', async () => {
    const { backend } = await mountBackup({}, `/admin?tab=backup&restore=${encodeURIComponent(daily.path)}`)
    await until(() => expect(inBody('backup-confirm-cases')?.textContent).toBe('128'))
    expect(backend.last('inspect_backup')!.args).toEqual({ path: daily.path })
  })

  it('on a server database it shows the server’s last backup, or why it cannot', async () => {
    const { wrapper } = await mountBackup({ backup_overview: () => overview([], { local: false, folder: '', serverLastBackup: '2026-11-23T18:05:00Z' }) })
    expect(wrapper.get('[data-testid="backup-server-last"]').text()).toBe('服务器上次备份（WAL 归档）：2026-11-24 02:05')
    expect(wrapper.find('[data-testid="backup-now"]').exists()).toBe(false)

    const why = '服务器没有记录备份时间（未开启 WAL 归档）'
    const second = await mountBackup({ backup_overview: () => overview([], { local: false, folder: '', serverNote: why }) })
    expect(second.wrapper.get('[data-testid="backup-server-last"]').text()).toBe(`无法显示服务器的备份时间：${why}`)
  })

  it('someone who is not an admin sees Rust’s refusal', async () => {
    const { wrapper } = await mountBackup({
      backup_overview: () => {
        throw { code: 'FORBIDDEN', message: '只有系统管理员可以管理人员、部门和设置' }
      },
    })
    expect(wrapper.get('[data-testid="admin-load-error"]').text()).toContain('只有系统管理员')
    expect(wrapper.find('[data-testid="backup-now"]').exists()).toBe(false)
  })
})
