//! The rules of 奖罚, as pure functions over plain numbers (money in fen):
//! no store, no clock, so every boundary of the tables is tested here.
//!
//! [002 行政处罚准则 (三)] 行政处分 by a person's share of a case's loss;
//! the supervisor (the department's head) one level lower from 小过一次 up.
//! [002 行政处罚准则 (五)] 行政罚扣折算: 悔过书 200 元, 申诫 400 元 each,
//! 小过 800 元 per 基点 each, 大过 the month's whole 效益奖金.
//! [002 经济处罚准则 (三)] 经济罚扣: a department's share of the loss ÷ its
//! total 基点数 × the person's 基点数 (a line naming a person is his alone);
//! each month at most 50 % of the month bonus, the rest carried on.
//! [000 第五篇] 门店罚款 for property organisations: 500 元 per valid
//! non-malicious complaint against a store, 500 元 shared by store head and
//! agent for one against an agent, 500 元 for a media exposure found true;
//! the year's three stores with the most complaints 3,000 / 2,000 / 1,000 元.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 行政处分, lightest first: the order "one level lower" steps down in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Sanction {
    /// 悔过书 (with its fine, `repentance_fen`).
    Repentance,
    Reprimand1,
    Reprimand2,
    MinorDemerit1,
    MinorDemerit2,
    MajorDemerit1,
    /// 大过二次以上
    MajorDemerit2,
}

impl Sanction {
    pub const ALL: [Sanction; 7] = [
        Sanction::Repentance,
        Sanction::Reprimand1,
        Sanction::Reprimand2,
        Sanction::MinorDemerit1,
        Sanction::MinorDemerit2,
        Sanction::MajorDemerit1,
        Sanction::MajorDemerit2,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Sanction::Repentance => "悔过书",
            Sanction::Reprimand1 => "申诫一次",
            Sanction::Reprimand2 => "申诫二次",
            Sanction::MinorDemerit1 => "小过一次",
            Sanction::MinorDemerit2 => "小过二次",
            Sanction::MajorDemerit1 => "大过一次",
            Sanction::MajorDemerit2 => "大过二次以上",
        }
    }

    /// One level lower (主管连带处分); the lightest has none.
    pub fn one_lower(self) -> Option<Sanction> {
        let i = Sanction::ALL.iter().position(|s| *s == self).expect("listed");
        i.checked_sub(1).map(|j| Sanction::ALL[j])
    }

    pub fn is_major(self) -> bool {
        matches!(self, Sanction::MajorDemerit1 | Sanction::MajorDemerit2)
    }
}

/// One row of the 处分标准 table: a share up to `upto_fen` (inclusive;
/// `None`: no upper bound) and above the row before it earns `sanction`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SanctionBand {
    #[ts(type = "number | null")]
    pub upto_fen: Option<i64>,
    pub sanction: Sanction,
    /// 主管连带处分，以降一级为原则.
    pub supervisor_too: bool,
}

/// Every rule of the module, editable in 系统管理; `Default` is the seeds'.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountabilityRules {
    /// The 处分标准 table, by rising upper bound; the last has none.
    pub bands: Vec<SanctionBand>,
    /// 悔过书's fine (另扣 200 元).
    #[ts(type = "number")]
    pub repentance_fen: i64,
    /// 警告(申诫)一次 罚扣 (400 元 or more).
    #[ts(type = "number")]
    pub reprimand_fen: i64,
    /// 小过一次 per 基点 (800 元 or more).
    #[ts(type = "number")]
    pub minor_demerit_fen_per_point: i64,
    /// A month's deduction at most this share of the month bonus (50).
    pub deduction_cap_percent: u8,
    /// 门店 fines (property organisations).
    #[ts(type = "number")]
    pub store_complaint_fen: i64,
    #[ts(type = "number")]
    pub agent_complaint_fen: i64,
    #[ts(type = "number")]
    pub media_exposure_fen: i64,
    /// The year's most-complained stores, first place first.
    #[ts(type = "Array<number>")]
    pub yearly_rank_fen: Vec<i64>,
    /// Fines paid within this many days of the notice.
    pub payment_days: u32,
}

const YUAN: i64 = 100;

impl Default for AccountabilityRules {
    fn default() -> Self {
        let band = |upto_yuan: Option<i64>, sanction, supervisor_too| SanctionBand { upto_fen: upto_yuan.map(|y| y * YUAN), sanction, supervisor_too };
        AccountabilityRules {
            bands: vec![
                band(Some(10_000), Sanction::Repentance, false),
                band(Some(50_000), Sanction::Reprimand1, false),
                band(Some(100_000), Sanction::Reprimand2, false),
                band(Some(200_000), Sanction::MinorDemerit1, true),
                band(Some(400_000), Sanction::MinorDemerit2, true),
                band(Some(1_000_000), Sanction::MajorDemerit1, true),
                // The seed's ″ (ditto) marks carry 主管连带处分 down the table; the
                // last row's cell is empty, but a heavier share cannot spare the
                // supervisor what a lighter one does not.
                band(None, Sanction::MajorDemerit2, true),
            ],
            repentance_fen: 200 * YUAN,
            reprimand_fen: 400 * YUAN,
            minor_demerit_fen_per_point: 800 * YUAN,
            deduction_cap_percent: 50,
            store_complaint_fen: 500 * YUAN,
            agent_complaint_fen: 500 * YUAN,
            media_exposure_fen: 500 * YUAN,
            // [000]: "前三名的门店…分别处以1000元、2000元和3000元": the most
            // complaints the heaviest fine (a first place fined least would
            // reward it), so first place 3,000.
            yearly_rank_fen: vec![3_000 * YUAN, 2_000 * YUAN, 1_000 * YUAN],
            payment_days: 3,
        }
    }
}

impl AccountabilityRules {
    /// What is wrong with edited rules, as (field, message).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut bad = |field: &str, msg: String| out.push((field.to_string(), msg));
        if self.bands.is_empty() {
            bad("bands", "处分标准至少要有一档".into());
        }
        let mut last: Option<i64> = None;
        let mut last_sanction: Option<Sanction> = None;
        for (i, b) in self.bands.iter().enumerate() {
            let is_last = i + 1 == self.bands.len();
            match (b.upto_fen, is_last) {
                (None, false) => bad("bands", format!("第 {} 档：只有最后一档可以不设上限", i + 1)),
                (Some(_), true) => bad("bands", "最后一档应不设上限（以上）".into()),
                (Some(u), false) => {
                    if u <= 0 || last.is_some_and(|l| u <= l) {
                        bad("bands", format!("第 {} 档的上限应大于上一档", i + 1));
                    }
                    last = Some(u);
                }
                (None, true) => {}
            }
            if last_sanction.is_some_and(|s| b.sanction < s) {
                bad("bands", format!("第 {} 档的处分不应轻于上一档", i + 1));
            }
            last_sanction = Some(b.sanction);
        }
        let money = [
            ("repentanceFen", self.repentance_fen),
            ("reprimandFen", self.reprimand_fen),
            ("minorDemeritFenPerPoint", self.minor_demerit_fen_per_point),
            ("storeComplaintFen", self.store_complaint_fen),
            ("agentComplaintFen", self.agent_complaint_fen),
            ("mediaExposureFen", self.media_exposure_fen),
        ];
        for (field, fen) in money {
            if fen < 0 {
                bad(field, "金额不能为负".into());
            }
        }
        if self.yearly_rank_fen.iter().any(|f| *f < 0) {
            bad("yearlyRankFen", "金额不能为负".into());
        }
        if self.deduction_cap_percent == 0 || self.deduction_cap_percent > 100 {
            bad("deductionCapPercent", "每月罚扣上限应为 1–100 %".into());
        }
        if self.payment_days == 0 || self.payment_days > 60 {
            bad("paymentDays", "缴款期限应为 1–60 天".into());
        }
        out
    }

    /// The band a person's share of a case's loss falls in.
    pub fn band_for(&self, share_fen: i64) -> Option<&SanctionBand> {
        self.bands.iter().find(|b| b.upto_fen.is_none_or(|u| share_fen <= u))
    }

    /// 行政罚扣折算: what a sanction costs a person of `points` 基点 and
    /// `month_bonus_fen` this month.
    pub fn sanction_fen(&self, sanction: Sanction, points: u32, month_bonus_fen: i64) -> i64 {
        match sanction {
            Sanction::Repentance => self.repentance_fen,
            Sanction::Reprimand1 => self.reprimand_fen,
            Sanction::Reprimand2 => 2 * self.reprimand_fen,
            Sanction::MinorDemerit1 => self.minor_demerit_fen_per_point * i64::from(points),
            Sanction::MinorDemerit2 => 2 * self.minor_demerit_fen_per_point * i64::from(points),
            Sanction::MajorDemerit1 | Sanction::MajorDemerit2 => month_bonus_fen,
        }
    }
}

/// The sanction of a person's share of a case's loss and, when the band
/// says so, his supervisor's (one level lower). A case that cost nothing
/// sanctions nobody.
pub fn sanctions_for(rules: &AccountabilityRules, share_fen: i64) -> Option<(Sanction, Option<Sanction>)> {
    if share_fen <= 0 {
        return None;
    }
    let band = rules.band_for(share_fen)?;
    Some((band.sanction, if band.supervisor_too { band.sanction.one_lower() } else { None }))
}

/// `total` split by `weights`, each part rounded down and the fen left over
/// handed one by one to the largest remainders (earlier first on a tie), so
/// the parts always add up to the total. All-zero weights: nothing split
/// (every part 0).
pub fn split_by_weights(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i64 = weights.iter().sum();
    if sum <= 0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    let mut left = total - parts.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(total * weights[i] % sum), i));
    for i in order {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
}

/// A month of one person's deductions: what he owed from before, what this
/// month adds, and what his bonus can bear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDeduction {
    pub due_fen: i64,
    pub cap_fen: i64,
    pub deducted_fen: i64,
    pub carry_fen: i64,
}

/// [经济处罚准则 (三)4] This month takes at most `cap %` of the month bonus —
/// the whole bonus in a month that brings a 大过 ([行政处罚准则 (五)3]) —
/// and the rest is carried into the following months until paid.
pub fn month_deduction(rules: &AccountabilityRules, carried_fen: i64, new_fen: i64, month_bonus_fen: i64, major: bool) -> MonthDeduction {
    let due_fen = carried_fen + new_fen;
    let bonus = month_bonus_fen.max(0);
    let cap_fen = if major { bonus } else { bonus * i64::from(rules.deduction_cap_percent) / 100 };
    let deducted_fen = due_fen.min(cap_fen);
    MonthDeduction { due_fen, cap_fen, deducted_fen, carry_fen: due_fen - deducted_fen }
}

/// Why a store is fined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StoreFineKind {
    StoreComplaint,
    AgentComplaint,
    MediaExposure,
    YearlyRank,
}

impl StoreFineKind {
    pub fn code(self) -> &'static str {
        match self {
            StoreFineKind::StoreComplaint => "store_complaint",
            StoreFineKind::AgentComplaint => "agent_complaint",
            StoreFineKind::MediaExposure => "media_exposure",
            StoreFineKind::YearlyRank => "yearly_rank",
        }
    }

    pub fn from_code(code: &str) -> Option<StoreFineKind> {
        [StoreFineKind::StoreComplaint, StoreFineKind::AgentComplaint, StoreFineKind::MediaExposure, StoreFineKind::YearlyRank]
            .into_iter()
            .find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            StoreFineKind::StoreComplaint => "门店被投诉",
            StoreFineKind::AgentComplaint => "经纪人被投诉",
            StoreFineKind::MediaExposure => "媒体曝光属实",
            StoreFineKind::YearlyRank => "年度投诉前三名",
        }
    }
}

/// One fine a store owes; `payer` is 全店 or the person named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoreFineLine {
    #[ts(type = "number")]
    pub department_id: i64,
    pub department_name: String,
    pub payer: String,
    pub kind: StoreFineKind,
    pub case_no: Option<String>,
    #[ts(type = "number")]
    pub amount_fen: i64,
}

/// What the store rules need of a case against a store.
#[derive(Debug, Clone)]
pub struct StoreComplaint<'a> {
    pub case_no: &'a str,
    pub store_id: i64,
    pub store_name: &'a str,
    /// The store's head, who shares an agent's fine.
    pub store_head: Option<&'a str>,
    /// The agent the complaint names, if it names one.
    pub agent: Option<&'a str>,
    pub valid: bool,
    pub malicious: bool,
    pub media: bool,
}

pub const WHOLE_STORE: &str = "全店";

/// The fines one case brings a store: none unless valid and not malicious;
/// against an agent the agent and the store head share the agent fine
/// (half each, the odd fen the agent's; the whole of it the agent's when
/// the store has no head or he is the agent); otherwise the store's
/// complaint fine, 全店; and a media exposure found true (a valid case that
/// came by 媒体曝光) the media fine on top, 全店.
pub fn case_store_fines(rules: &AccountabilityRules, c: &StoreComplaint) -> Vec<StoreFineLine> {
    if !c.valid || c.malicious {
        return Vec::new();
    }
    let line = |payer: &str, kind, amount_fen| StoreFineLine {
        department_id: c.store_id,
        department_name: c.store_name.to_string(),
        payer: payer.to_string(),
        kind,
        case_no: Some(c.case_no.to_string()),
        amount_fen,
    };
    let mut out = Vec::new();
    match (c.agent, c.store_head) {
        (Some(agent), Some(head)) if head != agent => {
            let head_part = rules.agent_complaint_fen / 2;
            out.push(line(head, StoreFineKind::AgentComplaint, head_part));
            out.push(line(agent, StoreFineKind::AgentComplaint, rules.agent_complaint_fen - head_part));
        }
        (Some(agent), _) => out.push(line(agent, StoreFineKind::AgentComplaint, rules.agent_complaint_fen)),
        (None, _) => out.push(line(WHOLE_STORE, StoreFineKind::StoreComplaint, rules.store_complaint_fen)),
    }
    if c.media {
        out.push(line(WHOLE_STORE, StoreFineKind::MediaExposure, rules.media_exposure_fen));
    }
    out
}

/// The year's ranking fines from each store's count of valid, non-malicious
/// complaints. Ties share a place and its fine, and the places they fill are
/// skipped ("1, 1, 3"): two stores tied for first both pay the first
/// place's fine and the next store is third. Stores without a complaint
/// are never ranked.
pub fn yearly_rank_fines(rules: &AccountabilityRules, counts: &[(i64, String, u32)]) -> Vec<(StoreFineLine, u32, u32)> {
    let mut sorted: Vec<&(i64, String, u32)> = counts.iter().filter(|c| c.2 > 0).collect();
    sorted.sort_by_key(|c| (std::cmp::Reverse(c.2), c.0));
    let mut out = Vec::new();
    for c in &sorted {
        let place = sorted.iter().position(|o| o.2 == c.2).expect("itself") + 1;
        let Some(&fen) = rules.yearly_rank_fen.get(place - 1) else { break };
        out.push((
            StoreFineLine {
                department_id: c.0,
                department_name: c.1.clone(),
                payer: WHOLE_STORE.to_string(),
                kind: StoreFineKind::YearlyRank,
                case_no: None,
                amount_fen: fen,
            },
            place as u32,
            c.2,
        ));
    }
    out
}

/// Per-store count of complaints, for `yearly_rank_fines`.
pub fn count_by_store<'a>(stores: impl IntoIterator<Item = (i64, &'a str)>) -> Vec<(i64, String, u32)> {
    let mut map: BTreeMap<i64, (String, u32)> = BTreeMap::new();
    for (id, name) in stores {
        map.entry(id).or_insert_with(|| (name.to_string(), 0)).1 += 1;
    }
    map.into_iter().map(|(id, (name, n))| (id, name, n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(y: i64) -> i64 {
        y * 100
    }

    fn rules() -> AccountabilityRules {
        AccountabilityRules::default()
    }

    #[test]
    fn the_presets_pass_their_own_checks() {
        assert!(rules().problems().is_empty(), "{:?}", rules().problems());
    }

    /// Every boundary of the 处分标准 table, in fen, inclusive as written.
    #[test]
    fn each_share_earns_its_row_of_the_table() {
        use Sanction::*;
        let r = rules();
        let s = |fen: i64| sanctions_for(&r, fen);
        assert_eq!(s(0), None);
        assert_eq!(s(1), Some((Repentance, None)));
        assert_eq!(s(yuan(10_000)), Some((Repentance, None)));
        assert_eq!(s(yuan(10_000) + 1), Some((Reprimand1, None)));
        assert_eq!(s(yuan(10_001)), Some((Reprimand1, None)));
        assert_eq!(s(yuan(50_000)), Some((Reprimand1, None)));
        assert_eq!(s(yuan(50_001)), Some((Reprimand2, None)));
        assert_eq!(s(yuan(100_000)), Some((Reprimand2, None)));
        assert_eq!(s(yuan(100_001)), Some((MinorDemerit1, Some(Reprimand2))));
        assert_eq!(s(yuan(200_000)), Some((MinorDemerit1, Some(Reprimand2))));
        assert_eq!(s(yuan(200_001)), Some((MinorDemerit2, Some(MinorDemerit1))));
        assert_eq!(s(yuan(400_000)), Some((MinorDemerit2, Some(MinorDemerit1))));
        assert_eq!(s(yuan(400_001)), Some((MajorDemerit1, Some(MinorDemerit2))));
        assert_eq!(s(yuan(1_000_000)), Some((MajorDemerit1, Some(MinorDemerit2))));
        assert_eq!(s(yuan(1_000_001)), Some((MajorDemerit2, Some(MajorDemerit1))));
        assert_eq!(s(yuan(50_000_000)), Some((MajorDemerit2, Some(MajorDemerit1))));
    }

    #[test]
    fn one_level_lower_steps_down_the_table() {
        use Sanction::*;
        assert_eq!(Repentance.one_lower(), None);
        assert_eq!(Reprimand1.one_lower(), Some(Repentance));
        assert_eq!(MinorDemerit1.one_lower(), Some(Reprimand2));
        assert_eq!(MajorDemerit2.one_lower(), Some(MajorDemerit1));
    }

    /// 行政罚扣折算 with a person of 3 基点 and a 6,000 元 month bonus.
    #[test]
    fn each_sanction_costs_what_the_conversion_says() {
        use Sanction::*;
        let r = rules();
        let bonus = yuan(6_000);
        assert_eq!(r.sanction_fen(Repentance, 3, bonus), yuan(200));
        assert_eq!(r.sanction_fen(Reprimand1, 3, bonus), yuan(400));
        assert_eq!(r.sanction_fen(Reprimand2, 3, bonus), yuan(800));
        assert_eq!(r.sanction_fen(MinorDemerit1, 3, bonus), yuan(2_400));
        assert_eq!(r.sanction_fen(MinorDemerit2, 3, bonus), yuan(4_800));
        assert_eq!(r.sanction_fen(MajorDemerit1, 3, bonus), bonus);
        assert_eq!(r.sanction_fen(MajorDemerit2, 3, bonus), bonus);
    }

    #[test]
    fn a_split_always_adds_up_and_follows_the_points() {
        assert_eq!(split_by_weights(yuan(9_000), &[1, 2]), vec![yuan(3_000), yuan(6_000)]);
        // 100 fen over 3 equal points: 34 + 33 + 33, the first remainder first.
        assert_eq!(split_by_weights(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(split_by_weights(100, &[0, 0]), vec![0, 0]);
        assert_eq!(split_by_weights(7, &[3, 0, 4]), vec![3, 0, 4]);
    }

    /// 12,000 元 owed on a 10,000 元 bonus: 5,000 a month, the rest carried
    /// over two more months until paid.
    #[test]
    fn the_half_bonus_cap_carries_the_rest_over_three_months() {
        let r = rules();
        let bonus = yuan(10_000);
        let m1 = month_deduction(&r, 0, yuan(12_000), bonus, false);
        assert_eq!(m1, MonthDeduction { due_fen: yuan(12_000), cap_fen: yuan(5_000), deducted_fen: yuan(5_000), carry_fen: yuan(7_000) });
        let m2 = month_deduction(&r, m1.carry_fen, 0, bonus, false);
        assert_eq!((m2.deducted_fen, m2.carry_fen), (yuan(5_000), yuan(2_000)));
        let m3 = month_deduction(&r, m2.carry_fen, 0, bonus, false);
        assert_eq!((m3.deducted_fen, m3.carry_fen), (yuan(2_000), 0));
        // Exactly half is taken whole; one fen more carries one fen.
        assert_eq!(month_deduction(&r, 0, yuan(5_000), bonus, false).carry_fen, 0);
        assert_eq!(month_deduction(&r, 0, yuan(5_000) + 1, bonus, false).carry_fen, 1);
        // A 大过 takes the whole bonus that month.
        let major = month_deduction(&r, yuan(1_000), bonus, bonus, true);
        assert_eq!((major.deducted_fen, major.carry_fen), (bonus, yuan(1_000)));
        // Without a bonus nothing can be taken; all of it waits.
        assert_eq!(month_deduction(&r, 0, yuan(300), 0, false).carry_fen, yuan(300));
    }

    fn complaint<'a>(agent: Option<&'a str>, media: bool) -> StoreComplaint<'a> {
        StoreComplaint {
            case_no: "2611-0001",
            store_id: 7,
            store_name: "东门店",
            store_head: Some("周店长"),
            agent,
            valid: true,
            malicious: false,
            media,
        }
    }

    #[test]
    fn a_store_complaint_fines_the_store_and_an_agent_complaint_the_head_and_agent() {
        let r = rules();
        let store = case_store_fines(&r, &complaint(None, false));
        assert_eq!(store.len(), 1);
        assert_eq!((store[0].payer.as_str(), store[0].kind, store[0].amount_fen), (WHOLE_STORE, StoreFineKind::StoreComplaint, yuan(500)));
        let agent = case_store_fines(&r, &complaint(Some("李经纪"), false));
        let got: Vec<(&str, i64)> = agent.iter().map(|l| (l.payer.as_str(), l.amount_fen)).collect();
        assert_eq!(got, vec![("周店长", yuan(250)), ("李经纪", yuan(250))]);
        let media = case_store_fines(&r, &complaint(None, true));
        let got: Vec<(StoreFineKind, i64)> = media.iter().map(|l| (l.kind, l.amount_fen)).collect();
        assert_eq!(got, vec![(StoreFineKind::StoreComplaint, yuan(500)), (StoreFineKind::MediaExposure, yuan(500))]);
        // Invalid or malicious: nothing.
        assert!(case_store_fines(&r, &StoreComplaint { valid: false, ..complaint(None, true) }).is_empty());
        assert!(case_store_fines(&r, &StoreComplaint { malicious: true, ..complaint(Some("李经纪"), false) }).is_empty());
        // The head himself named: the whole agent fine is his.
        let head = case_store_fines(&r, &complaint(Some("周店长"), false));
        assert_eq!((head.len(), head[0].amount_fen), (1, yuan(500)));
    }

    #[test]
    fn the_years_top_three_stores_pay_three_two_and_one_thousand() {
        let r = rules();
        let counts = vec![(1, "甲店".to_string(), 4), (2, "乙店".to_string(), 9), (3, "丙店".to_string(), 6), (4, "丁店".to_string(), 1), (5, "戊店".to_string(), 0)];
        let ranked = yearly_rank_fines(&r, &counts);
        let got: Vec<(&str, u32, i64)> = ranked.iter().map(|(l, place, _)| (l.department_name.as_str(), *place, l.amount_fen)).collect();
        assert_eq!(got, vec![("乙店", 1, yuan(3_000)), ("丙店", 2, yuan(2_000)), ("甲店", 3, yuan(1_000))]);
    }

    /// Ties share the place ("1, 1, 3"): two firsts pay 3,000 each, the next is third.
    #[test]
    fn tied_stores_share_a_place_and_skip_the_next() {
        let r = rules();
        let counts = vec![(1, "甲店".to_string(), 5), (2, "乙店".to_string(), 5), (3, "丙店".to_string(), 3), (4, "丁店".to_string(), 2)];
        let ranked = yearly_rank_fines(&r, &counts);
        let got: Vec<(&str, u32, i64)> = ranked.iter().map(|(l, place, _)| (l.department_name.as_str(), *place, l.amount_fen)).collect();
        assert_eq!(got, vec![("甲店", 1, yuan(3_000)), ("乙店", 1, yuan(3_000)), ("丙店", 3, yuan(1_000))]);
        // Three tied for third all pay third place's fine; none is fourth.
        let counts = vec![(1, "甲店".to_string(), 9), (2, "乙店".to_string(), 8), (3, "丙店".to_string(), 2), (4, "丁店".to_string(), 2)];
        let places: Vec<u32> = yearly_rank_fines(&r, &counts).iter().map(|(_, p, _)| *p).collect();
        assert_eq!(places, vec![1, 2, 3, 3]);
    }

    #[test]
    fn edited_rules_are_checked() {
        let mut r = rules();
        r.bands[1].upto_fen = Some(yuan(5_000));
        r.deduction_cap_percent = 0;
        let fields: Vec<String> = r.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["bands".to_string(), "deductionCapPercent".to_string()]);
    }
}
