//! 时区: the organisation's time zone. Every time a person reads — on
//! screen, on paper, in a notice — is shown in it, whatever the zone of the
//! machine the desk runs on (a server in UTC, a laptop set to another
//! country). Times are stored in UTC; only showing them uses the zone.
//!
//! What stays in China time whatever the setting: the case number's month
//! (`numbering`), the working-day calendar (`calendar`, the State Council's
//! holidays) and the date a verification code covers (`documents::code`),
//! so that changing the setting never renumbers a case, moves a deadline or
//! breaks an issued certificate.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::error::{AppError, Result};
use crate::model::User;
use crate::Desk;

pub const TIME_ZONE_KEY: &str = "time_zone";

/// An IANA time zone the organisation works in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrgZone(Tz);

impl Default for OrgZone {
    fn default() -> Self {
        OrgZone(Tz::Asia__Shanghai)
    }
}

impl OrgZone {
    /// An IANA name ("Asia/Shanghai"), or a message naming the field.
    pub fn parse(name: &str) -> Result<OrgZone> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("timeZone", "请选择时区"));
        }
        name.parse::<Tz>().map(OrgZone).map_err(|_| AppError::invalid("timeZone", format!("不认识的时区「{name}」")))
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// "2026-03-04 15:28": how a time reads on screen and on paper.
    pub fn minute(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.0).format("%Y-%m-%d %H:%M").to_string()
    }

    /// "2026-03-04T15:28:00+08:00": ISO 8601 with the zone's offset, how
    /// 导出全部数据 writes a time (a reader in any zone gets the instant).
    pub fn iso(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.0).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }

    /// "03-04 15:28": a time in a short notice.
    pub fn short(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.0).format("%m-%d %H:%M").to_string()
    }

    /// The wall-clock time in the zone: what an exported Excel date-time holds.
    pub fn local(&self, at: DateTime<Utc>) -> chrono::NaiveDateTime {
        at.with_timezone(&self.0).naive_local()
    }

    /// A wall-clock time in the zone as UTC (the earlier one when the clocks
    /// go back, the time after a gap when they go forward).
    pub fn utc(&self, local: chrono::NaiveDateTime) -> DateTime<Utc> {
        use chrono::TimeZone;
        let at = self.0.from_local_datetime(&local).earliest();
        let at = at.or_else(|| self.0.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest());
        at.map(|t| t.with_timezone(&Utc)).unwrap_or_else(|| local.and_utc())
    }

    /// "2026-03-04": the day a time falls on.
    pub fn day(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.0).format("%Y-%m-%d").to_string()
    }
}

impl Desk {
    /// The organisation's time zone (Asia/Shanghai until the admin sets one).
    pub fn time_zone(&self) -> Result<OrgZone> {
        // A name this build does not know (a newer tz database wrote it) reads as the default.
        Ok(self.store().setting(TIME_ZONE_KEY)?.and_then(|n| OrgZone::parse(&n).ok()).unwrap_or_default())
    }

    /// 时区 (admin): how every desk shows and prints times from now on.
    /// Documents already issued keep what they printed.
    pub fn set_time_zone(&self, actor: &User, name: &str) -> Result<OrgZone> {
        self.require_admin(actor)?;
        let zone = OrgZone::parse(name)?;
        self.store().put_setting(TIME_ZONE_KEY, zone.name(), self.stamp(actor))?;
        Ok(zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_time_reads_in_the_zone_not_in_utc() {
        let at = Utc.with_ymd_and_hms(2026, 3, 4, 19, 46, 0).unwrap();
        let shanghai = OrgZone::default();
        assert_eq!(shanghai.minute(at), "2026-03-05 03:46");
        assert_eq!(shanghai.day(at), "2026-03-05");
        let london = OrgZone::parse("Europe/London").unwrap();
        assert_eq!(london.minute(at), "2026-03-04 19:46");
        // Summer time is the zone's business, not a fixed offset.
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
        assert_eq!(london.minute(summer), "2026-07-01 13:00");
    }

    #[test]
    fn an_unknown_zone_is_refused_naming_the_field() {
        let e = OrgZone::parse("Asia/Beijing").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("timeZone"));
        assert!(e.message.contains("Asia/Beijing"), "{}", e.message);
        assert_eq!(OrgZone::parse(" ").unwrap_err().field.as_deref(), Some("timeZone"));
        assert_eq!(OrgZone::parse("Asia/Hong_Kong").unwrap().name(), "Asia/Hong_Kong");
    }
}
