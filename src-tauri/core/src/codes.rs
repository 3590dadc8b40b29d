//! The closed vocabularies of a case (渠道, 类别, 严重程度, 状态 …).
//! Each value has a stable snake_case code (stored in the database and sent
//! over IPC) and the zh-CN word staff use on screen and on paper.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What every coded vocabulary offers, for code that handles them alike
/// (storage, audit text, sorting by their natural order).
pub trait Coded: Sized + Copy + PartialEq + 'static {
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self>;
    fn all() -> &'static [Self];
}

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal / $zh:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The code stored in the database and sent over IPC.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The zh-CN label users know.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl Coded for $name {
            fn code(self) -> &'static str { $name::code(self) }
            fn label(self) -> &'static str { $name::label(self) }
            fn from_code(code: &str) -> Option<Self> { $name::from_code(code) }
            fn all() -> &'static [Self] { $name::ALL }
        }
    };
}

code_enum!(
    /// 渠道: how the complaint reached us.
    Channel {
        Phone = "phone" / "电话",
        Visit = "visit" / "来访",
        Letter = "letter" / "来函",
        Email = "email" / "邮件",
        OnSite = "on_site" / "现场",
        Media = "media" / "媒体曝光",
        Referred = "referred" / "上级转办",
        Other = "other" / "其他",
    }
);

code_enum!(
    /// 投诉性质 [002]: product quality or not.
    Nature {
        Quality = "quality" / "品质异常",
        NonQuality = "non_quality" / "非品质异常",
    }
);

code_enum!(
    /// 投诉类别 (cause type) [000 第三篇].
    CauseType {
        Product = "product" / "出品质量",
        Service = "service" / "服务质量",
        Emotion = "emotion" / "顾客情绪",
        Misunderstanding = "misunderstanding" / "误会",
        Negligence = "negligence" / "失职",
        Other = "other" / "其他",
    }
);

code_enum!(
    /// 严重程度 [000 第二篇 3.3, 3.6].
    Severity {
        Normal = "normal" / "一般",
        Important = "important" / "重要",
        Critical = "critical" / "严重/危机",
    }
);

code_enum!(
    /// 有效性, decided at assessment.
    Validity {
        Valid = "valid" / "有效",
        Invalid = "invalid" / "无效",
    }
);

code_enum!(
    /// 市场: domestic or foreign customer (manufacturing deadlines differ).
    Market {
        Domestic = "domestic" / "国内",
        Foreign = "foreign" / "国外",
    }
);

code_enum!(
    /// 状态: where the case stands in its lifecycle (DOMAIN.md section 3).
    CaseStatus {
        Registered = "registered" / "已登记",
        Assessed = "assessed" / "已评估",
        Routed = "routed" / "已分派",
        Investigating = "investigating" / "调查中",
        Proposed = "proposed" / "方案待审批",
        Approved = "approved" / "已审批",
        Answered = "answered" / "已答复",
        Executed = "executed" / "已执行",
        FollowedUp = "followed_up" / "已回访",
        Closed = "closed" / "已结案",
        Voided = "voided" / "已作废",
    }
);

impl CaseStatus {
    /// Open cases still need work; closed and voided ones do not.
    pub fn is_open(self) -> bool {
        !matches!(self, CaseStatus::Closed | CaseStatus::Voided)
    }
}

code_enum!(
    /// 角色 (DOMAIN.md section 1). A person may hold several.
    Role {
        Agent = "agent" / "客服专员",
        Handler = "handler" / "部门处理人",
        DeptHead = "dept_head" / "部门负责人",
        SalesManager = "sales_manager" / "业务部门经理",
        ViceGm = "vice_gm" / "副总经理",
        Gm = "gm" / "总经理",
        Quality = "quality" / "质量管理部",
        Accounting = "accounting" / "会计科",
        Admin = "admin" / "系统管理员",
    }
);

code_enum!(
    /// 处理方式 and how its loss is counted (损失金额核算基准, DOMAIN.md section 6).
    ResolutionType {
        Compensation = "compensation" / "索赔/赔偿",
        Allowance = "allowance" / "折让",
        Return = "return" / "退货",
        Replacement = "replacement" / "补送/换货",
        Rework = "rework" / "重修/维修",
        Goodwill = "goodwill" / "解释/道歉/赠送",
    }
);

code_enum!(
    /// 纠正和预防措施 [002 第五篇 3.5].
    ActionKind {
        Corrective = "corrective" / "纠正措施",
        Preventive = "preventive" / "预防措施",
    }
);

code_enum!(
    /// What an approver decided on a proposed resolution.
    ApprovalDecision {
        Approved = "approved" / "审批通过",
        SentBack = "sent_back" / "退回",
    }
);

code_enum!(
    /// 回访方式 [000, 002 第五篇 3.4.5].
    VisitMethod {
        Phone = "phone" / "电话",
        InPerson = "in_person" / "上门",
    }
);

code_enum!(
    /// 客户满意度, asked at the follow-up visit.
    Satisfaction {
        Satisfied = "satisfied" / "满意",
        FairlySatisfied = "fairly_satisfied" / "基本满意",
        Unsatisfied = "unsatisfied" / "不满意",
    }
);

code_enum!(
    /// What the signed-in user may do to a case at its present step: the
    /// buttons of 案件详情 (decided in Rust, `case_flow::allowed_actions`).
    CaseAction {
        Assess = "assess" / "评估",
        Route = "route" / "分派",
        AcceptRouting = "accept_routing" / "接收分派",
        ReturnRouting = "return_routing" / "退回分派",
        Investigate = "investigate" / "记录调查",
        Propose = "propose" / "提出方案",
        Approve = "approve" / "审批通过",
        SendBack = "send_back" / "审批退回",
        Answer = "answer" / "答复客户",
        Execute = "execute" / "执行",
        FollowUp = "follow_up" / "回访",
        Close = "close" / "结案",
        Edit = "edit" / "修改",
        Void = "void" / "作废",
        Remind = "remind" / "催办",
        Transfer = "transfer" / "转交",
        Claim = "claim" / "领取",
    }
);

code_enum!(
    /// A group of 我的待办: cases waiting for the signed-in user, by what
    /// he is to do next.
    WorkKind {
        ToClaim = "to_claim" / "待领取",
        ToAssess = "to_assess" / "待评估",
        ToRoute = "to_route" / "待分派",
        ToAccept = "to_accept" / "待接收",
        ToInvestigate = "to_investigate" / "待调查/提出方案",
        ToApprove = "to_approve" / "待我审批",
        ToAnswer = "to_answer" / "待答复客户",
        ToExecute = "to_execute" / "待执行",
        ToFollowUp = "to_follow_up" / "待回访",
        ToClose = "to_close" / "待结案",
    }
);

code_enum!(
    /// 机构类型: which deadline presets apply (DOMAIN.md section 4).
    OrgType {
        Mall = "mall" / "商场",
        Property = "property" / "物业/地产",
        Manufacturing = "manufacturing" / "制造业",
        SalesBranch = "sales_branch" / "销售分公司",
        Hospitality = "hospitality" / "餐饮/酒店",
    }
);

impl OrgType {
    /// Whether its complaints concern goods shipped to a customer: they then
    /// carry 订单编号, 料号, 数量, 不良数量, 交运日期 and 市场, and goods come
    /// back on a 成品退货单. A mall's or a property's do not (a house repair
    /// is no return of finished goods).
    pub fn deals_in_goods(self) -> bool {
        matches!(self, OrgType::Manufacturing | OrgType::SalesBranch)
    }
}

code_enum!(
    /// 时效环节: the spans of a case that have their own time limit.
    DeadlineStage {
        Reply = "reply" / "答复客户",
        Route = "route" / "受理分派",
        Investigate = "investigate" / "部门调查处理",
        Approve = "approve" / "方案审批",
        Whole = "whole" / "结案",
    }
);

code_enum!(
    /// How a time limit is counted (see `calendar`).
    LimitUnit {
        Hours = "hours" / "小时",
        CalendarDays = "calendar_days" / "天",
        WorkingDays = "working_days" / "个工作日",
    }
);

code_enum!(
    /// The tracking sheet's 时效 filter.
    DueFilter {
        Overdue = "overdue" / "已超时",
        DueToday = "due_today" / "今日到期",
        DueThisWeek = "due_this_week" / "本周到期",
    }
);

code_enum!(
    /// 文书: the documents the app prints (DOMAIN.md section 7).
    DocumentKind {
        HandlingForm = "handling_form" / "客户抱怨处理表",
        ReplyLetter = "reply_letter" / "答复函",
        AllowanceCertificate = "allowance_certificate" / "销货折让证明单",
        ReturnSlip = "return_slip" / "成品退货单",
        RefundCertificate = "refund_certificate" / "退款/折扣凭证",
        ReminderNotice = "reminder_notice" / "催办单",
        TrackingSheet = "tracking_sheet" / "客户意见与投诉处理跟进表",
        Ledger = "ledger" / "会计台账",
        MonthlyStatement = "monthly_statement" / "客户投诉案件统计表",
        PenaltyNotice = "penalty_notice" / "奖罚通知单",
    }
);

code_enum!(
    /// Where a document's PDF goes: saved where the user chooses, or opened
    /// in the system's PDF viewer to print.
    OutputTarget {
        Export = "export" / "导出",
        Viewer = "viewer" / "打印",
    }
);

code_enum!(
    /// 会计台账: where an issued certificate or return slip stands in
    /// accounting's books (its latest live mark; 已作废 once the document is).
    LedgerState {
        Pending = "pending" / "待入账",
        Paid = "paid" / "已付",
        WrittenOff = "written_off" / "已核销",
        Voided = "voided" / "已作废",
    }
);

code_enum!(
    /// What accounting marks on a certificate: 已付 (paid out to the
    /// customer), then 已核销 (booked against its voucher).
    LedgerMark {
        Paid = "paid" / "已付",
        WrittenOff = "written_off" / "已核销",
    }
);
