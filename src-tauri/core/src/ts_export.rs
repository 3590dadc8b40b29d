//! Renders every IPC type as TypeScript into one file,
//! `ui/src/ipc/types.ts`. The test `ipc_types_are_current` fails when the
//! committed file differs; `UPDATE_IPC_TYPES=1 cargo test` rewrites it.

use ts_rs::{Config, TS};

use crate::authority::{ApproverLevel, Thresholds};
use crate::calendar::{HolidayDay, HolidayYear};
use crate::codes::*;
use crate::deadlines::{CaseDeadline, Dashboard, DeadlinePolicy, DepartmentCount, DueNotice, Reminder, StageLimit};
use crate::loss::ResolutionLine;
use crate::routing::RoutingRule;
use crate::error::{AppError, ErrorCode, FieldProblem};
use crate::model::*;

pub fn render() -> String {
    let cfg = Config::default();
    let mut out = String::from(
        "// Generated from the Rust core (src-tauri/core/src/ts_export.rs). Do not edit.\n\
         // Regenerate: UPDATE_IPC_TYPES=1 cargo test -p complaintdesk-core ipc_types\n\n",
    );
    let decls = [
        ErrorCode::decl(&cfg),
        AppError::decl(&cfg),
        FieldProblem::decl(&cfg),
        Channel::decl(&cfg),
        Nature::decl(&cfg),
        CauseType::decl(&cfg),
        Severity::decl(&cfg),
        Validity::decl(&cfg),
        Market::decl(&cfg),
        CaseStatus::decl(&cfg),
        Role::decl(&cfg),
        ResolutionType::decl(&cfg),
        ActionKind::decl(&cfg),
        ApprovalDecision::decl(&cfg),
        VisitMethod::decl(&cfg),
        Satisfaction::decl(&cfg),
        CaseAction::decl(&cfg),
        WorkKind::decl(&cfg),
        OrgType::decl(&cfg),
        crate::session::LockPolicy::decl(&cfg),
        crate::privacy::PersonalData::decl(&cfg),
        DeadlineStage::decl(&cfg),
        LimitUnit::decl(&cfg),
        DueFilter::decl(&cfg),
        DocumentKind::decl(&cfg),
        OutputTarget::decl(&cfg),
        crate::documents::DocumentRequest::decl(&cfg),
        crate::documents::IssuedDocument::decl(&cfg),
        crate::documents::CaseDocuments::decl(&cfg),
        crate::documents::DocumentPreview::decl(&cfg),
        crate::documents::Verification::decl(&cfg),
        LedgerState::decl(&cfg),
        LedgerMark::decl(&cfg),
        crate::ledger::LedgerMarkRecord::decl(&cfg),
        crate::ledger::LedgerRow::decl(&cfg),
        crate::ledger::LedgerQuery::decl(&cfg),
        crate::ledger::LedgerCount::decl(&cfg),
        crate::ledger::LedgerPage::decl(&cfg),
        crate::ledger::LedgerMarkInput::decl(&cfg),
        crate::backup::BackupFile::decl(&cfg),
        crate::backup::BackupContents::decl(&cfg),
        crate::backup::BackupOverview::decl(&cfg),
        crate::backup::RestoreReport::decl(&cfg),
        crate::backup::HealthState::decl(&cfg),
        crate::backup::DatabaseHealth::decl(&cfg),
        crate::store::StatsBasis::decl(&cfg),
        crate::stats::StatsQuery::decl(&cfg),
        crate::stats::StatsDimension::decl(&cfg),
        crate::stats::StatsSet::decl(&cfg),
        crate::stats::StatsSlice::decl(&cfg),
        crate::stats::Figure::decl(&cfg),
        crate::stats::Tally::decl(&cfg),
        crate::stats::OnTime::decl(&cfg),
        crate::stats::OverdueLine::decl(&cfg),
        crate::stats::SatisfactionRow::decl(&cfg),
        crate::stats::TrendSeries::decl(&cfg),
        crate::stats::ParetoBar::decl(&cfg),
        crate::stats::Statistics::decl(&cfg),
        crate::stats::StatementLine::decl(&cfg),
        crate::stats::StatementShare::decl(&cfg),
        crate::statement::StatementEntry::decl(&cfg),
        crate::statement::StatementTotal::decl(&cfg),
        crate::statement::StatementConfirmation::decl(&cfg),
        crate::statement::MonthStatement::decl(&cfg),
        crate::statement::StatementDue::decl(&cfg),
        crate::accountability::Sanction::decl(&cfg),
        crate::accountability::SanctionBand::decl(&cfg),
        crate::accountability::AccountabilityRules::decl(&cfg),
        crate::accountability::PersonProfile::decl(&cfg),
        crate::accountability::AccountabilitySettings::decl(&cfg),
        crate::accountability::AccountabilityAccess::decl(&cfg),
        crate::accountability::StoreFineKind::decl(&cfg),
        crate::accountability::StoreFineLine::decl(&cfg),
        crate::accountability::StoreFine::decl(&cfg),
        crate::accountability::PenaltyState::decl(&cfg),
        crate::accountability::ShareLine::decl(&cfg),
        crate::accountability::SanctionLine::decl(&cfg),
        crate::accountability::PersonPenalty::decl(&cfg),
        crate::accountability::PenaltyBody::decl(&cfg),
        crate::accountability::PenaltyNotice::decl(&cfg),
        crate::accountability::Announcement::decl(&cfg),
        crate::accountability::TableBasis::decl(&cfg),
        crate::accountability::AccountabilityBoard::decl(&cfg),
        crate::systemic::SystemicKind::decl(&cfg),
        crate::systemic::SystemicState::decl(&cfg),
        crate::systemic::SystemicKindRule::decl(&cfg),
        crate::systemic::SystemicRule::decl(&cfg),
        crate::systemic::SystemicRuleView::decl(&cfg),
        crate::systemic::SystemicAlertCase::decl(&cfg),
        crate::systemic::SystemicAlert::decl(&cfg),
        crate::systemic::SystemicQuery::decl(&cfg),
        crate::systemic::SystemicCount::decl(&cfg),
        crate::systemic::SystemicList::decl(&cfg),
        crate::systemic::SystemicDetail::decl(&cfg),
        crate::systemic::SystemicStepInput::decl(&cfg),
        crate::systemic::SystemicAcknowledgeInput::decl(&cfg),
        crate::export::ExportFormat::decl(&cfg),
        crate::export::ExportProgress::decl(&cfg),
        crate::export::ExportOutcome::decl(&cfg),
        crate::data_export::DataExportOutcome::decl(&cfg),
        StageLimit::decl(&cfg),
        DeadlinePolicy::decl(&cfg),
        CaseDeadline::decl(&cfg),
        Reminder::decl(&cfg),
        DepartmentCount::decl(&cfg),
        DueNotice::decl(&cfg),
        crate::deadlines::ArrivalNotice::decl(&cfg),
        HolidayDay::decl(&cfg),
        HolidayYear::decl(&cfg),
        ApproverLevel::decl(&cfg),
        Thresholds::decl(&cfg),
        ResolutionLine::decl(&cfg),
        RoutingRule::decl(&cfg),
        CaseFields::decl(&cfg),
        NewCase::decl(&cfg),
        CaseEdit::decl(&cfg),
        Case::decl(&cfg),
        CaseRow::decl(&cfg),
        DowngradeNotice::decl(&cfg),
        UnknownSignIn::decl(&cfg),
        SortField::decl(&cfg),
        CaseQuery::decl(&cfg),
        CasePage::decl(&cfg),
        Customer::decl(&cfg),
        CustomerHistory::decl(&cfg),
        AuditEntry::decl(&cfg),
        Assessment::decl(&cfg),
        Assessed::decl(&cfg),
        CaseRoute::decl(&cfg),
        Responsibility::decl(&cfg),
        CorrectiveAction::decl(&cfg),
        Investigation::decl(&cfg),
        Proposal::decl(&cfg),
        Resolution::decl(&cfg),
        Approval::decl(&cfg),
        ApprovalItem::decl(&cfg),
        CustomerAnswer::decl(&cfg),
        Answered::decl(&cfg),
        FollowUp::decl(&cfg),
        FollowUpRecord::decl(&cfg),
        CaseLink::decl(&cfg),
        CaseWorkflow::decl(&cfg),
        WorkGroup::decl(&cfg),
        User::decl(&cfg),
        Department::decl(&cfg),
        DepartmentInfo::decl(&cfg),
        Account::decl(&cfg),
        NewUser::decl(&cfg),
        SignedIn::decl(&cfg),
        Attachment::decl(&cfg),
        NewAttachment::decl(&cfg),
        AttachmentContent::decl(&cfg),
        Preferences::decl(&cfg),
        crate::database::DbTls::decl(&cfg),
        crate::database::ServerDatabase::decl(&cfg),
        crate::database::DatabaseMode::decl(&cfg),
        crate::database::DatabaseStatus::decl(&cfg),
        crate::database::DeskChange::decl(&cfg),
        crate::database::MoveReport::decl(&cfg),
        crate::database::TableReport::decl(&cfg),
        crate::diagnostics::AboutDesk::decl(&cfg),
        crate::diagnostics::CrashNotice::decl(&cfg),
        AppInfo::decl(&cfg),
        StepNote::decl(&cfg),
        StepNoteKind::decl(&cfg),
        DemoAccounts::decl(&cfg),
        DemoAccount::decl(&cfg),
        Dashboard::decl(&cfg),
    ];
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.push_str("/** The longest text of each kind of field, in characters, as Rust enforces it (validate::limits). */\n");
    out.push_str("export const TEXT_LIMITS = {\n");
    for (kind, max) in crate::validate::limits::ALL {
        out.push_str(&format!("  {kind}: {max},\n"));
    }
    out.push_str("} as const\n\nexport type TextLimit = keyof typeof TEXT_LIMITS\n");
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn ipc_types_are_current() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/ipc/types.ts");
        let fresh = super::render();
        if std::env::var_os("UPDATE_IPC_TYPES").is_some() {
            std::fs::write(&path, &fresh).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/ipc/types.ts is stale: run `UPDATE_IPC_TYPES=1 cargo test -p complaintdesk-core ipc_types` and commit it"
        );
    }
}
