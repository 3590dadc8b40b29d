import { ElMessage } from 'element-plus'
import type { Translator } from '@/i18n'
import { isSessionLost, toAppError, type AppError } from '@/ipc'

type T = Pick<Translator, 't' | 'te' | 'locale'>

/**
 * The text to show for an error. Rust writes messages in zh-CN that name the
 * field ("请填写联系电话"), so zh-CN users see them verbatim; other locales get
 * the translated text for the code when we have one.
 */
export function errorText(e: AppError, i18n: T): string {
  if (i18n.locale.value === 'zh-CN') return e.message
  const key = `errors.${e.code}`
  return i18n.te(key) ? i18n.t(key) : e.message
}

export function showError(e: unknown, i18n: T): AppError {
  const err = toAppError(e)
  // The lock screen says it already (App.vue listens for these on every command).
  if (isSessionLost(err)) return err
  ElMessage.error({ message: errorText(err, i18n), grouping: true })
  return err
}
