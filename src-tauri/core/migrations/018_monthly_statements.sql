-- Schema version 18: 客户投诉案件统计表, the month's table of closed cases
-- [002 第三篇 (九)10]. The table is an issued document (its paper frozen,
-- reprinted as 补打, voided, never deleted); this records which month it is
-- for, which cases it lists (a case closed after its month's table was
-- issued is listed in the next one, marked late) and which departments
-- confirmed it, with who and when. A voided table frees its cases for the
-- table issued again in its place.
CREATE TABLE statements (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    month       TEXT NOT NULL                  -- YYYY-MM, China time
);
CREATE INDEX statements_by_month ON statements (month);
CREATE TABLE statement_cases (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    late        INTEGER NOT NULL,              -- 1: closed in an earlier month, listed here late
    PRIMARY KEY (document_id, case_id)
);
CREATE INDEX statement_cases_by_case ON statement_cases (case_id);
CREATE TABLE statement_confirmations (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES documents(id),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    by_user       INTEGER NOT NULL REFERENCES users(id),
    at            INTEGER NOT NULL,
    UNIQUE (document_id, department_id)
);
CREATE TRIGGER statements_never_changed BEFORE UPDATE ON statements
BEGIN SELECT RAISE(ABORT, 'a statement is only ever voided, with its document'); END;
CREATE TRIGGER statements_never_deleted BEFORE DELETE ON statements
BEGIN SELECT RAISE(ABORT, 'statements are never deleted'); END;
CREATE TRIGGER statement_cases_never_changed BEFORE UPDATE ON statement_cases
BEGIN SELECT RAISE(ABORT, 'the cases of a statement never change'); END;
CREATE TRIGGER statement_cases_never_deleted BEFORE DELETE ON statement_cases
BEGIN SELECT RAISE(ABORT, 'the cases of a statement never change'); END;
CREATE TRIGGER statement_confirmations_never_changed BEFORE UPDATE ON statement_confirmations
BEGIN SELECT RAISE(ABORT, 'a confirmation is never changed'); END;
CREATE TRIGGER statement_confirmations_never_deleted BEFORE DELETE ON statement_confirmations
BEGIN SELECT RAISE(ABORT, 'a confirmation is never deleted'); END;
