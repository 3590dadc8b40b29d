//! 载入演示数据 as a department would have lived it: demo people with roles
//! and one known password, and every demo case walked through the real
//! workflow steps (registered, assessed under the deadline policy, routed by
//! the routing rules, sometimes returned and routed again, investigated,
//! proposed, sometimes sent back, approved by the level its amount needs,
//! answered, executed, visited, closed) on the days they would have happened.
//! So 工作台 has overdue cases, 待我审批 has work for each approver, 部门收件箱
//! has work, and every timeline tells a story a newcomer can follow.
//!
//! The steps go through a desk on a clock set to each step's time
//! (`Desk::on_clock`), so every rule, deadline and audit line is the one the
//! real step writes. The cases themselves come from `demo::DemoGenerator`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Duration, Timelike, Utc};

use crate::clock::FixedClock;
use crate::codes::*;
use crate::demo::{DemoCase, DemoGenerator};
use crate::desk::Desk;
use crate::error::{AppError, ErrorCode, Result};
use crate::loss::ResolutionLine;
use crate::model::*;
use crate::people::hash_password;
use crate::routing::RoutingRule;
use crate::documents::DocumentRequest;
use crate::store::AccountInsert;

/// Every demo person signs in with this password (shown on the first-start
/// screen): a demo database is for trying things out, never for real cases.
pub const DEMO_PASSWORD: &str = "demo2026";

/// A demo person: name, login, roles, department, and whether he heads it.
struct DemoPerson {
    name: &'static str,
    login: &'static str,
    roles: &'static [Role],
    department: &'static str,
    heads: bool,
}

const fn person(name: &'static str, login: &'static str, roles: &'static [Role], department: &'static str, heads: bool) -> DemoPerson {
    DemoPerson { name, login, roles, department, heads }
}

use Role::*;

/// The demo department: 客服部's agents (the names `demo::AGENTS` registers
/// cases under), a head for every department a case may be routed to, and
/// the approvers of each level.
const PEOPLE: &[DemoPerson] = &[
    person("李晓燕", "lixiaoyan", &[Agent], "客服部", false),
    person("陈思远", "chensiyuan", &[Agent], "客服部", false),
    person("王婷婷", "wangtingting", &[Agent], "客服部", false),
    person("张志强", "zhangzhiqiang", &[Agent], "客服部", false),
    person("刘佳怡", "liujiayi", &[Agent], "客服部", false),
    person("黄俊杰", "huangjunjie", &[Agent], "客服部", false),
    person("周雪梅", "zhouxuemei", &[Agent], "客服部", false),
    person("吴昊", "wuhao", &[Agent], "客服部", false),
    person("周敏", "zhoumin", &[Agent, DeptHead], "客服部", true),
    person("陈建军", "chenjianjun", &[DeptHead, Handler], "工程维修部", true),
    person("刘德明", "liudeming", &[DeptHead, Handler], "物业管理部", true),
    person("马强", "maqiang", &[DeptHead, Handler], "保安部", true),
    person("郭秀兰", "guoxiulan", &[DeptHead, Handler], "保洁部", true),
    person("许文静", "xuwenjing", &[DeptHead, Handler], "商场营运部", true),
    person("唐海涛", "tanghaitao", &[DeptHead, Handler], "餐饮部", true),
    person("林芳", "linfang", &[DeptHead, Quality], "质量管理部", true),
    person("孙伟", "sunwei", &[DeptHead, Handler], "制造部", true),
    person("赵立新", "zhaolixin", &[DeptHead, Handler], "业务部", true),
    person("何静", "hejing", &[DeptHead, Accounting], "会计科", true),
    person("高雪", "gaoxue", &[DeptHead, Handler], "行政人事部", true),
    person("钱志远", "qianzhiyuan", &[SalesManager], "业务部", false),
    person("郑国平", "zhengguoping", &[ViceGm], "总经理室", false),
    person("宋洁", "songjie", &[DeptHead, Handler], "总经理室", true),
    person("王建华", "wangjianhua", &[Gm], "总经理室", false),
];

/// The demo people as created: who registers, who heads which department,
/// who approves at each level.
struct Cast {
    agents: HashMap<&'static str, User>,
    /// An agent for cases whose registering agent could not be created
    /// (his name or login was already taken, e.g. by the administrator).
    any_agent: User,
    heads: HashMap<i64, User>,
    approvers: BTreeMap<crate::authority::ApproverLevel, User>,
    /// 会计科, who books the certificates issued for approved amounts.
    accountant: Option<User>,
}

/// Offsets from receipt at which a case's steps are taken, in minutes:
/// register, assess, route, accept, investigate, propose, approve, answer,
/// execute, follow-up, close (about ten days from receipt to closing).
const STEP_MINUTES: [i64; 11] = [5, 40, 90, 240, 1_500, 2_900, 4_400, 5_800, 8_700, 12_900, 14_400];

/// How far along the workflow a demo case's status lies (an index into STEP_MINUTES).
fn steps_to(status: CaseStatus) -> usize {
    match status {
        CaseStatus::Registered | CaseStatus::Voided => 0,
        CaseStatus::Assessed => 1,
        CaseStatus::Routed => 2,
        CaseStatus::Investigating => 3,
        CaseStatus::Proposed => 5,
        CaseStatus::Approved => 6,
        CaseStatus::Answered => 7,
        CaseStatus::Executed => 8,
        CaseStatus::FollowedUp => 9,
        CaseStatus::Closed => 10,
    }
}

/// How fast the demo's cases are handled, in percent of the usual offsets,
/// case by case in turn: most well within the organisation's limits (a
/// property company's 5 working days), one in five slower, so that on-time
/// rates and days to close vary as a real department's do.
const PACE_PERCENT: [i64; 10] = [35, 45, 50, 40, 55, 30, 60, 100, 45, 130];

/// When each step happens: the usual offsets at the case's pace, squeezed
/// when the case is too young to have come so far (a case received this
/// morning and already proposed was handled quickly), and never later than
/// a minute before `now`.
fn schedule(received_at: DateTime<Utc>, last_step: usize, now: DateTime<Utc>, pace_percent: i64) -> Vec<DateTime<Utc>> {
    let room = (now - Duration::minutes(1) - received_at).num_minutes().max(1);
    let needed = STEP_MINUTES[last_step] * pace_percent / 100;
    STEP_MINUTES[..=last_step]
        .iter()
        .map(|m| {
            let m = m * pace_percent / 100;
            let m = if needed > room { m * room / needed.max(1) } else { m };
            (received_at + Duration::minutes(m)).min(now - Duration::minutes(1)).max(received_at)
        })
        .collect()
}

impl Desk {
    /// The demo people and their password: all of them while the database
    /// is empty (the first start offers the demo), those created once it is
    /// a demo database, `None` for a database of real cases.
    pub fn demo_accounts(&self) -> Result<Option<DemoAccounts>> {
        let people = PEOPLE.iter().map(|p| DemoAccount {
            name: p.name.to_string(),
            login: p.login.to_string(),
            roles: p.roles.to_vec(),
            department: p.department.to_string(),
        });
        let people: Vec<DemoAccount> = if self.is_demo()? {
            let accounts = self.store().accounts()?;
            people.filter(|p| accounts.iter().any(|a| a.login.as_deref() == Some(p.login.as_str()) && a.name == p.name)).collect()
        } else if !self.store().has_cases()? {
            people.collect()
        } else {
            return Ok(None);
        };
        Ok(Some(DemoAccounts { password: DEMO_PASSWORD.to_string(), people }))
    }

    /// Fills a new, empty database with `count` demo cases of the last half
    /// year, each walked through the workflow, and the demo people who
    /// handled them (password `DEMO_PASSWORD`). Refused once the database
    /// holds any case, so demo cases never mix with real ones. The mark is
    /// set first: demo cases are then never in an unmarked database, even if
    /// loading fails half way.
    pub fn load_demo_data(&self, actor: &User, count: usize) -> Result<u64> {
        // It creates people and rules: the administrator's to do.
        self.require_admin(actor)?;
        let existing = self.store().case_count()?;
        if existing > 0 {
            return Err(AppError::new(
                ErrorCode::WrongState,
                format!("数据库中已有 {existing} 件案件：演示数据只能载入新建的空数据库，以免与真实案件混在一起。"),
            ));
        }
        self.store().put_setting(crate::demo_import::DEMO_DATA_KEY, "1", self.stamp(actor))?;
        let now = self.now();
        let cast = self.demo_cast(actor, now)?;
        self.demo_routing_rules(actor)?;

        let mut generator = DemoGenerator::new(now.timestamp() as u64);
        // One case for each agent, fresh and falling due today, so 工作台's
        // 今日到期 is not empty on the first morning; the rest spread over half a year.
        let mut agents: Vec<(&'static str, &User)> = cast.agents.iter().map(|(name, user)| (*name, user)).collect();
        agents.sort_by_key(|(_, user)| user.id);
        let due_today = self.receipts_due_today(now, agents.len().min(count))?;
        let mut cases: Vec<DemoCase> =
            (due_today.len()..count).map(|_| generator.next_case(now, crate::demo_import::DEMO_DAYS)).collect();
        for (received_at, (agent, _)) in due_today.into_iter().zip(agents) {
            let mut case = generator.next_case(now, 1);
            case.fields.received_at = received_at;
            case.fields.department_id = None;
            (case.status, case.validity, case.void_reason, case.receiver) = (CaseStatus::Assessed, Some(Validity::Valid), None, agent);
            cases.push(case);
        }
        cases.sort_by_key(|c| c.fields.received_at);

        let clock = Arc::new(FixedClock::new(now));
        let mut walker = Walker { desk: self.on_clock(Box::new(clock.clone())), clock, cast: &cast, now, proposals: 0, waiting: 0 };
        for (i, case) in cases.into_iter().enumerate() {
            walker.walk(i, case)?;
        }
        Ok(count as u64)
    }

    /// Up to `n` times of receipt in working hours (8:00–20:00, Beijing)
    /// whose limit from receipt (答复 or 结案, under the organisation's
    /// domestic policy) falls due later today; none on a day nothing can
    /// fall due (a holiday under a working-day limit).
    fn receipts_due_today(&self, now: DateTime<Utc>, n: usize) -> Result<Vec<DateTime<Utc>>> {
        let policies = self.deadline_policies()?;
        let Some(policy) = crate::deadlines::choose_policy(&policies, self.organisation_type()?, None) else { return Ok(vec![]) };
        let Some(limit) = policy.limits.iter().find(|l| matches!(l.stage, DeadlineStage::Reply | DeadlineStage::Whole)).copied() else {
            return Ok(vec![]);
        };
        let calendar = self.calendar()?;
        let china = crate::numbering::china();
        let today = now.with_timezone(&china).date_naive();
        let mut found = Vec::new();
        let mut at = now - Duration::minutes(15);
        while found.len() < n && now - at < Duration::days(40) {
            let hour = at.with_timezone(&china).hour();
            let due = crate::deadlines::due(&calendar, at, limit);
            if (8..20).contains(&hour) && due > now && due.with_timezone(&china).date_naive() == today {
                found.push(at);
            }
            at -= Duration::minutes(37);
        }
        Ok(found)
    }

    /// The demo people, created with the demo password (one hash for all:
    /// argon2 takes a while, and these accounts guard nothing) and as their
    /// own creators, so none is asked to change it at sign-in. A person whose
    /// name or login is taken (the administrator may be called 李晓燕) is left out.
    fn demo_cast(&self, actor: &User, now: DateTime<Utc>) -> Result<Cast> {
        let departments = self.store().departments()?;
        let department_id = |name: &str| departments.iter().find(|d| d.name == name).map(|d| d.id);
        let accounts = self.store().accounts()?;
        let hash = hash_password(DEMO_PASSWORD)?;
        let mut agents = HashMap::new();
        let mut heads = HashMap::new();
        let mut approvers = BTreeMap::new();
        let mut accountant = None;
        for p in PEOPLE {
            if accounts.iter().any(|a| a.name == p.name || a.login.as_deref() == Some(p.login)) {
                continue;
            }
            let department = department_id(p.department);
            let user = self.store().insert_account(&AccountInsert {
                name: p.name.to_string(),
                login: p.login.to_string(),
                password_hash: hash.clone(),
                roles: p.roles.to_vec(),
                department_id: department,
                actor_id: None,
                first_admin: false,
                at: now,
            })?;
            if p.roles.contains(&Agent) && !p.heads {
                agents.insert(p.name, user.clone());
            }
            // A department that has a head keeps him; he handles its demo cases.
            if let (true, Some(dept)) = (p.heads, department) {
                if self.store().department_head(dept)?.is_none() {
                    self.set_department_head(actor, dept, user.id)?;
                }
            }
            if p.roles.contains(&Accounting) {
                accountant = Some(user.clone());
            }
            if let Some(level) = crate::authority::ApproverLevel::of(p.roles) {
                approvers.insert(level, user);
            }
        }
        for d in &departments {
            if let Some(head) = self.store().department_head(d.id)? {
                heads.insert(d.id, self.user(head)?);
            }
        }
        let any_agent = agents.values().min_by_key(|u| u.id).cloned().ok_or_else(|| AppError::new(ErrorCode::WrongState, "演示人员的名字或用户名都已被占用"))?;
        Ok(Cast { agents, any_agent, heads, approvers, accountant })
    }

    /// A few 分派规则 as a department would write them (unless it has its
    /// own already): the proposal at assessment comes from these, and the
    /// agent overrides it with a reason when the complaint belongs elsewhere.
    fn demo_routing_rules(&self, actor: &User) -> Result<()> {
        if !self.store().routing_rules()?.is_empty() {
            return Ok(());
        }
        let departments = self.store().departments()?;
        let rule = |department: &str, keywords: &[&str]| {
            departments.iter().find(|d| d.name == department).map(|d| RoutingRule {
                id: 0,
                nature: None,
                cause_type: None,
                channel: None,
                item_prefix: String::new(),
                keywords: keywords.iter().map(|k| k.to_string()).collect(),
                department_id: d.id,
                priority: 0,
                active: true,
            })
        };
        let rules = [
            rule("工程维修部", &["漏水", "渗水", "跳闸", "停电", "电梯"]),
            rule("保安部", &["停车", "门禁", "保安"]),
            rule("保洁部", &["垃圾", "异味", "卫生间"]),
        ];
        for r in rules.into_iter().flatten() {
            self.create_routing_rule(actor, r)?;
        }
        Ok(())
    }
}

/// Takes one demo case after another through its steps.
struct Walker<'a> {
    desk: Desk,
    clock: Arc<FixedClock>,
    cast: &'a Cast,
    now: DateTime<Utc>,
    /// Proposals made so far: every so often one is large enough for the
    /// 副总经理 or the 总经理.
    proposals: usize,
    /// Proposals left waiting for approval so far: the first is for the
    /// 副总经理 and the second for the 总经理, so each finds work in 待我审批.
    waiting: usize,
}

impl Walker<'_> {
    fn walk(&mut self, i: usize, demo: DemoCase) -> Result<()> {
        let d = &self.desk;
        let last = steps_to(demo.status);
        let times = schedule(demo.fields.received_at, last, self.now, PACE_PERCENT[i % PACE_PERCENT.len()]);
        let at = |step: usize| times[step.min(last)];
        let agent = self.cast.agents.get(demo.receiver).unwrap_or(&self.cast.any_agent).clone();

        self.clock.set(at(0));
        let mut fields = demo.fields.clone();
        fields.department_id = None;
        let case = d.register_case(&agent, NewCase { fields, related_case_id: None })?;
        if demo.status == CaseStatus::Voided {
            self.clock.set(at(0) + Duration::minutes(20));
            d.void_case(&agent, case.id, case.version, demo.void_reason.unwrap_or("重复登记"))?;
            return Ok(());
        }
        if last == 0 {
            return Ok(());
        }

        // 评估
        self.clock.set(at(1));
        let valid = demo.validity != Some(Validity::Invalid);
        let assessed = d.assess(
            &agent,
            case.id,
            case.version,
            Assessment {
                valid,
                nature: demo.fields.nature.or(Some(Nature::NonQuality)),
                cause_type: demo.fields.cause_type.or(Some(CauseType::Other)),
                severity: demo.fields.severity,
                malicious: demo.malicious,
                explanation: if valid { String::new() } else { INVALID_EXPLANATIONS[i % INVALID_EXPLANATIONS.len()].to_string() },
            },
        )?;
        let case = assessed.case;
        if !valid || last == 1 {
            return Ok(());
        }

        // 分派: to the demo's department, the rules' proposal when it has none;
        // overriding the proposal needs a reason, as at a real desk.
        let departments = d.departments()?;
        let wanted = demo.department.and_then(|name| departments.iter().find(|x| x.name == name)).map(|x| x.id);
        let Some(dept) = wanted.or(assessed.proposed_department_id).filter(|id| self.cast.heads.contains_key(id)) else {
            return Ok(());
        };
        let override_reason = |proposed: Option<i64>| if proposed.is_some_and(|p| p != dept) { "按投诉实际内容改派" } else { "" };
        self.clock.set(at(2));
        let mut case = case;
        // Now and then the case first goes to the wrong department, which returns it.
        let wrong = departments.iter().map(|x| x.id).find(|id| *id != dept && self.cast.heads.contains_key(id) && i % 9 == 4);
        if let (Some(wrong), true) = (wrong, last >= 3) {
            let reason = if assessed.proposed_department_id.is_some_and(|p| p != wrong) { "客户反映涉及该部门，先请其核实" } else { "" };
            case = d.route(&agent, case.id, case.version, wrong, reason)?;
            self.clock.set(at(2) + Duration::minutes(25));
            case = d.return_routing(&self.cast.heads[&wrong], case.id, case.version, "经核实不属本部门职责，请改派")?;
            self.clock.set(at(2) + Duration::minutes(40));
            case = d.route(&agent, case.id, case.version, dept, "原部门退回，改派责任部门")?;
        } else {
            case = d.route(&agent, case.id, case.version, dept, override_reason(assessed.proposed_department_id))?;
        }
        if last == 2 {
            return Ok(());
        }
        let head = self.cast.heads[&dept].clone();

        // 接收分派, 调查
        self.clock.set(at(3));
        case = d.accept_routing(&head, case.id, case.version)?;
        if last == 3 {
            // Half of the cases under investigation already have their findings.
            if i % 2 == 0 {
                self.clock.set(at(3) + Duration::minutes(90));
                d.record_investigation(&head, case.id, case.version, investigation(&demo, dept, at(3)))?;
            }
            return Ok(());
        }
        self.clock.set(at(4));
        case = d.record_investigation(&head, case.id, case.version, investigation(&demo, dept, at(4)))?;

        // 方案, and its approval by the level the amount needs.
        self.proposals += 1;
        let size = if last == 5 {
            self.waiting += 1;
            match self.waiting {
                1 => Size::ViceGm,
                2 => Size::Gm,
                _ => Size::by_turn(self.proposals),
            }
        } else {
            Size::by_turn(self.proposals)
        };
        let proposal = proposal(&demo, size);
        self.clock.set(at(5));
        case = d.propose(&head, case.id, case.version, proposal.clone())?;
        if last == 5 {
            return Ok(());
        }
        // The lowest level that may decide the amount, and never the proposer
        // himself (a head who is also an approver goes to the level above).
        let approver = |case: &Case| -> Result<User> {
            let level = d.resolution(case.id)?.map(|r| r.required_level).unwrap_or(crate::authority::ApproverLevel::SalesManager);
            self.cast
                .approvers
                .range(level..)
                .map(|(_, user)| user)
                .find(|user| user.id != head.id)
                .cloned()
                .ok_or_else(|| AppError::new(ErrorCode::WrongState, "演示数据缺少审批人"))
        };
        self.clock.set(at(6));
        if i % 11 == 7 {
            // Sent back once for more evidence, then proposed again.
            case = d.send_back(&approver(&case)?, case.id, case.version, "请补充客户损失凭证后再报")?;
            self.clock.set(at(6) + Duration::minutes(60));
            case = d.propose(&head, case.id, case.version, proposal)?;
            self.clock.set(at(6) + Duration::minutes(120));
        }
        case = d.approve(&approver(&case)?, case.id, case.version, APPROVAL_COMMENTS[i % APPROVAL_COMMENTS.len()], true)?;
        // The agent issues the certificate the approved amount is paid on, if any.
        let certificate = self.issue_certificate(&agent, &case)?;
        if last == 6 {
            return Ok(());
        }

        // 答复客户: now and then the customer does not accept, and a second round opens.
        self.clock.set(at(7));
        let rejected = demo.status == CaseStatus::Closed && i % 17 == 5;
        let answer = CustomerAnswer {
            accepted: !rejected,
            note: if rejected {
                "客户认为补偿金额偏低，不接受此方案，要求重新核定".to_string()
            } else {
                format!("已电话告知客户处理方案：{}。客户表示接受。", ANSWERS[i % ANSWERS.len()])
            },
        };
        let answered = d.answer(&agent, case.id, case.version, answer)?;
        if rejected || last == 7 {
            return Ok(());
        }
        case = answered.case;

        // 执行, 回访, 结案
        self.clock.set(at(8));
        case = d.execute(&head, case.id, case.version, EXECUTIONS[i % EXECUTIONS.len()])?;
        // Paid out with the execution: 会计科 books it 已付, and 已核销 once the case closes.
        self.book(certificate, LedgerMark::Paid, at(8), i)?;
        if last == 8 {
            return Ok(());
        }
        self.clock.set(at(9));
        let satisfaction = [Satisfaction::Satisfied, Satisfaction::Satisfied, Satisfaction::FairlySatisfied, Satisfaction::Unsatisfied][i % 4];
        let visit = FollowUp {
            visited_at: at(9) - Duration::minutes(30),
            method: if i % 5 == 0 { VisitMethod::InPerson } else { VisitMethod::Phone },
            satisfaction,
            remarks: FOLLOW_UP_REMARKS[i % FOLLOW_UP_REMARKS.len()].to_string(),
        };
        case = d.follow_up(&agent, case.id, case.version, visit)?;
        if last == 9 {
            return Ok(());
        }
        self.clock.set(at(10));
        d.close(&agent, case.id, case.version, "方案已执行，客户回访确认，案件结案；整改措施已纳入部门月度检查。")?;
        self.book(certificate, LedgerMark::WrittenOff, at(10), i)?;
        Ok(())
    }

    /// The first certificate the approval allows (its kind by the
    /// organisation and the resolution), issued by the case's agent.
    fn issue_certificate(&self, agent: &User, case: &Case) -> Result<Option<i64>> {
        let offered = self.desk.case_documents(agent, case.id)?.issuable;
        let Some(kind) = offered.into_iter().find(|k| {
            matches!(k, DocumentKind::AllowanceCertificate | DocumentKind::RefundCertificate | DocumentKind::ReturnSlip)
        }) else {
            return Ok(None);
        };
        let request = DocumentRequest { kind, case_id: Some(case.id), reminder_id: None, query: None, filter_text: String::new() };
        Ok(Some(self.desk.issue_document(agent, request)?.id))
    }

    /// 会计科 books a certificate against a voucher dated `at`.
    fn book(&self, certificate: Option<i64>, mark: LedgerMark, at: DateTime<Utc>, i: usize) -> Result<()> {
        let (Some(document_id), Some(accountant)) = (certificate, &self.cast.accountant) else { return Ok(()) };
        let voucher_date = at.with_timezone(&crate::numbering::china()).date_naive().to_string();
        let voucher_no = format!("{}-{:04}", if mark == LedgerMark::Paid { "付" } else { "转" }, i + 1);
        self.desk.mark_ledger(accountant, crate::ledger::LedgerMarkInput { document_id, mark, voucher_no, voucher_date })?;
        Ok(())
    }
}

/// 调查: a cause and measures fitting the complaint's nature, the
/// responsible department, and a corrective action due two weeks on.
fn investigation(demo: &DemoCase, dept: i64, at: DateTime<Utc>) -> Investigation {
    let quality = demo.fields.nature == Some(Nature::Quality);
    let (cause, measures, action) = if quality {
        ("来料检验抽样不足，批次不良未被拦截", "整批复检，不良品退换，追溯同批次出货", "来料检验加严一级，连续三批合格后恢复")
    } else {
        ("现场人员未按服务规范执行，处理不及时", "向客户致歉并说明处理方案，当班人员再培训", "修订服务规范并每周抽查执行情况")
    };
    let due = (at + Duration::days(14)).with_timezone(&crate::numbering::china()).date_naive();
    Investigation {
        cause_analysis: cause.to_string(),
        measures: measures.to_string(),
        responsibilities: vec![Responsibility { department_id: dept, person: String::new(), ratio_percent: 100 }],
        actions: vec![CorrectiveAction { kind: ActionKind::Corrective, description: action.to_string(), owner: "部门负责人".to_string(), due_date: due }],
    }
}

/// Whose authority a demo proposal's amount falls in.
#[derive(Clone, Copy)]
enum Size {
    Usual,
    ViceGm,
    Gm,
}

impl Size {
    /// Every seventh proposal is one for the 总经理 and every fifth one for the 副总经理.
    fn by_turn(n: usize) -> Size {
        match n {
            _ if n % 7 == 3 => Size::Gm,
            _ if n % 5 == 1 => Size::ViceGm,
            _ => Size::Usual,
        }
    }

    fn amount_fen(self) -> Option<i64> {
        match self {
            Size::Usual => None,
            Size::ViceGm => Some(120_000 * 100),
            Size::Gm => Some(180_000 * 100),
        }
    }
}

/// 方案: a return of the defective goods for a manufacturing case, otherwise
/// compensation of what the customer claimed (or a modest amount).
fn proposal(demo: &DemoCase, size: Size) -> Proposal {
    let f = &demo.fields;
    let large = size.amount_fen();
    let n = f.received_at.timestamp() as i64;
    let line = if !f.order_no.is_empty() {
        let quantity = f.defective_quantity.or(f.quantity).unwrap_or(100).clamp(1, 5_000);
        let unit_price_fen = match large {
            Some(total) => (total / quantity).max(1),
            None => 3_000,
        };
        ResolutionLine { kind: ResolutionType::Return, quantity, unit_price_fen, amount_fen: 0, transport_fen: 0, note: "不良品整批退回".to_string() }
    } else {
        let amount_fen = large.or(f.claim_amount_fen).unwrap_or(50_000 + n.rem_euclid(9) * 20_000);
        ResolutionLine { kind: ResolutionType::Compensation, quantity: 0, unit_price_fen: 0, amount_fen, transport_fen: 0, note: "赔偿客户损失".to_string() }
    };
    Proposal { lines: vec![line], opinion: "经调查责任属实，建议按上述方案处理".to_string() }
}

const INVALID_EXPLANATIONS: &[&str] = &[
    "经核实，所述问题不属本公司责任范围，已向客户解释",
    "客户反映的情况与现场记录不符，已出示记录并解释",
    "已超过保修期限，按规定不予受理，已告知客户可付费维修",
];

const APPROVAL_COMMENTS: &[&str] = &["同意", "同意，请尽快答复客户", "同意按部门意见处理", ""];

const ANSWERS: &[&str] = &["按方案赔偿并致歉", "安排维修并减免当月费用", "退换货品并承担运费"];

const EXECUTIONS: &[&str] = &["已按方案完成赔付，凭证交会计科", "维修已完成，客户签字确认", "退换货已办结，物流单号已告知客户"];

const FOLLOW_UP_REMARKS: &[&str] = &["客户对处理结果满意", "客户认可处理，希望今后加强管理", "客户表示问题已解决", "客户仍有抱怨，已再次致歉"];
