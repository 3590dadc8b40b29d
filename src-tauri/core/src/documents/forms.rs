//! What each document says, laid out like the paper forms of the seed
//! [002 第三篇 (九)(十三)]: the fields, the opinions, the amounts in figures
//! and in capitals, the signature lines and the copies (联).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::codes::*;
use crate::deadlines::Reminder;
use crate::loss::ResolutionLine;
use crate::model::*;
use crate::money::{chinese_capital, format_fen};
use crate::pdf::{Block, Column, Field, Paper};
use crate::time_zone::OrgZone;

/// Who issues the document, when, under which number and code.
pub struct Issue<'a> {
    pub number: &'a str,
    pub issued_by: &'a str,
    pub issued_at: DateTime<Utc>,
    pub code: Option<&'a str>,
    /// The organisation's time zone: every time on the paper reads in it.
    pub zone: OrgZone,
}

impl Issue<'_> {
    fn time(&self, at: DateTime<Utc>) -> String {
        self.zone.minute(at)
    }
}

/// The copies (联) of each kind and where they go [002 第三篇 (九)8, (十三)].
pub fn copies(kind: DocumentKind) -> Vec<String> {
    let names: &[&str] = match kind {
        DocumentKind::HandlingForm => {
            &["第一联 质量管理部", "第二联 制造部门", "第三联 业务部门", "第四联 会计科", "第五联 总经理室"]
        }
        DocumentKind::AllowanceCertificate => &["第一联 业务部存", "第二联 会计科作账"],
        DocumentKind::ReturnSlip => &["第一联 业务部门存", "第二联 成品仓储", "第三联 会计科", "第四联 业务部签回"],
        DocumentKind::RefundCertificate => &["第一联 客户收执", "第二联 财务存根"],
        DocumentKind::ReminderNotice => &["第一联 责任部门", "第二联 催办部门存"],
        // [002 第三篇 (十二)2] 复印三份：一份自存，一份会计单位查核，一份送罚扣部门.
        DocumentKind::PenaltyNotice => &["第一联 自存", "第二联 会计单位", "第三联 罚扣部门"],
        DocumentKind::TrackingSheet | DocumentKind::Ledger | DocumentKind::MonthlyStatement | DocumentKind::ReplyLetter => &[],
    };
    names.iter().map(|s| s.to_string()).collect()
}

/// The issuing day a verification code covers: China's, whatever the
/// organisation's zone, so that changing the zone never breaks a code.
pub fn code_date(at: DateTime<Utc>) -> String {
    crate::calendar::beijing_date(at).to_string()
}

/// ¥12,345.00（大写：壹万贰仟叁佰肆拾伍元整）
pub fn amount(fen: i64) -> String {
    format!("{}（大写：{}）", format_fen(fen), chinese_capital(fen))
}

fn or_blank(s: &str) -> String {
    if s.trim().is_empty() { "—".into() } else { s.to_string() }
}

fn label<T: Coded>(v: Option<T>) -> String {
    v.map_or_else(|| "—".into(), |v| v.label().to_string())
}

fn number<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "—".into(), |v| v.to_string())
}

fn meta(case_no: Option<&str>, issue: &Issue) -> Vec<Field> {
    let mut meta = Vec::new();
    if let Some(no) = case_no {
        meta.push(Field::new("案件编号", no));
    }
    meta.push(Field::new("开具人", issue.issued_by));
    meta.push(Field::new("开具时间", issue.time(issue.issued_at)));
    meta
}

fn paper(kind: DocumentKind, case_no: Option<&str>, issue: &Issue, blocks: Vec<Block>, signatures: &[&str]) -> Paper {
    Paper {
        title: kind.label().replace('/', "／"),
        landscape: matches!(kind, DocumentKind::TrackingSheet | DocumentKind::Ledger | DocumentKind::MonthlyStatement),
        number: issue.number.to_string(),
        meta: meta(case_no, issue),
        blocks,
        signatures: signatures.iter().map(|s| s.to_string()).collect(),
        copies: copies(kind),
        verification_code: issue.code.map(str::to_string),
    }
}

fn heading(text: &str) -> Block {
    Block::Heading { text: text.into() }
}

fn fields(columns: u8, fields: Vec<Field>) -> Block {
    Block::Fields { columns, fields }
}

fn table(columns: &[(&str, u16)], rows: Vec<Vec<String>>) -> Block {
    Block::Table { columns: columns.iter().map(|(t, w)| Column { title: t.to_string(), width: *w }).collect(), rows }
}

/// Whom a certificate pays, as its header prints it (客户姓名).
pub fn payee(c: &Case) -> String {
    c.fields.customer_name.clone()
}

fn customer_fields(c: &Case) -> Vec<Field> {
    vec![
        Field::new("客户姓名", or_blank(&c.fields.customer_name)),
        Field::new("联系电话", or_blank(&c.fields.customer_phone)),
        Field::new("单位", or_blank(&c.fields.customer_org)),
        Field::new("地址/房号", or_blank(&c.fields.customer_address)),
    ]
}

fn product_fields(c: &Case) -> Vec<Field> {
    let f = &c.fields;
    vec![
        Field::new("订单编号", or_blank(&f.order_no)),
        Field::new("料号", or_blank(&f.item_no)),
        Field::new("数量", number(f.quantity)),
        Field::new("不良数量", number(f.defective_quantity)),
        Field::new("交运日期", number(f.delivery_date)),
        Field::new("市场", label(f.market)),
    ]
}

/// The resolution's lines; the company's loss (损失金额) only on papers
/// that stay in the company.
fn lines_table(lines: &[ResolutionLine], with_loss: bool) -> Block {
    let rows = lines
        .iter()
        .map(|l| {
            let qty = if l.quantity > 0 { l.quantity.to_string() } else { "—".into() };
            let price = if l.unit_price_fen > 0 { format_fen(l.unit_price_fen) } else { "—".into() };
            let mut row = vec![l.kind.label().to_string(), qty, price, format_fen(l.offered_fen())];
            if with_loss {
                row.push(format_fen(l.loss_fen()));
            }
            row.push(or_blank(&l.note));
            row
        })
        .collect();
    if with_loss {
        table(&[("处理方式", 14), ("数量", 8), ("单价", 12), ("金额", 14), ("损失金额", 14), ("说明", 30)], rows)
    } else {
        table(&[("处理方式", 14), ("数量", 8), ("单价", 12), ("金额", 14), ("说明", 44)], rows)
    }
}

/// 《客户抱怨处理表》: the whole case, every opinion, the amounts and the
/// approval trail. Not for the customer [002 第三篇 (九)11].
pub fn handling_form(w: &CaseWorkflow, departments: &HashMap<i64, String>, issue: &Issue) -> Paper {
    let c = &w.case;
    let f = &c.fields;
    let mut blocks = vec![
        heading("一、受理"),
        fields(
            2,
            vec![
                Field::new("受理时间", issue.time(f.received_at)),
                Field::new("渠道", f.channel.label()),
                Field::new("首问受理人", c.receiver_name.as_str()),
                Field::new("经办人", c.handler_name.as_str()),
                Field::new("状态", c.status.label()),
                Field::new("第几轮", format!("第 {} 轮{}", c.round, c.parent_case_no.as_ref().map(|p| format!("（原案 {p}）")).unwrap_or_default())),
            ],
        ),
        heading("二、客户"),
        fields(2, customer_fields(c)),
        heading("三、投诉内容"),
        fields(
            1,
            vec![
                Field::new("投诉内容概要", f.content.as_str()),
                Field::new("客户要求", or_blank(&f.customer_request)),
                Field::new("客户索赔金额", f.claim_amount_fen.map_or("—".into(), amount)),
            ],
        ),
        fields(2, product_fields(c)),
    ];
    if let Some(rejected) = &w.rejected_answer {
        blocks.push(fields(
            1,
            vec![Field::new(
                "上一轮答复（客户不接受）",
                format!("{}（{} {}）", rejected.text, rejected.actor_name, issue.time(rejected.at)),
            )],
        ));
    }
    blocks.extend([
        fields(
            2,
            vec![
                Field::new("投诉性质", label(f.nature)),
                Field::new("投诉类别", label(f.cause_type)),
                Field::new("严重程度", f.severity.label()),
                Field::new("有效性", format!("{}{}", label(c.validity), if c.malicious { "（恶意投诉）" } else { "" })),
                Field::new("责任部门", c.department_name.clone().unwrap_or_else(|| "—".into())),
                Field::new(
                    "异常样品",
                    format!("{}{}", if f.sample_kept { "已留存" } else { "未留存" }, if f.sample_note.is_empty() { String::new() } else { format!("：{}", f.sample_note) }),
                ),
            ],
        ),
    ]);

    blocks.push(heading("四、各部门意见"));
    let mut opinions: Vec<Vec<String>> = Vec::new();
    for r in &w.routes {
        // "按分派规则" only when a rule proposed this very department.
        let why = match (r.reason.is_empty(), r.proposed_department_id == Some(r.department_id)) {
            (false, _) => r.reason.clone(),
            (true, true) => "按分派规则分派".to_string(),
            (true, false) => "人工分派".to_string(),
        };
        opinions.push(vec![format!("分派至 {}", r.department_name), why, r.actor_name.clone(), issue.time(r.at)]);
    }
    if let Some(inv) = &w.investigation {
        let dept = c.department_name.clone().unwrap_or_default();
        opinions.push(vec![format!("{dept} 原因分析"), inv.cause_analysis.clone(), String::new(), String::new()]);
        opinions.push(vec![format!("{dept} 处理措施"), inv.measures.clone(), String::new(), String::new()]);
        for r in &inv.responsibilities {
            let name = departments.get(&r.department_id).cloned().unwrap_or_default();
            let person = if r.person.is_empty() { String::new() } else { format!("，责任人 {}", r.person) };
            opinions.push(vec!["责任判定".into(), format!("{name} 承担 {}%{person}", r.ratio_percent), String::new(), String::new()]);
        }
        for a in &inv.actions {
            opinions.push(vec![
                a.kind.label().to_string(),
                format!("{}（负责人 {}，完成日期 {}）", a.description, or_blank(&a.owner), a.due_date),
                String::new(),
                String::new(),
            ]);
        }
    }
    if let Some(res) = &w.resolution {
        opinions.push(vec!["处理部门意见".into(), or_blank(&res.opinion), res.proposer_name.clone(), issue.time(res.proposed_at)]);
    }
    if opinions.is_empty() {
        opinions.push(vec!["—".into(), "尚无部门意见".into(), String::new(), String::new()]);
    }
    blocks.push(table(&[("部门/环节", 18), ("意见", 52), ("填写人", 12), ("时间", 18)], opinions));

    blocks.push(heading("五、处理方案与损失金额"));
    match &w.resolution {
        Some(res) => {
            blocks.push(lines_table(&res.lines, true));
            blocks.push(fields(
                1,
                vec![
                    Field::new("给予客户合计", amount(res.offered_fen)),
                    Field::new("损失金额合计", amount(res.loss_fen)),
                    Field::new("核决权限", res.required_level.role().label()),
                ],
            ));
        }
        None => blocks.push(Block::Note { text: "尚未提出处理方案。".into() }),
    }

    blocks.push(heading("六、核决记录"));
    let trail: Vec<Vec<String>> = w
        .approvals
        .iter()
        .map(|a| {
            vec![a.required_level.role().label().to_string(), a.approver_name.clone(), a.decision.label().to_string(), or_blank(&a.comment), issue.time(a.at)]
        })
        .collect();
    if trail.is_empty() {
        blocks.push(Block::Note { text: "尚无核决记录。".into() });
    } else {
        blocks.push(table(&[("核决层级", 14), ("核决人", 12), ("结果", 10), ("批示", 46), ("时间", 18)], trail));
    }
    let notes = |kinds: &[StepNoteKind]| w.step_notes.iter().filter(|n| kinds.contains(&n.step)).collect::<Vec<_>>();
    let answers = notes(&[StepNoteKind::Answer, StepNoteKind::AnswerRejected]);
    if !answers.is_empty() {
        blocks.push(heading("七、答复客户"));
        let rows = answers
            .iter()
            .map(|n| {
                let reaction = match (n.step, &w.next_round) {
                    (StepNoteKind::Answer, _) => "客户接受".to_string(),
                    (_, Some(next)) => format!("客户不接受，已转第 {} 轮（{}）", c.round + 1, next.case_no),
                    (_, None) => "客户不接受".to_string(),
                };
                vec![n.text.clone(), reaction, n.actor_name.clone(), issue.time(n.at)]
            })
            .collect();
        blocks.push(table(&[("答复内容", 46), ("客户反应", 22), ("答复人", 12), ("时间", 20)], rows));
    }
    let executions = notes(&[StepNoteKind::Execution]);
    if !executions.is_empty() {
        blocks.push(heading("八、执行"));
        let rows = executions.iter().map(|n| vec![n.text.clone(), n.actor_name.clone(), issue.time(n.at)]).collect();
        blocks.push(table(&[("执行情况", 66), ("执行人", 14), ("时间", 20)], rows));
    }
    if !w.follow_ups.is_empty() {
        blocks.push(heading("九、回访"));
        let visits = w
            .follow_ups
            .iter()
            .map(|v| vec![issue.time(v.visited_at), v.method.label().to_string(), v.satisfaction.label().to_string(), or_blank(&v.remarks), v.actor_name.clone()])
            .collect();
        blocks.push(table(&[("回访时间", 18), ("方式", 10), ("满意度", 12), ("备注", 46), ("回访人", 14)], visits));
    }
    if let Some(closing) = notes(&[StepNoteKind::Closing]).last() {
        blocks.push(heading("十、结案"));
        blocks.push(fields(
            2,
            vec![
                Field::new("结案总结", or_blank(&closing.text)),
                Field::new("结案人 / 时间", format!("{} {}", closing.actor_name, issue.time(closing.at))),
            ],
        ));
    }
    blocks.push(Block::Note { text: "本表为公司内部文件，不得影印或交予客户；批示事项以书信或电话转答客户。".into() });
    paper(
        DocumentKind::HandlingForm,
        Some(&c.case_no),
        issue,
        blocks,
        &["业务部门", "质量管理部", "处理部门", "总经理室", "核决"],
    )
}

/// 《答复函》: the letter that tells the customer what was decided, in the
/// organisation's name. It says what the customer may know (his complaint,
/// the answer given or the approved resolution's amounts offered), never
/// the company's inside (losses, responsibility, approvers) [002: the
/// handling form itself is never handed to a customer].
pub fn reply_letter(w: &CaseWorkflow, organisation: &str, issue: &Issue) -> Paper {
    let c = &w.case;
    let f = &c.fields;
    let organisation = if organisation.trim().is_empty() { "本公司" } else { organisation.trim() };
    let received = issue.time(f.received_at);
    let received_day = received.split(' ').next().unwrap_or(&received).to_string();
    let mut blocks = vec![
        Block::Note { text: format!("尊敬的 {}：", f.customer_name) },
        Block::Note {
            text: format!("您于 {received_day} 向我们反映的问题（案件编号 {}）我们已调查处理完毕。感谢您的信任与监督，现将处理结果函复如下：", c.case_no),
        },
        fields(1, vec![Field::new("您反映的问题", f.content.as_str()), Field::new("您的要求", or_blank(&f.customer_request))]),
    ];
    let answer = w.step_notes.iter().rev().find(|n| n.step == StepNoteKind::Answer);
    match (answer, &w.resolution) {
        (Some(a), _) => blocks.push(fields(1, vec![Field::new("处理结果", a.text.as_str())])),
        (None, Some(res)) => {
            let rows = res
                .lines
                .iter()
                .map(|l| {
                    let offered = l.offered_fen();
                    vec![l.kind.label().to_string(), if offered > 0 { amount(offered) } else { "—".into() }, or_blank(&l.note)]
                })
                .collect();
            blocks.push(heading("处理结果"));
            blocks.push(table(&[("处理方式", 20), ("金额", 40), ("说明", 40)], rows));
            if res.offered_fen > 0 {
                blocks.push(fields(1, vec![Field::new("合计", amount(res.offered_fen))]));
            }
        }
        (None, None) => {}
    }
    blocks.push(Block::Note {
        text: "如您对上述处理结果仍有疑问，请在收到本函后与我们的客户服务部联系，并告知案件编号，我们将再次为您核实处理。".into(),
    });
    blocks.push(Block::Note { text: "此致".into() });
    blocks.push(Block::Note { text: format!("{organisation}（盖章）    客户服务部 {}    {}", issue.issued_by, issue.time(issue.issued_at).split(' ').next().unwrap_or_default()) });
    paper(DocumentKind::ReplyLetter, Some(&c.case_no), issue, blocks, &[])
}

fn case_header(c: &Case, issue: &Issue) -> Block {
    let mut fs = customer_fields(c);
    fs.truncate(2);
    fs.push(Field::new("案件编号", c.case_no.as_str()));
    fs.push(Field::new("受理时间", issue.time(c.fields.received_at)));
    fields(2, fs)
}

fn approval_fields(w: &CaseWorkflow, issue: &Issue) -> Vec<Field> {
    w.approvals
        .iter()
        .rev()
        .find(|a| a.decision == ApprovalDecision::Approved)
        .map(|a| {
            vec![
                Field::new("核决人", format!("{}（{}）", a.approver_name, a.required_level.role().label())),
                Field::new("核决时间", issue.time(a.at)),
            ]
        })
        .unwrap_or_default()
}

/// 《销货折让证明单》: the allowance (or compensation) the customer was
/// granted, for accounting to book [002 第三篇 (十三)1(1)].
pub fn allowance_certificate(w: &CaseWorkflow, lines: &[ResolutionLine], total: i64, issue: &Issue) -> Paper {
    let c = &w.case;
    let mut blocks = vec![case_header(c, issue)];
    blocks.push(fields(2, vec![Field::new("订单编号", or_blank(&c.fields.order_no)), Field::new("料号", or_blank(&c.fields.item_no))]));
    blocks.push(heading("折让明细"));
    blocks.push(lines_table(lines, false));
    blocks.push(fields(1, vec![Field::new("折让金额合计", amount(total)), Field::new("折让原因", c.fields.content.as_str())]));
    blocks.push(fields(2, approval_fields(w, issue)));
    blocks.push(Block::Note {
        text: "请买受人核对折让单价与金额后盖统一发票章签回；签回后一联业务部存，一联送会计科作账。".into(),
    });
    paper(DocumentKind::AllowanceCertificate, Some(&c.case_no), issue, blocks, &["业务人员", "经（副）理", "总（副）经理", "客户签章"])
}

/// 《成品退货单》: what comes back, why and how it is handled [002 第三篇 (十三)1(2)].
pub fn return_slip(w: &CaseWorkflow, lines: &[ResolutionLine], total: i64, issue: &Issue) -> Paper {
    let c = &w.case;
    let handling = w.investigation.as_ref().map(|i| i.measures.clone()).unwrap_or_default();
    let mut blocks = vec![case_header(c, issue)];
    blocks.push(fields(2, product_fields(c)));
    blocks.push(heading("退货明细"));
    blocks.push(lines_table(lines, true));
    blocks.push(fields(
        1,
        vec![
            Field::new("退货金额合计", amount(total)),
            Field::new("退货原因", c.fields.content.as_str()),
            Field::new("处理方式", or_blank(&handling)),
        ],
    ));
    blocks.push(fields(2, approval_fields(w, issue)));
    blocks.push(Block::Note { text: "成品仓储依本单核对实退数量后签收；会计科依核定退货量与实退量核对无误后开立传票。".into() });
    paper(DocumentKind::ReturnSlip, Some(&c.case_no), issue, blocks, &["开单人", "经（副）理", "成品仓储签收", "会计科"])
}

/// 退款/折扣凭证: handed to the customer of a retail or service case.
pub fn refund_certificate(w: &CaseWorkflow, lines: &[ResolutionLine], total: i64, issue: &Issue) -> Paper {
    let c = &w.case;
    let mut blocks = vec![case_header(c, issue)];
    blocks.push(heading("退款/折扣明细"));
    blocks.push(lines_table(lines, false));
    blocks.push(fields(1, vec![Field::new("金额合计", amount(total)), Field::new("事由", c.fields.content.as_str())]));
    blocks.push(fields(2, approval_fields(w, issue)));
    blocks.push(Block::Note {
        text: "本凭证凭验证码可向本公司核实真伪；涂改无效。如有疑问请致电客服部，并告知案件编号。".into(),
    });
    paper(DocumentKind::RefundCertificate, Some(&c.case_no), issue, blocks, &["经办人", "部门负责人", "财务", "客户签收"])
}

/// 催办单: to the department responsible for an overdue case.
pub fn reminder_notice(case: &Case, r: &Reminder, issue: &Issue) -> Paper {
    let mut blocks = vec![fields(
        2,
        vec![
            Field::new("催办单号", r.reminder_no.as_str()),
            Field::new("被催办部门", r.to_department_name.clone().unwrap_or_else(|| "—".into())),
            Field::new("案件编号", case.case_no.as_str()),
            Field::new("客户", case.fields.customer_name.as_str()),
            Field::new("超时环节", label(r.stage)),
            Field::new("应完成时间", r.due_at.map_or("—".into(), |d| issue.time(d))),
            Field::new("催办人", r.issued_by_name.as_str()),
            Field::new("催办时间", issue.time(r.issued_at)),
        ],
    )];
    blocks.push(fields(1, vec![Field::new("投诉内容概要", case.fields.content.as_str()), Field::new("催办说明", or_blank(&r.note))]));
    blocks.push(Block::Note { text: "请责任部门于收到本单后立即处理，并将处理结果及逾期原因回复催办部门。".into() });
    paper(DocumentKind::ReminderNotice, Some(&case.case_no), issue, blocks, &["催办部门", "责任部门负责人签收"])
}

/// 《客户意见与投诉处理跟进表》 of the sheet's filter, as a printable list.
pub fn tracking_sheet(rows: &[CaseRow], filter: &str, total: u64, issue: &Issue) -> Paper {
    let mut blocks = vec![fields(1, vec![Field::new("筛选条件", or_blank(filter)), Field::new("案件数", total.to_string())])];
    let data = rows
        .iter()
        .map(|r| {
            vec![
                r.case_no.clone(),
                issue.time(r.received_at),
                r.customer_name.clone(),
                r.channel.label().to_string(),
                // The start of 投诉内容概要, as the paper sheet always had it.
                r.content.chars().take(80).collect(),
                label(r.cause_type),
                r.severity.label().to_string(),
                r.department_name.clone().unwrap_or_else(|| "—".into()),
                r.handler_name.clone(),
                r.status.label().to_string(),
                r.due_at.map_or("—".into(), |d| format!("{}{}", issue.time(d), if r.overdue { "（超时）" } else { "" })),
            ]
        })
        .collect();
    blocks.push(table(
        &[
            ("编号", 9),
            ("受理时间", 11),
            ("客户", 8),
            ("渠道", 6),
            ("投诉内容概要", 30),
            ("类别", 7),
            ("严重程度", 6),
            ("责任部门", 9),
            ("经办人", 7),
            ("状态", 7),
            ("时效", 11),
        ],
        data,
    ));
    if (rows.len() as u64) < total {
        blocks.push(Block::Note { text: format!("只打印了前 {} 条；请缩小筛选范围后分批打印。", rows.len()) });
    }
    paper(DocumentKind::TrackingSheet, None, issue, blocks, &["制表人", "客服部负责人"])
}

/// 会计台账 of the ledger's filter: each certificate and return slip with
/// its amount in figures and capitals, where it stands and its vouchers;
/// the count and the total under the filter.
pub fn ledger(rows: &[crate::ledger::LedgerRow], filter: &str, total: u64, total_fen: i64, issue: &Issue) -> Paper {
    let mut blocks = vec![fields(
        1,
        vec![Field::new("筛选条件", or_blank(filter)), Field::new("笔数", total.to_string()), Field::new("金额合计", amount(total_fen))],
    )];
    let voucher = |r: &crate::ledger::LedgerRow, mark: LedgerMark| {
        r.marks
            .iter()
            .filter(|m| m.mark == mark && m.voided_at.is_none())
            .map(|m| format!("{}（{}）", m.voucher_no, m.voucher_date))
            .next()
            .unwrap_or_else(|| "—".into())
    };
    let data = rows
        .iter()
        .map(|r| {
            vec![
                r.number.clone(),
                r.kind.label().to_string(),
                number(r.case_no.as_ref()),
                r.payee.clone().map_or_else(|| "—".into(), |p| or_blank(&p)),
                format_fen(r.amount_fen),
                chinese_capital(r.amount_fen),
                r.issued_by_name.clone(),
                issue.zone.day(r.issued_at),
                r.state.label().to_string(),
                voucher(r, LedgerMark::Paid),
                voucher(r, LedgerMark::WrittenOff),
            ]
        })
        .collect();
    blocks.push(table(
        &[
            ("编号", 11),
            ("文书", 11),
            ("案件编号", 8),
            ("客户", 10),
            ("金额", 10),
            ("金额大写", 14),
            ("开具人", 6),
            ("开具日期", 8),
            ("状态", 5),
            ("已付传票", 11),
            ("核销传票", 11),
        ],
        data,
    ));
    if (rows.len() as u64) < total {
        blocks.push(Block::Note { text: format!("只打印了前 {} 条；请缩小筛选范围后分批打印。", rows.len()) });
    }
    paper(DocumentKind::Ledger, None, issue, blocks, &["制表人", "会计科负责人"])
}

/// What a month's 客户投诉案件统计表 says (`statement.rs` gathers it).
pub struct StatementContent {
    /// YYYY-MM
    pub month: String,
    pub lines: Vec<crate::statement::StatementEntry>,
    pub by_department: Vec<crate::statement::StatementTotal>,
    pub by_cause: Vec<crate::statement::StatementTotal>,
    pub by_resolution: Vec<crate::statement::StatementTotal>,
    /// The departments that confirm it, each with a signature line.
    pub confirming: Vec<String>,
}

/// 客户投诉案件统计表 [002 第三篇 (九)10]: one line per case closed in the
/// month (补入 for one closed after an earlier month's table), then the
/// totals by department (its share of each loss by ratio), by cause and by
/// resolution; signed by the 总经理室 who drew it up, each department that
/// confirms it, and the 总经理.
pub fn monthly_statement(s: &StatementContent, issue: &Issue) -> Paper {
    let total_loss: i64 = s.lines.iter().map(|e| e.line.loss_fen).sum();
    let late = s.lines.iter().filter(|e| e.late).count();
    let on_time = s.lines.iter().filter(|e| e.line.on_time == Some(true)).count();
    let mut summary = vec![
        Field::new("统计月份", s.month.replacen('-', "年", 1) + "月"),
        Field::new("结案件数", s.lines.len().to_string()),
        Field::new("损失金额合计", amount(total_loss)),
        Field::new("按时结案", format!("{on_time} 件")),
    ];
    if late > 0 {
        summary.push(Field::new("补入件数", format!("{late} 件（上月统计表开具后结案）")));
    }
    let rows = s
        .lines
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let l = &e.line;
            let resolution: Vec<&str> = l.resolution_types.iter().map(|t| t.label()).collect();
            vec![
                (i + 1).to_string(),
                if e.late { format!("{}（补入）", l.case_no) } else { l.case_no.clone() },
                or_blank(&l.customer_name),
                or_blank(&l.product),
                label(l.cause_type),
                or_blank(&crate::statement::responsibility_text(l)),
                or_blank(&resolution.join("、")),
                format_fen(l.loss_fen),
                e.closed_on.clone(),
                l.days_to_close.map_or_else(|| "—".into(), |d| format!("{d:.1}")),
                match l.on_time {
                    Some(true) => "按时".into(),
                    Some(false) => "逾期".into(),
                    None => "—".into(),
                },
            ]
        })
        .collect();
    let totals = |title: &str, label_title: &str, totals: &[crate::statement::StatementTotal]| {
        vec![
            heading(title),
            table(
                &[(label_title, 20), ("件数", 8), ("损失金额", 14)],
                totals.iter().map(|t| vec![t.label.clone(), t.cases.to_string(), format_fen(t.loss_fen)]).collect(),
            ),
        ]
    };
    let mut blocks = vec![
        fields(2, summary),
        heading("一、结案案件明细"),
        table(
            &[
                ("序号", 4),
                ("案件编号", 12),
                ("客户", 10),
                ("产品/料号", 12),
                ("原因类别", 7),
                ("责任部门及比例", 16),
                ("处理方式", 9),
                ("损失金额", 10),
                ("结案日期", 9),
                ("天数", 4),
                ("时效", 5),
            ],
            rows,
        ),
    ];
    blocks.extend(totals("二、各部门损失分摊（按责任比例）", "责任部门", &s.by_department));
    blocks.extend(totals("三、按原因类别", "原因类别", &s.by_cause));
    blocks.extend(totals("四、按处理方式", "处理方式", &s.by_resolution));
    blocks.push(Block::Note { text: "各部门主管确认责任归属及比率后签名；损失金额依《客户投诉损失金额核算基准》计算。".into() });
    let mut signatures: Vec<String> = vec!["制表（总经理室）".into()];
    signatures.extend(s.confirming.iter().map(|d| format!("{d}主管确认")));
    signatures.push("总经理核准".into());
    let signatures: Vec<&str> = signatures.iter().map(String::as_str).collect();
    paper(DocumentKind::MonthlyStatement, None, issue, blocks, &signatures)
}
