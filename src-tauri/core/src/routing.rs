//! 分派规则: which department a complaint goes to, proposed at assessment
//! from the case's nature, cause type, channel, product (料号) and words in
//! its content. Rules are data the admin edits; the agent may override the
//! proposal with a reason (groundwork of the workflow issue).

use crate::model::CaseFields;

pub use crate::store::workflow::RoutingRule;

impl RoutingRule {
    fn matches(&self, f: &CaseFields) -> bool {
        self.active
            && self.nature.is_none_or(|n| f.nature == Some(n))
            && self.cause_type.is_none_or(|c| f.cause_type == Some(c))
            && self.channel.is_none_or(|c| f.channel == c)
            && (self.item_prefix.is_empty() || f.item_no.starts_with(&self.item_prefix))
            && (self.keywords.is_empty() || self.keywords.iter().any(|k| !k.is_empty() && f.content.contains(k.as_str())))
    }

    /// How many conditions the rule sets: a rule that says more wins.
    fn specificity(&self) -> usize {
        [
            self.nature.is_some(),
            self.cause_type.is_some(),
            self.channel.is_some(),
            !self.item_prefix.is_empty(),
            !self.keywords.is_empty(),
        ]
        .iter()
        .filter(|set| **set)
        .count()
    }
}

/// The rule whose department is proposed: the most specific matching rule,
/// then the highest priority, then the oldest.
pub fn propose<'a>(rules: &'a [RoutingRule], case: &CaseFields) -> Option<&'a RoutingRule> {
    rules
        .iter()
        .filter(|r| r.matches(case))
        .max_by(|a, b| (a.specificity(), a.priority, -a.id).cmp(&(b.specificity(), b.priority, -b.id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{CauseType, Channel, Nature};
    use crate::codes::Severity;
    use chrono::Utc;

    fn case(content: &str, nature: Option<Nature>, cause: Option<CauseType>, item: &str) -> CaseFields {
        CaseFields {
            received_at: Utc::now(),
            channel: Channel::Phone,
            customer_name: "王秀英".into(),
            customer_phone: "13812345678".into(),
            customer_address: String::new(),
            customer_org: String::new(),
            content: content.into(),
            customer_request: "处理".into(),
            claim_amount_fen: None,
            order_no: String::new(),
            item_no: item.into(),
            quantity: None,
            delivery_date: None,
            defective_quantity: None,
            market: None,
            nature,
            cause_type: cause,
            severity: Severity::Normal,
            department_id: None,
            sample_kept: false,
            sample_note: String::new(),
        }
    }

    fn rule(id: i64, department_id: i64) -> RoutingRule {
        RoutingRule {
            id,
            nature: None,
            cause_type: None,
            channel: None,
            item_prefix: String::new(),
            keywords: vec![],
            department_id,
            priority: 0,
            active: true,
        }
    }

    const ENGINEERING: i64 = 2;
    const QUALITY: i64 = 8;
    const SECURITY: i64 = 4;
    const SALES: i64 = 10;

    fn rules() -> Vec<RoutingRule> {
        vec![
            RoutingRule { nature: Some(Nature::Quality), ..rule(1, QUALITY) },
            RoutingRule { keywords: vec!["漏水".into(), "电梯".into()], ..rule(2, ENGINEERING) },
            RoutingRule { keywords: vec!["门禁".into()], ..rule(3, SECURITY) },
            RoutingRule { nature: Some(Nature::Quality), item_prefix: "PCB-".into(), ..rule(4, SALES) },
            RoutingRule { keywords: vec!["停车".into()], active: false, ..rule(5, SECURITY) },
        ]
    }

    #[test]
    fn the_most_specific_matching_rule_proposes_the_department() {
        let rules = rules();
        let dept = |c: &CaseFields| propose(&rules, c).map(|r| r.department_id);
        assert_eq!(dept(&case("卫生间漏水", None, None, "")), Some(ENGINEERING));
        assert_eq!(dept(&case("门禁卡失灵", None, None, "")), Some(SECURITY));
        assert_eq!(dept(&case("阻焊脱落", Some(Nature::Quality), None, "")), Some(QUALITY));
        assert_eq!(dept(&case("阻焊脱落", Some(Nature::Quality), None, "PCB-4L-1.6")), Some(SALES), "two conditions beat one");
        assert_eq!(dept(&case("停车位被占", None, None, "")), None, "an inactive rule proposes nothing");
    }

    #[test]
    fn priority_breaks_ties_between_equally_specific_rules() {
        let mut rules = rules();
        rules.push(RoutingRule { keywords: vec!["漏水".into()], priority: 5, ..rule(6, SECURITY) });
        assert_eq!(propose(&rules, &case("漏水", None, None, "")).unwrap().id, 6);
    }
}
