-- Schema version 4: people and roles — sign-in, roles, department heads,
-- shared settings. Existing users keep their records; their name becomes
-- their login, and they have no password until the admin sets one.

ALTER TABLE users ADD COLUMN login TEXT;
ALTER TABLE users ADD COLUMN password_hash TEXT;     -- argon2 PHC string; NULL until set
ALTER TABLE users ADD COLUMN department_id INTEGER REFERENCES departments(id);
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

UPDATE users SET login = name;
CREATE UNIQUE INDEX users_login ON users (login);

-- A person may hold several roles (codes of codes::Role).
CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
) WITHOUT ROWID;

ALTER TABLE departments ADD COLUMN head_user_id INTEGER REFERENCES users(id);

-- Settings shared by every workstation on this database (JSON values),
-- e.g. "approval_thresholds".
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
