-- Schema version 14: a sign-in with a login that no account has is
-- recorded too (when, the login as typed, which workstation), so someone
-- trying names at a desk is seen. Append-only, like the audit log.
CREATE TABLE unknown_sign_ins (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    login       TEXT NOT NULL,
    workstation TEXT NOT NULL
);
CREATE TRIGGER unknown_sign_ins_no_update BEFORE UPDATE ON unknown_sign_ins
BEGIN SELECT RAISE(ABORT, 'the sign-in record is append-only'); END;
CREATE TRIGGER unknown_sign_ins_no_delete BEFORE DELETE ON unknown_sign_ins
BEGIN SELECT RAISE(ABORT, 'the sign-in record is append-only'); END;
