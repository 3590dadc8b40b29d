//! A month's penalties from its closed cases: each responsibility line's
//! share of the loss, the sanctions and deductions it brings each person,
//! the 50 % cap with what earlier months carried, and the store fines.
//! Pure: the desk hands in the cases (the statistics' `CaseFact`s), the
//! settings, the heads and what was carried, and gets the notice's body back.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rules::*;
use super::settings::{AccountabilitySettings, PersonProfile};
use crate::codes::*;
use crate::stats::settled;
use crate::store::stats::CaseFact;

/// One responsibility line of a closed case and its share of the loss.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareLine {
    pub case_no: String,
    #[ts(type = "number")]
    pub department_id: i64,
    pub department_name: String,
    /// Empty: the department as a whole (split by 基点数).
    pub person: String,
    pub ratio_percent: u8,
    #[ts(type = "number")]
    pub loss_fen: i64,
    #[ts(type = "number")]
    pub share_fen: i64,
}

/// One 行政处分 a case brings a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SanctionLine {
    pub case_no: String,
    pub sanction: Sanction,
    /// Set for 主管连带处分: whose sanction he shares, one level lower.
    pub supervisor_of: Option<String>,
    /// The share of the loss the sanction is judged on.
    #[ts(type = "number")]
    pub share_fen: i64,
    /// 行政罚扣折算.
    #[ts(type = "number")]
    pub fen: i64,
}

/// A person's month: what he owes and what is deducted from his bonus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonPenalty {
    #[ts(type = "number")]
    pub department_id: i64,
    pub department_name: String,
    pub person: String,
    /// Whether the admin keeps a 奖罚档案 for him (without one his bonus is
    /// taken as 0 and everything waits).
    pub has_profile: bool,
    pub base_points: u32,
    #[ts(type = "number")]
    pub month_bonus_fen: i64,
    /// 经济罚扣 of this month's cases.
    #[ts(type = "number")]
    pub economic_fen: i64,
    pub sanctions: Vec<SanctionLine>,
    /// 行政罚扣折算 of this month's sanctions.
    #[ts(type = "number")]
    pub sanction_fen: i64,
    /// Carried from earlier months.
    #[ts(type = "number")]
    pub carried_fen: i64,
    #[ts(type = "number")]
    pub due_fen: i64,
    #[ts(type = "number")]
    pub cap_fen: i64,
    /// 本月罚扣
    #[ts(type = "number")]
    pub deducted_fen: i64,
    /// 转下月
    #[ts(type = "number")]
    pub carry_fen: i64,
}

/// What a notice says: the month's shares, people and store fines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PenaltyBody {
    pub month: String,
    pub shares: Vec<ShareLine>,
    pub people: Vec<PersonPenalty>,
    pub store_fines: Vec<StoreFineLine>,
    /// Shares no one could bear (a department-wide line of a department
    /// without 奖罚档案), for the 总经理室 to settle by hand.
    pub unassigned: Vec<ShareLine>,
    #[ts(type = "number")]
    pub deducted_fen: i64,
    #[ts(type = "number")]
    pub fines_fen: i64,
}

/// What the month's computation needs besides the cases.
pub struct MonthInput<'a> {
    pub month: &'a str,
    pub settings: &'a AccountabilitySettings,
    pub org: OrgType,
    pub departments: &'a HashMap<i64, String>,
    pub heads: &'a HashMap<i64, String>,
    /// (department, person) → carried from the latest earlier notice.
    pub carried: &'a BTreeMap<(i64, String), i64>,
    /// For December: every case closed in the year, for the ranking.
    pub year_cases: Option<&'a [CaseFact]>,
}

/// The loss a case brings, counted as the statistics and the 统计表 count
/// it: the approved resolution's, none for a round the customer rejected.
pub fn counted_loss(c: &CaseFact) -> i64 {
    if settled(c) {
        c.loss_fen
    } else {
        0
    }
}

fn counts_for_stores(c: &CaseFact) -> bool {
    c.validity == Some(Validity::Valid) && !c.malicious
}

/// Each line's share of the case's loss by its ratio, adding up to the loss.
pub fn shares(c: &CaseFact, departments: &HashMap<i64, String>) -> Vec<ShareLine> {
    let loss_fen = counted_loss(c);
    let weights: Vec<i64> = c.responsibilities.iter().map(|r| i64::from(r.ratio_percent)).collect();
    // The ratios add up to 100; split against 100 so a lone 60 % line is 60 %.
    let mut w = weights.clone();
    let rest = 100 - weights.iter().sum::<i64>();
    if rest > 0 {
        w.push(rest);
    }
    let parts = split_by_weights(loss_fen, &w);
    c.responsibilities
        .iter()
        .zip(parts)
        .map(|(r, share_fen)| ShareLine {
            case_no: c.case_no.clone(),
            department_id: r.department_id,
            department_name: departments.get(&r.department_id).cloned().unwrap_or_default(),
            person: r.person.trim().to_string(),
            ratio_percent: r.ratio_percent,
            loss_fen,
            share_fen,
        })
        .collect()
}

pub fn compute_month(cases: &[CaseFact], input: &MonthInput) -> PenaltyBody {
    let s = input.settings;
    let rules = &s.rules;
    let profile = |dept: i64, name: &str| -> Option<&PersonProfile> { s.profiles.iter().find(|p| p.department_id == dept && p.name == name) };
    let mut people: BTreeMap<(i64, String), PersonPenalty> = BTreeMap::new();
    let dept_name = |id: i64| input.departments.get(&id).cloned().unwrap_or_default();
    let entry = |dept: i64, name: &str, people: &mut BTreeMap<(i64, String), PersonPenalty>| {
        people.entry((dept, name.to_string())).or_insert_with(|| {
            let p = profile(dept, name);
            PersonPenalty {
                department_id: dept,
                department_name: dept_name(dept),
                person: name.to_string(),
                has_profile: p.is_some(),
                base_points: p.map_or(0, |p| p.base_points),
                month_bonus_fen: p.map_or(0, |p| p.month_bonus_fen),
                economic_fen: 0,
                sanctions: Vec::new(),
                sanction_fen: 0,
                carried_fen: 0,
                due_fen: 0,
                cap_fen: 0,
                deducted_fen: 0,
                carry_fen: 0,
            }
        });
    };
    let mut all_shares = Vec::new();
    let mut unassigned = Vec::new();
    for c in cases {
        let lines = shares(c, input.departments);
        // A person's share of this case (two lines naming him add up).
        let mut personal: BTreeMap<(i64, String), i64> = BTreeMap::new();
        for l in &lines {
            if l.person.is_empty() {
                let members: Vec<&PersonProfile> = s.profiles.iter().filter(|p| p.department_id == l.department_id).collect();
                let points: Vec<i64> = members.iter().map(|p| i64::from(p.base_points)).collect();
                if members.is_empty() || points.iter().sum::<i64>() == 0 {
                    if l.share_fen > 0 {
                        unassigned.push(l.clone());
                    }
                    continue;
                }
                for (m, part) in members.iter().zip(split_by_weights(l.share_fen, &points)) {
                    entry(m.department_id, &m.name, &mut people);
                    people.get_mut(&(m.department_id, m.name.clone())).expect("entered").economic_fen += part;
                }
            } else {
                *personal.entry((l.department_id, l.person.clone())).or_default() += l.share_fen;
            }
        }
        for ((dept, name), share) in personal {
            entry(dept, &name, &mut people);
            let key = (dept, name.clone());
            people.get_mut(&key).expect("entered").economic_fen += share;
            let Some((sanction, supervisor)) = sanctions_for(rules, share) else { continue };
            people.get_mut(&key).expect("entered").sanctions.push(SanctionLine {
                case_no: c.case_no.clone(),
                sanction,
                supervisor_of: None,
                share_fen: share,
                fen: 0,
            });
            if let (Some(lower), Some(head)) = (supervisor, input.heads.get(&dept)) {
                if *head != name {
                    entry(dept, head, &mut people);
                    people.get_mut(&(dept, head.clone())).expect("entered").sanctions.push(SanctionLine {
                        case_no: c.case_no.clone(),
                        sanction: lower,
                        supervisor_of: Some(name.clone()),
                        share_fen: share,
                        fen: 0,
                    });
                }
            }
        }
        all_shares.extend(lines);
    }
    for ((dept, name), carried) in input.carried {
        if *carried > 0 {
            entry(*dept, name, &mut people);
            people.get_mut(&(*dept, name.clone())).expect("entered").carried_fen = *carried;
        }
    }
    for p in people.values_mut() {
        for l in &mut p.sanctions {
            l.fen = rules.sanction_fen(l.sanction, p.base_points, p.month_bonus_fen);
        }
        p.sanction_fen = p.sanctions.iter().map(|l| l.fen).sum();
        let major = p.sanctions.iter().any(|l| l.sanction.is_major());
        let m = month_deduction(rules, p.carried_fen, p.economic_fen + p.sanction_fen, p.month_bonus_fen, major);
        (p.due_fen, p.cap_fen, p.deducted_fen, p.carry_fen) = (m.due_fen, m.cap_fen, m.deducted_fen, m.carry_fen);
    }
    let store_fines = if input.org == OrgType::Property { store_fines(cases, input) } else { Vec::new() };
    let people: Vec<PersonPenalty> = people.into_values().collect();
    PenaltyBody {
        month: input.month.to_string(),
        deducted_fen: people.iter().map(|p| p.deducted_fen).sum(),
        fines_fen: store_fines.iter().map(|f| f.amount_fen).sum(),
        shares: all_shares,
        people,
        store_fines,
        unassigned,
    }
}

/// The stores a case is against: each store department among its
/// responsibility lines, with the agents the lines name (empty: the store).
fn stores_of<'a>(c: &'a CaseFact, stores: &[i64]) -> BTreeMap<i64, Vec<&'a str>> {
    let mut out: BTreeMap<i64, Vec<&str>> = BTreeMap::new();
    for r in c.responsibilities.iter().filter(|r| stores.contains(&r.department_id)) {
        let people = out.entry(r.department_id).or_default();
        let person = r.person.trim();
        if !people.contains(&person) {
            people.push(person);
        }
    }
    out
}

fn store_fines(cases: &[CaseFact], input: &MonthInput) -> Vec<StoreFineLine> {
    let s = input.settings;
    let mut out = Vec::new();
    for c in cases {
        for (store, people) in stores_of(c, &s.store_department_ids) {
            let name = input.departments.get(&store).cloned().unwrap_or_default();
            let head = input.heads.get(&store).map(String::as_str);
            for (i, person) in people.iter().enumerate() {
                let complaint = StoreComplaint {
                    case_no: &c.case_no,
                    store_id: store,
                    store_name: &name,
                    store_head: head,
                    agent: (!person.is_empty()).then_some(*person),
                    valid: c.validity == Some(Validity::Valid),
                    malicious: c.malicious,
                    // The exposure is the store's, fined once per case.
                    media: i == 0 && c.channel == Channel::Media,
                };
                out.extend(case_store_fines(&s.rules, &complaint));
            }
        }
    }
    if let Some(year) = input.year_cases {
        let counted = year.iter().filter(|c| counts_for_stores(c)).flat_map(|c| {
            stores_of(c, &s.store_department_ids)
                .into_keys()
                .map(|id| (id, input.departments.get(&id).map(String::as_str).unwrap_or("")))
                .collect::<Vec<_>>()
        });
        let counts = count_by_store(counted);
        out.extend(yearly_rank_fines(&s.rules, &counts).into_iter().map(|(line, _, _)| line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::stats::FactShare;

    const YUAN: i64 = 100;

    /// A settled case (its resolution approved) with these responsibility lines.
    fn case(no: &str, loss_yuan: i64, lines: &[(i64, &str, u8)]) -> CaseFact {
        let now = chrono::Utc::now();
        CaseFact {
            id: 1,
            case_no: no.into(),
            round: 1,
            repeat: false,
            continued: false,
            received_at: now,
            closed_at: Some(now),
            status: CaseStatus::Closed,
            customer_name: String::new(),
            item_no: String::new(),
            order_no: String::new(),
            channel: Channel::Phone,
            nature: None,
            cause_type: None,
            severity: Severity::Normal,
            validity: Some(Validity::Valid),
            malicious: false,
            department_id: None,
            claimed_fen: None,
            resolution_types: Vec::new(),
            approved_fen: Some(loss_yuan * YUAN),
            loss_fen: loss_yuan * YUAN,
            responsibilities: lines.iter().map(|(d, p, r)| FactShare { department_id: *d, person: p.to_string(), ratio_percent: *r }).collect(),
            stages: Vec::new(),
            satisfaction: None,
        }
    }

    fn month(cases: &[CaseFact], settings: &AccountabilitySettings) -> PenaltyBody {
        let departments: HashMap<i64, String> = [(1, "制造部".to_string()), (2, "业务部".to_string())].into();
        let heads: HashMap<i64, String> = [(2, "陈刚".to_string())].into();
        let carried = BTreeMap::new();
        let input = MonthInput { month: "2026-11", settings, org: OrgType::Manufacturing, departments: &departments, heads: &heads, carried: &carried, year_cases: None };
        compute_month(cases, &input)
    }

    fn profile(department_id: i64, name: &str, base_points: u32, bonus_yuan: i64) -> PersonProfile {
        PersonProfile { department_id, name: name.into(), base_points, month_bonus_fen: bonus_yuan * YUAN }
    }

    /// 100 fen over ratios 1/3: each line's share adds up to the loss.
    #[test]
    fn shares_follow_the_ratios_and_add_up_to_the_loss() {
        let c = CaseFact { loss_fen: 100, ..case("2611-0001", 0, &[(1, "", 33), (2, "钱多", 33), (2, "", 34)]) };
        let departments = HashMap::new();
        let got: Vec<i64> = shares(&c, &departments).iter().map(|l| l.share_fen).collect();
        assert_eq!(got, vec![33, 33, 34]);
    }

    /// The loss counts as the statistics count it: none for a resolution
    /// not approved, none for a round the customer rejected.
    #[test]
    fn only_a_settled_rounds_approved_loss_is_shared() {
        let departments = HashMap::new();
        let unapproved = CaseFact { approved_fen: None, ..case("2611-0005", 9_000, &[(2, "钱多", 100)]) };
        let rejected = CaseFact { continued: true, ..case("2611-0006", 9_000, &[(2, "钱多", 100)]) };
        for c in [unapproved, rejected] {
            let lines = shares(&c, &departments);
            assert_eq!((lines[0].loss_fen, lines[0].share_fen), (0, 0), "{}", c.case_no);
        }
        assert_eq!(shares(&case("2611-0007", 9_000, &[(2, "钱多", 100)]), &departments)[0].share_fen, 9_000 * YUAN);
    }

    /// A department with no 奖罚档案 bears nothing by hand: its share is listed
    /// as unassigned; a person named without a profile is listed, flagged,
    /// and owes it all next month (no bonus to take it from).
    #[test]
    fn what_no_profile_can_bear_is_shown_not_lost() {
        let mut settings = AccountabilitySettings::default();
        settings.profiles.push(profile(2, "陈刚", 4, 8_000));
        let body = month(&[case("2611-0001", 9_000, &[(1, "", 50), (2, "钱多", 50)])], &settings);
        assert_eq!(body.unassigned.len(), 1);
        assert_eq!((body.unassigned[0].department_name.as_str(), body.unassigned[0].share_fen), ("制造部", 4_500 * YUAN));
        let qian = body.people.iter().find(|p| p.person == "钱多").unwrap();
        assert!(!qian.has_profile);
        // 4,500 → 悔过书 (200), nothing taken, 4,700 carried.
        assert_eq!((qian.sanctions[0].sanction, qian.due_fen, qian.deducted_fen, qian.carry_fen), (Sanction::Repentance, 4_700 * YUAN, 0, 4_700 * YUAN));
    }

    /// The head named himself gets his own sanction, not a supervisor's too.
    #[test]
    fn a_head_who_is_responsible_himself_is_not_his_own_supervisor() {
        let mut settings = AccountabilitySettings::default();
        settings.profiles.push(profile(2, "陈刚", 4, 8_000));
        let body = month(&[case("2611-0002", 150_000, &[(2, "陈刚", 100)])], &settings);
        let chen = &body.people[0];
        assert_eq!(body.people.len(), 1);
        assert_eq!(chen.sanctions.iter().map(|s| (s.sanction, s.supervisor_of.is_some())).collect::<Vec<_>>(), vec![(Sanction::MinorDemerit1, false)]);
        // 小过一次 at 4 基点: 3,200.
        assert_eq!(chen.sanction_fen, 3_200 * YUAN);
    }

    /// Two cases, each judged on its own share: 6,000 and 8,000 are two
    /// 悔过书, not one 申诫 for 14,000.
    #[test]
    fn each_case_is_judged_on_its_own_share() {
        let mut settings = AccountabilitySettings::default();
        settings.profiles.push(profile(2, "钱多", 2, 6_000));
        let body = month(&[case("2611-0003", 6_000, &[(2, "钱多", 100)]), case("2611-0004", 8_000, &[(2, "钱多", 100)])], &settings);
        let kinds: Vec<Sanction> = body.people[0].sanctions.iter().map(|s| s.sanction).collect();
        assert_eq!(kinds, vec![Sanction::Repentance, Sanction::Repentance]);
        assert_eq!(body.people[0].economic_fen, 14_000 * YUAN);
    }
}
