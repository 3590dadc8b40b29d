//! 文书: issuing, printing, voiding and verifying the documents of
//! DOMAIN.md section 7. A document is issued once under its own number,
//! with what it says frozen (`Paper`); every later output of a copy says
//! 补打; a voided document is never output again; a certificate carries a
//! verification code accounting can check.

pub mod code;
pub mod forms;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::*;
use crate::desk::Desk;
use crate::error::{AppError, ErrorCode, Result};
use crate::loss::ResolutionLine;
use crate::model::*;
use crate::pdf::{self, Marks, Paper};
use crate::privacy::PersonalData;
use crate::store::{DocumentInsert, DocumentNumber};
use crate::validate;

pub use crate::store::documents::{IssuedDocument, StoredDocument};

/// What to issue: a document of a case, the 催办单 of a reminder, or the
/// tracking sheet of a filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentRequest {
    pub kind: DocumentKind,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub case_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub reminder_id: Option<i64>,
    /// The sheet's current filter (tracking sheet only).
    #[serde(default)]
    pub query: Option<CaseQuery>,
    /// The filter in words, printed on the sheet.
    #[serde(default)]
    pub filter_text: String,
}

/// 案件详情's 文书 panel: what may be issued now, and what was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseDocuments {
    pub issuable: Vec<DocumentKind>,
    pub documents: Vec<IssuedDocument>,
    /// The documents this person may preview and print (`admit_to_document`):
    /// none of a case whose customer he may not see but its 催办单.
    #[ts(type = "number[]")]
    pub openable_ids: Vec<i64>,
}

/// The print preview: the pages as SVG, laid out exactly as the PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentPreview {
    pub document: IssuedDocument,
    pub pages: Vec<String>,
}

/// A document's PDF made but not yet recorded as output (`prepare_output`).
pub struct PreparedOutput {
    pub file: DocumentFile,
    document_id: i64,
    copies: Vec<u8>,
    target: OutputTarget,
}

/// A rendered PDF and the name to save it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What accounting sees after typing a verification code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// Issued here, unaltered, and not voided.
    pub genuine: bool,
    pub message: String,
    pub document: Option<IssuedDocument>,
    /// Whom the certificate pays, as printed on it.
    pub customer_name: Option<String>,
    /// The paper as it was issued (SVG pages, 作废 across a voided one):
    /// what the person holding it should see, not the case as it is now.
    pub pages: Vec<String>,
}

/// What a document to issue is, before its number is known: the store
/// numbers it, then `write` fills in what it says.
struct Draft {
    number: DocumentNumber,
    case_id: Option<i64>,
    /// What the verification code vouches for besides number, amount and date.
    case_no: String,
    reminder_id: Option<i64>,
    amount_fen: Option<i64>,
    /// Whom a certificate pays, as it prints it.
    payee: Option<String>,
    /// Whether the code is printed (the tracking sheet is a list, not a certificate).
    shows_code: bool,
    /// The case as read for the paper (`DocumentInsert::case_version`).
    case_version: Option<i64>,
    write: Box<dyn Fn(&forms::Issue) -> Paper>,
}

/// The verification code of a document under scheme `version`: its kind,
/// number, case, amount, payee and issuing date (China time), keyed with
/// this installation's key.
fn document_code(key: &[u8], version: i64, doc: &IssuedDocument) -> String {
    let vouched = code::Vouched {
        number: &doc.number,
        kind: doc.kind.code(),
        case_no: doc.case_no.as_deref().unwrap_or(""),
        amount_fen: doc.amount_fen,
        payee: doc.payee.as_deref().unwrap_or(""),
        date: &forms::code_date(doc.issued_at),
    };
    code::compute(key, version, &vouched)
}

/// The stored document with the copies (联) of its kind.
fn complete(stored: StoredDocument) -> StoredDocument {
    let mut s = stored;
    s.document.copies = forms::copies(s.document.kind);
    s
}

/// The number prefix of each kind (the 催办单 keeps its reminder's number).
fn prefix(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::HandlingForm => "CL",
        DocumentKind::ReplyLetter => "DF",
        DocumentKind::AllowanceCertificate => "ZR",
        DocumentKind::ReturnSlip => "TH",
        DocumentKind::RefundCertificate => "PZ",
        DocumentKind::ReminderNotice => "CB",
        DocumentKind::TrackingSheet => "GZ",
        DocumentKind::Ledger => "TZ",
        DocumentKind::MonthlyStatement => "TJ",
        DocumentKind::PenaltyNotice => "JF",
    }
}

/// The resolution lines a certificate is for [002 第三篇 (十三)]: 折让 and
/// 赔款 go on the allowance certificate, 退货 and 重处理 on the return slip.
fn certified_types(kind: DocumentKind) -> &'static [ResolutionType] {
    match kind {
        DocumentKind::AllowanceCertificate | DocumentKind::RefundCertificate => {
            &[ResolutionType::Allowance, ResolutionType::Compensation]
        }
        DocumentKind::ReturnSlip => &[ResolutionType::Return, ResolutionType::Rework],
        _ => &[],
    }
}

fn is_certificate(kind: DocumentKind) -> bool {
    !certified_types(kind).is_empty()
}

/// Every certificate: what an approval can be carried out on.
const CERTIFICATES: [DocumentKind; 3] = [DocumentKind::AllowanceCertificate, DocumentKind::ReturnSlip, DocumentKind::RefundCertificate];

/// The certificates that pay money out: one approved amount gets one of them.
const PAYABLE: [DocumentKind; 2] = [DocumentKind::AllowanceCertificate, DocumentKind::RefundCertificate];

/// Which certificate pays a case's 折让 and 赔款, by organisation type: a
/// manufacturer or sales branch books it against the customer's invoice
/// (销货折让证明单, signed back by the buyer) [002 第三篇 (十三)]; a mall or a
/// property company hands the customer a 退款/折扣凭证.
pub fn payable_certificate(org: OrgType) -> DocumentKind {
    match org {
        OrgType::Manufacturing | OrgType::SalesBranch => DocumentKind::AllowanceCertificate,
        OrgType::Mall | OrgType::Property | OrgType::Hospitality => DocumentKind::RefundCertificate,
    }
}

/// The certificates a write voids because it supersedes the approval they
/// came from: the resolution proposed again after its approval, the
/// customer rejecting the answer (a new round takes over), or the case
/// voided.
pub(crate) fn superseded(reason: &str) -> crate::store::Superseded {
    crate::store::Superseded {
        kinds: CERTIFICATES.to_vec(),
        reason: reason.to_string(),
    }
}

/// Why a step from `from` supersedes the approval, if it does.
pub(crate) fn superseding_step(from: CaseStatus, step: crate::workflow::Step) -> Option<crate::store::Superseded> {
    use crate::workflow::Step;
    match (from, step) {
        (CaseStatus::Approved, Step::Propose) => Some(superseded("处理方案已重新提出，原核准的方案不再有效")),
        (CaseStatus::Approved, Step::AnswerRejected) => Some(superseded("客户不接受答复，案件已转入新一轮处理，原核准的方案不再有效")),
        _ => None,
    }
}

/// Statuses after an approval that still stands.
fn approved(status: CaseStatus) -> bool {
    matches!(status, CaseStatus::Approved | CaseStatus::Answered | CaseStatus::Executed | CaseStatus::FollowedUp | CaseStatus::Closed)
}

/// Who may issue certificates: the people who carry out a resolution and
/// accounting, which books it [002 第三篇 (十三)].
const CERTIFICATE_ROLES: &[Role] =
    &[Role::Agent, Role::Handler, Role::DeptHead, Role::SalesManager, Role::ViceGm, Role::Gm, Role::Accounting];

impl Desk {
    fn document_key(&self) -> Result<Vec<u8>> {
        let hex = self.store().setting(DOCUMENT_KEY)?.ok_or_else(|| AppError::new(ErrorCode::Storage, "缺少本机的凭证密钥"))?;
        Ok(hex.into_bytes())
    }

    /// The lines of the case's approved resolution a certificate is for,
    /// or why there are none.
    fn certified_lines(&self, kind: DocumentKind, w: &CaseWorkflow) -> Result<(Vec<ResolutionLine>, i64)> {
        let not = |why: String| Err(AppError::new(ErrorCode::WrongState, why));
        if !approved(w.case.status) || w.case.validity == Some(Validity::Invalid) {
            return not(format!("案件 {} 的处理方案尚未核准（现为“{}”），不能开具{}", w.case.case_no, w.case.status.label(), kind.label()));
        }
        if let Some(next) = &w.next_round {
            return not(format!("客户未接受案件 {} 的方案，已转入新一轮 {}，请在新一轮案件中开具", w.case.case_no, next.case_no));
        }
        let lines: Vec<ResolutionLine> = w
            .resolution
            .iter()
            .flat_map(|r| r.lines.iter())
            .filter(|l| certified_types(kind).contains(&l.kind))
            .cloned()
            .collect();
        if lines.is_empty() {
            let types: Vec<&str> = certified_types(kind).iter().map(|t| t.label()).collect();
            return not(format!("案件 {} 核准的方案中没有{}，不能开具{}", w.case.case_no, types.join("或"), kind.label()));
        }
        let total = lines.iter().map(ResolutionLine::offered_fen).sum();
        Ok((lines, total))
    }

    /// The kinds `actor` may issue for the case now.
    fn issuable(&self, actor: &User, w: &CaseWorkflow, live: &[IssuedDocument]) -> Result<Vec<DocumentKind>> {
        let roles = self.roles_of(actor.id)?;
        let mut kinds = Vec::new();
        if w.case.personal_data != PersonalData::Full {
            return Ok(kinds);
        }
        let taken = |k: DocumentKind| live.iter().any(|d| d.kind == k && d.voided_at.is_none());
        if w.case.status != CaseStatus::Voided && !roles.is_empty() && !taken(DocumentKind::HandlingForm) {
            kinds.push(DocumentKind::HandlingForm);
        }
        if self.reply_letter_allowed(w).is_ok() && !roles.is_empty() && !taken(DocumentKind::ReplyLetter) {
            kinds.push(DocumentKind::ReplyLetter);
        }
        if roles.iter().any(|r| CERTIFICATE_ROLES.contains(r)) {
            let payable = payable_certificate(self.organisation_type()?);
            let paid = PAYABLE.iter().any(|k| taken(*k));
            for kind in CERTIFICATES {
                let other_payable = PAYABLE.contains(&kind) && (kind != payable || paid);
                let goods = kind != DocumentKind::ReturnSlip || self.organisation_type()?.deals_in_goods();
                if goods && !other_payable && !taken(kind) && self.certified_lines(kind, w).is_ok() {
                    kinds.push(kind);
                }
            }
        }
        Ok(kinds)
    }

    /// A 答复函 says what was decided: once the resolution is approved, and
    /// not for a round whose answer the customer rejected (the next round
    /// answers him).
    fn reply_letter_allowed(&self, w: &CaseWorkflow) -> Result<()> {
        if !approved(w.case.status) || w.resolution.is_none() {
            return Err(AppError::new(ErrorCode::WrongState, format!("案件 {} 的处理方案核准后才能开具答复函", w.case.case_no)));
        }
        if let Some(next) = &w.next_round {
            return Err(AppError::new(ErrorCode::WrongState, format!("客户不接受本轮答复，请在第 {} 轮案件 {} 中开具答复函", w.case.round + 1, next.case_no)));
        }
        Ok(())
    }

    /// Refuses a payable certificate that is not this organisation's, or a
    /// second one for the same approval (of either kind).
    fn check_payable(&self, kind: DocumentKind, case: &Case) -> Result<()> {
        if !PAYABLE.contains(&kind) {
            return Ok(());
        }
        let org = self.organisation_type()?;
        let payable = payable_certificate(org);
        if kind != payable {
            return Err(AppError::new(
                ErrorCode::WrongState,
                format!("本单位为{}，折让与赔款开具{}，不开具{}（同一核准金额只开一张付款凭证）", org.label(), payable.label(), kind.label()),
            ));
        }
        let live = self.store().case_documents(case.id)?;
        if let Some(paid) = live.iter().map(|s| &s.document).find(|d| PAYABLE.contains(&d.kind) && d.voided_at.is_none()) {
            return Err(AppError::new(
                ErrorCode::WrongState,
                format!(
                    "案件 {} 已开具{} {}：同一核准金额只能开具一张付款凭证，需要再打一份请用“补打”",
                    case.case_no,
                    paid.kind.label(),
                    paid.number
                ),
            ));
        }
        Ok(())
    }

    fn stored_document(&self, number: &str) -> Result<StoredDocument> {
        let number = number.trim();
        self.store().document(number)?.map(|s| complete(s)).ok_or_else(|| AppError::not_found(&format!("文书 {number} ")))
    }

    /// 开具: checks who asks and that the case allows it, writes what the
    /// document says, and stores it under a new number in one transaction.
    pub fn issue_document(&self, actor: &User, req: DocumentRequest) -> Result<IssuedDocument> {
        let roles = self.roles_of(actor.id)?;
        if roles.is_empty() {
            return Err(AppError::new(ErrorCode::Forbidden, "没有角色的账号不能开具文书"));
        }
        let draft = match req.kind {
            DocumentKind::TrackingSheet => self.sheet_draft(actor, &req)?,
            DocumentKind::ReminderNotice => self.reminder_draft(actor, &req)?,
            DocumentKind::Ledger => return Err(AppError::invalid("kind", "会计台账请在“会计台账”页面打印")),
            DocumentKind::MonthlyStatement => return Err(AppError::invalid("kind", "客户投诉案件统计表请在“统计表”页面开具")),
            DocumentKind::PenaltyNotice => return Err(AppError::invalid("kind", "奖罚通知单请在“奖罚”页面开具")),
            kind => self.case_draft(actor, &roles, kind, &req)?,
        };
        self.issue_draft(actor, req.kind, draft)
    }

    /// 打印会计台账 (会计科, the administrator): the ledger as filtered now,
    /// every page of it up to `LEDGER_PRINT_ROWS`, becomes a document of its
    /// own number, printed like the tracking sheet.
    pub fn issue_ledger(&self, actor: &User, query: &crate::ledger::LedgerQuery) -> Result<IssuedDocument> {
        let (rows, _) = self.ledger_matching(actor, query)?;
        let total = rows.len() as u64;
        let total_fen: i64 = rows.iter().map(|r| r.amount_fen).sum();
        let rows: Vec<_> = rows.into_iter().take(crate::ledger::LEDGER_PRINT_ROWS).collect();
        let filter = crate::ledger::filter_text(query);
        let draft = Draft {
            number: DocumentNumber::Serial(prefix(DocumentKind::Ledger)),
            case_id: None,
            case_no: String::new(),
            reminder_id: None,
            amount_fen: None,
            payee: None,
            shows_code: false,
            case_version: None,
            write: Box::new(move |issue| forms::ledger(&rows, &filter, total, total_fen, issue)),
        };
        self.issue_draft(actor, DocumentKind::Ledger, draft)
    }

    /// 开具客户投诉案件统计表: the month's table as a document of its own
    /// number, stored with the cases it lists in one transaction.
    pub(crate) fn issue_statement_document(
        &self,
        actor: &User,
        month: String,
        cases: Vec<crate::store::statements::StatementCase>,
        content: forms::StatementContent,
    ) -> Result<IssuedDocument> {
        let draft = Draft {
            number: DocumentNumber::Serial(prefix(DocumentKind::MonthlyStatement)),
            case_id: None,
            case_no: String::new(),
            reminder_id: None,
            amount_fen: None,
            payee: None,
            shows_code: false,
            case_version: None,
            write: Box::new(move |issue| forms::monthly_statement(&content, issue)),
        };
        self.issue_draft_with(actor, DocumentKind::MonthlyStatement, draft, |document, compose| {
            let insert = crate::store::statements::StatementInsert { month, cases, document: document.clone() };
            self.store().insert_statement(&insert, compose)
        })
    }

    /// Numbers and stores a drafted document in one transaction.
    fn issue_draft(&self, actor: &User, kind: DocumentKind, draft: Draft) -> Result<IssuedDocument> {
        self.issue_draft_with(actor, kind, draft, |document, compose| self.store().insert_document(document, compose))
    }

    /// `issue_draft` with the store's write given: the document alone, or
    /// with what else the same transaction records.
    fn issue_draft_with(
        &self,
        actor: &User,
        kind: DocumentKind,
        draft: Draft,
        insert: impl FnOnce(&DocumentInsert, &crate::store::ComposeDocument) -> Result<i64>,
    ) -> Result<IssuedDocument> {
        let now = self.now();
        let key = self.document_key()?;
        let zone = self.time_zone()?;
        // What the paper says depends on the number, which the store assigns.
        let compose = |number: &str| -> Result<(String, String)> {
            let date = forms::code_date(now);
            let vouched = code::Vouched {
                number,
                kind: kind.code(),
                case_no: &draft.case_no,
                amount_fen: draft.amount_fen,
                payee: draft.payee.as_deref().unwrap_or(""),
                date: &date,
            };
            let code = code::compute(&key, code::VERSION, &vouched);
            let issue = forms::Issue { number, issued_by: &actor.name, issued_at: now, code: draft.shows_code.then_some(code.as_str()), zone };
            let paper = (draft.write)(&issue);
            pdf::check_glyphs(&paper)?;
            let json = serde_json::to_string(&paper).map_err(|e| AppError::new(ErrorCode::Storage, e.to_string()))?;
            Ok((json, code))
        };
        let document = DocumentInsert {
            kind,
            number: draft.number.clone(),
            case_id: draft.case_id,
            reminder_id: draft.reminder_id,
            amount_fen: draft.amount_fen,
            payee: draft.payee.clone(),
            case_version: draft.case_version,
            period: crate::numbering::period(now),
            by: self.stamp(actor),
        };
        let id = insert(&document, &compose)?;
        let stored = self.store().document_by_id(id)?.ok_or_else(|| AppError::not_found("文书"))?;
        Ok(complete(stored).document)
    }

    /// A document as the lists show it (with its copies), if it exists.
    pub(crate) fn issued_document_by_id(&self, id: i64) -> Result<Option<IssuedDocument>> {
        Ok(self.store().document_by_id(id)?.map(|s| complete(s).document))
    }

    /// Issues a document of a module (no case) through the module's own
    /// store write, which numbers and stores it with what it changes, in one
    /// transaction (`store_write` gets what `insert_document` takes).
    pub(crate) fn issue_module_document(
        &self,
        actor: &User,
        kind: DocumentKind,
        amount_fen: i64,
        write: impl Fn(&forms::Issue) -> Paper,
        store_write: impl FnOnce(&DocumentInsert, &crate::store::ComposeDocument) -> Result<i64>,
    ) -> Result<IssuedDocument> {
        let now = self.now();
        let key = self.document_key()?;
        let zone = self.time_zone()?;
        let compose = |number: &str| -> Result<(String, String)> {
            let date = forms::code_date(now);
            let vouched = code::Vouched { number, kind: kind.code(), case_no: "", amount_fen: Some(amount_fen), payee: "", date: &date };
            let code = code::compute(&key, code::VERSION, &vouched);
            let issue = forms::Issue { number, issued_by: &actor.name, issued_at: now, code: Some(code.as_str()), zone };
            let paper = write(&issue);
            pdf::check_glyphs(&paper)?;
            let json = serde_json::to_string(&paper).map_err(|e| AppError::new(ErrorCode::Storage, e.to_string()))?;
            Ok((json, code))
        };
        let insert = DocumentInsert {
            kind,
            number: DocumentNumber::Serial(prefix(kind)),
            case_id: None,
            reminder_id: None,
            amount_fen: Some(amount_fen),
            payee: None,
            case_version: None,
            period: crate::numbering::period(now),
            by: self.stamp(actor),
        };
        let id = store_write(&insert, &compose)?;
        let stored = self.store().document_by_id(id)?.ok_or_else(|| AppError::not_found("文书"))?;
        Ok(complete(stored).document)
    }

    fn sheet_draft(&self, actor: &User, req: &DocumentRequest) -> Result<Draft> {
        let query = req.query.as_ref().ok_or_else(|| AppError::invalid("query", "请先在跟进表中选好筛选条件"))?;
        let (rows, total) = self.sheet_rows(query)?;
        // The list prints no phone today; should it ever, the printer's view is the one printed.
        let rows = self.rows_shown_to(actor, rows)?;
        let filter = req.filter_text.clone();
        Ok(Draft {
            number: DocumentNumber::Serial(prefix(req.kind)),
            case_id: None,
            case_no: String::new(),
            reminder_id: None,
            amount_fen: None,
            payee: None,
            shows_code: false,
            case_version: None,
            write: Box::new(move |issue| forms::tracking_sheet(&rows, &filter, total, issue)),
        })
    }

    fn reminder_draft(&self, actor: &User, req: &DocumentRequest) -> Result<Draft> {
        let reminder_id = req.reminder_id.ok_or_else(|| AppError::invalid("reminderId", "请选择要打印的催办单"))?;
        let case_id = req.case_id.ok_or_else(|| AppError::invalid("caseId", "请选择案件"))?;
        let case = self.case(case_id)?;
        if !self.may_remind(actor, &case)? {
            return Err(AppError::new(ErrorCode::Forbidden, "只有管理人员或超时案件的升级部门可以打印催办单"));
        }
        let reminder =
            self.store().reminders(case_id)?.into_iter().find(|r| r.id == reminder_id).ok_or_else(|| AppError::not_found("催办单"))?;
        Ok(Draft {
            number: DocumentNumber::Fixed(reminder.reminder_no.clone()),
            case_id: Some(case_id),
            case_no: case.case_no.clone(),
            reminder_id: Some(reminder_id),
            amount_fen: None,
            payee: None,
            shows_code: true,
            // A reminder notice quotes the reminder, not the case's state.
            case_version: None,
            write: Box::new(move |issue| forms::reminder_notice(&case, &reminder, issue)),
        })
    }

    /// The handling form, or a certificate of the case's approved resolution.
    fn case_draft(&self, actor: &User, roles: &[Role], kind: DocumentKind, req: &DocumentRequest) -> Result<Draft> {
        let case_id = req.case_id.ok_or_else(|| AppError::invalid("caseId", "请选择案件"))?;
        let w = self.case_workflow(actor, case_id)?;
        if w.case.status == CaseStatus::Voided {
            return Err(AppError::new(ErrorCode::Voided, format!("案件 {} 已作废，不能开具文书", w.case.case_no)));
        }
        // The paper prints the customer's phone and address as the issuer
        // sees them: only someone handling the case sees them in full, and a
        // masked copy must never become the case's one 处理单 or certificate.
        if w.case.personal_data != PersonalData::Full {
            return Err(AppError::new(ErrorCode::Forbidden, format!("您不经办案件 {}，不能开具它的文书", w.case.case_no)));
        }
        let certified = if is_certificate(kind) {
            if !roles.iter().any(|r| CERTIFICATE_ROLES.contains(r)) {
                return Err(AppError::new(ErrorCode::Forbidden, format!("{}由业务、客服或会计人员开具", kind.label())));
            }
            let org = self.organisation_type()?;
            if kind == DocumentKind::ReturnSlip && !org.deals_in_goods() {
                return Err(AppError::new(ErrorCode::WrongState, format!("本单位为{}，不经营成品，不开具成品退货单", org.label())));
            }
            let certified = self.certified_lines(kind, &w)?;
            self.check_payable(kind, &w.case)?;
            Some(certified)
        } else {
            None
        };
        if kind == DocumentKind::ReplyLetter {
            self.reply_letter_allowed(&w)?;
        }
        let organisation = self.organisation_name()?;
        let departments: HashMap<i64, String> = self.departments()?.into_iter().map(|d| (d.id, d.name)).collect();
        let amount_fen = certified.as_ref().map(|(_, total)| *total);
        let payee = certified.as_ref().map(|_| forms::payee(&w.case));
        let case_no = w.case.case_no.clone();
        Ok(Draft {
            number: DocumentNumber::Serial(prefix(kind)),
            case_id: Some(case_id),
            case_no,
            reminder_id: None,
            amount_fen,
            payee,
            shows_code: true,
            case_version: Some(w.case.version),
            write: Box::new(move |issue| match (&certified, kind) {
                (None, DocumentKind::ReplyLetter) => forms::reply_letter(&w, &organisation, issue),
                (None, _) => forms::handling_form(&w, &departments, issue),
                (Some((lines, total)), DocumentKind::AllowanceCertificate) => forms::allowance_certificate(&w, lines, *total, issue),
                (Some((lines, total)), DocumentKind::ReturnSlip) => forms::return_slip(&w, lines, *total, issue),
                (Some((lines, total)), _) => forms::refund_certificate(&w, lines, *total, issue),
            }),
        })
    }

    /// Up to `SHEET_PRINT_ROWS` rows of the sheet's filter, in its order, and the total.
    fn sheet_rows(&self, query: &CaseQuery) -> Result<(Vec<CaseRow>, u64)> {
        let mut rows = Vec::new();
        let mut page = 1;
        loop {
            let q = CaseQuery { page, page_size: 200, ..query.clone() };
            let p = self.case_page(&q)?;
            let done = p.rows.len() < 200;
            rows.extend(p.rows);
            if done || rows.len() >= SHEET_PRINT_ROWS {
                rows.truncate(SHEET_PRINT_ROWS);
                return Ok((rows, p.total));
            }
            page += 1;
        }
    }

    pub fn case_documents(&self, actor: &User, case_id: i64) -> Result<CaseDocuments> {
        let w = self.case_workflow(actor, case_id)?;
        let documents: Vec<IssuedDocument> =
            self.store().case_documents(case_id)?.into_iter().map(|s| complete(s).document).collect();
        let sees_customer = w.case.personal_data != PersonalData::Masked;
        let openable_ids =
            documents.iter().filter(|d| sees_customer || d.kind == DocumentKind::ReminderNotice).map(|d| d.id).collect();
        Ok(CaseDocuments { issuable: self.issuable(actor, &w, &documents)?, documents, openable_ids })
    }

    fn paper_of(stored: &StoredDocument) -> Result<Paper> {
        serde_json::from_str(&stored.paper).map_err(|e| AppError::new(ErrorCode::Storage, format!("文书内容无法读取：{e}")))
    }

    /// Which copies to print: those asked for (1-based), or all.
    fn chosen_copies(doc: &IssuedDocument, copies: &[u8]) -> Result<Vec<u8>> {
        if doc.copies.is_empty() {
            return Ok(vec![0]);
        }
        if copies.is_empty() {
            return Ok((1..=doc.copies.len() as u8).collect());
        }
        for &c in copies {
            if c == 0 || c as usize > doc.copies.len() {
                return Err(AppError::invalid("copies", format!("{}只有 {} 联", doc.kind.label(), doc.copies.len())));
            }
        }
        Ok(copies.to_vec())
    }

    fn marks(doc: &IssuedDocument, copy: u8, reprint: Option<String>) -> Marks {
        Marks {
            copy: if copy == 0 { None } else { doc.copies.get(copy as usize - 1).cloned() },
            reprint,
            voided: doc.void_reason.clone(),
        }
    }

    /// 预览: the pages as they will print now (补打 on a copy already
    /// output, 作废 on a voided document). Records no output; someone who
    /// sees the customer only on request has it recorded as 显示完整信息.
    pub fn document_preview(&self, actor: &User, number: &str, copies: &[u8]) -> Result<DocumentPreview> {
        let stored = self.stored_document(number)?;
        let doc = &stored.document;
        self.admit_to_document(actor, doc)?;
        let paper = Self::paper_of(&stored)?;
        let marks: Vec<Marks> = Self::chosen_copies(doc, copies)?
            .into_iter()
            .map(|c| Self::marks(doc, c, doc.printed_copies.contains(&c).then(|| "（预览）".to_string())))
            .collect();
        Ok(DocumentPreview { pages: pdf::svg_pages(&paper, &marks), document: stored.document })
    }

    /// 导出 / 打印 in one go: the PDF, recorded as output (the commands
    /// record only once the file is written or the viewer opened, see
    /// `prepare_output`).
    pub fn document_pdf(&self, actor: &User, number: &str, copies: &[u8], target: OutputTarget) -> Result<DocumentFile> {
        let prepared = self.prepare_output(actor, number, copies, target)?;
        self.record_output(actor, &prepared)?;
        Ok(prepared.file)
    }

    /// The PDF of the chosen copies, not yet recorded: the first output of
    /// a copy is the original; any later one says 补打 with when and by whom.
    /// A voided document is not output again; a case's document goes only
    /// to those who may see the case's customer (`privacy`).
    pub fn prepare_output(&self, actor: &User, number: &str, copies: &[u8], target: OutputTarget) -> Result<PreparedOutput> {
        let stored = self.stored_document(number)?;
        let doc = &stored.document;
        self.admit_to_document(actor, doc)?;
        if doc.voided_at.is_some() {
            return Err(AppError::new(
                ErrorCode::Voided,
                format!("{} {} 已作废（{}），不能再打印；需要时请重新开具新号码的文书", doc.kind.label(), doc.number, doc.void_reason.clone().unwrap_or_default()),
            ));
        }
        let copies = Self::chosen_copies(doc, copies)?;
        let paper = Self::paper_of(&stored)?;
        let when = format!("{} {}", self.time_zone()?.minute(self.now()), actor.name);
        let marks: Vec<Marks> =
            copies.iter().map(|c| Self::marks(doc, *c, doc.printed_copies.contains(c).then(|| when.clone()))).collect();
        let bytes = pdf::pdf(&paper, &marks, doc.issued_at);
        Ok(PreparedOutput { file: DocumentFile { file_name: file_name(doc), bytes }, document_id: doc.id, copies, target })
    }

    /// Records an output once it happened (file written, viewer opened).
    pub fn record_output(&self, actor: &User, prepared: &PreparedOutput) -> Result<()> {
        self.store().record_outputs(prepared.document_id, &prepared.copies, prepared.target, self.stamp(actor))?;
        Ok(())
    }

    /// The documents that print a customer's phone and address (the
    /// handling form, the certificates, the return slip) go only to those
    /// who may see them (in full, or on request: then the look is recorded
    /// as 显示完整信息, `show_in_full`); a 催办单 names the customer only,
    /// a list of cases is anyone's, and the ledger is 会计科's and the
    /// administrator's (`ledger`).
    fn admit_to_document(&self, actor: &User, doc: &IssuedDocument) -> Result<()> {
        if matches!(doc.kind, DocumentKind::ReminderNotice | DocumentKind::TrackingSheet) {
            return Ok(());
        }
        // The ledger lists what the company pays out: for those who keep it.
        if doc.kind == DocumentKind::Ledger {
            return self.require_ledger(actor).map(|_| ());
        }
        if doc.kind == DocumentKind::MonthlyStatement {
            return self.require_statements(actor);
        }
        // Who is penalised and by how much: for those the module admits.
        if doc.kind == DocumentKind::PenaltyNotice {
            return self.admit_to_penalty_notice(actor);
        }
        let Some(case_id) = doc.case_id else { return Ok(()) };
        let case = self.case(case_id)?;
        self.show_in_full(actor, &case, &format!("您不经办案件 {}，不能查看或打印它的文书", case.case_no))
    }

    /// The name a document's PDF is saved under.
    pub fn document_file_name(&self, number: &str) -> Result<String> {
        let doc = self.stored_document(number)?.document;
        Ok(file_name(&doc))
    }

    /// 作废: by the issuer, accounting or the administrator, with a reason.
    /// The number is never used again.
    pub fn void_document(&self, actor: &User, number: &str, reason: &str) -> Result<IssuedDocument> {
        let stored = self.stored_document(number)?;
        if stored.document.kind == DocumentKind::PenaltyNotice {
            // Its notice and fines go with it: voided there, in one write.
            return Err(AppError::new(ErrorCode::WrongState, "奖罚通知单请在“奖罚”页面作废（连同其奖罚和门店罚款）"));
        }
        let roles = self.roles_of(actor.id)?;
        let issuer = stored.document.issued_by_name == actor.name;
        if !(issuer || roles.contains(&Role::Accounting) || roles.contains(&Role::Admin)) {
            return Err(AppError::new(ErrorCode::Forbidden, "只有开具人、会计科或系统管理员可以作废文书"));
        }
        if stored.document.voided_at.is_some() {
            return Err(AppError::new(ErrorCode::Voided, format!("{} 已经作废", stored.document.number)));
        }
        let reason = validate::reason("reason", "作废原因", reason)?;
        self.store().void_document(stored.document.id, &reason, self.stamp(actor))?;
        Ok(self.stored_document(number)?.document)
    }

    /// 验证: finds the document a code was printed on and checks the code
    /// against what the document is for, with this installation's key.
    pub fn verify_document(&self, typed: &str) -> Result<Verification> {
        let Some(code) = code::normalize(typed) else {
            return Err(AppError::invalid("code", "验证码为 12 位字母和数字，如 7K3M-Q9XD-2P4T"));
        };
        let not_found = Verification {
            genuine: false,
            message: format!("查无验证码 {code}：这张凭证不是本系统开具的，或验证码抄错了。"),
            document: None,
            customer_name: None,
            pages: Vec::new(),
        };
        let Some(stored) = self.store().document_by_code(&code)? else { return Ok(not_found) };
        let stored = complete(stored);
        let doc = stored.document.clone();
        let expected = document_code(&self.document_key()?, stored.code_version, &doc);
        // What was printed: the stored paper, each copy as issued, 作废
        // across it once voided; never the case as it stands now.
        let paper = Self::paper_of(&stored)?;
        let marks: Vec<Marks> = Self::chosen_copies(&doc, &[])?.into_iter().map(|c| Self::marks(&doc, c, None)).collect();
        let pages = pdf::svg_pages(&paper, &marks);
        let zone = self.time_zone()?;
        let what = format!(
            "{} {}{}{}{}，{} 由 {} 开具",
            doc.kind.label(),
            doc.number,
            doc.case_no.as_ref().map(|c| format!("，案件 {c}")).unwrap_or_default(),
            doc.payee.as_ref().map(|p| format!("，客户 {p}")).unwrap_or_default(),
            doc.amount_fen.map(|a| format!("，金额 {}", forms::amount(a))).unwrap_or_default(),
            zone.day(doc.issued_at),
            doc.issued_by_name
        );
        let (genuine, message) = if expected != code {
            (false, format!("验证码与文书内容不符：{what}。记录可能被改动，请勿受理并报告主管。"))
        } else if let Some(at) = doc.voided_at {
            (false, format!("已作废：{what}；{} 作废，原因：{}。", zone.minute(at), doc.void_reason.clone().unwrap_or_default()))
        } else {
            (true, format!("真实有效：{what}。"))
        };
        Ok(Verification { genuine, message, customer_name: doc.payee.clone(), document: Some(doc), pages })
    }
}

fn file_name(doc: &IssuedDocument) -> String {
    format!("{}-{}.pdf", doc.kind.label().replace('/', ""), doc.number)
}

/// A document for 导出全部数据: its record with its copies (联) and the PDF
/// of every copy as stored, marked 作废 when voided. Nothing is recorded as
/// output: an archive is not a print, and no copy says 补打.
pub(crate) fn archived(stored: StoredDocument) -> Result<(StoredDocument, Vec<u8>)> {
    let stored = complete(stored);
    let paper = Desk::paper_of(&stored)?;
    let doc = &stored.document;
    let copies: Vec<u8> = if doc.copies.is_empty() { vec![0] } else { (1..=doc.copies.len() as u8).collect() };
    let marks: Vec<Marks> = copies.into_iter().map(|c| Desk::marks(doc, c, None)).collect();
    let bytes = pdf::pdf(&paper, &marks, doc.issued_at);
    Ok((stored, bytes))
}

/// The tracking sheet prints at most this many rows at a time.
pub const SHEET_PRINT_ROWS: usize = 1000;

/// The settings key of this installation's verification key.
pub const DOCUMENT_KEY: &str = "document_key";

#[cfg(test)]
mod tests {
    use super::*;

    /// Who books against an invoice and ships goods, and who pays out a refund.
    #[test]
    fn the_organisation_type_decides_the_payable_certificate_and_the_goods() {
        let by_type: Vec<(OrgType, DocumentKind, bool)> =
            OrgType::ALL.iter().map(|o| (*o, payable_certificate(*o), o.deals_in_goods())).collect();
        assert_eq!(
            by_type,
            vec![
                (OrgType::Mall, DocumentKind::RefundCertificate, false),
                (OrgType::Property, DocumentKind::RefundCertificate, false),
                (OrgType::Manufacturing, DocumentKind::AllowanceCertificate, true),
                (OrgType::SalesBranch, DocumentKind::AllowanceCertificate, true),
                (OrgType::Hospitality, DocumentKind::RefundCertificate, false),
            ]
        );
    }
}
