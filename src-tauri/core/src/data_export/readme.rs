//! README.md of 导出全部数据: every file and every column, in zh-CN with an
//! English summary, rendered from the same column lists the writers use.

use chrono::{DateTime, Utc};

use crate::desk::Desk;
use crate::error::Result;
use crate::time_zone::OrgZone;

use super::columns::*;
use super::tables::JSON_FILES;
use super::{DataExportOutcome, INCOMPLETE_MARKER};

pub const README: &str = "README.md";

/// Every file and folder the export writes at its top level, with what it
/// holds (zh-CN, English). The README lists them; the test checks that the
/// folder holds nothing else.
pub fn top_level_entries() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut entries = vec![
        ("README.md", "本说明", "this description"),
        ("cases.csv", "案件总表：每件案件一行，跟进表的全部字段", "one row per case, every field of the tracking sheet"),
        ("cases/", "cases/<案件编号>.json：每件案件一个文件，含完整时间线和处理记录", "one JSON per case with its whole timeline"),
        ("attachments.csv", "附件清单：每个附件一行，含文件路径和 SHA-256", "one row per attachment, with its path and SHA-256"),
        ("attachments/", "attachments/<案件编号>/<附件id>-<原文件名>：附件原始文件，逐字节与系统中保存的一致", "the attachments' stored bytes"),
        ("documents.csv", "文书清单：每份开具的文书一行（含作废的，已作废 = 是）", "one row per issued document, voided ones marked"),
        ("documents/", "documents/<文书编号>.json（文书记录及其内容）和 documents/<文书编号>.pdf（各联，作废的带作废标记）", "each document's record (JSON) and PDF"),
        ("ledger_marks.csv", "会计台账的标记（已付/已核销，含作废的标记）", "accounting's ledger marks"),
        ("audit_log.csv", "审计日志：系统中的每一条操作记录，按时间先后", "the whole audit log, oldest first"),
        ("people.csv", "人员及角色（不含密码）", "people and roles (no passwords)"),
        ("departments.csv", "部门及负责人", "departments and their heads"),
    ];
    entries.extend(JSON_FILES.iter().copied());
    entries
}

/// What the marker file says while the export runs (and after a cancel).
pub fn incomplete_note() -> String {
    format!(
        "本文件夹中的导出尚未完成（或已被取消、失败）。其中的文件不完整，请删除整个文件夹后重新导出。\n\
         导出完成时本文件会被删除，并写出 {README}。\n\n\
         This export is not complete (still running, cancelled or failed): delete the whole folder and export again.\n\
         A complete export has no {INCOMPLETE_MARKER} file and has a {README}.\n"
    )
}

fn columns_table(out: &mut String, file: &str, columns: &[ColumnDoc]) {
    out.push_str(&format!("\n### {file}\n\n| 列 Column | 说明 | English |\n|---|---|---|\n"));
    for c in columns {
        out.push_str(&format!("| {} | {} | {} |\n", c.name, c.zh, c.en));
    }
}

pub fn render(desk: &Desk, outcome: &DataExportOutcome, zone: &OrgZone, now: DateTime<Utc>) -> Result<String> {
    let organisation = desk.organisation_name()?;
    let mut out = String::new();
    out.push_str(&format!(
        "# 客诉台 全部数据导出\n\n\
         - 单位：{organisation}\n\
         - 导出时间：{}\n\
         - 时区：{}（文件中的时间都带时区偏移）\n\
         - 案件 {} 件，文书 {} 份，附件 {} 个，审计记录 {} 条\n\n",
        zone.iso(now),
        zone.name(),
        outcome.cases,
        outcome.documents,
        outcome.attachments,
        outcome.audit_lines,
    ));
    out.push_str(
        "本文件夹是客诉台中记录的全部数据：每件案件及其时间线、处理记录、文书和附件，以及人员、部门、审计日志、\
         会计台账、统计表等。任何表格软件或程序都可以读取，不需要客诉台。\n\n\
         **注意：本导出包含客户的完整电话、地址和单位，没有遮蔽。** 只有系统管理员可以导出全部数据（系统在导出前检查），\
         每次导出的开始和结束都记入审计日志（对象 data_export）。请按公司的个人信息保护规定保管本文件夹。\n\n\
         ## 格式约定\n\n\
         - CSV 文件为 UTF-8（带 BOM，Excel 可直接打开），逗号分隔，CRLF 换行，含逗号、引号或换行的值用双引号括起（RFC 4180）。\
         值与系统中保存的完全一致（以 = + - @ 开头的文字也原样写出）。\n\
         - 金额：“(分)”列是整数分，“(元)”列是同一金额的文字（两位小数）。JSON 中的金额都是分（字段名以 Fen 结尾）。\n\
         - 时间：CSV 中为 ISO 8601，带单位时区的偏移（如 2026-03-04T15:28:00+08:00）；JSON 中为 UTC（以 Z 结尾）。日期为 YYYY-MM-DD。\n\
         - 代码：CSV 写中文名称（状态另有代码列）；JSON 写代码（如 status: \"closed\"）。\n\
         - 各文件通过内部编号 id 互相对应：cases.csv 的 id 即审计日志中对象 case 的对象id。\n\
         - 没有任何记录被删除：作废的案件、文书和标记都在，写明作废原因。\n\
         - 不导出的内容：密码（哈希）、本机的凭证验证密钥、界面设置。\n\n\
         ## 文件\n\n| 文件 File | 内容 | English |\n|---|---|---|\n",
    );
    for (name, zh, en) in top_level_entries() {
        out.push_str(&format!("| {name} | {zh} | {en} |\n"));
    }
    out.push_str(&format!(
        "\n导出未完成时文件夹中有 {INCOMPLETE_MARKER}（取消或失败后也保留），这样的文件夹不完整，请删除后重新导出。\n\n\
         ## 各 CSV 文件的列\n"
    ));
    columns_table(&mut out, "cases.csv", CASE_COLUMNS);
    columns_table(&mut out, "attachments.csv", ATTACHMENT_COLUMNS);
    columns_table(&mut out, "documents.csv", DOCUMENT_COLUMNS);
    columns_table(&mut out, "ledger_marks.csv", LEDGER_MARK_COLUMNS);
    columns_table(&mut out, "audit_log.csv", AUDIT_COLUMNS);
    columns_table(&mut out, "people.csv", PEOPLE_COLUMNS);
    columns_table(&mut out, "departments.csv", DEPARTMENT_COLUMNS);
    out.push_str(
        "\n## cases/<案件编号>.json\n\n\
         | 键 Key | 说明 |\n|---|---|\n\
         | case | 案件的全部字段（同 cases.csv，代码形式） |\n\
         | timeline | 时间线：该案件的全部审计记录，按先后（登记、修改、评估、分派、调查、方案、审批、答复、执行、回访、结案、作废……；答复、执行、结案的文字在 reason） |\n\
         | routes | 分派记录 |\n\
         | investigation | 调查结果：原因分析、措施、责任部门及比例（responsibilities）、纠正预防措施 |\n\
         | resolution | 处理方案：各行、金额（分）、意见、审批级别 |\n\
         | approvals | 审批记录 |\n\
         | followUps | 回访记录 |\n\
         | deadlines | 各环节时效：开始、截止、完成、超时说明 |\n\
         | reminders | 催办记录 |\n\
         | documents | 该案件的文书（编号、种类、是否作废、文件路径） |\n\
         | attachments | 附件（文件路径 file、SHA-256） |\n\n\
         ## documents/<文书编号>.json\n\n\
         document（文书记录：编号、种类、金额、验证码、开具、已打印的联、作废），voided，paper（文书内容，开具时保存，\
         PDF 由它生成），codeVersion，ledger（会计台账的状态和标记，仅凭证和退货单），pdf（文件路径）。\n\n\
         ## English summary\n\n\
         This folder is everything 客诉台 (ComplaintDesk) recorded: cases.csv has one row per case (UTF-8 with BOM, RFC 4180), \
         cases/<case no>.json each case with its whole timeline (audit lines) and handling records, attachments/ the stored bytes, \
         documents/ every issued document's record and PDF (voided ones marked), and the other tables listed above. \
         Money is integer fen, with yuan as text beside it; times are ISO 8601 with an offset. Phones and addresses are NOT masked: \
         only administrators may run this export, and each export is in the audit log. Nothing was deleted; voided records carry their reason. \
         A folder holding the INCOMPLETE file is not a complete export.\n",
    );
    Ok(out)
}
