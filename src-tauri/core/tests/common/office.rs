//! The office of the workflow stories: its people, routing rules and a PCB
//! customer's case taken step by step (shared by the workflow and document tests).

use complaintdesk_core::codes::*;
use complaintdesk_core::loss::ResolutionLine;
use complaintdesk_core::model::*;
use complaintdesk_core::routing::RoutingRule;

use super::*;

pub const YUAN: i64 = 100;
pub const ENGINEERING: i64 = 2; // 工程维修部
pub const QUALITY_DEPT: i64 = 8; // 质量管理部
pub const SALES_DEPT: i64 = 10; // 业务部

pub struct Office {
    pub t: TestDesk,
    pub admin: User,
    pub agent: User,
    pub head: User,
    pub quality_head: User,
    pub sales_manager: User,
    pub vice_gm: User,
}

pub fn person(t: &TestDesk, admin: &User, name: &str, login: &str, roles: &[Role], department_id: Option<i64>) -> User {
    let new = NewUser { name: name.into(), login: login.into(), password: "chushi-mima-1".into(), roles: roles.to_vec(), department_id };
    let account = t.desk.create_account(admin, new).unwrap();
    User { id: account.id, name: account.name }
}

/// A desk with its people and two routing rules: PCB quality problems go to
/// 业务部, leaks to 工程维修部.
pub fn office() -> Office {
    let t = desk();
    let admin = t.desk.create_first_admin("王强", "admin", "Kefu@2026!").unwrap();
    let agent = person(&t, &admin, "张敏", "zhangmin", &[Role::Agent], Some(1));
    let head = person(&t, &admin, "陈刚", "chengang", &[Role::Handler, Role::DeptHead], Some(SALES_DEPT));
    let quality_head = person(&t, &admin, "赵丽", "zhaoli", &[Role::DeptHead, Role::Quality], Some(QUALITY_DEPT));
    let sales_manager = person(&t, &admin, "刘洋", "liuyang", &[Role::SalesManager], Some(SALES_DEPT));
    let vice_gm = person(&t, &admin, "周杰", "zhoujie", &[Role::ViceGm], None);
    t.desk.set_department_head(&admin, SALES_DEPT, head.id).unwrap();
    let rule = |nature, item_prefix: &str, keywords: &[&str], department_id| RoutingRule {
        id: 0,
        nature,
        cause_type: None,
        channel: None,
        item_prefix: item_prefix.into(),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        department_id,
        priority: 0,
        active: true,
    };
    t.desk.create_routing_rule(&admin, rule(Some(Nature::Quality), "PCB-", &[], SALES_DEPT)).unwrap();
    t.desk.create_routing_rule(&admin, rule(None, "", &["漏水"], ENGINEERING)).unwrap();
    Office { t, admin, agent, head, quality_head, sales_manager, vice_gm }
}

/// A PCB customer's quality complaint, registered by the agent.
pub fn pcb_case(o: &Office) -> Case {
    let mut f = fields(o.t.clock.now());
    f.customer_name = "深圳华星电子".into();
    f.customer_phone = "0755 8888 6666".into();
    f.content = "四层板阻焊脱落，整批 5000 片无法贴片".into();
    f.customer_request = "赔偿停线损失".into();
    f.item_no = "PCB-4L-1.6-0345".into();
    f.nature = None;
    f.cause_type = None;
    o.t.desk.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap()
}

pub fn valid_quality() -> Assessment {
    Assessment {
        valid: true,
        nature: Some(Nature::Quality),
        cause_type: Some(CauseType::Product),
        severity: Severity::Important,
        malicious: false,
        explanation: String::new(),
    }
}

pub fn share(department_id: i64, person: &str, ratio_percent: u8) -> Responsibility {
    Responsibility { department_id, person: person.into(), ratio_percent }
}

pub fn investigation(ratios: &[(i64, &str, u8)]) -> Investigation {
    Investigation {
        cause_analysis: "阻焊前处理微蚀不足，附着力下降".into(),
        measures: "整批退回重做，赔偿停线损失".into(),
        responsibilities: ratios.iter().map(|(d, p, r)| share(*d, p, *r)).collect(),
        actions: vec![CorrectiveAction {
            kind: ActionKind::Corrective,
            description: "微蚀线增加每班两次附着力测试".into(),
            owner: "制造部 孙伟".into(),
            due_date: "2026-12-15".parse().unwrap(),
        }],
    }
}

pub fn compensation(yuan: i64) -> Proposal {
    Proposal {
        lines: vec![ResolutionLine {
            kind: ResolutionType::Compensation,
            quantity: 0,
            unit_price_fen: 0,
            amount_fen: yuan * YUAN,
            transport_fen: 0,
            note: "停线损失赔偿".into(),
        }],
        opinion: "责任在我方，同意按客户实际损失赔偿".into(),
    }
}

/// The case's audit lines as "action field: old → new by 谁".
pub fn timeline(o: &Office, id: i64) -> Vec<String> {
    audit_lines(&o.t, "case", id)
}

/// Registered, assessed, routed to 业务部, accepted and investigated: ready for a proposal.
pub fn investigated_case(o: &Office) -> Case {
    let d = &o.t.desk;
    let case = pcb_case(o);
    let case = d.assess(&o.agent, case.id, case.version, valid_quality()).unwrap().case;
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    d.record_investigation(&o.head, case.id, case.version, investigation(&[(SALES_DEPT, "", 100)])).unwrap()
}

/// Registered, assessed, routed to 业务部, accepted, investigated, proposed.
pub fn proposed_case(o: &Office, yuan: i64, proposer: &User) -> Case {
    let case = investigated_case(o);
    o.t.desk.propose(proposer, case.id, case.version, compensation(yuan)).unwrap()
}

/// The story's ¥120,000.00 case, approved by the 副总经理.
pub fn approved_case(o: &Office) -> Case {
    let case = proposed_case(o, 120_000, &o.head);
    o.t.desk.approve(&o.vice_gm, case.id, case.version, "同意赔偿", true).unwrap()
}

/// A time in Beijing.
pub fn beijing(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap() - Duration::hours(8)
}

/// A PCB case received now, found `ratios` responsible, paid `yuan` and
/// closed at `closed_at`.
pub fn closed_case(o: &Office, ratios: &[(i64, &str, u8)], yuan: i64, closed_at: DateTime<Utc>) -> Case {
    let d = &o.t.desk;
    let case = pcb_case(o);
    let case = d.assess(&o.agent, case.id, case.version, valid_quality()).unwrap().case;
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    let case = d.record_investigation(&o.head, case.id, case.version, investigation(ratios)).unwrap();
    let case = d.propose(&o.head, case.id, case.version, compensation(yuan)).unwrap();
    let case = d.approve(&o.vice_gm, case.id, case.version, "同意", true).unwrap();
    let case = d.answer(&o.agent, case.id, case.version, CustomerAnswer { accepted: true, note: "客户同意".into() }).unwrap().case;
    let case = d.execute(&o.head, case.id, case.version, "赔款已汇出").unwrap();
    let visit = FollowUp {
        visited_at: o.t.clock.now(),
        method: VisitMethod::Phone,
        satisfaction: Satisfaction::Satisfied,
        remarks: "客户满意".into(),
    };
    let case = d.follow_up(&o.agent, case.id, case.version, visit).unwrap();
    let received = o.t.clock.now();
    o.t.clock.set(closed_at);
    let case = d.close(&o.agent, case.id, case.version, "").unwrap();
    o.t.clock.set(received);
    case
}
