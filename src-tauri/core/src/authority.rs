//! 核决权限: who may approve a resolution, by its amount [002 第三篇 (十一)].
//! Staff may never promise a customer more than their authority allows; a
//! higher level may always approve what a lower one could; nobody approves
//! his own proposal.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::Role;
use crate::error::{AppError, ErrorCode, Result};
use crate::money::format_fen;

/// The approver levels, lowest first (the order is the authority).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ApproverLevel {
    SalesManager,
    ViceGm,
    Gm,
}

impl ApproverLevel {
    pub fn role(self) -> Role {
        match self {
            ApproverLevel::SalesManager => Role::SalesManager,
            ApproverLevel::ViceGm => Role::ViceGm,
            ApproverLevel::Gm => Role::Gm,
        }
    }

    /// Stored as the code of its role ("sales_manager", "vice_gm", "gm").
    pub fn code(self) -> &'static str {
        self.role().code()
    }

    pub fn from_code(code: &str) -> Option<ApproverLevel> {
        [ApproverLevel::SalesManager, ApproverLevel::ViceGm, ApproverLevel::Gm].into_iter().find(|l| l.code() == code)
    }

    /// This level and every lower one.
    pub fn and_below(self) -> Vec<ApproverLevel> {
        [ApproverLevel::SalesManager, ApproverLevel::ViceGm, ApproverLevel::Gm].into_iter().filter(|l| *l <= self).collect()
    }

    /// The highest approver level among a person's roles.
    pub fn of(roles: &[Role]) -> Option<ApproverLevel> {
        [ApproverLevel::Gm, ApproverLevel::ViceGm, ApproverLevel::SalesManager]
            .into_iter()
            .find(|level| roles.contains(&level.role()))
    }
}

/// Upper limits (inclusive, fen) of the two lower levels; above the second
/// the 总经理 decides. Configurable by the admin, with the amount above which
/// an approval asks its approver to confirm it a second time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Thresholds {
    #[ts(type = "number")]
    pub sales_manager_max_fen: i64,
    #[ts(type = "number")]
    pub vice_gm_max_fen: i64,
    /// An approval of more than this (the amount offered) is confirmed twice.
    /// Settings saved before it existed read as the default.
    #[ts(type = "number")]
    #[serde(default = "default_confirm_above_fen")]
    pub confirm_above_fen: i64,
}

/// ¥10,000: above it, 审批通过 asks 确认审批? once more.
fn default_confirm_above_fen() -> i64 {
    10_000 * 100
}

impl Default for Thresholds {
    /// ≤ ¥100,000 业务部门经理; ≤ ¥150,000 副总经理; above, 总经理.
    fn default() -> Self {
        Thresholds {
            sales_manager_max_fen: 100_000 * 100,
            vice_gm_max_fen: 150_000 * 100,
            confirm_above_fen: default_confirm_above_fen(),
        }
    }
}

impl Thresholds {
    pub fn validate(self) -> Result<Thresholds> {
        if self.sales_manager_max_fen <= 0 {
            return Err(AppError::invalid("salesManagerMaxFen", "业务部门经理的核决上限应大于 0"));
        }
        if self.vice_gm_max_fen <= self.sales_manager_max_fen {
            return Err(AppError::invalid("viceGmMaxFen", "副总经理的核决上限应高于业务部门经理的上限"));
        }
        if self.confirm_above_fen < 0 {
            return Err(AppError::invalid("confirmAboveFen", "二次确认金额不能为负数"));
        }
        Ok(self)
    }

    /// Whether approving this amount needs the approver's second confirmation.
    pub fn needs_confirmation(self, amount_fen: i64) -> bool {
        amount_fen > self.confirm_above_fen
    }

    /// Who must approve an amount (the amount offered to the customer).
    pub fn required_level(self, amount_fen: i64) -> ApproverLevel {
        if amount_fen <= self.sales_manager_max_fen {
            ApproverLevel::SalesManager
        } else if amount_fen <= self.vice_gm_max_fen {
            ApproverLevel::ViceGm
        } else {
            ApproverLevel::Gm
        }
    }
}

/// Refuses an approval the person may not give, saying why.
pub fn check_may_approve(
    approver_id: i64,
    roles: &[Role],
    proposer_id: i64,
    amount_fen: i64,
    thresholds: Thresholds,
) -> Result<()> {
    if approver_id == proposer_id {
        return Err(AppError::new(ErrorCode::Forbidden, "不能审批自己提出的方案"));
    }
    let required = thresholds.required_level(amount_fen);
    match ApproverLevel::of(roles) {
        Some(level) if level >= required => Ok(()),
        _ => Err(AppError::new(
            ErrorCode::Forbidden,
            format!("金额 {} 超出您的核决权限，须由{}或更高级别审批", format_fen(amount_fen), required.role().label()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YUAN: i64 = 100;

    #[test]
    fn the_amount_decides_the_level_at_the_seed_defaults() {
        let t = Thresholds::default();
        assert_eq!(t.required_level(100_000 * YUAN), ApproverLevel::SalesManager);
        assert_eq!(t.required_level(100_000 * YUAN + 1), ApproverLevel::ViceGm);
        assert_eq!(t.required_level(150_000 * YUAN), ApproverLevel::ViceGm);
        assert_eq!(t.required_level(150_000 * YUAN + 1), ApproverLevel::Gm);
    }

    #[test]
    fn a_higher_level_may_always_approve_a_lower_ones_amount() {
        let t = Thresholds::default();
        let compensation = 120_000 * YUAN;
        let refused = check_may_approve(2, &[Role::SalesManager], 1, compensation, t).unwrap_err();
        assert_eq!(refused.code, ErrorCode::Forbidden);
        assert_eq!(refused.message, "金额 ¥120,000.00 超出您的核决权限，须由副总经理或更高级别审批");
        assert!(check_may_approve(3, &[Role::ViceGm], 1, compensation, t).is_ok());
        assert!(check_may_approve(4, &[Role::Agent, Role::Gm], 1, compensation, t).is_ok());
        assert!(check_may_approve(4, &[Role::Gm], 1, 50 * YUAN, t).is_ok());
        assert!(check_may_approve(5, &[Role::Agent, Role::DeptHead], 1, 50 * YUAN, t).is_err());
    }

    #[test]
    fn nobody_approves_his_own_proposal() {
        let err = check_may_approve(7, &[Role::Gm], 7, 10 * YUAN, Thresholds::default()).unwrap_err();
        assert_eq!(err.message, "不能审批自己提出的方案");
    }

    #[test]
    fn thresholds_must_rise() {
        let bad = Thresholds { sales_manager_max_fen: 200_000 * YUAN, vice_gm_max_fen: 150_000 * YUAN, ..Thresholds::default() };
        assert_eq!(bad.validate().unwrap_err().field.as_deref(), Some("viceGmMaxFen"));
        assert!(Thresholds::default().validate().is_ok());
    }
}
