//! Team mode: IT backs the server up (README 部署: pg_dump, base backups,
//! WAL archiving); the desk backs up nothing. It shows when the server last
//! archived a WAL segment (`pg_stat_archiver`), when the server says so.

use complaintdesk_core::error::Result;
use complaintdesk_core::store::{BackupStore, ServerBackup};

use crate::store::PgStore;

impl BackupStore for PgStore {
    fn server_backup(&self) -> Result<ServerBackup> {
        self.with_client(|c| {
            let row = c.query_opt(
                "SELECT (extract(epoch FROM last_archived_time) * 1000)::bigint FROM pg_stat_archiver",
                &[],
            );
            match row {
                Ok(Some(row)) => match row.get::<_, Option<i64>>(0).and_then(chrono::DateTime::from_timestamp_millis) {
                    Some(at) => ServerBackup::LastArchived(at),
                    None => ServerBackup::Unknown(
                        "服务器没有记录备份时间（未开启 WAL 归档）。pg_dump 等备份不留记录，请向 IT 确认备份在运行。".into(),
                    ),
                },
                Ok(None) => ServerBackup::Unknown("服务器没有回答备份时间".into()),
                Err(e) => ServerBackup::Unknown(format!("无法读取服务器的备份时间：{e}")),
            }
        })
    }
}
