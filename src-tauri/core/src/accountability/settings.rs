//! The module's switch, rules, stores and people's 奖罚档案, kept by the
//! administrator as one shared setting (JSON, audited like every setting).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rules::AccountabilityRules;
use crate::error::{AppError, Result};
use crate::validate;

pub const SETTINGS_KEY: &str = "accountability";

/// A person's 奖罚档案: his 基点数 and month bonus (效益奖金).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonProfile {
    #[ts(type = "number")]
    pub department_id: i64,
    /// As the responsibility lines name him.
    pub name: String,
    pub base_points: u32,
    #[ts(type = "number")]
    pub month_bonus_fen: i64,
}

/// 系统管理 → 奖罚.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountabilitySettings {
    /// Switched on for this organisation; off, the module refuses everything.
    pub enabled: bool,
    pub rules: AccountabilityRules,
    /// The departments that are 门店 (store fines, property organisations).
    #[ts(type = "number[]")]
    pub store_department_ids: Vec<i64>,
    pub profiles: Vec<PersonProfile>,
}

impl Default for AccountabilitySettings {
    fn default() -> Self {
        AccountabilitySettings { enabled: false, rules: AccountabilityRules::default(), store_department_ids: Vec::new(), profiles: Vec::new() }
    }
}

impl AccountabilitySettings {
    /// Cleans the names and refuses what cannot stand, naming the field.
    pub fn checked(mut self, departments: &[i64]) -> Result<AccountabilitySettings> {
        let mut problems: Vec<AppError> =
            self.rules.problems().into_iter().map(|(field, msg)| AppError::invalid(&format!("rules.{field}"), msg)).collect();
        for id in &self.store_department_ids {
            if !departments.contains(id) {
                problems.push(AppError::invalid("storeDepartmentIds", "所选门店部门不存在"));
            }
        }
        let mut seen = Vec::new();
        for (i, p) in self.profiles.iter_mut().enumerate() {
            let row = i + 1;
            match validate::required(&format!("profiles.{i}.name"), "姓名", &p.name, validate::limits::NAME) {
                Ok(name) => p.name = name,
                Err(e) => problems.push(e),
            }
            if !departments.contains(&p.department_id) {
                problems.push(AppError::invalid(&format!("profiles.{i}.departmentId"), format!("第 {row} 行的部门不存在")));
            }
            if p.month_bonus_fen < 0 {
                problems.push(AppError::invalid(&format!("profiles.{i}.monthBonusFen"), format!("第 {row} 行的效益奖金不能为负")));
            }
            let key = (p.department_id, p.name.clone());
            if seen.contains(&key) {
                problems.push(AppError::invalid(&format!("profiles.{i}.name"), format!("第 {row} 行：{} 在同一部门重复", p.name)));
            }
            seen.push(key);
        }
        match AppError::all_of(problems) {
            Some(e) => Err(e),
            None => Ok(self),
        }
    }
}
