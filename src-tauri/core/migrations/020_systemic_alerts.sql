-- Schema version 20: 普遍性问题 (systemic problems, seed 000 第五篇). When
-- enough valid complaints share a 料号, or a cause type within one
-- department, inside the rule's window, an alert is raised with the cases
-- linked; later matching cases join it while it is active. 质量管理部 or a
-- manager acknowledges it with a corrective action, verifies it, closes it;
-- one raised wrongly is dismissed with a reason. Nothing is deleted: the
-- state only moves forward, each step's columns are set once, and every
-- step writes its audit lines (entity "systemic_alert").
CREATE TABLE systemic_alerts (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL,              -- item / cause_department
    subject_key         TEXT NOT NULL,              -- the 料号, or "department:cause"
    item_no             TEXT,
    department_id       INTEGER REFERENCES departments(id),
    cause_type          TEXT,
    threshold           INTEGER NOT NULL,           -- the rule when it tripped
    window_days         INTEGER NOT NULL,
    state               TEXT NOT NULL,              -- open / acknowledged / verified / closed / dismissed
    version             INTEGER NOT NULL DEFAULT 1,
    raised_at           INTEGER NOT NULL,
    raised_by           INTEGER NOT NULL REFERENCES users(id),
    trigger_case_id     INTEGER NOT NULL REFERENCES cases(id),
    action_kind         TEXT,
    action_description  TEXT,
    action_owner        TEXT,
    action_due_date     TEXT,                       -- YYYY-MM-DD
    acknowledged_by     INTEGER REFERENCES users(id),
    acknowledged_at     INTEGER,
    verification_note   TEXT,
    verified_by         INTEGER REFERENCES users(id),
    verified_at         INTEGER,
    closing_note        TEXT,
    closed_by           INTEGER REFERENCES users(id),
    closed_at           INTEGER,
    dismiss_reason      TEXT,
    dismissed_by        INTEGER REFERENCES users(id),
    dismissed_at        INTEGER
);
-- One active alert per subject: a second trip joins it instead.
CREATE UNIQUE INDEX systemic_alerts_one_active ON systemic_alerts (kind, subject_key)
    WHERE state IN ('open', 'acknowledged', 'verified');
CREATE INDEX systemic_alerts_by_state ON systemic_alerts (state, raised_at);

CREATE TABLE systemic_alert_cases (
    alert_id  INTEGER NOT NULL REFERENCES systemic_alerts(id),
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (alert_id, case_id)
) WITHOUT ROWID;
-- A case's alerts: the rule leaves out a case a closed or dismissed alert settled.
CREATE INDEX systemic_alert_cases_by_case ON systemic_alert_cases (case_id);

-- Who was shown a desktop notice of which alert, so none repeats.
CREATE TABLE systemic_notices (
    user_id  INTEGER NOT NULL REFERENCES users(id),
    alert_id INTEGER NOT NULL REFERENCES systemic_alerts(id),
    at       INTEGER NOT NULL,
    PRIMARY KEY (user_id, alert_id)
) WITHOUT ROWID;

-- The rule's two questions, each answered from an index over a window of
-- 受理时间: valid first-round complaints (not a later round of a rejected
-- answer, not a 二次投诉 of the same matter) by 料号, and by department and
-- cause. The queries repeat these conditions word for word so the planner
-- may use the partial indexes.
CREATE INDEX cases_systemic_item ON cases (item_no, received_at)
    WHERE validity = 'valid' AND parent_case_id IS NULL AND repeat_of_id IS NULL;
CREATE INDEX cases_systemic_cause ON cases (department_id, cause_type, received_at)
    WHERE validity = 'valid' AND parent_case_id IS NULL AND repeat_of_id IS NULL;

CREATE TRIGGER systemic_alerts_never_deleted BEFORE DELETE ON systemic_alerts
BEGIN SELECT RAISE(ABORT, 'systemic alerts are dismissed, never deleted'); END;
CREATE TRIGGER systemic_alert_cases_never_deleted BEFORE DELETE ON systemic_alert_cases
BEGIN SELECT RAISE(ABORT, 'a case stays linked to its systemic alert'); END;
CREATE TRIGGER systemic_alert_cases_never_changed BEFORE UPDATE ON systemic_alert_cases
BEGIN SELECT RAISE(ABORT, 'a case stays linked to its systemic alert'); END;
-- What was raised never changes; the state moves forward only
-- (open → acknowledged → verified → closed, open or acknowledged → dismissed)
-- and a step's columns, once set, stay.
CREATE TRIGGER systemic_alerts_forward_only BEFORE UPDATE ON systemic_alerts
WHEN NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.subject_key IS NOT OLD.subject_key
  OR NEW.item_no IS NOT OLD.item_no OR NEW.department_id IS NOT OLD.department_id OR NEW.cause_type IS NOT OLD.cause_type
  OR NEW.threshold IS NOT OLD.threshold OR NEW.window_days IS NOT OLD.window_days
  OR NEW.raised_at IS NOT OLD.raised_at OR NEW.raised_by IS NOT OLD.raised_by OR NEW.trigger_case_id IS NOT OLD.trigger_case_id
  OR NEW.version <> OLD.version + 1
  OR NOT ((OLD.state = 'open' AND NEW.state IN ('acknowledged', 'dismissed'))
       OR (OLD.state = 'acknowledged' AND NEW.state IN ('verified', 'dismissed'))
       OR (OLD.state = 'verified' AND NEW.state = 'closed'))
  OR (OLD.acknowledged_at IS NOT NULL AND (NEW.acknowledged_at IS NOT OLD.acknowledged_at OR NEW.action_description IS NOT OLD.action_description
       OR NEW.action_owner IS NOT OLD.action_owner OR NEW.action_due_date IS NOT OLD.action_due_date))
  OR (OLD.verified_at IS NOT NULL AND (NEW.verified_at IS NOT OLD.verified_at OR NEW.verification_note IS NOT OLD.verification_note))
BEGIN SELECT RAISE(ABORT, 'a systemic alert only moves forward'); END;
