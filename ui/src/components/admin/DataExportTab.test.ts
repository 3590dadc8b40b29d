// 系统管理 → 数据导出 as the administrator sees it: 导出全部数据 asks Rust to
// choose a folder and write everything, shows the cases counted with 取消,
// and says what was written or that the folder is incomplete. Against
// mocked IPC (the files themselves are checked in Rust, tests/data_export.rs).
import { afterEach, describe, expect, it } from 'vitest'
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks'
import { emit } from '@tauri-apps/api/event'
import type { DataExportOutcome } from '@/ipc'
import DataExportTab from './DataExportTab.vue'
import { mountWith, until } from '@/test/helpers'

interface Call {
  cmd: string
  args: Record<string, unknown>
}

/** A backend whose export runs until the test finishes it; 取消 ends it as cancelled. */
function exportingBackend(refusal?: { code: string; message: string }) {
  const calls: Call[] = []
  let finish: ((o: DataExportOutcome) => void) | null = null
  const outcome = (cancelled: boolean, cases: number): DataExportOutcome => ({
    folder: '/home/u/导出/客诉台全部数据',
    cases,
    documents: 12,
    attachments: 7,
    auditLines: 480,
    cancelled,
  })
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> })
      if (cmd === 'export_all_data') {
        if (refusal) throw refusal
        return new Promise<DataExportOutcome>((resolve) => (finish = resolve))
      }
      if (cmd === 'cancel_export') {
        finish?.(outcome(true, 1200))
        return true
      }
      throw { code: 'IO', message: `unmocked command ${cmd}` }
    },
    { shouldMockEvents: true },
  )
  return {
    of: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    finish: (cases: number) => finish?.(outcome(false, cases)),
  }
}

const el = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)
const text = (testid: string) => el(testid)?.textContent ?? ''
const messages = () => [...document.querySelectorAll('.el-message')].map((m) => m.textContent).join(' | ')

afterEach(() => {
  clearMocks()
  document.body.innerHTML = ''
})

describe('导出全部数据', () => {
  it('shows the cases counted, and says what was written', async () => {
    const b = exportingBackend()
    await mountWith(DataExportTab)
    expect(text('data-export')).toContain('未遮蔽')
    el('data-export-start')!.click()
    await until(() => expect(b.of('export_all_data')).toHaveLength(1))
    const { exportId } = b.of('export_all_data')[0].args as { exportId: string }

    await emit('export-progress', { exportId: 'another-export', written: 9, total: 10 })
    await emit('export-progress', { exportId, written: 2500, total: 10_000 })
    await until(() => expect(text('data-export-progress-text')).toBe('已导出 2500 / 10000 件案件'))
    expect(el('data-export-progress')!.querySelector('.el-progress__text')!.textContent).toContain('25%')

    b.finish(10_000)
    await until(() => expect(text('data-export-done')).toContain('导出完成：10000 件案件、12 份文书、7 个附件、480 条审计记录'))
    expect(text('data-export-done')).toContain('/home/u/导出/客诉台全部数据')
    expect(el('data-export-progress')).toBeNull()
  })

  it('取消 stops the export and says the folder is incomplete', async () => {
    const b = exportingBackend()
    await mountWith(DataExportTab)
    el('data-export-start')!.click()
    await until(() => expect(b.of('export_all_data')).toHaveLength(1))
    const { exportId } = b.of('export_all_data')[0].args as { exportId: string }
    await until(() => expect(el('data-export-cancel')).not.toBeNull())
    el('data-export-cancel')!.click()
    await until(() => expect(b.of('cancel_export').map((c) => c.args.exportId)).toEqual([exportId]))
    await until(() => expect(text('data-export-cancelled')).toContain('已标记为“导出未完成”'))
    expect(el('data-export-done')).toBeNull()
  })

  it('shows Rust’s refusal of someone who is not an administrator', async () => {
    exportingBackend({ code: 'FORBIDDEN', message: '只有系统管理员可以导出全部数据' })
    await mountWith(DataExportTab)
    el('data-export-start')!.click()
    await until(() => expect(messages()).toContain('只有系统管理员可以导出全部数据'))
    expect(el('data-export-done')).toBeNull()
  })
})
