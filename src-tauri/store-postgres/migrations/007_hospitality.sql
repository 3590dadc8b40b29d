-- Schema version 7: 餐饮/酒店, an organisation type of its own (as SQLite's
-- version 16): its preset replies within 24 hours of receipt.
INSERT INTO deadline_policies (name, org_type, market, limits, escalation_department_id) VALUES
    ('餐饮/酒店：24小时内答复', 'hospitality', NULL,
     '[{"stage":"reply","amount":24,"unit":"hours"}]',
     (SELECT id FROM departments WHERE name = '行政人事部'));
