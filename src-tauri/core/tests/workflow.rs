//! The case workflow as the desk lives it: 评估 → 分派 → 接收 → 调查 → 方案
//! → 审批, each step by the person whose job it is, each in the timeline,
//! and every refusal leaving the case exactly as it was.

mod common;

use common::office::*;
use common::*;
use complaintdesk_core::authority::{ApproverLevel, Thresholds};
use complaintdesk_core::codes::*;
use complaintdesk_core::model::*;
use complaintdesk_core::routing::RoutingRule;
use complaintdesk_core::ErrorCode;

#[test]
fn a_quality_complaint_goes_from_registration_to_the_vice_gms_approval() {
    let o = office();
    let d = &o.t.desk;

    // The agent registers and assesses it; the rules propose 业务部.
    let case = pcb_case(&o);
    let assessed = d.assess(&o.agent, case.id, case.version, valid_quality()).unwrap();
    assert_eq!(assessed.proposed_department_id, Some(SALES_DEPT));
    let case = assessed.case;
    assert_eq!((case.status, case.validity, case.fields.nature), (CaseStatus::Assessed, Some(Validity::Valid), Some(Nature::Quality)));
    assert_eq!(case.fields.severity, Severity::Important);

    // Sending it elsewhere needs a reason; following the proposal does not.
    let no_reason = d.route(&o.agent, case.id, case.version, QUALITY_DEPT, " ").unwrap_err();
    assert_eq!((no_reason.field.as_deref(), no_reason.message.as_str()), (Some("reason"), "请填写改派原因"));
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    assert_eq!((case.status, case.department_name.as_deref()), (CaseStatus::Routed, Some("业务部")));
    let routes = d.case_routes(case.id).unwrap();
    assert_eq!(routes.len(), 1);
    assert_eq!((routes[0].department_id, routes[0].proposed_department_id, routes[0].actor_name.as_str()), (SALES_DEPT, Some(SALES_DEPT), "张敏"));

    // It is in 业务部's inbox, not in 质量管理部's.
    let inbox = d.department_cases(SALES_DEPT, &CaseQuery::default()).unwrap();
    assert_eq!(inbox.rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![case.id]);
    assert_eq!(d.department_cases(QUALITY_DEPT, &CaseQuery::default()).unwrap().total, 0);

    // The head of 业务部 accepts it: investigation begins.
    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    assert_eq!(case.status, CaseStatus::Investigating);

    // Responsibility must add up to 100%.
    let short = d.record_investigation(&o.head, case.id, case.version, investigation(&[(SALES_DEPT, "陈刚", 60), (QUALITY_DEPT, "", 30)])).unwrap_err();
    assert_eq!((short.field.as_deref(), short.message.as_str()), (Some("responsibilities"), "责任比例合计须为 100%（现为 90%）"));
    assert_eq!(d.investigation(case.id).unwrap(), None, "nothing was saved");
    let case = d
        .record_investigation(&o.head, case.id, case.version, investigation(&[(SALES_DEPT, "陈刚", 60), (QUALITY_DEPT, "", 40)]))
        .unwrap();
    assert_eq!(case.status, CaseStatus::Investigating, "still open for more findings");
    let saved = d.investigation(case.id).unwrap().unwrap();
    assert_eq!(saved.responsibilities, vec![share(SALES_DEPT, "陈刚", 60), share(QUALITY_DEPT, "", 40)]);
    assert_eq!(saved.actions[0].owner, "制造部 孙伟");

    // The head proposes ¥120,000.00 compensation.
    let case = d.propose(&o.head, case.id, case.version, compensation(120_000)).unwrap();
    assert_eq!(case.status, CaseStatus::Proposed);
    let resolution = d.resolution(case.id).unwrap().unwrap();
    assert_eq!((resolution.offered_fen, resolution.loss_fen), (120_000 * YUAN, 120_000 * YUAN));
    assert_eq!((resolution.required_level, resolution.proposer_name.as_str()), (ApproverLevel::ViceGm, "陈刚"));
    assert_eq!(resolution.line_loss_fen, vec![120_000 * YUAN], "each line's loss, for the screens");
    assert_eq!(d.case_workflow(&o.head, case.id).unwrap().resolution.unwrap().line_loss_fen, vec![120_000 * YUAN]);

    // Beyond the 业务部门经理's authority: refused, and not in his queue.
    let refused = d.approve(&o.sales_manager, case.id, case.version, "同意", true).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(refused.message.contains("副总经理"), "{}", refused.message);
    assert!(d.approval_queue(&o.sales_manager).unwrap().is_empty());
    assert_eq!(d.case(case.id).unwrap().version, case.version);

    // The 副总经理 finds it in his queue with the opinion and the amounts, and approves.
    let queue = d.approval_queue(&o.vice_gm).unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].resolution.line_loss_fen, vec![120_000 * YUAN]);
    assert_eq!((queue[0].case.id, queue[0].case.case_no.as_str()), (case.id, case.case_no.as_str()));
    assert_eq!(queue[0].resolution.opinion, "责任在我方，同意按客户实际损失赔偿");
    assert_eq!(queue[0].resolution.offered_fen, 120_000 * YUAN);
    let case = d.approve(&o.vice_gm, case.id, case.version, "同意赔偿", true).unwrap();
    assert_eq!(case.status, CaseStatus::Approved);
    assert!(d.approval_queue(&o.vice_gm).unwrap().is_empty(), "decided cases leave the queue");
    let approvals = d.approvals(case.id).unwrap();
    assert_eq!(approvals.len(), 1);
    assert_eq!(
        (approvals[0].approver_name.as_str(), approvals[0].decision, approvals[0].comment.as_str(), approvals[0].required_level),
        ("周杰", ApprovalDecision::Approved, "同意赔偿", ApproverLevel::ViceGm)
    );

    // Every step is in the timeline, in order, with who took it.
    assert_eq!(
        timeline(&o, case.id),
        vec![
            "register by 张敏".to_string(),
            "assess status: registered → assessed by 张敏".into(),
            "assess validity:  → valid by 张敏".into(),
            "assess nature:  → quality by 张敏".into(),
            "assess causeType:  → product by 张敏".into(),
            "assess severity: normal → important by 张敏".into(),
            "route status: assessed → routed by 张敏".into(),
            format!("route departmentId:  → {SALES_DEPT} by 张敏"),
            "accept_routing status: routed → investigating by 陈刚".into(),
            "investigate causeAnalysis:  → 阻焊前处理微蚀不足，附着力下降 by 陈刚".into(),
            "investigate measures:  → 整批退回重做，赔偿停线损失 by 陈刚".into(),
            format!("investigate responsibilities:  → {SALES_DEPT}:陈刚:60;{QUALITY_DEPT}::40 by 陈刚"),
            "investigate actions:  → corrective:微蚀线增加每班两次附着力测试:制造部 孙伟:2026-12-15 by 陈刚".into(),
            "propose status: investigating → proposed by 陈刚".into(),
            "propose offeredFen:  → 12000000 by 陈刚".into(),
            "propose lossFen:  → 12000000 by 陈刚".into(),
            "propose requiredLevel:  → vice_gm by 陈刚".into(),
            "approve status: proposed → approved by 周杰".into(),
        ]
    );
}

#[test]
fn nobody_approves_his_own_proposal_nor_sees_it_in_his_queue() {
    let o = office();
    // 赵丽 heads 质量管理部 and is also 总经理 in this small company.
    o.t.desk.update_user_roles(&o.admin, o.quality_head.id, &[Role::DeptHead, Role::Quality, Role::Gm]).unwrap();
    let case = proposed_case(&o, 8_000, &o.quality_head);
    assert!(o.t.desk.approval_queue(&o.quality_head).unwrap().is_empty());
    let own = o.t.desk.approve(&o.quality_head, case.id, case.version, "", true).unwrap_err();
    assert_eq!((own.code, own.message.as_str()), (ErrorCode::Forbidden, "不能审批自己提出的方案"));
    // The 业务部门经理 may approve ¥8,000.00, and so may anyone above him.
    assert_eq!(o.t.desk.approval_queue(&o.sales_manager).unwrap().len(), 1);
    assert_eq!(o.t.desk.approval_queue(&o.vice_gm).unwrap().len(), 1);
    let case = o.t.desk.approve(&o.sales_manager, case.id, case.version, "", true).unwrap();
    assert_eq!(case.status, CaseStatus::Approved);
}

#[test]
fn an_approval_above_the_admins_amount_is_confirmed_a_second_time() {
    let o = office();
    let d = &o.t.desk;
    assert_eq!(d.thresholds().unwrap().confirm_above_fen, 10_000 * YUAN, "¥10,000.00 unless the admin sets another");

    // ¥12,000.00: unconfirmed, the approval is refused with the amount, and nothing is written.
    let case = proposed_case(&o, 12_000, &o.head);
    let lines = timeline(&o, case.id).len();
    let refused = d.approve(&o.sales_manager, case.id, case.version, "同意", false).unwrap_err();
    assert_eq!(refused.code, ErrorCode::ConfirmationNeeded);
    assert!(refused.message.contains("¥12,000.00") && refused.message.contains("¥10,000.00"), "{}", refused.message);
    assert_eq!((d.case(case.id).unwrap().status, timeline(&o, case.id).len()), (CaseStatus::Proposed, lines));
    // Confirmed, it is approved.
    let approved = d.approve(&o.sales_manager, case.id, case.version, "同意", true).unwrap();
    assert_eq!(approved.status, CaseStatus::Approved);

    // ¥10,000.00 itself needs no second look. The approver sees the customer's earlier case beside it.
    let first = approved;
    let case = proposed_case(&o, 10_000, &o.head);
    let history = d.case_workflow(&o.sales_manager, case.id).unwrap().customer_cases;
    assert_eq!(history.iter().map(|r| (r.case_no.as_str(), r.status)).collect::<Vec<_>>(), vec![(first.case_no.as_str(), CaseStatus::Approved)]);
    assert_eq!(d.approve(&o.sales_manager, case.id, case.version, "", false).unwrap().status, CaseStatus::Approved);

    // The admin lowers the amount to ¥5,000.00: ¥8,000.00 now asks too. Sending back never asks.
    let lower = Thresholds { confirm_above_fen: 5_000 * YUAN, ..d.thresholds().unwrap() };
    d.set_thresholds(&o.admin, lower).unwrap();
    let case = proposed_case(&o, 8_000, &o.head);
    assert_eq!(d.approve(&o.sales_manager, case.id, case.version, "", false).unwrap_err().code, ErrorCode::ConfirmationNeeded);
    assert_eq!(d.send_back(&o.sales_manager, case.id, case.version, "请补充运费凭证").unwrap().status, CaseStatus::Investigating);
    let negative = Thresholds { confirm_above_fen: -1, ..d.thresholds().unwrap() };
    assert_eq!(d.set_thresholds(&o.admin, negative).unwrap_err().field.as_deref(), Some("confirmAboveFen"));
}

#[test]
fn the_queue_is_oldest_first_and_holds_only_what_the_approver_may_decide() {
    let o = office();
    let small = proposed_case(&o, 5_000, &o.head);
    o.t.clock.set(o.t.clock.now() + chrono::Duration::hours(1));
    let large = proposed_case(&o, 140_000, &o.head);
    o.t.clock.set(o.t.clock.now() + chrono::Duration::hours(1));
    let huge = proposed_case(&o, 160_000, &o.head);
    let ids = |u: &User| o.t.desk.approval_queue(u).unwrap().into_iter().map(|i| i.case.id).collect::<Vec<_>>();
    assert_eq!(ids(&o.sales_manager), vec![small.id]);
    assert_eq!(ids(&o.vice_gm), vec![small.id, large.id]);
    assert!(ids(&o.agent).is_empty(), "not an approver");
    assert_eq!(o.t.desk.resolution(huge.id).unwrap().unwrap().required_level, ApproverLevel::Gm);
}

#[test]
fn a_sent_back_proposal_returns_to_the_department_with_the_comment() {
    let o = office();
    let case = proposed_case(&o, 120_000, &o.head);
    // Sending back needs a comment and the authority to decide the amount.
    let no_comment = o.t.desk.send_back(&o.vice_gm, case.id, case.version, "  ").unwrap_err();
    assert_eq!((no_comment.field.as_deref(), no_comment.message.as_str()), (Some("comment"), "请填写退回意见"));
    let not_approver = o.t.desk.send_back(&o.head, case.id, case.version, "再议").unwrap_err();
    assert_eq!(not_approver.code, ErrorCode::Forbidden);
    let case = o.t.desk.send_back(&o.vice_gm, case.id, case.version, "赔偿金额依据不足，请附损失清单").unwrap();
    assert_eq!(case.status, CaseStatus::Investigating);
    let approvals = o.t.desk.approvals(case.id).unwrap();
    assert_eq!((approvals[0].decision, approvals[0].comment.as_str()), (ApprovalDecision::SentBack, "赔偿金额依据不足，请附损失清单"));
    let last = o.t.desk.case_timeline(case.id).unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.reason.as_deref()), ("send_back", Some("赔偿金额依据不足，请附损失清单")));
    // The department revises and proposes again; the new proposal is the one waiting.
    let case = o.t.desk.propose(&o.head, case.id, case.version, compensation(90_000)).unwrap();
    let queue = o.t.desk.approval_queue(&o.sales_manager).unwrap();
    assert_eq!((queue.len(), queue[0].resolution.offered_fen), (1, 90_000 * YUAN));
    assert_eq!(o.t.desk.approve(&o.sales_manager, case.id, case.version, "", true).unwrap().status, CaseStatus::Approved);
}

/// 首问负责制: the agent who received a case owns it until it closes. Another
/// agent cannot take his steps, edit or void it; the head of his department
/// and an admin can; a department's people edit it while it is with them.
#[test]
fn the_receiving_agent_owns_his_case_until_it_closes() {
    let o = office();
    let d = &o.t.desk;
    let other_agent = person(&o.t, &o.admin, "黄蓉", "huangrong", &[Role::Agent], Some(1));
    let cs_head = person(&o.t, &o.admin, "吴芳", "wufang", &[Role::Agent, Role::DeptHead], Some(1));
    d.set_department_head(&o.admin, 1, cs_head.id).unwrap();
    let case = pcb_case(&o);
    let audit = timeline(&o, case.id);

    let assess = d.assess(&other_agent, case.id, case.version, valid_quality()).unwrap_err();
    assert_eq!(assess.code, ErrorCode::Forbidden);
    assert!(assess.message.contains("首问负责制") && assess.message.contains("张敏"), "{}", assess.message);
    let mut fields = case.fields.clone();
    fields.customer_request = "改一下".into();
    let edit = d.update_case(&other_agent, CaseEdit { id: case.id, version: case.version, fields: fields.clone(), severity_reason: None }).unwrap_err();
    assert_eq!(edit.code, ErrorCode::Forbidden);
    assert_eq!(d.void_case(&other_agent, case.id, case.version, "重复登记").unwrap_err().code, ErrorCode::Forbidden);
    assert!(d.case_workflow(&other_agent, case.id).unwrap().actions.is_empty());
    assert_eq!(timeline(&o, case.id), audit, "nothing written");

    // The head of 客服部 stands in for his agent.
    let case = d.assess(&cs_head, case.id, case.version, valid_quality()).unwrap().case;
    assert_eq!(case.status, CaseStatus::Assessed);
    // 业务部 edits the case while it is with them, but not what the assessment decided.
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    let mut fields = case.fields.clone();
    fields.sample_note = "样品已寄回".into();
    let case = d.update_case(&o.head, CaseEdit { id: case.id, version: case.version, fields, severity_reason: None }).unwrap();
    assert_eq!(case.fields.sample_note, "样品已寄回");
    let mut fields = case.fields.clone();
    fields.severity = Severity::Normal;
    let downgrade = d.update_case(&o.head, CaseEdit { id: case.id, version: case.version, fields, severity_reason: None }).unwrap_err();
    assert_eq!((downgrade.code, downgrade.field.as_deref()), (ErrorCode::Forbidden, Some("severity")));
    for (field, change) in [
        ("nature", (|f: &mut CaseFields| f.nature = Some(Nature::NonQuality)) as fn(&mut CaseFields)),
        ("causeType", |f: &mut CaseFields| f.cause_type = Some(CauseType::Service)),
    ] {
        let mut fields = case.fields.clone();
        change(&mut fields);
        let refused = d.update_case(&o.head, CaseEdit { id: case.id, version: case.version, fields, severity_reason: None }).unwrap_err();
        assert_eq!((refused.code, refused.field.as_deref()), (ErrorCode::Forbidden, Some(field)));
    }
    // 业务部 does not void it; the receiver's head does, with a reason.
    assert_eq!(d.void_case(&o.head, case.id, case.version, "重复登记").unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.void_case(&cs_head, case.id, case.version, "客户撤回投诉").unwrap().status, CaseStatus::Voided);
    // And so may the admin.
    let other = pcb_case(&o);
    assert_eq!(d.void_case(&o.admin, other.id, other.version, "客户撤回投诉").unwrap().status, CaseStatus::Voided);
}

/// Taking a case down from 严重/危机 takes it off the managers' crisis
/// alerts: it needs a reason, which the timeline keeps with the change.
#[test]
fn a_downgrade_from_critical_needs_a_reason_kept_on_the_timeline() {
    let o = office();
    let d = &o.t.desk;
    let case = pcb_case(&o);
    let mut fields = case.fields.clone();
    fields.severity = Severity::Critical;
    let case = d.update_case(&o.agent, CaseEdit { id: case.id, version: case.version, fields, severity_reason: None }).unwrap();
    assert_eq!(d.crisis_alerts(&o.vice_gm).unwrap().len(), 1);

    let mut fields = case.fields.clone();
    fields.severity = Severity::Normal;
    let edit = |reason: Option<&str>| CaseEdit { id: case.id, version: case.version, fields: fields.clone(), severity_reason: reason.map(String::from) };
    let asked = d.update_case(&o.agent, edit(None)).unwrap_err();
    assert_eq!(asked.field.as_deref(), Some("severityReason"));
    assert!(asked.message.contains("请说明原因"), "{}", asked.message);
    assert_eq!(d.update_case(&o.agent, edit(Some("  "))).unwrap_err().field.as_deref(), Some("severityReason"));
    assert_eq!(d.case(case.id).unwrap().fields.severity, Severity::Critical, "nothing written");

    let down = d.update_case(&o.agent, edit(Some("客户已撤回媒体投诉，按一般处理"))).unwrap();
    assert_eq!(down.fields.severity, Severity::Normal);
    let line = d.case_timeline(case.id).unwrap().into_iter().rev().find(|a| a.field.as_deref() == Some("severity")).unwrap();
    assert_eq!((line.old_value.as_deref(), line.new_value.as_deref()), (Some("critical"), Some("normal")));
    assert_eq!(line.reason.as_deref(), Some("客户已撤回媒体投诉，按一般处理"));
    assert!(d.crisis_alerts(&o.vice_gm).unwrap().is_empty());
}

/// 转交: the receiving agent hands his case to another agent as a recorded
/// act; the new agent owns it from then on.
#[test]
fn a_case_is_handed_to_another_agent_and_the_timeline_says_so() {
    let o = office();
    let d = &o.t.desk;
    let other_agent = person(&o.t, &o.admin, "黄蓉", "huangrong", &[Role::Agent], Some(1));
    let case = pcb_case(&o);
    let audit = timeline(&o, case.id);
    let no_reason = d.transfer(&o.agent, case.id, case.version, other_agent.id, " ").unwrap_err();
    assert_eq!(no_reason.field.as_deref(), Some("reason"));
    let not_agent = d.transfer(&o.agent, case.id, case.version, o.head.id, "休假").unwrap_err();
    assert_eq!(not_agent.field.as_deref(), Some("toUserId"));
    let not_his = d.transfer(&other_agent, case.id, case.version, other_agent.id, "我来跟").unwrap_err();
    assert_eq!(not_his.code, ErrorCode::Forbidden);
    assert_eq!(timeline(&o, case.id), audit, "refusals write nothing");
    assert!(d.case_workflow(&o.agent, case.id).unwrap().actions.contains(&CaseAction::Transfer));

    let moved = d.transfer(&o.agent, case.id, case.version, other_agent.id, "张敏休假，由黄蓉跟进").unwrap();
    assert_eq!((moved.receiver_id, moved.receiver_name.as_str()), (other_agent.id, "黄蓉"));
    assert_eq!((moved.handler_id, moved.status), (other_agent.id, CaseStatus::Registered));
    let last = d.case_timeline(case.id).unwrap().into_iter().filter(|a| a.action == "transfer").collect::<Vec<_>>();
    assert_eq!(last[0].actor_name, "张敏");
    assert_eq!(last[0].reason.as_deref(), Some("张敏休假，由黄蓉跟进"));
    // Now 黄蓉 owns it and 张敏 no longer does.
    assert_eq!(d.assess(&o.agent, case.id, moved.version, valid_quality()).unwrap_err().code, ErrorCode::Forbidden);
    let assessed = d.assess(&other_agent, case.id, moved.version, valid_quality()).unwrap().case;
    assert_eq!(assessed.status, CaseStatus::Assessed);

    // The receiver's head and the admin hand it on too; each act is on the timeline.
    let cs_head = person(&o.t, &o.admin, "吴芳", "wufang", &[Role::Agent, Role::DeptHead], Some(1));
    d.set_department_head(&o.admin, 1, cs_head.id).unwrap();
    let back = d.transfer(&cs_head, case.id, assessed.version, o.agent.id, "黄蓉调岗").unwrap();
    assert_eq!(back.receiver_id, o.agent.id);
    let again = d.transfer(&o.admin, case.id, back.version, other_agent.id, "按排班调整").unwrap();
    assert_eq!(again.receiver_id, other_agent.id);
    // (A transfer writes a line for the receiver and one for the handler.)
    let mut by: Vec<String> = d.case_timeline(case.id).unwrap().into_iter().filter(|a| a.action == "transfer").map(|a| a.actor_name).collect();
    by.dedup();
    assert_eq!(by, ["张敏", "吴芳", o.admin.name.as_str()]);
}

/// Switching off an agent with open cases asks who takes them; the answer
/// hands every one over (on its timeline) in the same write.
#[test]
fn deactivating_an_agent_asks_who_takes_his_open_cases() {
    let o = office();
    let d = &o.t.desk;
    let successor = person(&o.t, &o.admin, "黄蓉", "huangrong", &[Role::Agent], Some(1));
    let first = pcb_case(&o);
    let second = pcb_case(&o);
    let closed = {
        let c = pcb_case(&o);
        let invalid = Assessment { valid: false, malicious: false, explanation: "非本公司产品".into(), ..valid_quality() };
        d.assess(&o.agent, c.id, c.version, invalid).unwrap().case
    };
    assert_eq!(closed.status, CaseStatus::Closed);

    let asked = d.set_user_active(&o.admin, o.agent.id, false, None).unwrap_err();
    assert_eq!(asked.field.as_deref(), Some("successorId"));
    assert!(asked.message.contains("还有 2 件未结案件"), "{}", asked.message);
    let not_an_agent = d.set_user_active(&o.admin, o.agent.id, false, Some(o.head.id)).unwrap_err();
    assert_eq!(not_an_agent.field.as_deref(), Some("successorId"));
    assert!(d.is_active(o.agent.id).unwrap(), "nothing changed");
    assert_eq!(d.case(first.id).unwrap().receiver_id, o.agent.id);

    let off = d.set_user_active(&o.admin, o.agent.id, false, Some(successor.id)).unwrap();
    assert!(!off.active);
    for id in [first.id, second.id] {
        let case = d.case(id).unwrap();
        assert_eq!((case.receiver_name.as_str(), case.handler_name.as_str()), ("黄蓉", "黄蓉"));
        let handed = d.case_timeline(id).unwrap().into_iter().find(|a| a.action == "transfer").expect("a 转交 line");
        assert_eq!(handed.actor_name, "王强");
        assert_eq!(handed.reason.as_deref(), Some("张敏 停用，案件转交 黄蓉"));
    }
    assert_eq!(d.case(closed.id).unwrap().receiver_name, "张敏", "a closed case keeps its receiver");
}

/// 退回方案 is a decision: a 业务部门经理 cannot send back a ¥135,000
/// proposal that only a 副总经理 may decide, nor is it shown to him as his
/// to send back; it stays waiting for the 副总经理.
#[test]
fn only_who_may_decide_the_amount_sends_a_proposal_back() {
    let o = office();
    let d = &o.t.desk;
    let case = proposed_case(&o, 135_000, &o.head);
    let refused = d.send_back(&o.sales_manager, case.id, case.version, "金额过高，请重议").unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(refused.message.contains("副总经理"), "{}", refused.message);
    let manager_sees = d.case_workflow(&o.sales_manager, case.id).unwrap().actions;
    assert!(!manager_sees.contains(&CaseAction::SendBack), "{manager_sees:?}");
    assert_eq!(d.case(case.id).unwrap().status, CaseStatus::Proposed, "nothing written");
    let queue = d.approval_queue(&o.vice_gm).unwrap();
    assert_eq!(queue.iter().map(|q| q.case.id).collect::<Vec<_>>(), vec![case.id]);
    assert!(d.case_workflow(&o.vice_gm, case.id).unwrap().actions.contains(&CaseAction::SendBack));
    assert_eq!(d.send_back(&o.vice_gm, case.id, case.version, "金额过高，请重议").unwrap().status, CaseStatus::Investigating);
}

#[test]
fn an_invalid_complaint_is_explained_and_closed() {
    let o = office();
    let case = pcb_case(&o);
    let invalid = Assessment { valid: false, malicious: true, explanation: " ".into(), ..valid_quality() };
    let missing = o.t.desk.assess(&o.agent, case.id, case.version, invalid.clone()).unwrap_err();
    assert_eq!((missing.field.as_deref(), missing.message.as_str()), (Some("explanation"), "请填写无效原因说明"));
    let explained = Assessment { explanation: "该批板材非本公司出货，已向客户说明".into(), ..invalid };
    let done = o.t.desk.assess(&o.agent, case.id, case.version, explained).unwrap();
    assert_eq!((done.case.status, done.case.validity, done.case.malicious), (CaseStatus::Closed, Some(Validity::Invalid), true));
    assert_eq!(done.proposed_department_id, None);
    let status_line = &o.t.desk.case_timeline(case.id).unwrap()[1];
    assert_eq!((status_line.new_value.as_deref(), status_line.reason.as_deref()), (Some("closed"), Some("该批板材非本公司出货，已向客户说明")));
}

#[test]
fn the_department_head_returns_a_case_that_is_not_his_departments() {
    let o = office();
    let d = &o.t.desk;
    let case = pcb_case(&o);
    let case = d.assess(&o.agent, case.id, case.version, valid_quality()).unwrap().case;
    let case = d.route(&o.agent, case.id, case.version, QUALITY_DEPT, "涉及阻焊工艺，由质量管理部主导").unwrap();
    assert_eq!(d.case_routes(case.id).unwrap()[0].reason, "涉及阻焊工艺，由质量管理部主导");
    // 陈刚 heads 业务部, not 质量管理部.
    let not_his = d.accept_routing(&o.head, case.id, case.version).unwrap_err();
    assert_eq!((not_his.code, not_his.message.as_str()), (ErrorCode::Forbidden, "只有质量管理部的部门负责人可以接收分派"));
    // 赵丽 is a 部门负责人 of 质量管理部 by her account (not set as its head): she may.
    let no_reason = d.return_routing(&o.quality_head, case.id, case.version, "").unwrap_err();
    assert_eq!(no_reason.field.as_deref(), Some("reason"));
    let case = d.return_routing(&o.quality_head, case.id, case.version, "属客户使用不当，应由业务部答复").unwrap();
    assert_eq!((case.status, case.fields.department_id), (CaseStatus::Assessed, None));
    assert_eq!(d.department_cases(QUALITY_DEPT, &CaseQuery::default()).unwrap().total, 0);
    // Customer service routes it again, now following the proposal.
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    assert_eq!(d.accept_routing(&o.head, case.id, case.version).unwrap().status, CaseStatus::Investigating);
    // Once under investigation, moving it again (改派) needs a reason.
    let case = d.case(case.id).unwrap();
    assert_eq!(d.route(&o.agent, case.id, case.version, ENGINEERING, "").unwrap_err().message, "请填写改派原因");
}

#[test]
fn wrong_state_wrong_role_and_stale_steps_leave_the_case_unchanged() {
    let o = office();
    let d = &o.t.desk;
    let case = pcb_case(&o);
    let lines = |id| d.case_timeline(id).unwrap().len();
    let check_unchanged = |before: &Case, audit: usize, err: complaintdesk_core::AppError, code: ErrorCode| {
        assert_eq!(err.code, code, "{err}");
        let now = d.case(before.id).unwrap();
        assert_eq!((now.version, now.status, now.fields.department_id), (before.version, before.status, before.fields.department_id), "{err}");
        assert_eq!(lines(before.id), audit, "no audit line for: {err}");
    };

    let audit = lines(case.id);
    let wrong_state = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap_err();
    assert_eq!(wrong_state.message, "案件当前为「已登记」，不能分派");
    check_unchanged(&case, audit, wrong_state, ErrorCode::WrongState);
    check_unchanged(&case, audit, d.approve(&o.vice_gm, case.id, case.version, "", true).unwrap_err(), ErrorCode::WrongState);
    check_unchanged(&case, audit, d.propose(&o.head, case.id, case.version, compensation(10)).unwrap_err(), ErrorCode::WrongState);
    // 首问负责制: the agent who received it assesses it, not another department's head.
    let wrong_role = d.assess(&o.head, case.id, case.version, valid_quality()).unwrap_err();
    assert!(wrong_role.message.starts_with("首问负责制：案件") && wrong_role.message.contains("由张敏负责"), "{}", wrong_role.message);
    check_unchanged(&case, audit, wrong_role, ErrorCode::Forbidden);
    check_unchanged(&case, audit, d.assess(&o.quality_head, case.id, case.version, valid_quality()).unwrap_err(), ErrorCode::Forbidden);
    check_unchanged(&case, audit, d.assess(&o.agent, case.id, case.version - 1, valid_quality()).unwrap_err(), ErrorCode::StaleEdit);
    let no_nature = Assessment { nature: None, ..valid_quality() };
    check_unchanged(&case, audit, d.assess(&o.agent, case.id, case.version, no_nature).unwrap_err(), ErrorCode::Validation);

    let case = d.assess(&o.agent, case.id, case.version, valid_quality()).unwrap().case;
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    let audit = lines(case.id);
    check_unchanged(&case, audit, d.accept_routing(&o.agent, case.id, case.version).unwrap_err(), ErrorCode::Forbidden);
    check_unchanged(&case, audit, d.accept_routing(&o.quality_head, case.id, case.version).unwrap_err(), ErrorCode::Forbidden);
    check_unchanged(
        &case,
        audit,
        d.record_investigation(&o.head, case.id, case.version, investigation(&[(SALES_DEPT, "", 100)])).unwrap_err(),
        ErrorCode::WrongState,
    );
    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    let audit = lines(case.id);
    // No proposal before the investigation is recorded.
    check_unchanged(&case, audit, d.propose(&o.head, case.id, case.version, compensation(10)).unwrap_err(), ErrorCode::WrongState);
    let bad_ratio = investigation(&[(SALES_DEPT, "", 60), (9999, "", 40)]);
    check_unchanged(&case, audit, d.record_investigation(&o.head, case.id, case.version, bad_ratio).unwrap_err(), ErrorCode::Validation);
    check_unchanged(
        &case,
        audit,
        d.record_investigation(&o.agent, case.id, case.version, investigation(&[(SALES_DEPT, "", 100)])).unwrap_err(),
        ErrorCode::Forbidden,
    );
}

#[test]
fn only_the_admin_keeps_the_routing_rules() {
    let o = office();
    let rules = o.t.desk.routing_rules().unwrap();
    assert_eq!(rules.len(), 2);
    let refused = o.t.desk.create_routing_rule(&o.agent, rules[0].clone()).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    let nowhere = RoutingRule { department_id: 9999, ..rules[1].clone() };
    assert_eq!(o.t.desk.update_routing_rule(&o.admin, nowhere).unwrap_err().field.as_deref(), Some("departmentId"));
    // A rule no longer wanted is switched off: it proposes nothing more.
    let off = RoutingRule { active: false, ..rules[0].clone() };
    o.t.desk.update_routing_rule(&o.admin, off.clone()).unwrap();
    assert_eq!(o.t.desk.routing_rules().unwrap()[0], off);
    let case = pcb_case(&o);
    assert_eq!(o.t.desk.assess(&o.agent, case.id, case.version, valid_quality()).unwrap().proposed_department_id, None);
    let audit = o.t.desk.store().audit_of("routing_rule", rules[0].id).unwrap();
    assert_eq!(audit.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(), vec!["create", "edit"]);
}

// ---- 答复 → 执行 → 回访 → 结案 ------------------------------------------

fn phone_visit(o: &Office, hours_ago: i64) -> FollowUp {
    FollowUp {
        visited_at: o.t.clock.now() - chrono::Duration::hours(hours_ago),
        method: VisitMethod::Phone,
        satisfaction: Satisfaction::Satisfied,
        remarks: "客户确认赔款已到账，对处理结果满意".into(),
    }
}

#[test]
fn the_approved_case_is_answered_executed_followed_up_and_closed() {
    let o = office();
    let d = &o.t.desk;
    let case = approved_case(&o);
    let before = timeline(&o, case.id).len();

    let answered = d
        .answer(&o.agent, case.id, case.version, CustomerAnswer { accepted: true, note: "已电话告知客户赔偿 12 万元方案，客户同意".into() })
        .unwrap();
    assert_eq!((answered.case.status, answered.next_round), (CaseStatus::Answered, None));
    let case = answered.case;

    o.t.clock.set(o.t.clock.now() + chrono::Duration::days(2));
    let case = d.execute(&o.head, case.id, case.version, "赔款 120,000.00 元已汇出，整批板已退回重做").unwrap();
    assert_eq!(case.status, CaseStatus::Executed);

    o.t.clock.set(o.t.clock.now() + chrono::Duration::days(3));
    let visit = phone_visit(&o, 2);
    let case = d.follow_up(&o.agent, case.id, case.version, visit.clone()).unwrap();
    assert_eq!(case.status, CaseStatus::FollowedUp);
    let follow_ups = d.follow_ups(case.id).unwrap();
    assert_eq!(follow_ups.len(), 1);
    let f = &follow_ups[0];
    assert_eq!(
        (f.visited_at, f.method, f.satisfaction, f.remarks.as_str(), f.actor_name.as_str(), f.recorded_at),
        (visit.visited_at, VisitMethod::Phone, Satisfaction::Satisfied, "客户确认赔款已到账，对处理结果满意", "张敏", o.t.clock.now())
    );
    assert_eq!((Satisfaction::Satisfied.label(), VisitMethod::InPerson.label()), ("满意", "上门"));

    let case = d.close(&o.agent, case.id, case.version, "").unwrap();
    assert_eq!(case.status, CaseStatus::Closed);
    assert!(!case.status.is_open());

    // Every step follows the approval in the timeline, in order, with who took it.
    let lines = timeline(&o, case.id);
    assert_eq!(
        lines[before..].to_vec(),
        vec![
            "answer status: approved → answered by 张敏".to_string(),
            "execute status: answered → executed by 陈刚".into(),
            "follow_up status: executed → followed_up by 张敏".into(),
            format!("follow_up visitedAt:  → {} by 张敏", visit.visited_at.to_rfc3339()),
            "follow_up visitMethod:  → phone by 张敏".into(),
            "follow_up satisfaction:  → satisfied by 张敏".into(),
            "close status: followed_up → closed by 张敏".into(),
        ]
    );
    // The notes are kept on the status lines.
    let reasons: Vec<(String, Option<String>)> = d
        .case_timeline(case.id)
        .unwrap()
        .into_iter()
        .skip(before)
        .filter(|a| a.field.as_deref() == Some("status"))
        .map(|a| (a.action, a.reason))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("answer".to_string(), Some("已电话告知客户赔偿 12 万元方案，客户同意".to_string())),
            ("execute".into(), Some("赔款 120,000.00 元已汇出，整批板已退回重做".into())),
            ("follow_up".into(), Some("客户确认赔款已到账，对处理结果满意".into())),
            ("close".into(), None),
        ]
    );
    // A closed case stays closed.
    let again = d.close(&o.agent, case.id, case.version, "再结一次").unwrap_err();
    assert_eq!(again.code, ErrorCode::WrongState);
}

#[test]
fn a_rejected_answer_closes_the_round_and_opens_a_linked_new_one() {
    let o = office();
    let d = &o.t.desk;
    let case = approved_case(&o);
    o.t.clock.set(o.t.clock.now() + chrono::Duration::days(1));
    let rejected = d
        .answer(&o.agent, case.id, case.version, CustomerAnswer { accepted: false, note: "客户不接受 12 万元，要求赔偿 20 万元".into() })
        .unwrap();

    // This round is closed as it stands.
    let old = rejected.case;
    assert_eq!((old.status, old.version), (CaseStatus::Closed, case.version + 1));
    assert_eq!(old.fields, case.fields, "the round's data is unchanged");
    assert_eq!((old.round, old.parent_case_id), (1, None));
    assert_eq!(d.resolution(old.id).unwrap().unwrap().offered_fen, 120_000 * YUAN, "its resolution stays");
    let last = d.case_timeline(old.id).unwrap().pop().unwrap();
    assert_eq!(
        (last.action.as_str(), last.new_value.as_deref(), last.reason.as_deref()),
        ("answer", Some("closed"), Some("客户不接受 12 万元，要求赔偿 20 万元"))
    );

    // The new round: same customer and complaint, linked, back at 已登记.
    let new = rejected.next_round.expect("a new round");
    assert_ne!(new.id, old.id);
    assert_ne!(new.case_no, old.case_no);
    assert_eq!((new.status, new.status.label(), new.version), (CaseStatus::Registered, "已登记", 1));
    assert_eq!((new.parent_case_id, new.parent_case_no.as_deref(), new.round), (Some(old.id), Some(old.case_no.as_str()), 2));
    assert_eq!(new.customer_id, old.customer_id);
    assert_eq!(
        (&new.fields.customer_name, &new.fields.customer_phone, &new.fields.content, &new.fields.customer_request, &new.fields.item_no),
        (&old.fields.customer_name, &old.fields.customer_phone, &old.fields.content, &old.fields.customer_request, &old.fields.item_no)
    );
    assert_eq!((new.fields.received_at, new.fields.department_id), (o.t.clock.now(), None));
    assert_eq!((new.receiver_name.as_str(), new.handler_name.as_str(), new.validity), ("张敏", "张敏", None));
    assert_eq!(d.next_round(old.id).unwrap().map(|c| c.id), Some(new.id));
    assert_eq!(timeline(&o, new.id), vec!["new_round by 张敏".to_string()]);

    // The new round goes through the workflow again from 评估.
    let assessed = d.assess(&o.agent, new.id, new.version, valid_quality()).unwrap();
    assert_eq!((assessed.case.status, assessed.proposed_department_id), (CaseStatus::Assessed, Some(SALES_DEPT)));
    // The customer's history shows both rounds.
    let history = d.customer_history("0755 8888 6666").unwrap();
    assert!(history.cases.iter().any(|c| c.id == old.id) && history.cases.iter().any(|c| c.id == new.id));
    // The sheet marks them: the old round went on (not a plain 已结案), the new one is round 2.
    let sheet = d.case_page(&CaseQuery::default()).unwrap().rows;
    let row = |id: i64| sheet.iter().find(|r| r.id == id).map(|r| (r.round, r.continued)).unwrap();
    assert_eq!((row(old.id), row(new.id)), ((1, true), (2, false)));
}

#[test]
fn illegal_closing_steps_are_refused_and_change_nothing() {
    let o = office();
    let d = &o.t.desk;
    let lines = |id| d.case_timeline(id).unwrap().len();
    let cases_before = d.case_page(&CaseQuery::default()).unwrap().total;
    let check_unchanged = |before: &Case, err: complaintdesk_core::AppError, code: ErrorCode| {
        assert_eq!(err.code, code, "{err}");
        let now = d.case(before.id).unwrap();
        assert_eq!((now.version, now.status), (before.version, before.status), "{err}");
        err
    };

    let case = approved_case(&o);
    let audit = lines(case.id);
    // Answering without a note.
    let blank = CustomerAnswer { accepted: true, note: "  ".into() };
    let no_note = check_unchanged(&case, d.answer(&o.agent, case.id, case.version, blank).unwrap_err(), ErrorCode::Validation);
    assert_eq!((no_note.field.as_deref(), no_note.message.as_str()), (Some("note"), "请填写答复内容"));
    let blank_rejection = CustomerAnswer { accepted: false, note: String::new() };
    check_unchanged(&case, d.answer(&o.agent, case.id, case.version, blank_rejection).unwrap_err(), ErrorCode::Validation);
    // Answering is the receiving agent's job (首问负责制), not the department head's.
    let told = CustomerAnswer { accepted: false, note: "客户不接受".into() };
    let head = check_unchanged(&case, d.answer(&o.head, case.id, case.version, told.clone()).unwrap_err(), ErrorCode::Forbidden);
    assert!(head.message.contains("由张敏负责") && head.message.ends_with("可以答复客户"), "{}", head.message);
    check_unchanged(&case, d.answer(&o.agent, case.id, case.version - 1, told).unwrap_err(), ErrorCode::StaleEdit);
    // Skipping ahead: execution, follow-up and closing before the answer.
    check_unchanged(&case, d.execute(&o.head, case.id, case.version, "已执行").unwrap_err(), ErrorCode::WrongState);
    check_unchanged(&case, d.follow_up(&o.agent, case.id, case.version, phone_visit(&o, 1)).unwrap_err(), ErrorCode::WrongState);
    check_unchanged(&case, d.close(&o.agent, case.id, case.version, "").unwrap_err(), ErrorCode::WrongState);
    assert_eq!(lines(case.id), audit, "no audit line for any refusal");
    assert_eq!(d.case_page(&CaseQuery::default()).unwrap().total, cases_before + 1, "no new round was registered");

    let case = d.answer(&o.agent, case.id, case.version, CustomerAnswer { accepted: true, note: "客户接受".into() }).unwrap().case;
    let audit = lines(case.id);
    let no_note = check_unchanged(&case, d.execute(&o.head, case.id, case.version, "").unwrap_err(), ErrorCode::Validation);
    assert_eq!(no_note.message, "请填写执行情况");
    check_unchanged(&case, d.execute(&o.vice_gm, case.id, case.version, "已付款").unwrap_err(), ErrorCode::Forbidden);
    assert_eq!(lines(case.id), audit);

    let case = d.execute(&o.head, case.id, case.version, "赔款已汇出").unwrap();
    o.t.clock.set(o.t.clock.now() + chrono::Duration::days(1));
    let audit = lines(case.id);
    // A visit before the complaint was received.
    let too_early = FollowUp { visited_at: case.fields.received_at - chrono::Duration::minutes(1), ..phone_visit(&o, 0) };
    check_unchanged(&case, d.follow_up(&o.agent, case.id, case.version, too_early).unwrap_err(), ErrorCode::Validation);
    // Closing before the follow-up.
    let early = check_unchanged(&case, d.close(&o.agent, case.id, case.version, "").unwrap_err(), ErrorCode::WrongState);
    assert_eq!(early.message, "案件当前为「已执行」，不能结案");
    // A follow-up in the future.
    let future = FollowUp { visited_at: o.t.clock.now() + chrono::Duration::hours(1), ..phone_visit(&o, 0) };
    let future = check_unchanged(&case, d.follow_up(&o.agent, case.id, case.version, future).unwrap_err(), ErrorCode::Validation);
    assert_eq!((future.field.as_deref(), future.message.as_str()), (Some("visitedAt"), "回访时间不能晚于现在"));
    // The receiving agent's step by another department's head.
    let by_head = check_unchanged(&case, d.follow_up(&o.head, case.id, case.version, phone_visit(&o, 1)).unwrap_err(), ErrorCode::Forbidden);
    assert!(by_head.message.contains("由张敏负责") && by_head.message.ends_with("可以回访"), "{}", by_head.message);
    assert_eq!(lines(case.id), audit);
    assert!(d.follow_ups(case.id).unwrap().is_empty(), "no follow-up was stored");

    let case = d.follow_up(&o.agent, case.id, case.version, phone_visit(&o, 1)).unwrap();
    let audit = lines(case.id);
    let by_head = check_unchanged(&case, d.close(&o.head, case.id, case.version, "").unwrap_err(), ErrorCode::Forbidden);
    assert!(by_head.message.contains("由张敏负责") && by_head.message.ends_with("可以结案"), "{}", by_head.message);
    check_unchanged(&case, d.close(&o.quality_head, case.id, case.version, "").unwrap_err(), ErrorCode::Forbidden);
    assert_eq!(lines(case.id), audit);
    let case = d.close(&o.agent, case.id, case.version, "按期结案，归档至品质异常类").unwrap();
    assert_eq!(case.status, CaseStatus::Closed);
    let last = d.case_timeline(case.id).unwrap().pop().unwrap();
    assert_eq!(last.reason.as_deref(), Some("按期结案，归档至品质异常类"));
}

// ---- what each person may do, 我的待办, 危机 alerts ----------------------

/// The workflow steps offered (修改 and 作废 are checked on their own).
fn actions(o: &Office, who: &User, case_id: i64) -> Vec<CaseAction> {
    let steps = o.t.desk.case_workflow(who, case_id).unwrap().actions;
    // 修改, 作废 and 转交 stand beside every step while the case is open.
    steps.into_iter().filter(|a| !matches!(a, CaseAction::Edit | CaseAction::Void | CaseAction::Transfer)).collect()
}

#[test]
fn each_person_is_offered_exactly_the_steps_he_may_take_now() {
    use CaseAction::*;
    let o = office();
    let d = &o.t.desk;
    let case = pcb_case(&o);
    assert_eq!(actions(&o, &o.agent, case.id), vec![Assess]);
    assert!(actions(&o, &o.head, case.id).is_empty());
    // 首问负责制: an admin may stand in for the receiving agent.
    assert_eq!(actions(&o, &o.admin, case.id), vec![Assess]);
    assert!(actions(&o, &o.quality_head, case.id).is_empty());

    let case = d.assess(&o.agent, case.id, case.version, valid_quality()).unwrap().case;
    let wf = d.case_workflow(&o.agent, case.id).unwrap();
    assert_eq!((wf.actions, wf.proposed_department_id), (vec![Assess, Route, Transfer, Edit, Void], Some(SALES_DEPT)));

    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    assert_eq!(actions(&o, &o.head, case.id), vec![AcceptRouting, ReturnRouting]);
    assert!(actions(&o, &o.quality_head, case.id).is_empty(), "heads another department");
    assert_eq!(actions(&o, &o.agent, case.id), vec![Route], "改派 stays possible");

    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    assert_eq!(actions(&o, &o.head, case.id), vec![Investigate], "no proposal before the investigation");
    assert_eq!(actions(&o, &o.quality_head, case.id), vec![Investigate], "质量管理部 rules on any department's case");
    let case = d.record_investigation(&o.head, case.id, case.version, investigation(&[(SALES_DEPT, "", 100)])).unwrap();
    assert_eq!(actions(&o, &o.head, case.id), vec![Investigate, Propose]);

    let case = d.propose(&o.head, case.id, case.version, compensation(120_000)).unwrap();
    assert!(actions(&o, &o.sales_manager, case.id).is_empty(), "¥120,000.00 is above his authority: neither approve nor send back");
    assert_eq!(actions(&o, &o.vice_gm, case.id), vec![Approve, SendBack]);
    assert!(actions(&o, &o.agent, case.id).is_empty());

    let case = d.approve(&o.vice_gm, case.id, case.version, "", true).unwrap();
    assert_eq!(actions(&o, &o.agent, case.id), vec![Answer]);
    assert_eq!(actions(&o, &o.head, case.id), vec![Propose], "the department may still change its proposal");
}

#[test]
fn only_the_case_departments_people_investigate_and_propose() {
    let o = office();
    let d = &o.t.desk;
    let outsider = person(&o.t, &o.admin, "吴磊", "wulei", &[Role::Handler], Some(ENGINEERING));
    let insider = person(&o.t, &o.admin, "孙伟", "sunwei", &[Role::Handler], Some(SALES_DEPT));
    let case = pcb_case(&o);
    let case = d.assess(&o.agent, case.id, case.version, valid_quality()).unwrap().case;
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();

    let refused = d.record_investigation(&outsider, case.id, case.version, investigation(&[])).unwrap_err();
    assert_eq!((refused.code, refused.message.as_str()), (ErrorCode::Forbidden, "只有业务部的人员或质量管理部可以记录调查"));
    assert_eq!(d.case(case.id).unwrap().version, case.version, "nothing written");
    let early = d.propose(&insider, case.id, case.version, compensation(500)).unwrap_err();
    assert_eq!(early.code, ErrorCode::WrongState);

    let case = d.record_investigation(&insider, case.id, case.version, investigation(&[(SALES_DEPT, "孙伟", 100)])).unwrap();
    let case = d.propose(&insider, case.id, case.version, compensation(500)).unwrap();
    assert_eq!(case.status, CaseStatus::Proposed);
}

#[test]
fn changing_an_approved_proposal_voids_the_approval() {
    let o = office();
    let d = &o.t.desk;
    let case = proposed_case(&o, 80_000, &o.head);
    let case = d.approve(&o.sales_manager, case.id, case.version, "同意", true).unwrap();
    let first = d.resolution(case.id).unwrap().unwrap();

    // Before the customer is answered the department raises the amount.
    let case = d.propose(&o.head, case.id, case.version, compensation(130_000)).unwrap();
    assert_eq!(case.status, CaseStatus::Proposed, "it waits for approval again");
    let wf = d.case_workflow(&o.agent, case.id).unwrap();
    let current = wf.resolution.unwrap();
    assert_ne!(current.id, first.id);
    assert_eq!(current.required_level, ApproverLevel::ViceGm);
    assert_eq!(wf.approvals.len(), 1);
    assert_eq!(wf.approvals[0].resolution_id, first.id, "the approval belongs to the replaced proposal");
    assert_eq!(wf.actions, vec![CaseAction::Transfer, CaseAction::Edit, CaseAction::Void], "nothing to answer until it is approved again");
    assert!(d.approval_queue(&o.sales_manager).unwrap().is_empty(), "now above his authority");
    assert_eq!(d.approval_queue(&o.vice_gm).unwrap()[0].resolution.offered_fen, 130_000 * YUAN);
    let change = timeline(&o, case.id).into_iter().find(|l| l.starts_with("propose offeredFen: 8000000")).unwrap();
    assert_eq!(change, "propose offeredFen: 8000000 → 13000000 by 陈刚");
}

fn work(o: &Office, who: &User) -> Vec<(WorkKind, Vec<String>, u64)> {
    o.t.desk
        .my_work(who)
        .unwrap()
        .into_iter()
        .map(|g| (g.kind, g.rows.into_iter().map(|r| r.case_no).collect(), g.total))
        .collect()
}

#[test]
fn my_work_lists_what_waits_for_each_person() {
    let o = office();
    let d = &o.t.desk;
    let first = pcb_case(&o);
    o.t.clock.set(o.t.clock.now() + chrono::Duration::minutes(5));
    let second = pcb_case(&o);
    assert_eq!(work(&o, &o.agent), vec![(WorkKind::ToAssess, vec![first.case_no.clone(), second.case_no.clone()], 2)]);
    assert!(work(&o, &o.head).is_empty());

    let case = d.assess(&o.agent, first.id, first.version, valid_quality()).unwrap().case;
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    assert_eq!(work(&o, &o.agent), vec![(WorkKind::ToAssess, vec![second.case_no.clone()], 1)]);
    assert_eq!(work(&o, &o.head), vec![(WorkKind::ToAccept, vec![first.case_no.clone()], 1)]);
    assert!(work(&o, &o.quality_head).is_empty(), "another department's case");

    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    assert_eq!(work(&o, &o.head), vec![(WorkKind::ToInvestigate, vec![first.case_no.clone()], 1)]);
    let case = d.record_investigation(&o.head, case.id, case.version, investigation(&[(SALES_DEPT, "", 100)])).unwrap();
    let case = d.propose(&o.head, case.id, case.version, compensation(120_000)).unwrap();
    assert!(work(&o, &o.head).is_empty());
    assert!(work(&o, &o.sales_manager).is_empty(), "above his authority");
    assert_eq!(work(&o, &o.vice_gm), vec![(WorkKind::ToApprove, vec![first.case_no.clone()], 1)]);

    let case = d.approve(&o.vice_gm, case.id, case.version, "", true).unwrap();
    assert_eq!(
        work(&o, &o.agent),
        vec![(WorkKind::ToAssess, vec![second.case_no.clone()], 1), (WorkKind::ToAnswer, vec![first.case_no.clone()], 1)]
    );
    let other_agent = person(&o.t, &o.admin, "钱进", "qianjin", &[Role::Agent], Some(1));
    assert!(work(&o, &other_agent).is_empty(), "首问负责制: each agent follows the cases he received");
    assert_eq!(case.status, CaseStatus::Approved);
}

#[test]
fn a_crisis_alerts_every_manager_until_he_has_seen_it() {
    let o = office();
    let d = &o.t.desk;
    let mut f = fields(o.t.clock.now());
    f.severity = Severity::Critical;
    f.content = "燃气泄漏，业主已报警，记者在现场".into();
    let crisis = d.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap();
    let ordinary = pcb_case(&o);

    let alerted = |u: &User| d.crisis_alerts(u).unwrap().into_iter().map(|r| r.id).collect::<Vec<_>>();
    for manager in [&o.sales_manager, &o.vice_gm, &o.head, &o.quality_head] {
        assert_eq!(alerted(manager), vec![crisis.id], "{} is alerted", manager.name);
    }
    assert!(alerted(&o.agent).is_empty(), "the agent registered it; managers are the ones alerted");

    d.acknowledge_crisis(&o.vice_gm, crisis.id).unwrap();
    d.acknowledge_crisis(&o.vice_gm, crisis.id).unwrap();
    assert!(alerted(&o.vice_gm).is_empty());
    assert_eq!(alerted(&o.sales_manager), vec![crisis.id], "each manager acknowledges for himself");
    let seen: Vec<String> = timeline(&o, crisis.id).into_iter().filter(|l| l.starts_with("acknowledge_crisis")).collect();
    assert_eq!(seen, vec!["acknowledge_crisis by 周杰".to_string()], "recorded once");

    let not_manager = d.acknowledge_crisis(&o.agent, crisis.id).unwrap_err();
    assert_eq!(not_manager.code, ErrorCode::Forbidden);
    let not_crisis = d.acknowledge_crisis(&o.vice_gm, ordinary.id).unwrap_err();
    assert_eq!(not_crisis.code, ErrorCode::WrongState);

    // A case raised to 严重/危机 at assessment alerts too; a closed one no longer does.
    let raised = d.assess(&o.agent, ordinary.id, ordinary.version, Assessment { severity: Severity::Critical, ..valid_quality() }).unwrap().case;
    assert_eq!(alerted(&o.vice_gm), vec![raised.id]);
    let invalid = Assessment { valid: false, explanation: "重复投诉，已在处理".into(), ..valid_quality() };
    let crisis = d.case(crisis.id).unwrap();
    d.assess(&o.agent, crisis.id, crisis.version, Assessment { severity: Severity::Critical, ..invalid }).unwrap();
    assert_eq!(alerted(&o.sales_manager), vec![raised.id]);
}

#[test]
fn a_downgrade_from_crisis_tells_every_manager_who_lowered_it_and_why_until_he_has_seen_it() {
    let o = office();
    let d = &o.t.desk;
    let mut f = fields(o.t.clock.now());
    f.severity = Severity::Critical;
    f.content = "燃气泄漏，业主已报警".into();
    let case = d.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap();
    let lower = |case: &Case, to: Severity| {
        let mut fields = case.fields.clone();
        fields.severity = to;
        let severity_reason = (case.fields.severity == Severity::Critical).then(|| "燃气公司确认为误报".to_string());
        d.update_case(&o.agent, CaseEdit { id: case.id, version: case.version, fields, severity_reason }).unwrap()
    };
    let told = |u: &User| d.downgrade_notices(u).unwrap().into_iter().map(|n| (n.case.case_no, n.to, n.by_name, n.reason)).collect::<Vec<_>>();
    assert!(told(&o.vice_gm).is_empty(), "nothing lowered yet");

    let case = lower(&case, Severity::Normal);
    let notice = (case.case_no.clone(), Severity::Normal, o.agent.name.clone(), "燃气公司确认为误报".to_string());
    for manager in [&o.sales_manager, &o.vice_gm, &o.head, &o.quality_head] {
        assert_eq!(told(manager), vec![notice.clone()], "{} is told", manager.name);
    }
    assert!(told(&o.agent).is_empty(), "the agent lowered it; managers are the ones told");
    assert!(d.crisis_alerts(&o.vice_gm).unwrap().is_empty(), "no longer a crisis");

    d.acknowledge_downgrade(&o.vice_gm, case.id).unwrap();
    assert!(told(&o.vice_gm).is_empty());
    assert_eq!(told(&o.sales_manager), vec![notice.clone()], "each manager acknowledges for himself");
    assert_eq!(d.acknowledge_downgrade(&o.vice_gm, case.id).unwrap_err().code, ErrorCode::WrongState, "nothing left to acknowledge");
    assert_eq!(d.acknowledge_downgrade(&o.agent, case.id).unwrap_err().code, ErrorCode::Forbidden);
    let seen: Vec<String> = timeline(&o, case.id).into_iter().filter(|l| l.starts_with("acknowledge_downgrade")).collect();
    assert_eq!(seen, vec![format!("acknowledge_downgrade by {}", o.vice_gm.name)]);

    // Raised again it is a crisis again; lowered again, everyone is told again.
    let mut raised = case.fields.clone();
    raised.severity = Severity::Critical;
    let case = d.update_case(&o.agent, CaseEdit { id: case.id, version: case.version, fields: raised, severity_reason: None }).unwrap();
    assert!(told(&o.sales_manager).is_empty());
    let case = lower(&case, Severity::Important);
    assert_eq!(told(&o.vice_gm).len(), 1);
    assert_eq!(told(&o.vice_gm)[0].1, Severity::Important);

    // A closed or voided case tells no one any more.
    d.void_case(&o.agent, case.id, case.version, "客户撤诉，重复登记").unwrap();
    assert!(told(&o.sales_manager).is_empty());
}

#[test]
fn the_admin_moves_people_between_departments_and_sees_the_heads() {
    let o = office();
    let d = &o.t.desk;
    let moved = d.set_user_department(&o.admin, o.agent.id, Some(SALES_DEPT)).unwrap();
    assert_eq!(moved.department_id, Some(SALES_DEPT));
    let audit = d.store().audit_of("user", o.agent.id).unwrap().pop().unwrap();
    assert_eq!((audit.field.as_deref(), audit.old_value.as_deref(), audit.new_value.as_deref()), (Some("departmentId"), Some("1"), Some("10")));
    let unknown = d.set_user_department(&o.admin, o.agent.id, Some(999)).unwrap_err();
    assert_eq!(unknown.field.as_deref(), Some("departmentId"));
    assert_eq!(d.set_user_department(&o.head, o.agent.id, None).unwrap_err().code, ErrorCode::Forbidden);

    let infos = d.department_infos(&o.admin).unwrap();
    let sales = infos.iter().find(|i| i.id == SALES_DEPT).unwrap();
    assert_eq!((sales.name.as_str(), sales.head.as_ref().map(|h| h.name.as_str())), ("业务部", Some("陈刚")));
    assert!(infos.iter().find(|i| i.id == ENGINEERING).unwrap().head.is_none());
    assert_eq!(d.department_infos(&o.agent).unwrap_err().code, ErrorCode::Forbidden);
}

#[test]
fn a_closed_case_is_neither_edited_nor_voided_and_a_routed_one_changes_department_only_by_rerouting() {
    let o = office();
    let d = &o.t.desk;
    let case = approved_case(&o);
    assert_eq!(d.case_workflow(&o.agent, case.id).unwrap().actions, vec![CaseAction::Answer, CaseAction::Transfer, CaseAction::Edit]);

    let moved = CaseEdit { id: case.id, version: case.version, fields: CaseFields { department_id: Some(QUALITY_DEPT), ..case.fields.clone() }, severity_reason: None };
    let refused = d.update_case(&o.agent, moved).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("departmentId"));
    let too_late = d.void_case(&o.agent, case.id, case.version, "登记错误").unwrap_err();
    assert_eq!((too_late.code, too_late.message.as_str()), (ErrorCode::WrongState, "案件当前为「已审批」，不能作废"));

    let answer = CustomerAnswer { accepted: true, note: "客户接受".into() };
    let case = d.answer(&o.agent, case.id, case.version, answer).unwrap().case;
    let case = d.execute(&o.agent, case.id, case.version, "已赔付").unwrap();
    let case = d.follow_up(&o.agent, case.id, case.version, phone_visit(&o, 0)).unwrap();
    let case = d.close(&o.agent, case.id, case.version, "").unwrap();
    assert!(d.case_workflow(&o.agent, case.id).unwrap().actions.is_empty(), "a closed case offers nothing");
    let edit = CaseEdit { id: case.id, version: case.version, fields: CaseFields { content: "改写".into(), ..case.fields.clone() }, severity_reason: None };
    assert_eq!(d.update_case(&o.agent, edit).unwrap_err().code, ErrorCode::WrongState);
    assert_eq!(d.void_case(&o.agent, case.id, case.version, "登记错误").unwrap_err().code, ErrorCode::WrongState);
    assert_eq!(d.case(case.id).unwrap().version, case.version, "the closed case stays as it was");
}

/// 领取: a case registered by someone who is no agent (here 质量管理部's head,
/// who took the call) waits in every agent's 我的待办 until one takes it.
#[test]
fn an_unowned_registered_case_waits_for_an_agent_to_claim_it() {
    let o = office();
    let d = &o.t.desk;
    let newcomer = person(&o.t, &o.admin, "孙丽", "sunli", &[Role::Agent], None);
    let mut f = fields(o.t.clock.now());
    f.customer_phone = "139 0000 1111".into();
    let case = d.register_case(&o.quality_head, NewCase { fields: f, related_case_id: None }).unwrap();
    let to_claim = |who: &User| {
        let groups = d.my_work(who).unwrap();
        groups.iter().find(|g| g.kind == WorkKind::ToClaim).map(|g| g.rows.iter().map(|r| r.id).collect::<Vec<_>>()).unwrap_or_default()
    };
    assert_eq!(to_claim(&newcomer), vec![case.id], "a new agent's 我的待办 is not empty");
    assert_eq!(to_claim(&o.agent), vec![case.id]);
    assert!(to_claim(&o.head).is_empty(), "only agents claim");
    assert!(d.case_workflow(&newcomer, case.id).unwrap().actions.contains(&CaseAction::Claim));

    // Someone who is no agent may not; the agent who claims it owns it from now on.
    assert_eq!(d.claim(&o.head, case.id, case.version).unwrap_err().code, ErrorCode::Forbidden);
    let claimed = d.claim(&newcomer, case.id, case.version).unwrap();
    assert_eq!((claimed.receiver_id, claimed.handler_id, claimed.status), (newcomer.id, newcomer.id, CaseStatus::Registered));
    assert!(timeline(&o, case.id).contains(&"claim receiver: 赵丽 → 孙丽 by 孙丽".to_string()), "{:?}", timeline(&o, case.id));
    assert!(to_claim(&o.agent).is_empty() && to_claim(&newcomer).is_empty());
    let mine = d.my_work(&newcomer).unwrap();
    assert_eq!(mine.iter().find(|g| g.kind == WorkKind::ToAssess).unwrap().rows[0].id, case.id);
    // Claimed once: the other agent is told who has it.
    let again = d.claim(&o.agent, case.id, claimed.version).unwrap_err();
    assert_eq!((again.code, again.message.as_str()), (ErrorCode::WrongState, format!("案件 {} 已由孙丽负责，不能领取", case.case_no).as_str()));
    // The agent's own cases are never offered to others.
    assert!(!d.case_workflow(&o.agent, case.id).unwrap().actions.contains(&CaseAction::Claim));
}
