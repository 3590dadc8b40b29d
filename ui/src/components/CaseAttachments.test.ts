import { describe, expect, it } from 'vitest'
import type { Attachment, AuditEntry, NewAttachment } from '@/ipc'
import CaseDetail from '@/views/CaseDetail.vue'
import { formatSize, readAsBase64 } from '@/attachments'
import { audit, fakeBackend, kase, mountWith, settle, typeInto, until } from '@/test/helpers'
import { workflow } from '@/test/workflow'

function attachment(patch: Partial<Attachment> = {}): Attachment {
  return {
    id: 1,
    caseId: 7,
    fileName: '天花板霉斑.jpg',
    mediaType: 'image/jpeg',
    size: 2.5 * 1024 * 1024,
    note: '客户拍摄',
    addedAt: '2025-03-01T03:05:00Z',
    addedByName: '李娜',
    ...patch,
  }
}

const LIST = [
  attachment(),
  attachment({ id: 2, fileName: '投诉信.pdf', mediaType: 'application/pdf', size: 12_800, note: '', addedByName: '王小明', addedAt: '2025-03-02T08:00:00Z' }),
]

async function mountDetail(handlers: Parameters<typeof fakeBackend>[0] = {}) {
  const backend = fakeBackend({ case_workflow: () => workflow(), list_attachments: () => LIST, ...handlers })
  const mounted = await mountWith(CaseDetail, { props: { id: 7 }, path: '/cases/7' })
  return { backend, ...mounted }
}

/** Opens 添加附件 and puts `file` into the native file input. */
async function chooseFile(wrapper: Awaited<ReturnType<typeof mountDetail>>['wrapper'], file: File) {
  await wrapper.get('[data-testid="attachment-add"]').trigger('click')
  const input = (await until(() => wrapper.get('[data-testid="attachment-file"]'))).element as HTMLInputElement
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change', { bubbles: true }))
  // Taken: 上传 is enabled, or the file is refused at once.
  await until(() =>
    expect(
      wrapper.find('[data-testid="attachment-error"]').exists() ||
        wrapper.get('[data-testid="attachment-upload"]').attributes('disabled') === undefined,
    ).toBe(true),
  )
}

describe('附件', () => {
  it('formats sizes in KB and MB and reads files as plain base64', async () => {
    expect(formatSize(512)).toBe('0.5 KB')
    expect(formatSize(12_800)).toBe('12.5 KB')
    expect(formatSize(2.5 * 1024 * 1024)).toBe('2.5 MB')
    expect(formatSize(20 * 1024 * 1024)).toBe('20 MB')
    expect(await readAsBase64(new File(['hello'], 'a.txt', { type: 'text/plain' }))).toBe(btoa('hello'))
  })

  it('lists the attachments with size, note, who added them and local time', async () => {
    const { wrapper, backend } = await mountDetail()
    expect(backend.last('list_attachments')!.args).toEqual({ caseId: 7 })
    const panel = wrapper.get('[data-testid="attachments"]')
    expect(panel.get('[data-testid="attachments-title"]').text()).toBe('附件（2）')
    const rows = panel.findAll('[data-testid="attachment-row"]')
    expect(rows).toHaveLength(2)
    for (const s of ['天花板霉斑.jpg', '2.5 MB', '客户拍摄', '李娜', '2025-03-01 11:05', '下载']) expect(rows[0].text(), s).toContain(s)
    for (const s of ['投诉信.pdf', '12.5 KB', '王小明', '2025-03-02 16:00']) expect(rows[1].text(), s).toContain(s)
  })

  it('uploads the chosen file as base64, then shows it in the list and the timeline', async () => {
    let list = [...LIST]
    let timeline: AuditEntry[] = [audit({ id: 1, action: 'register' })]
    const { wrapper, backend } = await mountDetail({
      list_attachments: () => list,
      case_timeline: () => timeline,
      add_attachment: (a) => {
        const input = a.input as NewAttachment
        const added = attachment({ id: 3, fileName: input.fileName, mediaType: 'image/png', size: 3, note: input.note, addedByName: '王小明' })
        list = [...list, added]
        timeline = [...timeline, audit({ id: 2, action: 'attach', at: '2025-03-03T01:00:00Z', newValue: input.fileName })]
        return added
      },
    })
    await chooseFile(wrapper, new File([new Uint8Array([1, 2, 3])], '现场照片.png', { type: 'image/png' }))
    await typeInto(wrapper, '[data-testid="attachment-note"]', ' 门店现场 ')
    await wrapper.get('[data-testid="attachment-upload"]').trigger('click')
    // The file is read, sent, the list reloaded, and the timeline refreshed last.
    await until(() => expect(wrapper.findAll('[data-testid="timeline-entry"]')).toHaveLength(2))

    expect(backend.last('add_attachment')!.args).toEqual({
      input: { caseId: 7, fileName: '现场照片.png', contentBase64: 'AQID', note: '门店现场' },
    })
    const rows = wrapper.findAll('[data-testid="attachment-row"]')
    expect(rows).toHaveLength(3)
    expect(rows[2].text()).toContain('现场照片.png')
    expect(wrapper.get('[data-testid="attachments-title"]').text()).toBe('附件（3）')
    const entries = wrapper.findAll('[data-testid="timeline-entry"]')
    expect(entries).toHaveLength(2)
    expect(entries[1].get('[data-testid="timeline-action"]').text()).toBe('添加附件')
    expect(entries[1].get('[data-testid="timeline-attachment"]').text()).toBe('现场照片.png')
  })

  it("shows Rust's message when it refuses the file", async () => {
    const { wrapper, backend } = await mountDetail({
      add_attachment: () => {
        throw { code: 'VALIDATION', field: 'content', message: '附件是空文件' }
      },
    })
    await chooseFile(wrapper, new File([new Uint8Array([0])], '空.pdf', { type: 'application/pdf' }))
    await wrapper.get('[data-testid="attachment-upload"]').trigger('click')
    // The file is read on timers (FileReader) before it is sent.
    await until(() => expect(wrapper.get('[data-testid="attachment-error"]').text()).toContain('附件是空文件'))
    expect(backend.of('add_attachment')).toHaveLength(1)
    expect(document.querySelector('.el-message')?.textContent).toContain('附件是空文件')
    expect(wrapper.findAll('[data-testid="attachment-row"]')).toHaveLength(2)
  })

  it('refuses a file over 20 MB before sending it', async () => {
    const { wrapper, backend } = await mountDetail()
    const big = new File([new Uint8Array(1)], '录音.mp3', { type: 'audio/mpeg' })
    Object.defineProperty(big, 'size', { value: 20 * 1024 * 1024 + 1 })
    await chooseFile(wrapper, big)
    expect(wrapper.get('[data-testid="attachment-error"]').text()).toContain('附件不能超过 20 MB')
    await wrapper.get('[data-testid="attachment-upload"]').trigger('click')
    // No positive sign to wait for: 上传 is disabled, so the click does nothing.
    await settle()
    expect(backend.of('add_attachment')).toHaveLength(0)
  })

  it('a voided case shows its attachments but no 添加附件 button', async () => {
    const { wrapper } = await mountDetail({ case_workflow: () => workflow({ case: kase({ status: 'voided', voidReason: '重复登记' }) }) })
    expect(wrapper.findAll('[data-testid="attachment-row"]')).toHaveLength(2)
    expect(wrapper.find('[data-testid="attachment-add"]').exists()).toBe(false)
  })

  it('previews an image from its content and downloads any attachment', async () => {
    const { wrapper, backend } = await mountDetail({
      'plugin:dialog|save': () => '/home/kf/投诉信.pdf',
      save_attachment: () => null,
      attachment_content: (a) =>
        a.id === 1
          ? { fileName: '天花板霉斑.jpg', mediaType: 'image/jpeg', contentBase64: '/9j/4AAQ' }
          : { fileName: '投诉信.pdf', mediaType: 'application/pdf', contentBase64: 'JVBERi0=' },
    })
    const rows = wrapper.findAll('[data-testid="attachment-row"]')
    expect(rows[1].find('[data-testid="attachment-preview-link"]').exists()).toBe(false) // a PDF is not previewed
    await rows[0].get('[data-testid="attachment-preview-link"]').trigger('click')
    await until(() => expect(backend.last('attachment_content')!.args).toEqual({ id: 1 }))
    await until(() => expect(document.querySelector('[data-testid="attachment-preview"]')?.getAttribute('src')).toBe('data:image/jpeg;base64,/9j/4AAQ'))

    // 下载 asks where to save (the system dialog) and lets Rust write the file.
    await rows[1].get('[data-testid="attachment-download"]').trigger('click')
    await until(() => expect(backend.last('plugin:dialog|save')!.args).toMatchObject({ options: { defaultPath: '投诉信.pdf' } }))
    await until(() => expect(backend.last('save_attachment')!.args).toEqual({ id: 2, path: '/home/kf/投诉信.pdf' }))
  })
})
