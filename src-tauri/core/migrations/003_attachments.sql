-- Schema version 3: attachments (photos, letters, scanned evidence) kept in
-- the database itself, so every workstation sharing it sees them.

CREATE TABLE attachments (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    file_name  TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    content    BLOB NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    added_at   INTEGER NOT NULL,
    added_by   INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX attachments_by_case ON attachments (case_id, id);

CREATE TRIGGER attachments_never_deleted BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are never deleted'); END;
