-- Schema version 15: 会计台账. Accounting marks each issued certificate and
-- return slip 已付 (paid out) and then 已核销 (booked against its voucher),
-- each mark with the voucher's (传票) number and date, who and when. A wrong
-- mark is voided with a reason, never deleted or changed otherwise; where a
-- document stands is its latest live mark.
CREATE TABLE ledger_marks (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    mark         TEXT NOT NULL,                 -- paid / written_off
    voucher_no   TEXT NOT NULL,
    voucher_date TEXT NOT NULL,                 -- YYYY-MM-DD
    by_user      INTEGER NOT NULL REFERENCES users(id),
    at           INTEGER NOT NULL,
    void_reason  TEXT,
    voided_by    INTEGER REFERENCES users(id),
    voided_at    INTEGER
);
CREATE INDEX ledger_marks_by_document ON ledger_marks (document_id, id);
-- One live mark of each kind per document: a second 已付 is refused here too.
CREATE UNIQUE INDEX ledger_marks_one_live ON ledger_marks (document_id, mark) WHERE voided_at IS NULL;
CREATE TRIGGER ledger_marks_never_deleted BEFORE DELETE ON ledger_marks
BEGIN SELECT RAISE(ABORT, 'ledger marks are never deleted'); END;
-- A live mark may only be voided (all three void columns set at once); a
-- voided one never changes again.
CREATE TRIGGER ledger_marks_only_voided BEFORE UPDATE ON ledger_marks
WHEN OLD.voided_at IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.document_id IS NOT OLD.document_id OR NEW.mark IS NOT OLD.mark
  OR NEW.voucher_no IS NOT OLD.voucher_no OR NEW.voucher_date IS NOT OLD.voucher_date
  OR NEW.by_user IS NOT OLD.by_user OR NEW.at IS NOT OLD.at
  OR NEW.void_reason IS NULL OR NEW.voided_by IS NULL OR NEW.voided_at IS NULL
BEGIN SELECT RAISE(ABORT, 'a ledger mark is only ever voided'); END;
