//! Where the server database is and how to reach it. Stored per desk
//! (without the password, which lives in the OS credential store).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use complaintdesk_core::error::{AppError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TlsMode {
    /// Plain connection (a unix socket, or a trusted network).
    Disable,
    /// TLS when the server offers it (the server's certificate is not checked).
    #[default]
    Prefer,
    /// TLS always; the certificate is not checked.
    Require,
    /// TLS always, the certificate checked against the CA and the host name.
    VerifyFull,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PgConfig {
    /// One or more hosts (primary and standbys), tried in order; the store
    /// connects to the first that accepts writes. A path starting with `/`
    /// is a unix-socket directory. A host may carry its own port,
    /// `db2.example.com:5433` (an IPv6 address then in brackets,
    /// `[fd00::2]:5433`); the others use `port`.
    pub hosts: Vec<String>,
    /// The port of every host that does not name its own.
    pub port: u16,
    pub dbname: String,
    pub user: String,
    #[serde(skip)]
    pub password: Option<String>,
    #[serde(default)]
    pub tls: TlsMode,
    /// A CA certificate (PEM) to trust besides the system's.
    #[serde(default)]
    pub ca_cert: Option<PathBuf>,
}

impl PgConfig {
    /// How the desk names this database on screen: 服务器 host:port/db, or
    /// host1:port1,host2:port2/db when a host names its own port.
    pub fn describe(&self) -> String {
        match self.endpoints() {
            Ok(endpoints) if endpoints.iter().any(|(_, port)| port.is_some()) => {
                let hosts: Vec<String> = endpoints
                    .iter()
                    .map(|(host, port)| {
                        let port = port.unwrap_or(self.port);
                        if host.contains(':') && !host.starts_with('/') {
                            format!("[{host}]:{port}")
                        } else {
                            format!("{host}:{port}")
                        }
                    })
                    .collect();
                format!("{}/{}", hosts.join(","), self.dbname)
            }
            _ => format!("{}:{}/{}", self.hosts.join(","), self.port, self.dbname),
        }
    }

    /// Each host with the port it names, if any (see `hosts`).
    pub fn endpoints(&self) -> Result<Vec<(String, Option<u16>)>> {
        self.hosts.iter().map(|h| split_port(h.trim())).collect()
    }
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`, `/socket/dir`, `/socket/dir:port`.
/// A bare IPv6 address (`fd00::2`) has no port: several colons are its own.
fn split_port(host: &str) -> Result<(String, Option<u16>)> {
    let bad_port = |port: &str| {
        AppError::invalid("hosts", format!("服务器地址 {host} 中的端口 {port} 不是有效的端口号（1–65535）。"))
    };
    let parse = |port: &str| port.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| bad_port(port));
    if let Some(rest) = host.strip_prefix('[') {
        let Some((addr, after)) = rest.split_once(']') else {
            return Err(AppError::invalid("hosts", format!("服务器地址 {host} 缺少右方括号 ]。")));
        };
        return match after {
            "" => Ok((addr.to_string(), None)),
            _ => match after.strip_prefix(':') {
                Some(port) => Ok((addr.to_string(), Some(parse(port)?))),
                None => Err(bad_port(after)),
            },
        };
    }
    let is_path = host.starts_with('/');
    match host.rsplit_once(':') {
        Some((name, _)) if !is_path && name.contains(':') => Ok((host.to_string(), None)),
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            Ok((name.to_string(), Some(parse(port)?)))
        }
        // A socket directory whose name happens to hold a colon.
        Some(_) if is_path => Ok((host.to_string(), None)),
        Some((_, port)) => Err(bad_port(port)),
        None => Ok((host.to_string(), None)),
    }
}

impl Default for PgConfig {
    fn default() -> Self {
        PgConfig {
            hosts: vec!["localhost".into()],
            port: 5432,
            dbname: "complaintdesk".into(),
            user: "complaintdesk".into(),
            password: None,
            tls: TlsMode::Prefer,
            ca_cert: None,
        }
    }
}
