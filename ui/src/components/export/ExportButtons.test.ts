// 导出 as the user sees it: Excel or CSV of the list on screen; a large
// export shows a progress bar and 取消 stops it; a small one just says where
// the file went. Against mocked IPC (the file itself is checked in Rust).
import { afterEach, describe, expect, it } from 'vitest'
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks'
import { emit } from '@tauri-apps/api/event'
import type { ExportOutcome, ExportProgress } from '@/ipc'
import ExportButtons from './ExportButtons.vue'
import SheetView from '@/views/SheetView.vue'
import { fakeBackend, mountWith, row, settle, until } from '@/test/helpers'

interface Call {
  cmd: string
  args: Record<string, unknown>
}

/** A backend whose export runs until the test finishes it, with Tauri's events mocked. */
function exportingBackend() {
  const calls: Call[] = []
  let finish: ((o: ExportOutcome) => void) | null = null
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>
      calls.push({ cmd, args: a })
      if (cmd.startsWith('export_')) return new Promise<ExportOutcome>((resolve) => (finish = resolve))
      if (cmd === 'cancel_export') {
        finish?.({ path: null, rows: 0, cancelled: true })
        return true
      }
      throw { code: 'IO', message: `unmocked command ${cmd}` }
    },
    { shouldMockEvents: true },
  )
  return {
    calls,
    of: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    finish: (o: ExportOutcome) => finish?.(o),
  }
}

const dialog = () => document.querySelector<HTMLElement>('[data-testid="export-progress"]')
const dialogShown = () => {
  const d = dialog()?.closest<HTMLElement>('.el-overlay')
  return !!d && d.style.display !== 'none'
}
const messages = () => [...document.querySelectorAll('.el-message')].map((m) => m.textContent).join(' | ')
const click = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)!.click()

afterEach(() => {
  clearMocks()
  document.body.innerHTML = ''
})

describe('导出', () => {
  it('shows a large export’s progress and 取消 stops it, leaving no file', async () => {
    const b = exportingBackend()
    await mountWith(ExportButtons, { props: { list: { kind: 'approvalQueue' } } })
    click('export-xlsx')
    await until(() => expect(b.of('export_approval_queue')).toHaveLength(1))
    const { exportId, format } = b.of('export_approval_queue')[0].args as { exportId: string; format: string }
    expect(format).toBe('xlsx')

    const progress: ExportProgress = { exportId, written: 4000, total: 100_000 }
    await emit('export-progress', { exportId: 'someone-else', written: 99_000, total: 100_000 })
    await emit('export-progress', progress)
    await until(() => expect(dialogShown()).toBe(true))
    expect(document.querySelector('[data-testid="export-progress-text"]')!.textContent).toBe('已导出 4000 / 100000 行')
    expect(dialog()!.querySelector('.el-progress__text')!.textContent).toContain('4%')

    click('export-cancel')
    await until(() => expect(b.of('cancel_export').map((c) => c.args.exportId)).toEqual([exportId]))
    await until(() => expect(messages()).toContain('已取消导出，没有保存文件'))
    await until(() => expect(dialogShown()).toBe(false))
  })

  it('counts rows without a total when the filter holds more than the sheet counts', async () => {
    const b = exportingBackend()
    await mountWith(ExportButtons, { props: { list: { kind: 'myWork' } } })
    click('export-csv')
    await until(() => expect(b.of('export_my_work')).toHaveLength(1))
    const exportId = b.of('export_my_work')[0].args.exportId as string
    await emit('export-progress', { exportId, written: 24_000, total: null })
    await until(() => expect(document.querySelector('[data-testid="export-progress-text"]')?.textContent).toBe('已导出 24000 行'))
    b.finish({ path: '/home/li/我的待办-20261207.csv', rows: 30_000, cancelled: false })
    await until(() => expect(messages()).toContain('已导出 30000 行：/home/li/我的待办-20261207.csv'))
    await until(() => expect(dialogShown()).toBe(false))
  })

  it('a small export shows no dialog, only where the file went', async () => {
    const b = exportingBackend()
    await mountWith(ExportButtons, { props: { list: { kind: 'approvalQueue' } } })
    click('export-xlsx')
    await until(() => expect(b.of('export_approval_queue')).toHaveLength(1))
    const exportId = b.of('export_approval_queue')[0].args.exportId as string
    await emit('export-progress', { exportId, written: 0, total: 12 })
    await emit('export-progress', { exportId, written: 12, total: 12 })
    await settle()
    expect(dialogShown()).toBe(false)
    b.finish({ path: '/home/li/待我审批-20261207.xlsx', rows: 12, cancelled: false })
    await until(() => expect(messages()).toContain('已导出 12 行：/home/li/待我审批-20261207.xlsx'))
  })

  it('the monthly 统计表 exports its month, 统计 its period', async () => {
    const b = exportingBackend()
    const query = { basis: 'closed' as const, from: '2026-11-01', to: '2026-11-30', departmentId: null }
    await mountWith(ExportButtons, { props: { list: { kind: 'statement', month: '2026-11' } } })
    click('export-xlsx')
    await until(() => expect(b.of('export_statement')).toHaveLength(1))
    expect(b.of('export_statement')[0].args).toMatchObject({ month: '2026-11', format: 'xlsx' })
    b.finish({ path: '/home/song/客户投诉案件统计表2026-11.xlsx', rows: 46, cancelled: false })
    await until(() => expect(messages()).toContain('客户投诉案件统计表2026-11.xlsx'))
    document.body.innerHTML = ''
    await mountWith(ExportButtons, { props: { list: { kind: 'statistics', query } } })
    click('export-csv')
    await until(() => expect(b.of('export_statistics')).toHaveLength(1))
    expect(b.of('export_statistics')[0].args).toMatchObject({ query, format: 'csv' })
    b.finish({ path: '/home/wang/投诉统计.csv', rows: 60, cancelled: false })
    await until(() => expect(messages()).toContain('投诉统计.csv'))
  })

  it('the sheet exports its filter and sort, every page, and says why Rust refused', async () => {
    const b = fakeBackend({
      list_cases: () => ({ rows: [row()], total: 120, totalCapped: false }),
      export_sheet: () => ({ path: '/home/li/跟进表-20261207.xlsx', rows: 120, cancelled: false }),
    })
    const { wrapper } = await mountWith(SheetView)
    await until(() => expect(b.of('list_cases').length).toBeGreaterThan(0))
    await wrapper.find('[data-testid="export-xlsx"]').trigger('click')
    await until(() => expect(b.of('export_sheet')).toHaveLength(1))
    const shown = b.last('list_cases')!.args.query as Record<string, unknown>
    const exported = b.last('export_sheet')!.args
    expect(exported.format).toBe('xlsx')
    expect(exported.query).toEqual({ ...shown, page: 1 })
    await until(() => expect(messages()).toContain('已导出 120 行：/home/li/跟进表-20261207.xlsx'))

    fakeBackend({
      list_cases: () => ({ rows: [row()], total: 120, totalCapped: false }),
      export_sheet: () => {
        throw { code: 'VALIDATION', message: 'Excel 一张工作表最多 1,048,575 行：请缩小筛选范围，或导出为 CSV' }
      },
    })
    await wrapper.find('[data-testid="export-xlsx"]').trigger('click')
    await until(() => expect(messages()).toContain('Excel 一张工作表最多 1,048,575 行'))
  })
})
