-- Schema version 2 (SQLite's version 10): every order of the tracking
-- sheet is read off an index.
--
-- Each sortable column has an index in exactly the sheet's ORDER BY, the
-- key and then id (the tie-break), with NULLs where SQLite puts them (first
-- ascending: `NULLS FIRST` here, so a backward scan gives DESC NULLS LAST),
-- so a page is read off the index in order and stops after fifty, either
-- way round. `status` is INCLUDEd so that the sheet's standing filter
-- (voided cases hidden) is checked in the index and a deep page (OFFSET)
-- is an index-only scan that skips entries without visiting the table
-- (an index on a CASE expression INCLUDEs its column too: PostgreSQL plans
-- an index-only scan only when every column the query names is in the
-- index as itself).
--
-- 经办人 and 责任部门 are copied into the case (handler_name,
-- department_name) so an index on cases can hold them; the trigger sets
-- them in the same statement that sets the ids (users and departments are
-- never renamed, so the ids are all they follow). Names compare byte by
-- byte (COLLATE "C"), as SQLite's BINARY; the coded columns by their
-- natural order, on exactly the CASE expression the sheet query writes
-- (`rank` in cases.rs).

ALTER TABLE cases ADD COLUMN handler_name TEXT NOT NULL DEFAULT '',
                  ADD COLUMN department_name TEXT;
UPDATE cases c SET handler_name = u.name FROM users u WHERE u.id = c.handler_id;
UPDATE cases c SET department_name = d.name FROM departments d WHERE d.id = c.department_id;

CREATE FUNCTION cases_sort_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.handler_name := (SELECT name FROM users WHERE id = NEW.handler_id);
    NEW.department_name := (SELECT name FROM departments WHERE id = NEW.department_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER cases_sort_names BEFORE INSERT OR UPDATE OF handler_id, department_id ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_sort_names();

-- Replaced by the sheet's indexes below, which start with the same columns.
DROP INDEX cases_received;
DROP INDEX cases_customer_name;

-- A search (or a filter that leaves few cases) has no index in the sheet's
-- order: its cases are found first and sorted, each looked up by id to
-- check the filters and read its sort key. These two hold, beside the id
-- and beside the filter of "open cases of one severity", everything the
-- sheet filters and sorts on, so those lookups are index-only instead of
-- reading rows of about 1 KB.
CREATE INDEX cases_sheet_keys ON cases (id) INCLUDE (status, severity, channel, cause_type, department_id,
    handler_id, received_at, customer_name, department_name, handler_name);
DROP INDEX cases_status;
CREATE INDEX cases_status ON cases (status, severity, received_at, id) INCLUDE (customer_name, channel,
    cause_type, department_name, handler_name);
CREATE INDEX cases_sheet_received ON cases (received_at, id) INCLUDE (status);
CREATE INDEX cases_sheet_customer ON cases ((customer_name COLLATE "C"), id) INCLUDE (status);
CREATE INDEX cases_sheet_handler ON cases ((handler_name COLLATE "C"), id) INCLUDE (status);
CREATE INDEX cases_sheet_department ON cases ((department_name COLLATE "C") NULLS FIRST, id) INCLUDE (status);
CREATE INDEX cases_sheet_channel ON cases ((
    CASE channel WHEN 'phone' THEN 0 WHEN 'visit' THEN 1 WHEN 'letter' THEN 2 WHEN 'email' THEN 3
        WHEN 'on_site' THEN 4 WHEN 'media' THEN 5 WHEN 'referred' THEN 6 WHEN 'other' THEN 7 END), id)
    INCLUDE (status, channel);
CREATE INDEX cases_sheet_cause ON cases ((
    CASE cause_type WHEN 'product' THEN 0 WHEN 'service' THEN 1 WHEN 'emotion' THEN 2
        WHEN 'misunderstanding' THEN 3 WHEN 'negligence' THEN 4 WHEN 'other' THEN 5 END) NULLS FIRST, id)
    INCLUDE (status, cause_type);
CREATE INDEX cases_sheet_severity ON cases ((
    CASE severity WHEN 'normal' THEN 0 WHEN 'important' THEN 1 WHEN 'critical' THEN 2 END), id)
    INCLUDE (status, severity);
CREATE INDEX cases_sheet_status ON cases ((
    CASE status WHEN 'registered' THEN 0 WHEN 'assessed' THEN 1 WHEN 'routed' THEN 2
        WHEN 'investigating' THEN 3 WHEN 'proposed' THEN 4 WHEN 'approved' THEN 5 WHEN 'answered' THEN 6
        WHEN 'executed' THEN 7 WHEN 'followed_up' THEN 8 WHEN 'closed' THEN 9 WHEN 'voided' THEN 10 END), id)
    INCLUDE (status);
