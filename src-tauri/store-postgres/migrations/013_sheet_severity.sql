-- Schema version 13: the sheet's sort indexes hold each case's severity
-- beside its status.
--
-- The desk's most common question, open cases of one severity, sorted by a
-- column, walks that column's index (migration 2) and keeps the open cases
-- of that severity. The status was in the index; the severity was read
-- from the case's row, so a page cost one row fetch per open case passed,
-- and a row not in the server's cache cost a read: 3–5 ms a page when
-- cached, 20–400 ms when not (at a million cases). With the severity in
-- the index the walk is an index-only scan.

-- A database of a million cases takes a minute here.
SET LOCAL statement_timeout = 0;
SET LOCAL maintenance_work_mem = '256MB';

DROP INDEX cases_sheet_received;
CREATE INDEX cases_sheet_received ON cases (received_at, id) INCLUDE (status, severity);
DROP INDEX cases_sheet_customer;
CREATE INDEX cases_sheet_customer ON cases ((customer_name COLLATE "C"), id) INCLUDE (status, severity);
DROP INDEX cases_sheet_handler;
CREATE INDEX cases_sheet_handler ON cases ((handler_name COLLATE "C"), id) INCLUDE (status, severity);
DROP INDEX cases_sheet_department;
CREATE INDEX cases_sheet_department ON cases ((department_name COLLATE "C") NULLS FIRST, id) INCLUDE (status, severity);
DROP INDEX cases_sheet_channel;
CREATE INDEX cases_sheet_channel ON cases ((
    CASE channel WHEN 'phone' THEN 0 WHEN 'visit' THEN 1 WHEN 'letter' THEN 2 WHEN 'email' THEN 3
        WHEN 'on_site' THEN 4 WHEN 'media' THEN 5 WHEN 'referred' THEN 6 WHEN 'other' THEN 7 END), id)
    INCLUDE (status, channel, severity);
DROP INDEX cases_sheet_cause;
CREATE INDEX cases_sheet_cause ON cases ((
    CASE cause_type WHEN 'product' THEN 0 WHEN 'service' THEN 1 WHEN 'emotion' THEN 2
        WHEN 'misunderstanding' THEN 3 WHEN 'negligence' THEN 4 WHEN 'other' THEN 5 END) NULLS FIRST, id)
    INCLUDE (status, cause_type, severity);
DROP INDEX cases_sheet_status;
CREATE INDEX cases_sheet_status ON cases ((
    CASE status WHEN 'registered' THEN 0 WHEN 'assessed' THEN 1 WHEN 'routed' THEN 2
        WHEN 'investigating' THEN 3 WHEN 'proposed' THEN 4 WHEN 'approved' THEN 5 WHEN 'answered' THEN 6
        WHEN 'executed' THEN 7 WHEN 'followed_up' THEN 8 WHEN 'closed' THEN 9 WHEN 'voided' THEN 10 END), id)
    INCLUDE (status, severity);
