import { describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { CaseDeadline, CaseWorkflow, Reminder } from '@/ipc'
import CaseDetail from '@/views/CaseDetail.vue'
import CaseActions from './CaseActions.vue'
import { audit, fakeBackend, kase, mountWith, typeInto, until } from '@/test/helpers'
import { workflow } from '@/test/workflow'

type Handlers = Parameters<typeof fakeBackend>[0]

async function mountDetail(state: () => CaseWorkflow, handlers: Handlers = {}) {
  const backend = fakeBackend({ case_workflow: () => state(), ...handlers })
  const mounted = await mountWith(CaseDetail, { props: { id: 7 }, path: '/cases/7' })
  return { backend, ...mounted }
}

/** The error Element Plus shows under the form item holding that field (it shows after a 100 ms debounce: wait with until). */
function errorUnder(wrapper: VueWrapper, testid: string): string | undefined {
  const item = wrapper.get(`[data-testid="${testid}"]`).element.closest('.el-form-item')!
  return item.querySelector('.el-form-item__error')?.textContent?.trim()
}

const message = () => [...document.querySelectorAll('.el-message')].map((m) => m.textContent).join(' | ')

function deadline(patch: Partial<CaseDeadline> = {}): CaseDeadline {
  return {
    id: 11,
    stage: 'route',
    policyName: '制造业（内销13天）',
    limit: { stage: 'route', amount: 12, unit: 'hours' },
    startedAt: '2031-06-01T01:00:00Z',
    dueAt: '2031-06-01T13:00:00Z',
    doneAt: '2031-06-01T05:00:00Z',
    lateReason: '',
    overdue: false,
    lateMinutes: 0,
    ...patch,
  }
}

const DEADLINES: CaseDeadline[] = [
  deadline(),
  deadline({
    id: 12,
    stage: 'investigate',
    limit: { stage: 'investigate', amount: 5, unit: 'working_days' },
    startedAt: '2031-06-01T05:00:00Z',
    dueAt: '2031-06-06T05:00:00Z',
    doneAt: '2031-06-07T06:00:00Z',
    lateMinutes: 1500,
  }),
  deadline({
    id: 13,
    stage: 'approve',
    limit: { stage: 'approve', amount: 1, unit: 'calendar_days' },
    startedAt: '2031-06-07T06:00:00Z',
    dueAt: '2031-06-08T06:00:00Z',
    doneAt: '2031-06-08T09:00:00Z',
    lateMinutes: 180,
    lateReason: '总经理出差',
  }),
  deadline({
    id: 14,
    stage: 'whole',
    limit: { stage: 'whole', amount: 13, unit: 'calendar_days' },
    startedAt: '2031-05-28T01:00:00Z',
    dueAt: '2031-06-10T01:00:00Z',
    doneAt: null,
    overdue: true,
    lateMinutes: 200,
  }),
]

function reminder(patch: Partial<Reminder> = {}): Reminder {
  return {
    id: 1,
    reminderNo: 'CB-3106-0001',
    caseId: 7,
    caseNo: '2503-0007',
    stage: 'whole',
    dueAt: '2031-06-10T01:00:00Z',
    toDepartmentName: '品质部',
    note: '请今天内答复客户',
    issuedByName: '赵经理',
    issuedAt: '2031-06-10T04:00:00Z',
    ...patch,
  }
}

describe('时效 panel', () => {
  it('shows each stage with its limit, times, status and reason, the policy once', async () => {
    const { wrapper } = await mountDetail(() => workflow({ deadlines: DEADLINES, explainableDeadlineIds: [12, 14] }))
    const panel = wrapper.get('[data-testid="detail-deadlines"]')
    expect(panel.get('[data-testid="deadline-policy"]').text()).toBe('时效政策：制造业（内销13天）')
    expect(panel.text().split('制造业（内销13天）')).toHaveLength(2) // said once, not per row

    const rows = panel.findAll('[data-testid="deadline-row"]')
    const cells = rows.map((r) => r.findAll('td').map((td) => td.text()))
    // Local time (UTC+8).
    expect(cells[0]).toEqual(['受理分派', '12 小时', '2031-06-01 09:00', '2031-06-01 21:00', '2031-06-01 13:00', '按时', ''])
    expect(cells[1]).toEqual([
      '部门调查处理',
      '5 个工作日',
      '2031-06-01 13:00',
      '2031-06-06 13:00',
      '2031-06-07 14:00',
      '超时完成 1天1小时',
      '填写超时原因',
    ])
    expect(cells[2].slice(0, 2)).toEqual(['方案审批', '1 天'])
    expect(cells[2].slice(5)).toEqual(['超时完成 3小时', '总经理出差'])
    expect(cells[3]).toEqual(['结案', '13 天', '2031-05-28 09:00', '2031-06-10 09:00', '进行中', '已超时 3小时20分', '填写超时原因'])

    // Colours: green on time, orange done late, red while overdue (the only one marked overdue).
    const tags = rows.map((r) => r.get('[data-testid="deadline-status"] .el-tag').classes())
    expect(tags[0]).toContain('el-tag--success')
    expect(tags[1]).toContain('el-tag--warning')
    expect(tags[3]).toContain('el-tag--danger')
    const overdue = panel.findAll('[data-testid="deadline-overdue"]')
    expect(overdue.map((o) => o.text())).toEqual(['已超时 3小时20分'])

    // The reason is asked of the late stages Rust says this person answers for.
    expect(panel.findAll('[data-testid^="deadline-explain-"]').map((b) => b.attributes('data-testid'))).toEqual([
      'deadline-explain-12',
      'deadline-explain-14',
    ])
  })

  it('超时原因: only the side that was late sees the button; a given reason is changed from what it says', async () => {
    const { wrapper } = await mountDetail(() => workflow({ deadlines: DEADLINES, explainableDeadlineIds: [13] }))
    const panel = await until(() => wrapper.get('[data-testid="detail-deadlines"]'))
    expect(panel.findAll('[data-testid^="deadline-explain-"]').map((b) => b.text())).toEqual(['修改'])
    await wrapper.get('[data-testid="deadline-explain-13"]').trigger('click')
    await until(() => expect((wrapper.get('[data-testid="late-reason"]').element as HTMLTextAreaElement).value).toBe('总经理出差'))
  })

  it('is not shown for a case without deadlines, nor the reminders list without reminders', async () => {
    const { wrapper } = await mountDetail(() => workflow())
    expect(wrapper.find('[data-testid="detail-deadlines"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="detail-reminders"]').exists()).toBe(false)
  })

  it('超时原因: sends the reason, shows Rust’s refusal under the field, then reloads with the reason', async () => {
    let state = workflow({ deadlines: DEADLINES, explainableDeadlineIds: [12] })
    let refuse = true
    const { wrapper, backend } = await mountDetail(() => state, {
      explain_late: (a) => {
        if (refuse) throw { code: 'VALIDATION', field: 'reason', message: '请填写超时原因' }
        const d = { ...DEADLINES[1], lateReason: a.reason as string }
        state = workflow({ deadlines: [DEADLINES[0], d, DEADLINES[2], DEADLINES[3]], explainableDeadlineIds: [12] })
        return d
      },
    })
    await wrapper.get('[data-testid="deadline-explain-12"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="late-about"]').text()).toBe('部门调查处理：到期 2031-06-06 13:00，超时完成 1天1小时'))
    await wrapper.get('[data-testid="late-submit"]').trigger('click')
    await until(() => expect(backend.last('explain_late')!.args).toEqual({ caseId: 7, deadlineId: 12, reason: '' }))
    await until(() => expect(errorUnder(wrapper, 'late-reason')).toBe('请填写超时原因'))
    expect(wrapper.find('[data-testid="late-submit"]').exists()).toBe(true)

    refuse = false
    await typeInto(wrapper, '[data-testid="late-reason"]', '  等待供应商检测报告  ')
    await wrapper.get('[data-testid="late-submit"]').trigger('click')
    await until(() => expect(backend.last('explain_late')!.args).toEqual({ caseId: 7, deadlineId: 12, reason: '等待供应商检测报告' }))
    await until(() => expect(message()).toContain('已记录超时原因'))
    await until(() => expect(wrapper.find('[data-testid="late-submit"]').exists()).toBe(false))
    expect(backend.of('case_workflow')).toHaveLength(2)
    expect(backend.of('case_timeline')).toHaveLength(2)
    // The reloaded case shows the reason.
    const row = await until(() => {
      const r = wrapper.findAll('[data-testid="deadline-row"]')[1]
      expect(r.text()).toContain('等待供应商检测报告')
      return r
    })
    // Changeable until the case closes (Rust keeps each version in the timeline).
    expect(row.get('[data-testid="deadline-explain-12"]').text()).toBe('修改')
  })

  it('超时原因: a refusal that names no field shows in the dialog', async () => {
    const { wrapper } = await mountDetail(() => workflow({ deadlines: DEADLINES, explainableDeadlineIds: [14] }), {
      explain_late: () => {
        throw { code: 'WRONG_STATE', message: '案件 2503-0007 已结案，超时原因不能再修改' }
      },
    })
    await wrapper.get('[data-testid="deadline-explain-14"]').trigger('click')
    await until(() => wrapper.get('[data-testid="late-reason"]'))
    await typeInto(wrapper, '[data-testid="late-reason"]', '客户外出')
    await wrapper.get('[data-testid="late-submit"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="step-error"]').text()).toContain('已结案，超时原因不能再修改'))
  })
})

describe('催办', () => {
  it('is offered only when Rust allows it, labelled 催办', async () => {
    fakeBackend()
    const { wrapper } = await mountWith(CaseActions, { props: { wf: workflow({ actions: ['investigate', 'remind'] }) } })
    expect(wrapper.get('[data-testid="action-remind"]').text()).toBe('催办')
    await wrapper.setProps({ wf: workflow({ actions: ['investigate'] }) })
    expect(wrapper.find('[data-testid="action-remind"]').exists()).toBe(false)
  })

  it('sends issue_reminder with the note, names the 催办单 number and lists it after reloading', async () => {
    const c = kase({ status: 'investigating', version: 4 })
    let state = workflow({ case: c, actions: ['remind'], deadlines: DEADLINES })
    const { wrapper, backend } = await mountDetail(() => state, {
      issue_reminder: (a) => {
        const r = reminder({ note: a.note as string })
        state = workflow({ case: c, actions: ['remind'], deadlines: DEADLINES, reminders: [r] })
        return r
      },
    })
    expect(wrapper.find('[data-testid="detail-reminders"]').exists()).toBe(false)
    await wrapper.get('[data-testid="action-remind"]').trigger('click')
    // What it is about: the overdue stage and the department it goes to.
    await until(() => expect(wrapper.get('[data-testid="remind-overdue"]').text()).toBe('结案（已超时 3小时20分）'))
    expect(wrapper.get('[data-testid="remind-to"]').text()).toBe('品质部')
    await typeInto(wrapper, '[data-testid="remind-note"]', ' 请今天内答复客户 ')
    await wrapper.get('[data-testid="remind-submit"]').trigger('click')

    await until(() => expect(backend.last('issue_reminder')!.args).toEqual({ caseId: 7, note: '请今天内答复客户' }))
    await until(() => expect(message()).toContain('已开具催办单 CB-3106-0001'))
    await until(() => expect(wrapper.find('[data-testid="remind-submit"]').exists()).toBe(false))
    expect(backend.of('case_workflow')).toHaveLength(2)
    // Listed once the case is read again.
    await until(() => {
      const rows = wrapper.get('[data-testid="detail-reminders"]').findAll('[data-testid="reminder-row"]')
      expect(rows.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
        ['CB-3106-0001', '2031-06-10 12:00', '结案', '品质部', '赵经理', '请今天内答复客户', '打印催办单'],
      ])
    })
  })

  it('the note may be empty; Rust’s refusal of it shows under the note', async () => {
    const { wrapper, backend } = await mountDetail(() => workflow({ actions: ['remind'], deadlines: DEADLINES }), {
      issue_reminder: () => {
        throw { code: 'VALIDATION', field: 'note', message: '催办说明不能超过 500 个字' }
      },
    })
    await wrapper.get('[data-testid="action-remind"]').trigger('click')
    await (await until(() => wrapper.get('[data-testid="remind-submit"]'))).trigger('click')
    await until(() => expect(backend.last('issue_reminder')!.args).toEqual({ caseId: 7, note: '' }))
    await until(() => expect(errorUnder(wrapper, 'remind-note')).toBe('催办说明不能超过 500 个字'))
    expect(wrapper.find('[data-testid="remind-submit"]').exists()).toBe(true)
  })

  it('lists reminders: number, time, stage, department, who, note', async () => {
    const { wrapper } = await mountDetail(() =>
      workflow({
        reminders: [
          reminder(),
          reminder({ id: 2, reminderNo: 'CB-3106-0002', stage: null, toDepartmentName: null, note: '', issuedByName: '投诉中心 李娜', issuedAt: '2031-06-11T01:30:00Z' }),
        ],
      }),
    )
    const rows = wrapper.get('[data-testid="detail-reminders"]').findAll('[data-testid="reminder-row"]')
    expect(rows.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['CB-3106-0001', '2031-06-10 12:00', '结案', '品质部', '赵经理', '请今天内答复客户', '打印催办单'],
      ['CB-3106-0002', '2031-06-11 09:30', '—', '—', '投诉中心 李娜', '', '打印催办单'],
    ])
    expect(wrapper.get('[data-testid="detail-reminders"]').text()).toContain('催办单号')
  })
})

describe('时效 in the case history', () => {
  it('labels 超时原因 and 催办 entries', async () => {
    const { wrapper } = await mountDetail(() => workflow(), {
      case_timeline: () => [
        audit({ id: 30, action: 'explain_late', at: '2031-06-09T02:00:00Z', field: 'lateReason', oldValue: 'investigate', newValue: '等待供应商检测报告' }),
        audit({ id: 31, action: 'remind', at: '2031-06-10T04:00:00Z', field: 'reminderNo', oldValue: null, newValue: 'CB-3106-0001', reason: '请今天内答复客户' }),
      ],
    })
    const entries = wrapper.findAll('[data-testid="timeline-entry"]')
    expect(entries.map((e) => e.get('[data-testid="timeline-action"]').text())).toEqual(['填写超时原因', '催办'])
    const changes = wrapper.findAll('[data-testid="timeline-change"]').map((c) => c.text().replace(/\s+/g, ' '))
    expect(changes).toEqual(['超时原因: 部门调查处理 → 等待供应商检测报告', '催办单号: （空） → CB-3106-0001'])
  })
})
