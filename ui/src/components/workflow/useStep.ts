// What every step dialog shares: send one command, and on refusal keep the
// dialog open with Rust's message under the field it names (or on top when it
// names none). STALE_EDIT asks the detail to reload; the dialog then sends the
// fresh version if the step is still allowed.
import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Case, CaseLink } from '@/ipc'
import { isSessionLost } from '@/ipc'
import { errorText, showError } from '@/errors'

/** What a dialog reports when its step went through. */
export interface StepDone {
  case: Case
  message: string
  /** 评估: the department the routing rules propose now. */
  proposedDepartmentId?: number | null
  /** 答复 rejected: the new round Rust registered. */
  nextRound?: CaseLink | null
}

export function useStep(onStale: () => void) {
  const i18n = useI18n()
  /** Field (as Rust names it, e.g. "lines[0].quantity") → message. */
  const errors = reactive<Record<string, string>>({})
  const formError = ref('')
  const busy = ref(false)

  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
    formError.value = ''
  }

  /** A check the form must make itself because the value cannot be sent otherwise. */
  function refuse(field: string, message: string) {
    errors[field] = message
  }

  async function run<R>(call: () => Promise<R>): Promise<R | null> {
    busy.value = true
    try {
      return await call()
    } catch (e) {
      const err = showError(e, i18n)
      if (err.field) errors[err.field] = err.message
      else if (!isSessionLost(err)) formError.value = errorText(err, i18n)
      if (err.code === 'STALE_EDIT') onStale()
      return null
    } finally {
      busy.value = false
    }
  }

  return { errors, formError, busy, clear, refuse, run }
}
