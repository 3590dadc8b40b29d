//! The desk's lists as tables to export, each as its person sees it on
//! screen: rows masked by `privacy` (the phone of a case he does not handle
//! reads 138****5678), the lists he may open and nothing more.
//!
//! The tracking sheet is walked batch by batch by a cursor through the
//! sheet's own filter and order, so an export of a million cases holds one
//! batch of rows at a time and each batch costs the same.

use std::path::Path;

use crate::codes::CaseStatus;
use crate::error::Result;
use crate::ledger::LedgerQuery;
use crate::model::{ApprovalItem, CaseQuery, CaseRow, User};
use crate::privacy::Viewer;
use crate::store::{SheetCursor, MAX_PAGE_SIZE};
use crate::time_zone::OrgZone;
use crate::Desk;

use super::{write_table, Cell, Column, ColumnKind, ExportFormat, InMemory, RowSource, TableHead, Watch, XLSX_MAX_ROWS};

/// Rows read from the store at a time: as many as the sheet's largest page,
/// so that progress and a cancel are seen often (a step costs the same
/// wherever the walk is, so a bigger one would save little).
pub const EXPORT_BATCH_ROWS: u32 = MAX_PAGE_SIZE;

/// The most cases a sheet export reads (Excel's limit; a CSV stops there too,
/// so both formats of one filter hold the same rows).
pub const SHEET_EXPORT_LIMIT: u64 = XLSX_MAX_ROWS;

/// The lists' titles: each file's name and its worksheet's.
pub const SHEET_TITLE: &str = "跟进表";
pub const MY_WORK_TITLE: &str = "我的待办";
pub const APPROVAL_QUEUE_TITLE: &str = "待我审批";
pub const LEDGER_TITLE: &str = "会计台账";

/// The tracking sheet's columns, as the sheet shows them.
fn case_columns() -> Vec<Column> {
    vec![
        Column::text("案件编号"),
        Column::new("受理时间", ColumnKind::DateTime),
        Column::text("客户"),
        Column::text("联系电话"),
        Column::text("渠道"),
        Column::text("性质"),
        Column::text("原因类型"),
        Column::text("严重程度"),
        Column::text("责任部门"),
        Column::text("状态"),
        Column::text("经办人"),
        Column::new("时效截止", ColumnKind::DateTime),
        Column::text("超时"),
        Column::text("二次投诉"),
        Column::new("轮次", ColumnKind::Integer),
        Column::text("投诉内容概要"),
    ]
}

fn yes_no(flag: bool) -> Cell {
    Cell::from(if flag { "是" } else { "" })
}

/// 已结案, or 已转第N轮 for a round the customer rejected (as the sheet reads).
fn status_text(row: &CaseRow) -> String {
    if row.continued && row.status == CaseStatus::Closed {
        format!("已转第{}轮", row.round + 1)
    } else {
        row.status.label().to_string()
    }
}

fn case_cells(zone: &OrgZone, row: &CaseRow) -> Vec<Cell> {
    vec![
        Cell::from(row.case_no.clone()),
        Cell::DateTime(zone.local(row.received_at)),
        Cell::from(row.customer_name.clone()),
        Cell::from(row.customer_phone.clone()),
        Cell::from(row.channel.label()),
        Cell::from(row.nature.map(|n| n.label())),
        Cell::from(row.cause_type.map(|c| c.label())),
        Cell::from(row.severity.label()),
        Cell::from(row.department_name.clone()),
        Cell::from(status_text(row)),
        Cell::from(row.handler_name.clone()),
        row.due_at.map_or(Cell::Empty, |at| Cell::DateTime(zone.local(at))),
        yes_no(row.overdue),
        yes_no(row.is_repeat),
        Cell::Integer(row.round),
        Cell::from(row.content.clone()),
    ]
}

/// The sheet's cases of one query, batch after batch, masked for the viewer.
/// Walked by a cursor (`Desk::case_rows_after`): each batch starts after the
/// last row of the one before, so the millionth row costs what the first
/// did, where numbered pages (OFFSET) would skip all the rows before again.
struct SheetPages<'a> {
    desk: &'a Desk,
    viewer: Viewer,
    zone: OrgZone,
    /// The 时效 filter is a window fixed when the export began.
    query: CaseQuery,
    /// Where the next batch starts (`None`: at the first row).
    after: Option<SheetCursor>,
    /// Rows still to read (Excel's limit), and whether the last batch was short.
    left: u64,
    done: bool,
    total: Option<u64>,
    /// Columns that lead each row (我的待办's 待办事项).
    lead: Vec<Cell>,
}

impl<'a> SheetPages<'a> {
    fn new(desk: &'a Desk, actor: &User, query: &CaseQuery, lead: Vec<Cell>) -> Result<SheetPages<'a>> {
        let query = desk.with_due_window(query);
        // The sheet counts up to COUNT_CAP: beyond it the total is not known (the progress bar runs without one).
        let first = desk.case_page(&CaseQuery { page: 1, page_size: 1, ..query.clone() })?;
        let total = (!first.total_capped).then_some(first.total.min(SHEET_EXPORT_LIMIT));
        Ok(SheetPages {
            desk,
            viewer: desk.viewer(actor)?,
            zone: desk.time_zone()?,
            query,
            after: None,
            left: SHEET_EXPORT_LIMIT,
            done: false,
            total,
            lead,
        })
    }
}

impl RowSource for SheetPages<'_> {
    fn total(&self) -> Option<u64> {
        self.total
    }

    fn next_batch(&mut self) -> Result<Option<Vec<Vec<Cell>>>> {
        if self.done || self.left == 0 {
            return Ok(None);
        }
        let want = (EXPORT_BATCH_ROWS as u64).min(self.left) as u32;
        let step = self.desk.case_rows_after(&self.query, self.after.as_ref(), want)?;
        self.done = (step.rows.len() as u32) < want;
        self.after = step.next;
        let mut batch = Vec::with_capacity(step.rows.len());
        for row in step.rows {
            let row = self.desk.row_for(&self.viewer, row)?;
            let mut cells = self.lead.clone();
            cells.extend(case_cells(&self.zone, &row));
            batch.push(cells);
        }
        self.left -= batch.len() as u64;
        Ok((!batch.is_empty()).then_some(batch))
    }
}

/// Several sources one after the other (我的待办's groups).
struct Chain<'a> {
    sources: std::collections::VecDeque<Box<dyn RowSource + 'a>>,
}

impl RowSource for Chain<'_> {
    fn total(&self) -> Option<u64> {
        self.sources.iter().map(|s| s.total()).sum()
    }

    fn next_batch(&mut self) -> Result<Option<Vec<Vec<Cell>>>> {
        while let Some(source) = self.sources.front_mut() {
            if let Some(batch) = source.next_batch()? {
                return Ok(Some(batch));
            }
            self.sources.pop_front();
        }
        Ok(None)
    }
}

fn approval_columns() -> Vec<Column> {
    vec![
        Column::text("案件编号"),
        Column::new("受理时间", ColumnKind::DateTime),
        Column::text("客户"),
        Column::text("联系电话"),
        Column::text("责任部门"),
        Column::text("严重程度"),
        Column::new("给客户的金额", ColumnKind::MoneyFen),
        Column::new("损失金额", ColumnKind::MoneyFen),
        Column::text("审批权限"),
        Column::text("提出人"),
        Column::new("提出时间", ColumnKind::DateTime),
        Column::text("部门意见"),
    ]
}

fn approval_cells(zone: &OrgZone, item: &ApprovalItem) -> Vec<Cell> {
    let (case, r) = (&item.case, &item.resolution);
    vec![
        Cell::from(case.case_no.clone()),
        Cell::DateTime(zone.local(case.received_at)),
        Cell::from(case.customer_name.clone()),
        Cell::from(case.customer_phone.clone()),
        Cell::from(case.department_name.clone()),
        Cell::from(case.severity.label()),
        Cell::MoneyFen(r.offered_fen),
        Cell::MoneyFen(r.loss_fen),
        Cell::from(r.required_level.role().label()),
        Cell::from(r.proposer_name.clone()),
        Cell::DateTime(zone.local(r.proposed_at)),
        Cell::from(r.opinion.clone()),
    ]
}

impl Desk {
    /// `跟进表-20261207.xlsx`: the list's title and today in the organisation's zone.
    pub fn export_file_name(&self, title: &str, format: ExportFormat) -> Result<String> {
        let today = self.time_zone()?.local(self.now()).date();
        Ok(super::file_name(title, today, format))
    }

    /// 导出 of the tracking sheet: every case of `query`'s filter and sort
    /// (not only its page), as `actor` sees them. `Ok(None)`: cancelled.
    pub fn export_sheet(&self, actor: &User, query: &CaseQuery, path: &Path, format: ExportFormat, watch: Watch) -> Result<Option<u64>> {
        let head = TableHead { title: SHEET_TITLE.into(), columns: case_columns() };
        let mut pages = SheetPages::new(self, actor, query, vec![])?;
        write_table(path, format, &head, &mut pages, watch)
    }

    /// 导出 of 我的待办: each list in full, 待办事项 first.
    pub fn export_my_work(&self, actor: &User, path: &Path, format: ExportFormat, watch: Watch) -> Result<Option<u64>> {
        let mut columns = vec![Column::text("待办事项")];
        columns.extend(case_columns());
        let head = TableHead { title: MY_WORK_TITLE.into(), columns };
        let zone = self.time_zone()?;
        let mut sources: std::collections::VecDeque<Box<dyn RowSource>> = Default::default();
        for (kind, query) in self.work_lists(actor)? {
            let lead = vec![Cell::from(kind.label())];
            match query {
                Some(query) => sources.push_back(Box::new(SheetPages::new(self, actor, &query, lead)?)),
                None => {
                    // The approval queue is already masked for the approver (`approval_queue`).
                    let rows = self.approval_queue(actor)?.iter().map(|item| [lead.clone(), case_cells(&zone, &item.case)].concat()).collect();
                    sources.push_back(Box::new(InMemory::new(rows)));
                }
            }
        }
        write_table(path, format, &head, &mut Chain { sources }, watch)
    }

    /// 导出 of 待我审批: the approver's queue with its amounts.
    pub fn export_approval_queue(&self, actor: &User, path: &Path, format: ExportFormat, watch: Watch) -> Result<Option<u64>> {
        let head = TableHead { title: APPROVAL_QUEUE_TITLE.into(), columns: approval_columns() };
        let zone = self.time_zone()?;
        let rows = self.approval_queue(actor)?.iter().map(|item| approval_cells(&zone, item)).collect();
        write_table(path, format, &head, &mut InMemory::new(rows), watch)
    }

    /// 导出 of the 会计台账: every document of the query's month, state and
    /// search (会计科 and admins only, as the screen).
    pub fn export_ledger(&self, actor: &User, query: &LedgerQuery, path: &Path, format: ExportFormat, watch: Watch) -> Result<Option<u64>> {
        let (rows, _) = self.ledger_matching(actor, query)?;
        let zone = self.time_zone()?;
        let head = TableHead {
            title: LEDGER_TITLE.into(),
            columns: vec![
                Column::text("编号"),
                Column::text("文书"),
                Column::text("案件编号"),
                Column::text("收款人"),
                Column::new("金额", ColumnKind::MoneyFen),
                Column::text("开具人"),
                Column::new("开具时间", ColumnKind::DateTime),
                Column::text("状态"),
                Column::text("传票号"),
                Column::new("传票日期", ColumnKind::Date),
                Column::text("作废原因"),
            ],
        };
        let cells = rows
            .iter()
            .map(|r| {
                let mark = r.live_mark();
                vec![
                    Cell::from(r.number.clone()),
                    Cell::from(r.kind.label()),
                    Cell::from(r.case_no.clone()),
                    Cell::from(r.payee.clone()),
                    Cell::MoneyFen(r.amount_fen),
                    Cell::from(r.issued_by_name.clone()),
                    Cell::DateTime(zone.local(r.issued_at)),
                    Cell::from(r.state.label()),
                    Cell::from(mark.map(|m| m.voucher_no.clone())),
                    mark.map_or(Cell::Empty, |m| Cell::Date(m.voucher_date)),
                    Cell::from(r.void_reason.clone()),
                ]
            })
            .collect();
        write_table(path, format, &head, &mut InMemory::new(cells), watch)
    }
}
