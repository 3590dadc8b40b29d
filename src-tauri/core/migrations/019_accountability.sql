-- Schema version 19: 奖罚 (accountability), an optional module. Its rules,
-- the people's 基点数 and month bonus and the switch live in `settings`
-- (JSON, audited there). Here: the month's penalty notices as proposed by
-- the 总经理室 (what they say frozen as JSON when proposed), decided by the
-- 总经理, issued as a 《奖罚通知单》 document; and the store fines each issued
-- notice imposes, with their due date and paid mark. Nothing is deleted: a
-- notice is voided with a reason, a fine only ever gains its paid mark.
CREATE TABLE penalty_notices (
    id            INTEGER PRIMARY KEY,
    month         TEXT NOT NULL,                  -- YYYY-MM, the month whose closed cases it settles
    state         TEXT NOT NULL,                  -- proposed / sent_back / approved / issued / voided
    body          TEXT NOT NULL,                  -- PenaltyBody as JSON, as proposed
    total_fen     INTEGER NOT NULL,               -- this month's deductions and fines
    proposed_by   INTEGER NOT NULL REFERENCES users(id),
    proposed_at   INTEGER NOT NULL,
    decided_by    INTEGER REFERENCES users(id),
    decided_at    INTEGER,
    decision_note TEXT,
    document_id   INTEGER REFERENCES documents(id),
    void_reason   TEXT,
    voided_by     INTEGER REFERENCES users(id),
    voided_at     INTEGER
);
CREATE INDEX penalty_notices_by_month ON penalty_notices (month, id);
-- One live notice a month: a second proposal waits until the first is sent back or voided.
CREATE UNIQUE INDEX penalty_notices_one_live ON penalty_notices (month) WHERE state IN ('proposed', 'approved', 'issued');
CREATE TRIGGER penalty_notices_never_deleted BEFORE DELETE ON penalty_notices
BEGIN SELECT RAISE(ABORT, 'penalty notices are voided, never deleted'); END;
-- What a notice says never changes once proposed.
CREATE TRIGGER penalty_notices_body_fixed BEFORE UPDATE ON penalty_notices
WHEN NEW.id IS NOT OLD.id OR NEW.month IS NOT OLD.month OR NEW.body IS NOT OLD.body OR NEW.total_fen IS NOT OLD.total_fen
  OR NEW.proposed_by IS NOT OLD.proposed_by OR NEW.proposed_at IS NOT OLD.proposed_at
  OR OLD.state IN ('sent_back', 'voided')
BEGIN SELECT RAISE(ABORT, 'a penalty notice only moves on to its decision, issue or void'); END;

-- 门店罚款: one line per store (or per person of it) per reason, due within
-- the rules' days of the notice's issue.
CREATE TABLE store_fines (
    id            INTEGER PRIMARY KEY,
    notice_id     INTEGER NOT NULL REFERENCES penalty_notices(id),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    payer         TEXT NOT NULL,                  -- 全店, or the person named
    kind          TEXT NOT NULL,                  -- store_complaint / agent_complaint / media_exposure / yearly_rank
    case_no       TEXT,
    amount_fen    INTEGER NOT NULL,
    due_date      TEXT NOT NULL,                  -- YYYY-MM-DD
    paid_by       INTEGER REFERENCES users(id),
    paid_at       INTEGER
);
CREATE INDEX store_fines_by_notice ON store_fines (notice_id, id);
CREATE TRIGGER store_fines_never_deleted BEFORE DELETE ON store_fines
BEGIN SELECT RAISE(ABORT, 'store fines are never deleted'); END;
-- A fine only ever gains its paid mark, once.
CREATE TRIGGER store_fines_only_paid BEFORE UPDATE ON store_fines
WHEN OLD.paid_at IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.notice_id IS NOT OLD.notice_id OR NEW.department_id IS NOT OLD.department_id
  OR NEW.payer IS NOT OLD.payer OR NEW.kind IS NOT OLD.kind OR NEW.case_no IS NOT OLD.case_no
  OR NEW.amount_fen IS NOT OLD.amount_fen OR NEW.due_date IS NOT OLD.due_date
  OR NEW.paid_by IS NULL OR NEW.paid_at IS NULL
BEGIN SELECT RAISE(ABORT, 'a store fine is only ever marked paid'); END;
