-- Schema version 3 (SQLite's version 12): a certificate's verification
-- code also vouches for its kind and its payee as printed (documents::code
-- scheme 2). Documents issued before keep scheme 1 and still verify.
ALTER TABLE documents ADD COLUMN payee TEXT;
ALTER TABLE documents ADD COLUMN code_version BIGINT NOT NULL DEFAULT 1;

-- SQLite's documents_only_voided of version 12, condition for condition.
CREATE OR REPLACE FUNCTION document_only_voided() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.voided_at IS NOT NULL
       OR NEW.number IS DISTINCT FROM OLD.number
       OR NEW.kind IS DISTINCT FROM OLD.kind
       OR NEW.case_id IS DISTINCT FROM OLD.case_id
       OR NEW.amount_fen IS DISTINCT FROM OLD.amount_fen
       OR NEW.paper IS DISTINCT FROM OLD.paper
       OR NEW.verification_code IS DISTINCT FROM OLD.verification_code
       OR NEW.issued_by IS DISTINCT FROM OLD.issued_by
       OR NEW.issued_at IS DISTINCT FROM OLD.issued_at
       OR NEW.payee IS DISTINCT FROM OLD.payee
       OR NEW.code_version IS DISTINCT FROM OLD.code_version
    THEN
        RAISE EXCEPTION 'a document is only ever voided' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
