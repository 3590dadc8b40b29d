-- Schema version 6: closing a case — 答复, 执行, 回访, 结案 — and new rounds.
-- 答复/执行 notes and the 结案 summary live on the case's audit lines;
-- follow-up visits have their own table. A customer who rejects the
-- approved resolution starts a new round: a new case linked to the one
-- before it (parent_case_id), numbered by round (the first is 1).

ALTER TABLE cases ADD COLUMN parent_case_id INTEGER REFERENCES cases(id);
ALTER TABLE cases ADD COLUMN round INTEGER NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX cases_by_parent ON cases (parent_case_id) WHERE parent_case_id IS NOT NULL;

-- 回访: when the customer was visited, how, by whom, and how satisfied.
CREATE TABLE case_follow_ups (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    visited_at   INTEGER NOT NULL,
    method       TEXT NOT NULL,        -- phone / in_person
    satisfaction TEXT NOT NULL,        -- satisfied / fairly_satisfied / unsatisfied
    remarks      TEXT NOT NULL,
    actor_id     INTEGER NOT NULL REFERENCES users(id),
    recorded_at  INTEGER NOT NULL
);
CREATE INDEX case_follow_ups_by_case ON case_follow_ups (case_id, id);

CREATE TRIGGER case_follow_ups_never_deleted BEFORE DELETE ON case_follow_ups
BEGIN SELECT RAISE(ABORT, 'follow-ups are never deleted'); END;
