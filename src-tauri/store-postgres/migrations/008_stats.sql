-- Schema version 8 (SQLite 17): 统计. When a case closed (结案, an invalid
-- complaint closed at assessment, or a round the customer rejected), kept on
-- the case so a period's statistics by closing date read only that period's
-- cases off an index. Written by the closing step in its own transaction;
-- cases closed before this version take it from their audit line.
ALTER TABLE cases ADD COLUMN closed_at BIGINT;
UPDATE cases SET closed_at = (
    SELECT max(a.at) FROM audit_log a
    WHERE a.entity = 'case' AND a.entity_id = cases.id AND a.field = 'status' AND a.new_value = 'closed'
) WHERE status = 'closed';
UPDATE cases SET closed_at = updated_at WHERE status = 'closed' AND closed_at IS NULL;
CREATE INDEX cases_closed ON cases (closed_at, received_at, department_id, status);
