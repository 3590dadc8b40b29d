//! Which database a desk uses: 本机数据库 (the SQLite file in its data
//! directory) or 连接服务器 (the department's PostgreSQL server). The shell
//! keeps the choice in `database.json` in the data directory, in exactly the
//! shape of `DatabaseChoice` (the server's password is never in it: it lives
//! in the OS credential store). These are also the IPC shapes of the
//! choose-the-database screen and of 设置.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, Result};
use crate::model::User;
use crate::Desk;

/// How the desk talks TLS to the server (libpq's sslmode names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum DbTls {
    /// 不加密
    Disable,
    /// 优先加密 (TLS when the server offers it; the certificate is not checked)
    #[default]
    Prefer,
    /// 必须加密 (the certificate is not checked)
    Require,
    /// 加密并验证证书 (CA and host name checked)
    VerifyFull,
}

/// Where the server database is (without the password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerDatabase {
    /// The primary and its standbys, in order; the desk uses the writable one.
    pub hosts: Vec<String>,
    pub port: u16,
    pub dbname: String,
    pub user: String,
    #[serde(default)]
    pub tls: DbTls,
    /// A CA certificate (PEM file path) to trust besides the system's.
    #[serde(default)]
    pub ca_cert: Option<String>,
}

impl ServerDatabase {
    /// Trims what was typed and refuses what cannot be a server address,
    /// naming the form field.
    pub fn cleaned(&self) -> Result<ServerDatabase> {
        let hosts: Vec<String> = self
            .hosts
            .iter()
            .flat_map(|h| h.split([',', '，']))
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .collect();
        if hosts.is_empty() {
            return Err(AppError::invalid("hosts", "请填写服务器地址"));
        }
        if let Some(bad) = hosts.iter().find(|h| !h.starts_with('/') && h.contains(char::is_whitespace)) {
            return Err(AppError::invalid("hosts", format!("服务器地址「{bad}」中不能有空格")));
        }
        if self.port == 0 {
            return Err(AppError::invalid("port", "请填写端口（1–65535）"));
        }
        let dbname = self.dbname.trim().to_string();
        if dbname.is_empty() {
            return Err(AppError::invalid("dbname", "请填写数据库名"));
        }
        let user = self.user.trim().to_string();
        if user.is_empty() {
            return Err(AppError::invalid("user", "请填写用户名"));
        }
        let ca_cert = self.ca_cert.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        Ok(ServerDatabase { hosts, port: self.port, dbname, user, tls: self.tls, ca_cert })
    }

    /// How screens name it: host[,standby]:port/db.
    pub fn describe(&self) -> String {
        format!("{}:{}/{}", self.hosts.join(","), self.port, self.dbname)
    }
}

/// What `database.json` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum DatabaseChoice {
    Local,
    Server { server: ServerDatabase },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseMode {
    /// Not chosen yet: the first screen asks.
    None,
    Local,
    Server,
}

/// Which database this desk uses, for the start screen and 设置.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseStatus {
    pub mode: DatabaseMode,
    /// 本机数据库 <path> or 服务器 host:port/db ("" when none).
    pub description: String,
    /// The server, to fill the change form (never the password).
    pub server: Option<ServerDatabase>,
    /// Set when the server's password is kept in a file because the OS
    /// credential store is unavailable.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_warning: Option<String>,
}

impl DatabaseStatus {
    pub fn none() -> DatabaseStatus {
        DatabaseStatus { mode: DatabaseMode::None, description: String::new(), server: None, password_warning: None }
    }

    pub fn local(path: &std::path::Path) -> DatabaseStatus {
        DatabaseStatus {
            mode: DatabaseMode::Local,
            description: format!("本机数据库 {}", path.display()),
            server: None,
            password_warning: None,
        }
    }

    pub fn server(server: &ServerDatabase, password_warning: Option<String>) -> DatabaseStatus {
        DatabaseStatus {
            mode: DatabaseMode::Server,
            description: format!("服务器 {}", server.describe()),
            server: Some(server.clone()),
            password_warning,
        }
    }
}

/// What a desk on the server hears of changes made anywhere (its own
/// included), as the `desk-change` event the screens listen to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum DeskChange {
    /// `actor_name` changed the record `entity`/`id` (`case` for anything
    /// done to a case; see the audit log's entities).
    Record {
        entity: String,
        #[ts(type = "number")]
        id: i64,
        #[ts(type = "number")]
        actor_id: i64,
        actor_name: String,
    },
    /// The connection to the server is lost; the desk keeps retrying.
    Disconnected { message: String },
    /// Connected again: changes made meanwhile were not heard, so the
    /// visible screens reload.
    Reconnected,
}

/// What 迁移到服务器 copied: every table with its row count and the
/// checksum the SQLite file and the server agreed on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoveReport {
    /// In the order they were copied.
    pub tables: Vec<TableReport>,
    /// Rows written to the server's search index, one per case.
    #[ts(type = "number")]
    pub search_rows: u64,
    /// How long the whole move took, in milliseconds.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    /// The server the desk now uses.
    pub server: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TableReport {
    pub name: String,
    #[ts(type = "number")]
    pub rows: u64,
    /// SHA-256 (lower-case hex) over the table's rows, computed the same way
    /// from the SQLite file and from the server before commit.
    pub checksum_hex: String,
}

/// The warning 设置 shows when the password could not go to the OS store.
pub const PASSWORD_IN_FILE: &str = "数据库密码保存在本机文件中（系统凭据存储不可用）";

impl Desk {
    /// Once a desk has a database, only an active 系统管理员 may point it
    /// at another one.
    pub fn check_may_change_database(&self, actor: &User) -> Result<()> {
        self.require_admin(actor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> ServerDatabase {
        ServerDatabase {
            hosts: vec![" db1.example , db2.example".into()],
            port: 5432,
            dbname: " complaintdesk ".into(),
            user: "kesu".into(),
            tls: DbTls::VerifyFull,
            ca_cert: Some("  ".into()),
        }
    }

    #[test]
    fn cleaned_splits_hosts_and_trims() {
        let s = server().cleaned().unwrap();
        assert_eq!(s.hosts, vec!["db1.example", "db2.example"]);
        assert_eq!(s.dbname, "complaintdesk");
        assert_eq!(s.ca_cert, None);
        assert_eq!(s.describe(), "db1.example,db2.example:5432/complaintdesk");
    }

    #[test]
    fn cleaned_names_the_missing_field() {
        let e = ServerDatabase { hosts: vec![" ".into()], ..server() }.cleaned().unwrap_err();
        assert_eq!(e.field.as_deref(), Some("hosts"));
        let e = ServerDatabase { user: "".into(), ..server() }.cleaned().unwrap_err();
        assert_eq!(e.field.as_deref(), Some("user"));
        let e = ServerDatabase { port: 0, ..server() }.cleaned().unwrap_err();
        assert_eq!(e.field.as_deref(), Some("port"));
    }

    #[test]
    fn database_json_shapes() {
        let local: DatabaseChoice = serde_json::from_str(r#"{"mode":"local"}"#).unwrap();
        assert_eq!(local, DatabaseChoice::Local);
        let json = r#"{"mode":"server","server":{"hosts":["db1"],"port":5433,"dbname":"kesu","user":"desk","tls":"verify_full","caCert":"/etc/ca.pem"}}"#;
        let choice: DatabaseChoice = serde_json::from_str(json).unwrap();
        let DatabaseChoice::Server { server } = &choice else { panic!("server") };
        assert_eq!(server.tls, DbTls::VerifyFull);
        assert_eq!(server.ca_cert.as_deref(), Some("/etc/ca.pem"));
        assert_eq!(serde_json::to_string(&choice).unwrap(), json);
    }
}
