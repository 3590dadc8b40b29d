//! Customers' personal data (phone, address, unit): who sees it in full,
//! decided here for every screen, list and paper (DOMAIN.md section 11).
//!
//! - In full, as part of their work: the case's 首问受理人 and 经办人, the
//!   members of its department while it is open with them, and an approver
//!   while its proposal waits for him (he may decide the amount).
//! - On request: 质量管理部 and the roles the admin grants 查看客户信息 see
//!   it masked until they press 显示完整信息 on the case, which the case's
//!   timeline records (who, when).
//! - Everyone else: masked (`138****5678`, the address cut after its city or
//!   district), with no way to reveal it.
//!
//! The store always holds and returns the full data; the desk masks what it
//! hands to a person (`shown_to`, `rows_shown_to`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::authority::check_may_approve;
use crate::codes::{CaseStatus, Role};
use crate::error::{AppError, ErrorCode, Result};
use crate::model::{Account, Case, CaseRow, User};
use crate::Desk;

/// Setting: the roles granted 查看客户信息 (codes, comma-separated).
pub const GRANTED_ROLES_KEY: &str = "personal_data_roles";

/// How a case's personal data reaches the person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PersonalData {
    /// Shown in full (or not decided yet: a store's record before the desk masks it).
    #[default]
    Full,
    /// Masked; 显示完整信息 shows it, and is recorded.
    OnRequest,
    /// Masked; this person may not see it.
    Masked,
}

/// 13812345678 → 138****5678; short numbers keep only their last two digits.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    match chars.len() {
        0 => String::new(),
        n if n >= 7 => format!("{}****{}", chars[..3].iter().collect::<String>(), chars[n - 4..].iter().collect::<String>()),
        n => format!("****{}", chars[n.saturating_sub(2)..].iter().collect::<String>()),
    }
}

/// 广东省深圳市南山区科技园路1号 → 广东省深圳市南山区****: kept up to the
/// last 省/市/区/县 of its first twelve characters (or its first four).
pub fn shorten_address(address: &str) -> String {
    let chars: Vec<char> = address.trim().chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let head = &chars[..chars.len().min(12)];
    let mut keep = head.iter().rposition(|c| matches!(c, '省' | '市' | '区' | '县')).map_or(4, |i| i + 1);
    if keep >= chars.len() {
        // Never the whole address, even one that is only a region.
        keep = (chars.len() - 1).max(1);
    }
    format!("{}****", chars[..keep].iter().collect::<String>())
}

/// 深圳华星电子有限公司 → 深圳华星****.
pub fn mask_org(org: &str) -> String {
    let chars: Vec<char> = org.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        n if n <= 2 => "****".into(),
        n => format!("{}****", chars[..(n / 2).min(4)].iter().collect::<String>()),
    }
}

/// An edit made on a masked form sends the masks back: a field still equal
/// to the mask of what is stored keeps what is stored, so saving never
/// writes `138****5678` over a customer's number.
pub(crate) fn keep_masked_fields(stored: &crate::model::CaseFields, edited: &mut crate::model::CaseFields) {
    let keep = |edited: &mut String, stored: &str, mask: fn(&str) -> String| {
        if !stored.is_empty() && *edited == mask(stored) {
            *edited = stored.to_string();
        }
    };
    keep(&mut edited.customer_phone, &stored.customer_phone, mask_phone);
    keep(&mut edited.customer_address, &stored.customer_address, shorten_address);
    keep(&mut edited.customer_org, &stored.customer_org, mask_org);
}

/// What decides a person's access to one case.
struct Facts {
    case_id: i64,
    status: CaseStatus,
    receiver_id: i64,
    handler_id: i64,
    department_id: Option<i64>,
}

/// The person looking, read once for a list of cases.
pub(crate) struct Viewer {
    account: Account,
    departments: Vec<i64>,
    granted: bool,
}

impl Desk {
    pub(crate) fn viewer(&self, actor: &User) -> Result<Viewer> {
        let account = self.store().account(actor.id)?.ok_or_else(|| AppError::not_found("用户"))?;
        let departments = self.departments_of(actor.id)?;
        let granted_roles = self.personal_data_roles()?;
        let granted = account.roles.iter().any(|r| *r == Role::Quality || granted_roles.contains(r));
        Ok(Viewer { account, departments, granted })
    }

    fn access(&self, viewer: &Viewer, facts: &Facts) -> Result<PersonalData> {
        let me = viewer.account.id;
        let with_my_department =
            facts.status.is_open() && facts.department_id.is_some_and(|d| viewer.departments.contains(&d));
        if me == facts.receiver_id || me == facts.handler_id || with_my_department || self.waits_for(viewer, facts)? {
            return Ok(PersonalData::Full);
        }
        Ok(if viewer.granted { PersonalData::OnRequest } else { PersonalData::Masked })
    }

    /// The proposal waits for this approver: he may decide its amount.
    fn waits_for(&self, viewer: &Viewer, facts: &Facts) -> Result<bool> {
        if facts.status != CaseStatus::Proposed || crate::authority::ApproverLevel::of(&viewer.account.roles).is_none() {
            return Ok(false);
        }
        let Some(resolution) = self.store().resolution(facts.case_id)? else { return Ok(false) };
        Ok(check_may_approve(viewer.account.id, &viewer.account.roles, resolution.proposer_id, resolution.offered_fen, self.thresholds()?)
            .is_ok())
    }

    /// The case as `actor` may see it.
    pub fn shown_to(&self, actor: &User, case: Case) -> Result<Case> {
        let viewer = self.viewer(actor)?;
        self.case_for(&viewer, case)
    }

    fn case_for(&self, viewer: &Viewer, mut case: Case) -> Result<Case> {
        let facts = Facts {
            case_id: case.id,
            status: case.status,
            receiver_id: case.receiver_id,
            handler_id: case.handler_id,
            department_id: case.fields.department_id,
        };
        case.personal_data = self.access(viewer, &facts)?;
        if case.personal_data != PersonalData::Full {
            case.fields.customer_phone = mask_phone(&case.fields.customer_phone);
            case.fields.customer_address = shorten_address(&case.fields.customer_address);
            case.fields.customer_org = mask_org(&case.fields.customer_org);
        }
        Ok(case)
    }

    /// Rows of a list as `actor` may see them.
    pub fn rows_shown_to(&self, actor: &User, rows: Vec<CaseRow>) -> Result<Vec<CaseRow>> {
        let viewer = self.viewer(actor)?;
        rows.into_iter().map(|row| self.row_for(&viewer, row)).collect()
    }

    pub(crate) fn row_for(&self, viewer: &Viewer, mut row: CaseRow) -> Result<CaseRow> {
        let facts = Facts {
            case_id: row.id,
            status: row.status,
            receiver_id: row.receiver_id,
            handler_id: row.handler_id,
            department_id: row.department_id,
        };
        row.personal_data = self.access(viewer, &facts)?;
        if row.personal_data != PersonalData::Full {
            row.customer_phone = mask_phone(&row.customer_phone);
        }
        Ok(row)
    }

    /// 显示完整信息: the case with its personal data in full, for someone
    /// allowed to ask; the case's timeline records who asked and when.
    pub fn reveal_personal_data(&self, actor: &User, case_id: i64) -> Result<Case> {
        let case = self.case(case_id)?;
        self.show_in_full(actor, &case, "您不经办此案件，不能查看客户的完整联系方式")?;
        Ok(case)
    }

    /// Lets `actor` see the case's customer in full, or refuses with
    /// `refusal`: for someone who sees him only on request, that is a
    /// 显示完整信息, recorded on the case's timeline. The one rule for the
    /// button and for a document's full paper.
    pub(crate) fn show_in_full(&self, actor: &User, case: &Case, refusal: &str) -> Result<()> {
        let viewer = self.viewer(actor)?;
        match self.case_for(&viewer, case.clone())?.personal_data {
            PersonalData::Full => Ok(()),
            PersonalData::OnRequest => self.store().record_reveal(case.id, self.stamp(actor)),
            PersonalData::Masked => Err(AppError::new(ErrorCode::Forbidden, refusal)),
        }
    }

    /// The roles granted 查看客户信息 (质量管理部 always may ask).
    pub fn personal_data_roles(&self) -> Result<Vec<Role>> {
        let kept = self.store().setting(GRANTED_ROLES_KEY)?.unwrap_or_default();
        Ok(kept.split(',').filter_map(Role::from_code).collect())
    }

    /// 查看客户信息 (admin): which roles may ask to see personal data in full.
    pub fn set_personal_data_roles(&self, actor: &User, roles: &[Role]) -> Result<Vec<Role>> {
        self.require_admin(actor)?;
        let mut roles: Vec<Role> = roles.to_vec();
        roles.sort_by_key(|r| r.code());
        roles.dedup();
        let codes: Vec<&str> = roles.iter().map(|r| r.code()).collect();
        self.store().put_setting(GRANTED_ROLES_KEY, &codes.join(","), self.stamp(actor))?;
        Ok(roles)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_keep_their_ends() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("0755-86001234"), "075****1234");
        assert_eq!(mask_phone("+85291234567"), "+85****4567");
        assert_eq!(mask_phone("12345"), "****45");
        assert_eq!(mask_phone(""), "");
    }

    #[test]
    fn addresses_keep_their_region() {
        assert_eq!(shorten_address("广东省深圳市南山区科技园路1号"), "广东省深圳市南山区****");
        assert_eq!(shorten_address("阳光花园3栋1202"), "阳光花园****");
        assert_eq!(shorten_address("北京市朝阳区建国路88号SOHO现代城A座"), "北京市朝阳区****");
        assert_eq!(shorten_address(""), "");
        assert!(!shorten_address("深圳市").contains("深圳市"), "nothing left in full");
    }

    #[test]
    fn units_keep_their_first_half() {
        assert_eq!(mask_org("深圳华星电子有限公司"), "深圳华星****");
        assert_eq!(mask_org("华为"), "****");
        assert_eq!(mask_org(""), "");
    }
}
