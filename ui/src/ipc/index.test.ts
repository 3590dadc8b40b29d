import { describe, expect, it } from 'vitest'
import { mockIPC } from '@tauri-apps/api/mocks'
import { emit } from '@tauri-apps/api/event'
import type { DeskChange } from './types'
import { listCases, onDeskChange, registerCase, toAppError, voidCase } from './index'

describe('ipc wrapper', () => {
  it('sends camelCase argument keys as the Rust commands expect', async () => {
    const seen: [string, unknown][] = []
    mockIPC((cmd, args) => {
      seen.push([cmd, args])
      return cmd === 'list_cases' ? { rows: [], total: 0 } : {}
    })
    await voidCase(7, 3, '重复登记')
    await listCases({
      search: 'x',
      statuses: [],
      severities: [],
      channels: [],
      causeTypes: [],
      departmentIds: [],
      handlerIds: [],
      due: null,
      receivedFrom: null,
      receivedTo: null,
      includeVoided: false,
      sort: 'receivedAt',
      descending: true,
      page: 1,
      pageSize: 20,
    })
    expect(seen[0]).toEqual(['void_case', { id: 7, version: 3, reason: '重复登记' }])
    expect(seen[1][0]).toBe('list_cases')
    expect(Object.keys(seen[1][1] as object)).toEqual(['query'])
  })

  it('passes AppErrors through unchanged', async () => {
    const err = { code: 'VALIDATION', field: 'customerPhone', message: '请填写联系电话' }
    mockIPC(() => {
      throw err
    })
    await expect(registerCase({} as never)).rejects.toEqual(err)
  })

  it('normalises anything else into an IO AppError', async () => {
    mockIPC(() => {
      throw 'command register_case not found'
    })
    await expect(registerCase({} as never)).rejects.toEqual({ code: 'IO', message: 'command register_case not found' })
    expect(toAppError(new Error('boom'))).toEqual({ code: 'IO', message: 'Error: boom' })
    expect(toAppError({ code: 'WHATEVER', message: 'x' })).toEqual({ code: 'IO', message: '[object Object]' })
  })

  it('hands on the desk-change events Rust sends, until unlistened', async () => {
    mockIPC(() => null, { shouldMockEvents: true })
    const got: DeskChange[] = []
    const stop = await onDeskChange((c) => got.push(c))
    const change: DeskChange = { kind: 'record', entity: 'case', id: 7, actorId: 2, actorName: '李娜' }
    await emit('desk-change', change)
    await emit('something-else', { kind: 'reconnected' })
    expect(got).toEqual([change])
    stop()
    await emit('desk-change', { kind: 'reconnected' })
    expect(got).toHaveLength(1)
  })
})
