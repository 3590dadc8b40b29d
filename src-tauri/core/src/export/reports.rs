//! 导出 of the monthly close's tables, built whole in memory (a month's
//! closed cases, a period's figures): the 《客户投诉案件统计表》 one line per
//! case, and 统计 as one sheet of every figure and breakdown, each row
//! naming the table it belongs to. Who may have them is decided by the same
//! reads the screens use (`month_statement`, `statistics`).

use std::path::Path;

use chrono::NaiveDate;

use crate::error::Result;
use crate::model::User;
use crate::statement::responsibility_text;
use crate::stats::{StatsQuery, Tally};
use crate::Desk;

use super::{Cell, Column, ColumnKind, ExportFormat, Table, TableHead, Watch};

pub const STATEMENT_TITLE: &str = "客户投诉案件统计表";
pub const STATS_TITLE: &str = "投诉统计";

fn day(text: &str) -> Cell {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or_else(|_| Cell::Text(text.to_string()), Cell::Date)
}

/// Days to a tenth, as the screen shows them.
fn tenth(days: Option<f64>) -> Cell {
    days.map_or(Cell::Empty, |d| Cell::Text(format!("{d:.1}")))
}

impl Desk {
    /// 客户投诉案件统计表 of a month as a table: the lines the screen and the
    /// paper show (the issued table's, or what issuing it now would list).
    pub fn statement_table(&self, actor: &User, month: &str) -> Result<Table> {
        let t = self.month_statement(actor, month)?;
        let columns = vec![
            Column::new("序号", ColumnKind::Integer),
            Column::text("案件编号"),
            Column::text("补入"),
            Column::text("客户"),
            Column::text("产品/料号"),
            Column::text("原因类别"),
            Column::text("责任部门及比例"),
            Column::text("处理方式"),
            Column::new("损失金额", ColumnKind::MoneyFen),
            Column::new("结案日期", ColumnKind::Date),
            Column::text("结案天数"),
            Column::text("时效"),
        ];
        let rows = t
            .lines
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let l = &e.line;
                let resolution: Vec<&str> = l.resolution_types.iter().map(|r| r.label()).collect();
                vec![
                    Cell::Integer(i as i64 + 1),
                    l.case_no.clone().into(),
                    if e.late { "补入".into() } else { Cell::Empty },
                    l.customer_name.clone().into(),
                    l.product.clone().into(),
                    l.cause_type.map(|c| c.label()).into(),
                    responsibility_text(l).into(),
                    resolution.join("、").into(),
                    Cell::MoneyFen(l.loss_fen),
                    day(&e.closed_on),
                    tenth(l.days_to_close),
                    l.on_time.map(|ok| if ok { "按时" } else { "逾期" }).into(),
                ]
            })
            .collect();
        let title = format!("{STATEMENT_TITLE}{}", t.month);
        Ok(Table { head: TableHead { title, columns }, rows })
    }

    /// 统计 of a period as one table: the figures, then every breakdown, a
    /// row each, named by the table it comes from.
    pub fn statistics_table(&self, actor: &User, query: StatsQuery) -> Result<Table> {
        let s = self.statistics(actor, query)?;
        let columns = vec![
            Column::text("统计表"),
            Column::text("项目"),
            Column::new("件数", ColumnKind::Integer),
            Column::new("金额", ColumnKind::MoneyFen),
            Column::text("比率"),
        ];
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut row = |table: &str, item: &str, count: Option<u64>, fen: Option<i64>, rate: Option<String>| {
            rows.push(vec![table.into(), item.into(), count.map(|c| Cell::Integer(c as i64)).into(), fen.map(Cell::MoneyFen).into(), rate.into()]);
        };
        let period = format!("{} 至 {}", s.query.from, s.query.to);
        row("期间", &period, None, None, None);
        for (label, f) in [
            ("本期案件", &s.cases),
            ("本期受理", &s.opened),
            ("本期结案", &s.closed),
            ("期末未结", &s.open_at_end),
            ("转入新一轮", &s.new_rounds),
            ("二次投诉", &s.repeats),
        ] {
            row("概况", label, Some(f.count), None, None);
        }
        row("金额", "客户索赔金额", None, Some(s.claimed_fen), None);
        row("金额", "核准金额", None, Some(s.approved_fen), None);
        row("金额", "损失金额", None, Some(s.loss_fen), None);
        let percent = |r: Option<f64>| r.map(|r| format!("{r:.1}%"));
        row("时效", "结案天数（中位数）", None, None, s.days_median.map(|d| format!("{d:.1}")));
        row("时效", "结案天数（90%）", None, None, s.days_p90.map(|d| format!("{d:.1}")));
        row("时效", "及时率", Some(s.on_time.judged), None, percent(s.on_time.rate));
        let tallies: [(&str, &Vec<Tally>); 9] = [
            ("按部门", &s.by_department),
            ("按原因类别", &s.by_cause),
            ("按性质", &s.by_nature),
            ("按严重程度", &s.by_severity),
            ("按渠道", &s.by_channel),
            ("按处理方式", &s.by_resolution),
            ("按状态", &s.by_status),
            ("各部门损失分摊", &s.loss_by_department),
            ("满意度", &s.satisfaction),
        ];
        for (table, list) in tallies {
            for t in list {
                row(table, &t.label, Some(t.count), (t.amount_fen != 0).then_some(t.amount_fen), None);
            }
        }
        for o in s.on_time_by_stage.iter() {
            row("各阶段及时率", &o.label, Some(o.judged), None, percent(o.rate));
        }
        for o in s.on_time_by_department.iter() {
            row("各部门及时率", &o.label, Some(o.judged), None, percent(o.rate));
        }
        for d in s.satisfaction_by_department.iter() {
            row("各部门满意率", &d.label, Some(d.satisfied + d.fairly_satisfied + d.unsatisfied), None, percent(d.rate));
        }
        row("满意度", "满意率", None, None, percent(s.satisfaction_rate));
        Ok(Table { head: TableHead { title: STATS_TITLE.to_string(), columns }, rows })
    }

    /// 导出 of a month's 统计表.
    pub fn export_statement(&self, actor: &User, month: &str, path: &Path, format: ExportFormat, watch: Watch) -> Result<Option<u64>> {
        self.statement_table(actor, month)?.write(path, format, watch)
    }

    /// 导出 of a period's 统计.
    pub fn export_statistics(&self, actor: &User, query: StatsQuery, path: &Path, format: ExportFormat, watch: Watch) -> Result<Option<u64>> {
        self.statistics_table(actor, query)?.write(path, format, watch)
    }
}
