-- Schema version 5: the case workflow — routing rules and history,
-- investigation (cause, responsibility, corrective/preventive actions),
-- proposed resolutions with their lines, and approvals. Each step also
-- writes its audit lines on the case; these tables hold what the step
-- recorded. Money is INTEGER fen; times INTEGER ms UTC.

-- 分派规则, edited by the admin (see routing.rs). keywords: JSON array.
CREATE TABLE routing_rules (
    id            INTEGER PRIMARY KEY,
    nature        TEXT,
    cause_type    TEXT,
    channel       TEXT,
    item_prefix   TEXT NOT NULL DEFAULT '',
    keywords      TEXT NOT NULL DEFAULT '[]',
    department_id INTEGER NOT NULL REFERENCES departments(id),
    priority      INTEGER NOT NULL DEFAULT 0,
    active        INTEGER NOT NULL DEFAULT 1
);

-- 分派/改派 history: where each routing sent the case, what the rules
-- proposed, and why the agent overrode them.
CREATE TABLE case_routes (
    id                     INTEGER PRIMARY KEY,
    case_id                INTEGER NOT NULL REFERENCES cases(id),
    department_id          INTEGER NOT NULL REFERENCES departments(id),
    proposed_department_id INTEGER REFERENCES departments(id),
    reason                 TEXT NOT NULL DEFAULT '',
    actor_id               INTEGER NOT NULL REFERENCES users(id),
    at                     INTEGER NOT NULL
);
CREATE INDEX case_routes_by_case ON case_routes (case_id, id);

-- 调查: one per case, edited while the case is being investigated.
CREATE TABLE case_investigations (
    case_id        INTEGER PRIMARY KEY REFERENCES cases(id),
    cause_analysis TEXT NOT NULL,
    measures       TEXT NOT NULL,
    updated_by     INTEGER NOT NULL REFERENCES users(id),
    updated_at     INTEGER NOT NULL
);

-- 责任判定: ratios of one case add up to 100.
CREATE TABLE case_responsibilities (
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    seq           INTEGER NOT NULL,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    person        TEXT NOT NULL,
    ratio_percent INTEGER NOT NULL CHECK (ratio_percent BETWEEN 1 AND 100),
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

-- 纠正和预防措施.
CREATE TABLE case_actions (
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    description TEXT NOT NULL,
    owner       TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

-- 方案: every proposal is kept; the newest of a case is the one in force.
CREATE TABLE case_resolutions (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    opinion        TEXT NOT NULL,
    offered_fen    INTEGER NOT NULL,
    loss_fen       INTEGER NOT NULL,
    required_level TEXT NOT NULL,      -- role code: sales_manager, vice_gm, gm
    proposer_id    INTEGER NOT NULL REFERENCES users(id),
    proposed_at    INTEGER NOT NULL
);
CREATE INDEX case_resolutions_by_case ON case_resolutions (case_id, id);

CREATE TABLE resolution_lines (
    resolution_id  INTEGER NOT NULL REFERENCES case_resolutions(id),
    seq            INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    quantity       INTEGER NOT NULL,
    unit_price_fen INTEGER NOT NULL,
    amount_fen     INTEGER NOT NULL,
    transport_fen  INTEGER NOT NULL,
    note           TEXT NOT NULL,
    PRIMARY KEY (resolution_id, seq)
) WITHOUT ROWID;

-- 审批: who decided, when, what, with which comment, at which level.
CREATE TABLE case_approvals (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    resolution_id  INTEGER NOT NULL REFERENCES case_resolutions(id),
    approver_id    INTEGER NOT NULL REFERENCES users(id),
    at             INTEGER NOT NULL,
    decision       TEXT NOT NULL,      -- approved / sent_back
    comment        TEXT NOT NULL,
    required_level TEXT NOT NULL
);
CREATE INDEX case_approvals_by_case ON case_approvals (case_id, id);

-- Nothing recorded by a step is ever removed, except an investigation's
-- own lines, which are replaced while it is edited (the audit keeps each
-- version).
CREATE TRIGGER case_routes_never_deleted BEFORE DELETE ON case_routes
BEGIN SELECT RAISE(ABORT, 'routing history is never deleted'); END;
CREATE TRIGGER case_resolutions_never_deleted BEFORE DELETE ON case_resolutions
BEGIN SELECT RAISE(ABORT, 'resolutions are never deleted'); END;
CREATE TRIGGER case_approvals_never_deleted BEFORE DELETE ON case_approvals
BEGIN SELECT RAISE(ABORT, 'approvals are never deleted'); END;
