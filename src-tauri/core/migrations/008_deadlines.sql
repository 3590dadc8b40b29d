-- Schema version 8: 时效 (DOMAIN.md section 4) — the working-day calendar,
-- the deadline policies, the due time of each step of a case, and 催办单.

-- One row per year: the year's holiday file (format in calendar.rs). The
-- shipped years 2020–2026 are written by the migration; the admin may edit
-- a year or import a new one.
CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
    json       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id)    -- NULL: as shipped
);

-- 时效政策: time limits per stage (JSON [{stage, amount, unit}]), chosen at
-- assessment by the organisation type (setting) and the case's market.
CREATE TABLE deadline_policies (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    org_type TEXT NOT NULL,
    market   TEXT,                              -- NULL: any market
    limits   TEXT NOT NULL,
    escalation_department_id INTEGER REFERENCES departments(id),
    active   INTEGER NOT NULL DEFAULT 1
);

-- The seed presets [000 第一篇, 002 第二篇, 002 第三篇 (十)].
INSERT INTO deadline_policies (name, org_type, market, limits, escalation_department_id) VALUES
    ('商场服务台：48小时内答复', 'mall', NULL,
     '[{"stage":"reply","amount":48,"unit":"hours"}]',
     (SELECT id FROM departments WHERE name = '行政人事部')),
    ('物业/地产：5个工作日内解决', 'property', NULL,
     '[{"stage":"whole","amount":5,"unit":"working_days"}]',
     (SELECT id FROM departments WHERE name = '行政人事部')),
    ('制造业·国内：13天结案', 'manufacturing', 'domestic',
     '[{"stage":"route","amount":12,"unit":"hours"},{"stage":"investigate","amount":3,"unit":"calendar_days"},{"stage":"approve","amount":1,"unit":"calendar_days"},{"stage":"whole","amount":13,"unit":"calendar_days"}]',
     (SELECT id FROM departments WHERE name = '总经理室')),
    ('制造业·国外：17天结案', 'manufacturing', 'foreign',
     '[{"stage":"route","amount":12,"unit":"hours"},{"stage":"investigate","amount":7,"unit":"calendar_days"},{"stage":"approve","amount":1,"unit":"calendar_days"},{"stage":"whole","amount":17,"unit":"calendar_days"}]',
     (SELECT id FROM departments WHERE name = '总经理室')),
    ('销售分公司·国内：15天结案', 'sales_branch', 'domestic',
     '[{"stage":"whole","amount":15,"unit":"calendar_days"}]',
     (SELECT id FROM departments WHERE name = '总经理室')),
    ('销售分公司·国外：18天结案', 'sales_branch', 'foreign',
     '[{"stage":"whole","amount":18,"unit":"calendar_days"}]',
     (SELECT id FROM departments WHERE name = '总经理室'));

-- One row per stage a case enters: its due time is computed once, when the
-- stage starts, and kept (a later policy edit does not move it). A stage
-- entered again (sent back, returned) gets a new row.
CREATE TABLE case_deadlines (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    stage       TEXT NOT NULL,
    policy_id   INTEGER NOT NULL REFERENCES deadline_policies(id),
    amount      INTEGER NOT NULL,               -- the limit when it started
    unit        TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    due_at      INTEGER NOT NULL,
    done_at     INTEGER,
    late_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_deadlines_by_case ON case_deadlines (case_id, id);
CREATE INDEX case_deadlines_open ON case_deadlines (due_at) WHERE done_at IS NULL;
CREATE TRIGGER case_deadlines_never_deleted BEFORE DELETE ON case_deadlines
BEGIN SELECT RAISE(ABORT, 'deadlines are never deleted'); END;

-- 催办单: a reminder sent to the department responsible for an overdue case.
CREATE TABLE reminders (
    id               INTEGER PRIMARY KEY,
    reminder_no      TEXT NOT NULL UNIQUE,      -- CB-YYMM-NNNN
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    deadline_id      INTEGER REFERENCES case_deadlines(id),
    to_department_id INTEGER REFERENCES departments(id),
    note             TEXT NOT NULL,
    issued_by        INTEGER NOT NULL REFERENCES users(id),
    issued_at        INTEGER NOT NULL
);
CREATE INDEX reminders_by_case ON reminders (case_id, id);
CREATE TRIGGER reminders_never_changed BEFORE UPDATE ON reminders
BEGIN SELECT RAISE(ABORT, 'reminders are never changed'); END;
CREATE TRIGGER reminders_never_deleted BEFORE DELETE ON reminders
BEGIN SELECT RAISE(ABORT, 'reminders are never deleted'); END;

-- Desktop notifications already shown, so the same event is never shown
-- twice to the same person (kind: due_soon / overdue).
CREATE TABLE deadline_notices (
    user_id     INTEGER NOT NULL REFERENCES users(id),
    deadline_id INTEGER NOT NULL REFERENCES case_deadlines(id),
    kind        TEXT NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (user_id, deadline_id, kind)
) WITHOUT ROWID;
