// Live between desks. On a server database Rust hears every change made at any
// desk and sends it here (ipc.onDeskChange); the visible screens reload from
// it, quietly (no loading mask over what the user is pointing at). The
// connection's state feeds the banner at the top of the window: lost when the
// listener says so or a command answers SERVER_UNREACHABLE, back when the
// listener reconnects (and the screens reload, since changes made meanwhile
// were not heard) or a command answers again.
import { onBeforeUnmount, onMounted, reactive } from 'vue'
import * as ipc from '@/ipc'
import type { DeskChange } from '@/ipc'

export const connection = reactive({
  /** The listener reported the server gone. */
  listenerLost: false,
  /** A command answered SERVER_UNREACHABLE and none has answered since. */
  commandLost: false,
  message: '',
})

export function connectionLost(): boolean {
  return connection.listenerLost || connection.commandLost
}

type ChangeListener = (change: DeskChange) => void
const listeners = new Set<ChangeListener>()
let started: Promise<unknown> | null = null

/** What every change does to the connection state, then to the screens. */
export function dispatch(change: DeskChange) {
  if (change.kind === 'disconnected') {
    connection.listenerLost = true
    connection.message = change.message
  } else if (change.kind === 'reconnected') {
    connection.listenerLost = false
    connection.commandLost = false
  }
  for (const l of [...listeners]) l(change)
}

/** Once, from the app shell: hear Rust's changes and the commands' failures. */
export function startLive() {
  ipc.onServerReach((lost) => {
    connection.commandLost = lost !== null
    if (lost) connection.message = lost.message
  })
  if (!started) started = ipc.onDeskChange(dispatch).catch(() => (started = null))
}

/** Calls `listener` for every change while the calling component is mounted. */
export function useDeskChanges(listener: ChangeListener) {
  onMounted(() => listeners.add(listener))
  onBeforeUnmount(() => listeners.delete(listener))
}

/**
 * A changes burst (an edit of several fields, twenty desks at work) becomes one
 * reload: the first change starts a short wait, the reload follows it.
 */
export const RELOAD_AFTER_MS = 300

/** Reloads a list screen (quietly) after any change or a reconnection. */
export function useLiveReload(reload: () => unknown) {
  let timer: ReturnType<typeof setTimeout> | undefined
  useDeskChanges((change) => {
    if (change.kind === 'disconnected' || timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      reload()
    }, RELOAD_AFTER_MS)
  })
  onBeforeUnmount(() => clearTimeout(timer))
}
