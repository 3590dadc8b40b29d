-- Schema version 4 (SQLite 13): a 严重/危机 case made less severe is told to the
-- managers until each says 知道了. The downgrades are the audit lines that
-- change severity from critical; this index finds them without reading
-- the whole log (they are few).
CREATE INDEX audit_severity_downgrades ON audit_log (entity_id, id)
    WHERE entity = 'case' AND field = 'severity' AND old_value = 'critical';
