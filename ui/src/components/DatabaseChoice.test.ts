import { describe, expect, it } from 'vitest'
import DatabaseChoice from './DatabaseChoice.vue'
import { fakeBackend, localDatabase, mountWith, serverDatabase, settle, typeInto, until } from '@/test/helpers'

const SERVER_STATUS = {
  mode: 'server' as const,
  description: '服务器 db1,db2:5433/kesu',
  server: serverDatabase({ hosts: ['db1', 'db2'], port: 5433, dbname: 'kesu' }),
}

async function openServerForm() {
  const mounted = await mountWith(DatabaseChoice)
  await mounted.wrapper.get('[data-testid="db-choose-server"]').trigger('click')
  await until(() => mounted.wrapper.get('[data-testid="db-server-form"]'))
  return mounted
}

async function fillForm(wrapper: Awaited<ReturnType<typeof mountWith>>['wrapper']) {
  await typeInto(wrapper, '[data-testid="db-hosts"]', 'db1, db2')
  const port = wrapper.get('[data-testid="db-port"] input')
  await port.setValue('5433')
  await port.trigger('change')
  await typeInto(wrapper, '[data-testid="db-dbname"]', 'kesu')
  await typeInto(wrapper, '[data-testid="db-user"]', 'desk')
  await typeInto(wrapper, '[data-testid="db-password"]', 'pg-secret')
  await typeInto(wrapper, '[data-testid="db-ca-cert"]', '/etc/ssl/dept-ca.pem')
  await settle()
}

describe('选择数据库', () => {
  it('offers both choices; the server form appears only after choosing it', async () => {
    fakeBackend()
    const { wrapper } = await mountWith(DatabaseChoice)
    expect(wrapper.text()).toContain('本机数据库（只在这台电脑上使用）')
    expect(wrapper.text()).toContain('连接服务器（部门共用）')
    expect(wrapper.find('[data-testid="db-server-form"]').exists()).toBe(false)
    await wrapper.get('[data-testid="db-choose-server"]').trigger('click')
    const form = (await until(() => wrapper.get('[data-testid="db-server-form"]'))).text()
    for (const label of ['服务器地址', '端口', '数据库', '用户名', '密码', 'TLS 模式', 'CA 证书']) expect(form).toContain(label)
    expect((wrapper.get('[data-testid="db-port"] input').element as HTMLInputElement).value).toBe('5432')
    expect(wrapper.get('[data-testid="db-test"]').text()).toBe('测试连接')
    expect(wrapper.get('[data-testid="db-connect"]').text()).toBe('连接')
  })

  it('本机数据库 calls choose_local_database and reports the status', async () => {
    const b = fakeBackend({ choose_local_database: () => localDatabase() })
    const { wrapper } = await mountWith(DatabaseChoice)
    await wrapper.get('[data-testid="db-choose-local"]').trigger('click')
    await until(() => expect(b.of('choose_local_database')).toHaveLength(1))
    expect(b.last('choose_local_database')!.args).toEqual({})
    await until(() => expect(wrapper.emitted('done')).toEqual([[localDatabase()]]))
  })

  it('测试连接 shows the exact failure Rust answers, and changes nothing', async () => {
    const refusal = '无法登录服务器数据库 db1,db2:5433/kesu：用户名或密码错误。'
    const b = fakeBackend({
      test_server_connection: () => {
        throw { code: 'DB_OPEN_FAILED', message: refusal }
      },
    })
    const { wrapper } = await openServerForm()
    await fillForm(wrapper)
    await wrapper.get('[data-testid="db-test"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="db-test-result"]').text()).toContain(refusal))
    expect(wrapper.get('[data-testid="db-test-result"]').classes()).toContain('is-failed')
    expect(b.of('connect_server')).toHaveLength(0)
    expect(wrapper.emitted('done')).toBeUndefined()
  })

  it('测试连接 shows the success message', async () => {
    const ok = '连接成功：服务器 db1,db2:5433/kesu。这是一个空数据库，连接时将在其中建立客诉台的表。'
    const b = fakeBackend({ test_server_connection: () => ok })
    const { wrapper } = await openServerForm()
    await fillForm(wrapper)
    await wrapper.get('[data-testid="db-test"]').trigger('click')
    await until(() => expect(b.last('test_server_connection')!.args.password).toBe('pg-secret'))
    await until(() => expect(wrapper.get('[data-testid="db-test-result"]').text()).toContain(ok))
    expect(wrapper.get('[data-testid="db-test-result"]').classes()).toContain('is-ok')
  })

  it('连接 sends the form (hosts split, port, TLS, CA) and the password', async () => {
    const b = fakeBackend({ connect_server: () => SERVER_STATUS })
    const { wrapper } = await openServerForm()
    await fillForm(wrapper)
    await wrapper.get('[data-testid="db-connect"]').trigger('click')
    await until(() => expect(b.last('connect_server')!.args).toEqual({
      server: {
        hosts: ['db1', 'db2'],
        port: 5433,
        dbname: 'kesu',
        user: 'desk',
        tls: 'prefer',
        caCert: '/etc/ssl/dept-ca.pem',
      },
      password: 'pg-secret',
    }))
    await until(() => expect(wrapper.emitted('done')).toEqual([[SERVER_STATUS]]))
  })

  it('连接: a refused field is shown under it, a failed connection as the result', async () => {
    let answer: unknown = { code: 'VALIDATION', field: 'hosts', message: '请填写服务器地址' }
    fakeBackend({
      connect_server: () => {
        throw answer
      },
    })
    const { wrapper } = await openServerForm()
    await wrapper.get('[data-testid="db-connect"]').trigger('click')
    const item = wrapper.get('[data-testid="db-hosts"]').element.closest('.el-form-item')!
    await until(() => expect(item.querySelector('.el-form-item__error')?.textContent).toContain('请填写服务器地址'))

    answer = { code: 'DB_OPEN_FAILED', message: '服务器 db1:5432/complaintdesk 拒绝连接：端口 5432 上没有数据库服务在运行，或被防火墙拒绝。' }
    await typeInto(wrapper, '[data-testid="db-hosts"]', 'db1')
    await wrapper.get('[data-testid="db-connect"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="db-test-result"]').text()).toContain('拒绝连接'))
    expect(wrapper.emitted('done')).toBeUndefined()
  })

  it('the change form starts from the server in use (never a password)', async () => {
    fakeBackend()
    const { wrapper } = await mountWith(DatabaseChoice, {
      props: { server: SERVER_STATUS.server, initialMode: 'server' },
    })
    expect((wrapper.get('input[data-testid="db-hosts"]').element as HTMLInputElement).value).toBe('db1, db2')
    expect((wrapper.get('[data-testid="db-port"] input').element as HTMLInputElement).value).toBe('5433')
    expect((wrapper.get('input[data-testid="db-password"]').element as HTMLInputElement).value).toBe('')
  })
})
