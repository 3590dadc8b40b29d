-- Schema version 9: issued documents (DOMAIN.md section 7). A document keeps
-- what it said when issued (`paper`, JSON), so a reprint is identical; it is
-- voided, never deleted or changed otherwise. Every output (export, print)
-- is a row of document_outputs: the first of each copy is the original,
-- any later one is printed as 补打.
CREATE TABLE documents (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL,
    case_id           INTEGER REFERENCES cases(id),
    reminder_id       INTEGER REFERENCES reminders(id),
    amount_fen        INTEGER,
    verification_code TEXT NOT NULL UNIQUE,
    paper             TEXT NOT NULL,
    issued_by         INTEGER NOT NULL REFERENCES users(id),
    issued_at         INTEGER NOT NULL,
    void_reason       TEXT,
    voided_by         INTEGER REFERENCES users(id),
    voided_at         INTEGER
);
CREATE INDEX documents_by_case ON documents (case_id, id);
-- One live document of a kind per case (or per 催办单); a voided one frees the place.
CREATE UNIQUE INDEX documents_one_live ON documents (kind, case_id, coalesce(reminder_id, 0))
    WHERE voided_at IS NULL AND case_id IS NOT NULL;
CREATE TRIGGER documents_never_deleted BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'documents are never deleted'); END;
CREATE TRIGGER documents_only_voided BEFORE UPDATE ON documents
WHEN OLD.voided_at IS NOT NULL
  OR NEW.number IS NOT OLD.number OR NEW.kind IS NOT OLD.kind OR NEW.case_id IS NOT OLD.case_id
  OR NEW.amount_fen IS NOT OLD.amount_fen OR NEW.paper IS NOT OLD.paper
  OR NEW.verification_code IS NOT OLD.verification_code
  OR NEW.issued_by IS NOT OLD.issued_by OR NEW.issued_at IS NOT OLD.issued_at
BEGIN SELECT RAISE(ABORT, 'a document is only ever voided'); END;

CREATE TABLE document_outputs (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    copy        INTEGER NOT NULL,                -- 1-based 联; 0 when the document has none
    target      TEXT NOT NULL,                   -- export / viewer
    reprint     INTEGER NOT NULL,
    by_user     INTEGER NOT NULL REFERENCES users(id),
    at          INTEGER NOT NULL
);
CREATE INDEX document_outputs_by_document ON document_outputs (document_id, copy);
CREATE TRIGGER document_outputs_never_changed BEFORE UPDATE ON document_outputs
BEGIN SELECT RAISE(ABORT, 'outputs are never changed'); END;
CREATE TRIGGER document_outputs_never_deleted BEFORE DELETE ON document_outputs
BEGIN SELECT RAISE(ABORT, 'outputs are never deleted'); END;
