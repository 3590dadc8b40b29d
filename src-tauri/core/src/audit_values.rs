//! How case fields are written into the audit log: machine values (codes,
//! fen, ids, RFC 3339 UTC times), so the timeline can show them in the
//! reader's language and the log stays exact. One list serves the diff of
//! an edit, so a new field is audited by adding one line here.

use crate::codes::Coded;
use crate::model::CaseFields;

fn code<T: Coded>(value: Option<T>) -> String {
    value.map(|v| v.code().to_string()).unwrap_or_default()
}

fn number(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// (camelCase field name, audit value) for every editable field.
pub fn fields(f: &CaseFields) -> Vec<(&'static str, String)> {
    vec![
        ("receivedAt", f.received_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        ("channel", f.channel.code().to_string()),
        ("customerName", f.customer_name.clone()),
        ("customerPhone", f.customer_phone.clone()),
        ("customerAddress", f.customer_address.clone()),
        ("customerOrg", f.customer_org.clone()),
        ("content", f.content.clone()),
        ("customerRequest", f.customer_request.clone()),
        ("claimAmountFen", number(f.claim_amount_fen)),
        ("orderNo", f.order_no.clone()),
        ("itemNo", f.item_no.clone()),
        ("quantity", number(f.quantity)),
        ("deliveryDate", f.delivery_date.map(|d| d.to_string()).unwrap_or_default()),
        ("defectiveQuantity", number(f.defective_quantity)),
        ("market", code(f.market)),
        ("nature", code(f.nature)),
        ("causeType", code(f.cause_type)),
        ("severity", f.severity.code().to_string()),
        ("departmentId", number(f.department_id)),
        ("sampleKept", f.sample_kept.to_string()),
        ("sampleNote", f.sample_note.clone()),
    ]
}
