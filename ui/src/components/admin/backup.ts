// 备份与恢复's small helpers: sizes as people read them, and the window
// reload after a restore (the session ended in Rust; every screen starts over
// on the restored database). An object, so tests can replace `reload`.
export const windowControl = {
  reload: () => window.location.reload(),
}

/** 1536 → "1.5 KB", 3 145 728 → "3.0 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`
}
