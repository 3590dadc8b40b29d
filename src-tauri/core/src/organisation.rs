//! Who the organisation is: its name, as papers addressed to a customer (the
//! 答复函) sign off with it. A shared setting, kept by the administrator.

use crate::desk::Desk;
use crate::error::Result;
use crate::model::User;
use crate::validate;

/// Settings key of the organisation's name.
pub const ORG_NAME_KEY: &str = "organisation_name";

impl Desk {
    /// The name the administrator set; empty until he does.
    pub fn organisation_name(&self) -> Result<String> {
        Ok(self.store().setting(ORG_NAME_KEY)?.unwrap_or_default())
    }

    /// 单位名称 (admin): as the customer reads it on a 答复函.
    pub fn set_organisation_name(&self, actor: &User, name: &str) -> Result<String> {
        self.require_admin(actor)?;
        let name = validate::required("name", "单位名称", name, validate::limits::NAME)?;
        self.store().put_setting(ORG_NAME_KEY, &name, self.stamp(actor))?;
        Ok(name)
    }
}
