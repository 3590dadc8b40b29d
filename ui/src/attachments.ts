// Attachment helpers: sizes as people read them, and files ⇄ base64 for the IPC.

/** The same limit Rust enforces (附件不能超过 20 MB). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

/** What the file picker offers: images, PDF, Office documents, text and recordings. */
export const ATTACHMENT_ACCEPT = 'image/*,audio/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,.mp3,.m4a,.amr,.wav'

/** Bytes → "0.5 KB", "12.3 KB", "4.2 MB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim(bytes / (1024 * 1024))} MB`
  return `${trim(Math.max(bytes, 0) / 1024)} KB`
}

function trim(n: number): string {
  return n.toFixed(1).replace(/\.0$/, '')
}

export function isImage(mediaType: string): boolean {
  return mediaType.startsWith('image/')
}

export function dataUrl(mediaType: string, base64: string): string {
  return `data:${mediaType || 'application/octet-stream'};base64,${base64}`
}

/** A chosen file's bytes as plain base64 (the "data:…;base64," prefix stripped). */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const result = typeof reader.result === 'string' ? reader.result : ''
      const comma = result.indexOf(',')
      if (!result.startsWith('data:') || comma < 0) reject(new Error('not a data URL'))
      else resolve(result.slice(comma + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsDataURL(file)
  })
}
