-- Schema version 16: 餐饮/酒店, an organisation type of its own (a restaurant
-- or hotel: no goods shipped, a 退款/折扣凭证 pays). Its preset: a reply within
-- 24 hours of receipt, the same day as the seed's hotels answer [000 餐饮];
-- the admin edits it like any other.
INSERT INTO deadline_policies (name, org_type, market, limits, escalation_department_id) VALUES
    ('餐饮/酒店：24小时内答复', 'hospitality', NULL,
     '[{"stage":"reply","amount":24,"unit":"hours"}]',
     (SELECT id FROM departments WHERE name = '行政人事部'));
