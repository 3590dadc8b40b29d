//! Opening a connection: the hosts in order, the writable one chosen
//! (`target_session_attrs=read-write`, so a standby is passed over), TLS as
//! configured, and a statement timeout so a stuck server never freezes a
//! desk.

use std::time::Duration;

use complaintdesk_core::error::{AppError, ErrorCode, Result};
use postgres::config::{SslMode, TargetSessionAttrs};
use postgres::Client;

use crate::config::{PgConfig, TlsMode};

/// How long one statement may run before the server cancels it.
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

pub fn open(config: &PgConfig) -> Result<Client> {
    let mut pg = postgres::Config::new();
    let endpoints = config.endpoints()?;
    for (host, _) in &endpoints {
        pg.host(host);
    }
    // One port for every host, or one per host when any names its own.
    if endpoints.iter().any(|(_, port)| port.is_some()) {
        for (_, port) in &endpoints {
            pg.port(port.unwrap_or(config.port));
        }
    } else {
        pg.port(config.port);
    }
    pg.dbname(&config.dbname)
        .user(&config.user)
        .application_name("complaintdesk")
        .connect_timeout(CONNECT_TIMEOUT)
        // A connection that dies silently (cable pulled, NAT forgot it) is
        // noticed within a minute instead of the OS default of two hours.
        .keepalives_idle(Duration::from_secs(30))
        .keepalives_interval(Duration::from_secs(10))
        .keepalives_retries(3)
        .target_session_attrs(TargetSessionAttrs::ReadWrite)
        // Statements are prepared once per connection (`sql.rs`) but still
        // planned for each execution's own values. No JIT: a search of a
        // common term is estimated above jit_above_cost (its index's
        // expression is dear, migration 12), and compiling took 50–100 ms
        // on the development machine for queries that run in less.
        .options(&format!("-c statement_timeout={} -c plan_cache_mode=force_custom_plan -c jit=off", STATEMENT_TIMEOUT.as_millis()));
    if let Some(password) = &config.password {
        pg.password(password);
    }
    let result = match config.tls {
        TlsMode::Disable => {
            pg.ssl_mode(SslMode::Disable);
            pg.connect(postgres::NoTls)
        }
        mode => {
            pg.ssl_mode(if mode == TlsMode::Prefer { SslMode::Prefer } else { SslMode::Require });
            pg.connect(tls_connector(config)?)
        }
    };
    result.map_err(|e| connect_failed(config, &e))
}

fn tls_connector(config: &PgConfig) -> Result<postgres_native_tls::MakeTlsConnector> {
    let mut builder = native_tls::TlsConnector::builder();
    if config.tls != TlsMode::VerifyFull {
        // prefer/require encrypt but, as libpq's modes of those names, do not verify.
        builder.danger_accept_invalid_certs(true).danger_accept_invalid_hostnames(true);
    }
    if let Some(path) = &config.ca_cert {
        let pem = std::fs::read(path)
            .map_err(|e| AppError::invalid("caCert", format!("无法读取 CA 证书 {}：{e}", path.display())))?;
        let cert = native_tls::Certificate::from_pem(&pem)
            .map_err(|e| AppError::invalid("caCert", format!("CA 证书 {} 不是有效的 PEM 证书：{e}", path.display())))?;
        builder.add_root_certificate(cert);
    }
    let connector = builder
        .build()
        .map_err(|e| AppError::new(ErrorCode::DbOpenFailed, format!("无法建立 TLS：{e}")))?;
    Ok(postgres_native_tls::MakeTlsConnector::new(connector))
}

/// What went wrong, in the words an IT person can act on.
pub fn connect_failed(config: &PgConfig, e: &postgres::Error) -> AppError {
    let server = config.describe();
    // The driver's own text is only "error connecting to server"; the cause
    // (refused, timed out, unknown host) is in the chain of sources.
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str("：");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    let message = match e.as_db_error().map(|d| d.code().code()) {
        Some("28P01") | Some("28000") => format!("无法登录服务器数据库 {server}：用户名或密码错误。"),
        Some("3D000") => format!("服务器上没有数据库 {}（{server}）。", config.dbname),
        _ if text.contains("TLS") || text.contains("SSL") || text.contains("ssl") || text.contains("certificate") => {
            format!("与服务器 {server} 的 TLS 连接失败：{text}")
        }
        // What tokio-postgres says when every host it reached was a standby
        // (target_session_attrs=read-write).
        _ if text.contains("does not allow writes") || text.contains("read-write") || text.contains("target_session_attrs") => {
            format!("服务器 {server} 中没有可写入的主库（只找到备库）。")
        }
        _ if text.contains("refused") || (text.contains("No such file or directory") && config.hosts.iter().any(|h| h.starts_with('/'))) => format!(
            "服务器 {server} 拒绝连接：端口 {} 上没有数据库服务在运行，或被防火墙拒绝。",
            config.port
        ),
        _ if text.contains("timed out") || text.contains("timeout") => format!(
            "连接服务器 {server} 超时（{} 秒内没有回应）：请检查服务器地址、服务器是否开机和网络。",
            CONNECT_TIMEOUT.as_secs()
        ),
        _ if text.contains("failed to lookup address")
            || text.contains("Name or service not known")
            || text.contains("nodename nor servname")
            || text.contains("No such host") =>
        {
            format!("找不到服务器 {server}：地址无法解析，请检查服务器地址。")
        }
        _ if text.contains("unreachable") || text.contains("No route to host") => {
            format!("无法到达服务器 {server}：网络不通（主机不可达）。")
        }
        _ => format!("无法连接服务器 {server}：{text}"),
    };
    AppError::new(ErrorCode::DbOpenFailed, message)
}
