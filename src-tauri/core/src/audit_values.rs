//! How case fields read in the audit log and the timeline: labels, not
//! codes; money as ¥; times in China time. One list serves the diff of an
//! edit, so a new field is audited by adding one line here.

use crate::codes::Coded;
use crate::model::{CaseFields, Department};
use crate::money;
use crate::numbering::china;

fn label<T: Coded>(value: Option<T>) -> String {
    value.map(|v| v.label().to_string()).unwrap_or_default()
}

fn number(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// (camelCase field name, display value) for every editable field.
pub fn fields(f: &CaseFields, departments: &[Department]) -> Vec<(&'static str, String)> {
    let department = f
        .department_id
        .and_then(|id| departments.iter().find(|d| d.id == id))
        .map(|d| d.name.clone())
        .unwrap_or_default();
    vec![
        ("receivedAt", f.received_at.with_timezone(&china()).format("%Y-%m-%d %H:%M").to_string()),
        ("channel", f.channel.label().to_string()),
        ("customerName", f.customer_name.clone()),
        ("customerPhone", f.customer_phone.clone()),
        ("customerAddress", f.customer_address.clone()),
        ("customerOrg", f.customer_org.clone()),
        ("content", f.content.clone()),
        ("customerRequest", f.customer_request.clone()),
        ("claimAmountFen", f.claim_amount_fen.map(money::format_fen).unwrap_or_default()),
        ("orderNo", f.order_no.clone()),
        ("itemNo", f.item_no.clone()),
        ("quantity", number(f.quantity)),
        ("deliveryDate", f.delivery_date.map(|d| d.to_string()).unwrap_or_default()),
        ("defectiveQuantity", number(f.defective_quantity)),
        ("market", label(f.market)),
        ("nature", label(f.nature)),
        ("causeType", label(f.cause_type)),
        ("severity", f.severity.label().to_string()),
        ("departmentId", department),
        ("sampleKept", if f.sample_kept { "是" } else { "否" }.to_string()),
        ("sampleNote", f.sample_note.clone()),
    ]
}
