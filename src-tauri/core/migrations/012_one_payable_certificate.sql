-- Schema version 12: a certificate's verification code also vouches for
-- its kind and its payee as printed (documents::code scheme 2). Documents
-- issued before keep scheme 1 and still verify; their payee is unknown.
ALTER TABLE documents ADD COLUMN payee TEXT;
ALTER TABLE documents ADD COLUMN code_version INTEGER NOT NULL DEFAULT 1;

-- What a document vouches for now includes the two new columns: a document
-- is still only ever voided.
DROP TRIGGER documents_only_voided;
CREATE TRIGGER documents_only_voided BEFORE UPDATE ON documents
WHEN OLD.voided_at IS NOT NULL
  OR NEW.number IS NOT OLD.number OR NEW.kind IS NOT OLD.kind OR NEW.case_id IS NOT OLD.case_id
  OR NEW.amount_fen IS NOT OLD.amount_fen OR NEW.paper IS NOT OLD.paper
  OR NEW.verification_code IS NOT OLD.verification_code
  OR NEW.issued_by IS NOT OLD.issued_by OR NEW.issued_at IS NOT OLD.issued_at
  OR NEW.payee IS NOT OLD.payee OR NEW.code_version IS NOT OLD.code_version
BEGIN SELECT RAISE(ABORT, 'a document is only ever voided'); END;
