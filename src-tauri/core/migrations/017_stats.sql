-- Schema version 17: 统计. When a case closed (结案, an invalid complaint
-- closed at assessment, or a round the customer rejected), kept on the case
-- so a period's statistics by closing date — the seed counts a month's
-- cases by the day they closed — read only that period's cases off an index
-- instead of the audit log. Written by the closing step in its own
-- transaction; cases closed before this version take it from their audit
-- line (the last status line to closed).
ALTER TABLE cases ADD COLUMN closed_at INTEGER;
UPDATE cases SET closed_at = (
    SELECT max(a.at) FROM audit_log a
    WHERE a.entity = 'case' AND a.entity_id = cases.id AND a.field = 'status' AND a.new_value = 'closed'
) WHERE status = 'closed';
-- Demo or imported cases stored closed have no closing line: their last change.
UPDATE cases SET closed_at = updated_at WHERE status = 'closed' AND closed_at IS NULL;
-- The period's cases by closing date, with (received_at, department_id,
-- status) along, so "still open at the period's end" (the open cases are
-- those not closed, less the voided) and the department counts are read off
-- the index alone, never the cases themselves.
CREATE INDEX cases_closed ON cases (closed_at, received_at, department_id, status);
