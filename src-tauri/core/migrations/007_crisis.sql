-- Schema version 7: 危机 alerts. An open 严重/危机 case alerts every manager
-- at once, and keeps alerting him until he says he has seen it; who saw it
-- and when is kept here (and on the case's timeline).

CREATE TABLE crisis_acks (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    at      INTEGER NOT NULL,
    PRIMARY KEY (case_id, user_id)
) WITHOUT ROWID;

CREATE TRIGGER crisis_acks_never_changed BEFORE UPDATE ON crisis_acks
BEGIN SELECT RAISE(ABORT, 'acknowledgements are never changed'); END;
CREATE TRIGGER crisis_acks_never_deleted BEFORE DELETE ON crisis_acks
BEGIN SELECT RAISE(ABORT, 'acknowledgements are never deleted'); END;

-- The few crisis cases among many, found without reading the others.
CREATE INDEX cases_crisis ON cases (id) WHERE severity = 'critical';
