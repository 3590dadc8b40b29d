//! 《奖罚通知单》: the month's deductions per person (economic, sanctions,
//! carried, deducted, carried on), the sanctions for 人事公布, and the
//! store fines with their due date; approved by the 总经理 [002 第三篇 (十二)2].

use chrono::NaiveDate;

use super::compute::PenaltyBody;
use crate::codes::*;
use crate::documents::forms::{amount, Issue};
use crate::money::format_fen;
use crate::pdf::{Block, Column, Field, Paper};

fn table(columns: &[(&str, u16)], rows: Vec<Vec<String>>) -> Block {
    Block::Table { columns: columns.iter().map(|(t, w)| Column { title: t.to_string(), width: *w }).collect(), rows }
}

pub fn penalty_notice(body: &PenaltyBody, approver: &str, due_date: NaiveDate, issue: &Issue) -> Paper {
    let mut blocks = vec![Block::Fields {
        columns: 2,
        fields: vec![
            Field::new("月份", body.month.clone()),
            Field::new("核准人", if approver.is_empty() { "—".to_string() } else { approver.to_string() }),
            Field::new("本月罚扣合计", amount(body.deducted_fen)),
            Field::new("门店罚款合计", amount(body.fines_fen)),
        ],
    }];
    blocks.push(Block::Heading { text: "一、个人罚扣（效益奖金）".into() });
    let people = body
        .people
        .iter()
        .map(|p| {
            vec![
                p.department_name.clone(),
                p.person.clone(),
                p.base_points.to_string(),
                format_fen(p.month_bonus_fen),
                format_fen(p.economic_fen),
                format_fen(p.sanction_fen),
                format_fen(p.carried_fen),
                format_fen(p.deducted_fen),
                format_fen(p.carry_fen),
            ]
        })
        .collect();
    blocks.push(table(
        &[("部门", 10), ("姓名", 8), ("基点数", 5), ("效益奖金", 9), ("经济罚扣", 9), ("行政罚扣", 9), ("上月结转", 9), ("本月罚扣", 9), ("转下月", 9)],
        people,
    ));
    let sanctions: Vec<Vec<String>> = body
        .people
        .iter()
        .flat_map(|p| {
            p.sanctions.iter().map(move |s| {
                vec![
                    p.department_name.clone(),
                    p.person.clone(),
                    s.case_no.clone(),
                    match &s.supervisor_of {
                        Some(of) => format!("{}（主管连带：{of}）", s.sanction.label()),
                        None => s.sanction.label().to_string(),
                    },
                    format_fen(s.share_fen),
                    format_fen(s.fen),
                ]
            })
        })
        .collect();
    if !sanctions.is_empty() {
        blocks.push(Block::Heading { text: "二、行政处分（送人事单位公布）".into() });
        blocks.push(table(&[("部门", 10), ("姓名", 8), ("案件编号", 9), ("处分", 16), ("个人负担金额", 10), ("折算罚扣", 9)], sanctions));
    }
    if !body.store_fines.is_empty() {
        blocks.push(Block::Heading { text: "三、门店罚款".into() });
        let fines = body
            .store_fines
            .iter()
            .map(|f| {
                vec![
                    f.department_name.clone(),
                    f.payer.clone(),
                    f.kind.label().to_string(),
                    f.case_no.clone().unwrap_or_else(|| "—".into()),
                    format_fen(f.amount_fen),
                ]
            })
            .collect();
        blocks.push(table(&[("门店", 10), ("缴款人", 8), ("事由", 12), ("案件编号", 9), ("金额", 9)], fines));
        blocks.push(Block::Note { text: format!("门店罚款请于 {due_date} 前缴至财务部。") });
    }
    if !body.unassigned.is_empty() {
        let cases: Vec<String> = body.unassigned.iter().map(|l| format!("{} {}", l.case_no, l.department_name)).collect();
        blocks.push(Block::Note { text: format!("以下部门无奖罚档案，损失未分摊到个人：{}。", cases.join("、")) });
    }
    let kind = DocumentKind::PenaltyNotice;
    Paper {
        title: kind.label().to_string(),
        landscape: true,
        number: issue.number.to_string(),
        meta: vec![Field::new("开具人", issue.issued_by), Field::new("开具时间", issue.zone.minute(issue.issued_at))],
        blocks,
        signatures: vec!["总经理室".into(), "总经理".into(), "会计单位".into(), "罚扣部门".into()],
        copies: crate::documents::forms::copies(kind),
        verification_code: issue.code.map(str::to_string),
    }
}
