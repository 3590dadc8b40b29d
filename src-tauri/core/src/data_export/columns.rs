//! The columns of each CSV file of 导出全部数据, with what each holds: the
//! writers write these headers and the README describes these same lists,
//! so a column cannot be added without being described.

/// One column: its header, and what it holds (zh-CN, then English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDoc {
    pub name: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn col(name: &'static str, zh: &'static str, en: &'static str) -> ColumnDoc {
    ColumnDoc { name, zh, en }
}

/// cases.csv: one row per case, every field of the 跟进表 and of the case record.
pub const CASE_COLUMNS: &[ColumnDoc] = &[
    col("id", "案件内部编号（数据库主键，其他文件用它指向案件）", "internal case id"),
    col("案件编号", "YYMM-NNNN，与 cases/ 下的 JSON 文件名相同", "case number; name of the case's JSON file"),
    col("状态代码", "状态的代码（registered、closed、voided 等）", "status code"),
    col("状态", "状态（中文）", "status label"),
    col("受理时间", "ISO 8601，带时区偏移", "received at, ISO 8601 with offset"),
    col("渠道", "来电、来信、来访等", "channel"),
    col("客户姓名", "", "customer name"),
    col("联系电话", "完整号码，未遮蔽", "phone, in full (not masked)"),
    col("地址/房号", "完整，未遮蔽", "address, in full"),
    col("单位", "完整，未遮蔽", "customer's organisation, in full"),
    col("投诉内容概要", "", "complaint"),
    col("客户要求", "", "what the customer asks for"),
    col("客户索赔金额(分)", "整数，单位为分；空表示未填", "claimed amount in fen (integer)"),
    col("客户索赔金额(元)", "同上，以元表示的文字（两位小数）", "claimed amount in yuan, as text"),
    col("订单编号", "", "order number"),
    col("料号", "", "item number"),
    col("数量", "", "quantity"),
    col("交运日期", "YYYY-MM-DD", "delivery date"),
    col("不良数量", "", "defective quantity"),
    col("市场", "", "market"),
    col("投诉性质", "", "nature"),
    col("投诉类别", "", "cause type"),
    col("严重程度", "", "severity"),
    col("责任部门id", "departments.csv 的 id", "responsible department id"),
    col("责任部门", "", "responsible department"),
    col("异常样品已留存", "是/否", "sample kept (是 = yes, 否 = no)"),
    col("样品/附件说明", "", "sample note"),
    col("客户id", "同一电话的客户共用一个 id", "customer id (one per phone number)"),
    col("首问受理人id", "people.csv 的 id", "receiver's user id"),
    col("首问受理人", "", "receiver"),
    col("经办人id", "people.csv 的 id", "handler's user id"),
    col("经办人", "", "handler"),
    col("有效性", "有效/无效，未评估为空", "validity"),
    col("恶意投诉", "是/否", "malicious (是/否)"),
    col("二次投诉原案件编号", "二次投诉时，前一件案件的编号", "earlier case of a repeat complaint"),
    col("上一轮案件编号", "客户不接受答复后转入新一轮时，上一轮的编号", "previous round's case number"),
    col("轮次", "第几轮，首次为 1", "round"),
    col("方案金额(分)", "处理方案的赔付/让利合计（分），无方案为空", "offered amount of the resolution, fen"),
    col("方案金额(元)", "同上，以元表示", "offered amount, yuan as text"),
    col("作废原因", "作废的案件在此写明原因（案件从不删除）", "void reason (cases are never deleted)"),
    col("登记时间", "ISO 8601，带时区偏移", "created at"),
    col("最后修改时间", "ISO 8601，带时区偏移", "last changed at"),
    col("版本", "每次修改加一", "version (bumped by every change)"),
    col("附件数", "attachments/<案件编号>/ 下的文件数", "number of attachments"),
    col("文书数", "该案件开具的文书数（含作废）", "number of documents issued for the case"),
];

/// attachments.csv: one row per attachment.
pub const ATTACHMENT_COLUMNS: &[ColumnDoc] = &[
    col("id", "附件内部编号", "attachment id"),
    col("案件编号", "", "case number"),
    col("文件", "导出文件夹中的相对路径", "path of the file in this folder"),
    col("原文件名", "上传时的文件名", "file name as uploaded"),
    col("类型", "MIME 类型", "media type"),
    col("字节数", "", "size in bytes"),
    col("SHA-256", "文件内容的 SHA-256（十六进制）", "SHA-256 of the bytes, hex"),
    col("说明", "", "note"),
    col("上传时间", "ISO 8601，带时区偏移", "added at"),
    col("上传人", "", "added by"),
];

/// documents.csv: one row per issued document.
pub const DOCUMENT_COLUMNS: &[ColumnDoc] = &[
    col("id", "文书内部编号", "document id"),
    col("文书编号", "documents/ 下的文件名", "document number; name of its files"),
    col("种类代码", "", "kind code"),
    col("种类", "", "kind"),
    col("案件编号", "不属于某一案件的文书（跟进表、台账、统计表、奖罚通知单）为空", "case number, empty for documents of no case"),
    col("金额(分)", "", "amount in fen"),
    col("金额(元)", "", "amount in yuan, as text"),
    col("收款人", "", "payee"),
    col("验证码", "凭证上的验证码", "verification code"),
    col("开具人", "", "issued by"),
    col("开具时间", "ISO 8601，带时区偏移", "issued at"),
    col("已打印联次", "已输出过的联（1 起），以 | 分隔", "copies already output (1-based, | separated)"),
    col("已作废", "是/否", "voided (是/否)"),
    col("作废原因", "", "void reason"),
    col("作废人", "", "voided by"),
    col("作废时间", "", "voided at"),
    col("PDF", "导出文件夹中的相对路径", "path of the PDF in this folder"),
];

/// ledger_marks.csv: one row per mark 会计科 put on a certificate or return slip.
pub const LEDGER_MARK_COLUMNS: &[ColumnDoc] = &[
    col("id", "标记内部编号", "mark id"),
    col("文书编号", "", "document number"),
    col("案件编号", "", "case number"),
    col("标记", "已付 / 已核销", "mark (paid / written off)"),
    col("传票号", "", "voucher number"),
    col("传票日期", "YYYY-MM-DD", "voucher date"),
    col("标记人", "", "marked by"),
    col("标记时间", "ISO 8601，带时区偏移", "marked at"),
    col("作废原因", "错标的标记作废时的原因", "void reason"),
    col("作废人", "", "voided by"),
    col("作废时间", "", "voided at"),
];

/// audit_log.csv: every line of the audit log, oldest first.
pub const AUDIT_COLUMNS: &[ColumnDoc] = &[
    col("id", "审计记录编号（递增）", "audit line id"),
    col("时间", "ISO 8601，带时区偏移", "at"),
    col("操作人id", "", "actor's user id"),
    col("操作人", "", "actor"),
    col("对象", "case、document、user、department、setting、data_export 等", "entity"),
    col("对象id", "对象的内部编号（case 即 cases.csv 的 id）", "entity id"),
    col("动作", "register、edit、void、issue_document 等", "action"),
    col("字段", "修改的字段", "field changed"),
    col("原值", "", "old value"),
    col("新值", "", "new value"),
    col("原因/备注", "", "reason or note"),
];

/// people.csv: every account, without its password.
pub const PEOPLE_COLUMNS: &[ColumnDoc] = &[
    col("id", "用户内部编号", "user id"),
    col("姓名", "", "name"),
    col("登录名", "", "login"),
    col("角色", "以 | 分隔的角色", "roles, | separated"),
    col("部门id", "", "department id"),
    col("部门", "", "department"),
    col("在用", "是/否（停用的账号仍保留）", "active (是/否)"),
    col("已设密码", "是/否（密码本身不导出）", "has a password (the hash is never exported)"),
];

/// departments.csv: every department.
pub const DEPARTMENT_COLUMNS: &[ColumnDoc] = &[
    col("id", "部门内部编号", "department id"),
    col("部门", "", "name"),
    col("部门负责人id", "", "head's user id"),
    col("部门负责人", "", "head"),
];
