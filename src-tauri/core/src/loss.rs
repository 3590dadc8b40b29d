//! 处理方式 and 损失金额: what the customer is offered and what it costs the
//! company, by the seed's 客户投诉损失金额核算基准 [002 第三篇]. All fen.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::ResolutionType;
use crate::error::{AppError, Result};
use crate::validate::MAX_FEN;

/// One line of a resolution. Which numbers matter depends on the type:
/// compensation, allowance and goodwill use `amount_fen` (paid, allowed or
/// the cost of what was given); return and replacement use quantity × unit
/// price (for a replacement the A-grade price); rework uses `amount_fen`
/// (labour) plus `transport_fen` (transport, including losses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResolutionLine {
    pub kind: ResolutionType,
    #[ts(type = "number")]
    pub quantity: i64,
    #[ts(type = "number")]
    pub unit_price_fen: i64,
    #[ts(type = "number")]
    pub amount_fen: i64,
    #[ts(type = "number")]
    pub transport_fen: i64,
    pub note: String,
}

impl ResolutionLine {
    /// What the customer receives, in fen: the amount approval is decided on.
    pub fn offered_fen(&self) -> i64 {
        match self.kind {
            ResolutionType::Compensation | ResolutionType::Allowance | ResolutionType::Goodwill => self.amount_fen,
            ResolutionType::Return | ResolutionType::Replacement => self.quantity * self.unit_price_fen,
            ResolutionType::Rework => self.amount_fen + self.transport_fen,
        }
    }

    /// 损失金额 by the 核算基准.
    pub fn loss_fen(&self) -> i64 {
        match self.kind {
            // A return costs 20% of its value at the actual price, rounded to the fen (half up).
            ResolutionType::Return => ((self.quantity as i128 * self.unit_price_fen as i128 + 2) / 5) as i64,
            _ => self.offered_fen(),
        }
    }

    /// Refuses numbers that cannot be right, and a note too long or not
    /// printable, naming the field of line `index`.
    pub fn validate(&self, index: usize) -> Result<()> {
        let field = |name: &str| format!("lines[{index}].{name}");
        crate::validate::optional(&field("note"), &format!("第 {} 行的说明", index + 1), &self.note, crate::validate::limits::REASON)?;
        if !(0..=MAX_FEN).contains(&self.quantity) {
            return Err(AppError::invalid(&field("quantity"), format!("第 {} 行的数量应在 0 至上限之间", index + 1)));
        }
        for (name, label, value) in
            [("unitPriceFen", "单价", self.unit_price_fen), ("amountFen", "金额", self.amount_fen), ("transportFen", "运费", self.transport_fen)]
        {
            crate::validate::money(&field(name), &format!("第 {} 行的{label}", index + 1), value)?;
        }
        let needs_quantity = matches!(self.kind, ResolutionType::Return | ResolutionType::Replacement);
        if needs_quantity && (self.quantity == 0 || self.unit_price_fen == 0) {
            return Err(AppError::invalid(
                &field("quantity"),
                format!("第 {} 行{}须填写数量和单价", index + 1, self.kind.label()),
            ));
        }
        if (self.quantity as i128) * (self.unit_price_fen as i128) > MAX_FEN as i128 {
            return Err(AppError::invalid(&field("quantity"), format!("第 {} 行数量×单价超出上限", index + 1)));
        }
        Ok(())
    }
}

/// Totals of a resolution: offered (decides the approver) and loss.
pub fn totals(lines: &[ResolutionLine]) -> (i64, i64) {
    lines.iter().fold((0, 0), |(offered, loss), l| (offered + l.offered_fen(), loss + l.loss_fen()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(kind: ResolutionType, quantity: i64, unit_price_fen: i64, amount_fen: i64, transport_fen: i64) -> ResolutionLine {
        ResolutionLine { kind, quantity, unit_price_fen, amount_fen, transport_fen, note: String::new() }
    }

    #[test]
    fn each_type_counts_its_loss_by_the_rules() {
        use ResolutionType::*;
        // 索赔: the amount actually paid.
        assert_eq!(line(Compensation, 0, 0, 12_000_000, 0).loss_fen(), 12_000_000);
        // 折让: the allowance actually given.
        assert_eq!(line(Allowance, 0, 0, 350_000, 0).loss_fen(), 350_000);
        // 退货: 1,000 boards × ¥35.50 × 20% = ¥7,100.00, while ¥35,500.00 is refunded.
        let ret = line(Return, 1_000, 3_550, 0, 0);
        assert_eq!((ret.offered_fen(), ret.loss_fen()), (3_550_000, 710_000));
        // 20% of 3 × ¥0.01 is 0.6 fen: rounded half up to 1 fen.
        assert_eq!(line(Return, 3, 1, 0, 0).loss_fen(), 1);
        // 补送: quantity × A-grade price.
        assert_eq!(line(Replacement, 200, 4_200, 0, 0).loss_fen(), 840_000);
        // 重修: labour + transport.
        assert_eq!(line(Rework, 0, 0, 150_000, 30_000).loss_fen(), 180_000);
        // 道歉/赠送: the cost of the gift, may be 0.
        assert_eq!(line(Goodwill, 0, 0, 0, 0).loss_fen(), 0);
    }

    #[test]
    fn totals_add_up_every_line() {
        use ResolutionType::*;
        let lines = [line(Return, 1_000, 3_550, 0, 0), line(Compensation, 0, 0, 500_000, 0)];
        assert_eq!(totals(&lines), (4_050_000, 1_210_000));
    }

    #[test]
    fn impossible_numbers_are_refused_by_line_and_field() {
        use ResolutionType::*;
        let err = line(Return, 0, 3_550, 0, 0).validate(1).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("lines[1].quantity"));
        assert_eq!(err.message, "第 2 行退货须填写数量和单价");
        let err = line(Compensation, 0, 0, -1, 0).validate(0).unwrap_err();
        assert_eq!((err.field.as_deref(), err.message.as_str()), (Some("lines[0].amountFen"), "第 1 行的金额不能为负"));
        let err = line(Rework, 0, 0, 0, MAX_FEN + 1).validate(2).unwrap_err();
        assert_eq!((err.field.as_deref(), err.message.as_str()), (Some("lines[2].transportFen"), "第 3 行的运费过大（上限 100 亿元）"));
        assert!(line(Compensation, 0, 0, 100, 0).validate(0).is_ok());
    }
}
