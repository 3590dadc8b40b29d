-- Schema version 10: every order of the tracking sheet is read off an index.
--
-- Sorting a million cases by 客户, 经办人 or 责任部门 took 0.4–0.6 s: no
-- index matched the ORDER BY (and two of them were names in other tables),
-- so every page sorted the whole sheet. Now each sortable column has an
-- index in exactly the sheet's order, the key and then the case number (the
-- tie-break), so a page is read off the index in order and stops after
-- fifty, either way round (SQLite walks an index backwards for DESC).
-- `status` comes last in each: the sheet's standing filter (voided cases
-- hidden) is checked in the index, so a deep page (OFFSET) skips index
-- entries without reading a single case row.
--
-- 经办人 and 责任部门 are copied into the case (handler_name,
-- department_name) so an index on cases can hold them. The triggers below
-- keep the copies in step inside the transaction of the write that sets the
-- id; users and departments are never renamed, so the ids are all they
-- follow.
--
-- The coded columns sort by their natural order (一般 < 重要 < 严重), a
-- CASE expression; each index is on exactly the expression the sheet query
-- writes (`rank` in sqlite/cases.rs; a test checks that every order is
-- answered by an index).

ALTER TABLE cases ADD COLUMN handler_name TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN department_name TEXT;
UPDATE cases SET handler_name = (SELECT name FROM users WHERE id = cases.handler_id),
                 department_name = (SELECT name FROM departments WHERE id = cases.department_id);

CREATE TRIGGER cases_names_on_insert AFTER INSERT ON cases
BEGIN
    UPDATE cases SET handler_name = (SELECT name FROM users WHERE id = NEW.handler_id),
                     department_name = (SELECT name FROM departments WHERE id = NEW.department_id)
    WHERE id = NEW.id;
END;
CREATE TRIGGER cases_handler_name AFTER UPDATE OF handler_id ON cases
BEGIN
    UPDATE cases SET handler_name = (SELECT name FROM users WHERE id = NEW.handler_id) WHERE id = NEW.id;
END;
CREATE TRIGGER cases_department_name AFTER UPDATE OF department_id ON cases
BEGIN
    UPDATE cases SET department_name = (SELECT name FROM departments WHERE id = NEW.department_id) WHERE id = NEW.id;
END;

-- Replaced by cases_sheet_received, which starts with the same column.
DROP INDEX cases_received;

-- A search (or a filter that leaves few cases) has no index in the sheet's
-- order: its cases are found first and sorted. Each is then looked up by
-- id to check the filters and read its sort key, and a million-case table
-- (about 1 KB a row) makes that lookup the cost of the query. This index
-- holds, by id, everything the sheet filters and sorts on (about 100 bytes
-- an entry), so the lookup reads it instead of the row: three times faster.
CREATE INDEX cases_sheet_keys ON cases (id, status, severity, channel, cause_type, department_id, handler_id,
    received_at, customer_name, department_name, handler_name);
-- The same for "open cases of one severity": found in cases_status, sorted
-- by any column without reading a row.
DROP INDEX cases_status;
CREATE INDEX cases_status ON cases (status, severity, received_at, customer_name, channel, cause_type,
    department_name, handler_name);

CREATE INDEX cases_sheet_received ON cases (received_at, id, status);
CREATE INDEX cases_sheet_customer ON cases (customer_name, id, status);
CREATE INDEX cases_sheet_handler ON cases (handler_name, id, status);
CREATE INDEX cases_sheet_department ON cases (department_name, id, status);
CREATE INDEX cases_sheet_channel ON cases (
    CASE channel WHEN 'phone' THEN 0 WHEN 'visit' THEN 1 WHEN 'letter' THEN 2 WHEN 'email' THEN 3
        WHEN 'on_site' THEN 4 WHEN 'media' THEN 5 WHEN 'referred' THEN 6 WHEN 'other' THEN 7 END,
    id, status);
CREATE INDEX cases_sheet_cause ON cases (
    CASE cause_type WHEN 'product' THEN 0 WHEN 'service' THEN 1 WHEN 'emotion' THEN 2
        WHEN 'misunderstanding' THEN 3 WHEN 'negligence' THEN 4 WHEN 'other' THEN 5 END,
    id, status);
CREATE INDEX cases_sheet_severity ON cases (
    CASE severity WHEN 'normal' THEN 0 WHEN 'important' THEN 1 WHEN 'critical' THEN 2 END,
    id, status);
CREATE INDEX cases_sheet_status ON cases (
    CASE status WHEN 'registered' THEN 0 WHEN 'assessed' THEN 1 WHEN 'routed' THEN 2
        WHEN 'investigating' THEN 3 WHEN 'proposed' THEN 4 WHEN 'approved' THEN 5 WHEN 'answered' THEN 6
        WHEN 'executed' THEN 7 WHEN 'followed_up' THEN 8 WHEN 'closed' THEN 9 WHEN 'voided' THEN 10 END,
    id, status);
