// One export that Rust writes while the screen shows how far it is: the
// progress events of this export only, the bar's percentage and text, and
// 取消, which asks Rust to stop it. Shared by 导出 Excel/CSV of a list and
// 导出全部数据; `texts` names the locale section with their words.
import { computed, onBeforeUnmount, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import * as ipc from '@/ipc'
import type { ExportProgress } from '@/ipc'
import { showError } from '@/errors'

export function useExportRun(texts: 'export' | 'dataExport') {
  const i18n = useI18n()
  const { t } = i18n
  const running = ref<string | null>(null)
  const progress = ref<ExportProgress | null>(null)
  const cancelling = ref(false)
  let stopListening: (() => void) | null = null

  const percent = computed(() => {
    const p = progress.value
    if (!p || !p.total) return 0
    return Math.min(100, Math.floor((p.written / p.total) * 100))
  })
  const progressText = computed(() => {
    const p = progress.value
    if (!p) return ''
    return p.total === null ? t(`${texts}.progressUnknown`, { written: p.written }) : t(`${texts}.progress`, { written: p.written, total: p.total })
  })

  /** Runs `write` as export `id` (none while another runs); its error is shown, and the result is undefined then. */
  async function run<T>(id: string, write: () => Promise<T>): Promise<T | undefined> {
    if (running.value) return undefined
    running.value = id
    progress.value = null
    cancelling.value = false
    try {
      stopListening = await ipc.onExportProgress((p) => {
        if (p.exportId === running.value) progress.value = p
      })
    } catch {
      // Without events the export still runs; only the bar stays still.
      stopListening = null
    }
    try {
      return await write()
    } catch (e) {
      showError(e, i18n)
      return undefined
    } finally {
      running.value = null
      progress.value = null
      stopListening?.()
      stopListening = null
    }
  }

  async function cancel() {
    if (!running.value) return
    cancelling.value = true
    try {
      await ipc.cancelExport(running.value)
    } catch (e) {
      showError(e, i18n)
    }
  }

  onBeforeUnmount(() => stopListening?.())
  return { running, progress, cancelling, percent, progressText, run, cancel }
}
