//! "载入演示数据": turns generated demo cases into store inserts, so a
//! newcomer sees a living sheet. The benchmark builds its million cases
//! through the same path.

use chrono::{DateTime, Duration, Utc};

use crate::demo::{DemoCase, DemoGenerator, AGENTS};
use crate::error::Result;
use crate::model::{Department, User};
use crate::store::{CaseInsert, Store};
use crate::{numbering, validate, Desk};

/// Days back from now over which demo cases are spread.
pub const DEMO_DAYS: i64 = 180;

/// Turns demo cases into inserts: department names become ids, agent names
/// become users, and each case is numbered in the month it was received.
pub struct DemoImporter {
    generator: DemoGenerator,
    departments: Vec<Department>,
    agents: Vec<User>,
    now: DateTime<Utc>,
    days: i64,
}

impl DemoImporter {
    pub fn new(store: &dyn Store, seed: u64, now: DateTime<Utc>, days: i64) -> Result<DemoImporter> {
        let agents = AGENTS.iter().map(|name| store.ensure_user(name, now)).collect::<Result<_>>()?;
        Ok(DemoImporter { generator: DemoGenerator::new(seed), departments: store.departments()?, agents, now, days })
    }

    /// The next `count` cases, oldest first so serials follow time.
    pub fn batch(&mut self, count: usize) -> Result<Vec<CaseInsert>> {
        let mut batch = (0..count)
            .map(|_| {
                let case = self.generator.next_case(self.now, self.days);
                self.insert(case)
            })
            .collect::<Result<Vec<_>>>()?;
        batch.sort_by_key(|c| c.fields.received_at);
        Ok(batch)
    }

    fn insert(&self, case: DemoCase) -> Result<CaseInsert> {
        let mut fields = validate::case_fields(case.fields, self.now)?;
        fields.department_id = case
            .department
            .and_then(|name| self.departments.iter().find(|d| d.name == name))
            .map(|d| d.id);
        let receiver = self.agents.iter().find(|u| u.name == case.receiver).unwrap_or(&self.agents[0]);
        let at = (fields.received_at + Duration::minutes(10)).min(self.now);
        Ok(CaseInsert {
            period: numbering::period(fields.received_at),
            status: case.status,
            receiver_id: receiver.id,
            handler_id: receiver.id,
            validity: case.validity,
            malicious: case.malicious,
            repeat_of_id: None,
            parent_case_id: None,
            round: 1,
            void_reason: case.void_reason.map(str::to_string),
            at,
            audit_action: "demo",
            fields,
        })
    }
}

/// Settings key of the mark a database gets when demo data is loaded into
/// it: every screen then says 演示数据, for as long as the database lives.
pub const DEMO_DATA_KEY: &str = "demo_data";

impl Desk {
    /// Whether demo data was ever loaded into this database.
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.store().setting(DEMO_DATA_KEY)?.is_some())
    }
}
