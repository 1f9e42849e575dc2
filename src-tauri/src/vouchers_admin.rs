//! Voucher administration on the central file: exemptions, appeals and the voucher rules' versions. Each command
//! calls one store function (the same the command line's records go through); the store refuses anything but the
//! central file.

use chrono::NaiveDate;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::vouchers::{ExemptionArgs, OverrideArgs, RulesArgs, RulesPreview, RulesScreen, SavedRecord};
use reintegra_store::vouchers_admin as admin;

use crate::state::AppState;

impl AppState {
    pub fn record_exemption(&self, a: &ExemptionArgs, today: NaiveDate) -> Result<SavedRecord, ApiError> {
        self.with_store(|s| {
            admin::record_exemption(s, a.person_id, a.month, &a.reason, today).map(|id| SavedRecord { id })
        })
    }

    pub fn record_override(&self, a: &OverrideArgs, today: NaiveDate) -> Result<SavedRecord, ApiError> {
        self.with_store(|s| {
            admin::record_override(s, a.person_id, a.month, &a.outcome, &a.reason, &a.decided_by, today)
                .map(|id| SavedRecord { id })
        })
    }

    pub fn rules_screen(&self, today: NaiveDate) -> Result<RulesScreen, ApiError> {
        self.with_store(|s| admin::rules_screen(s, today))
    }

    pub fn preview_rules(&self, a: &RulesArgs, today: NaiveDate) -> Result<RulesPreview, ApiError> {
        self.with_store(|s| admin::preview_rules(s, &a.form, today))
    }

    pub fn save_rules(&self, a: &RulesArgs, today: NaiveDate) -> Result<SavedRecord, ApiError> {
        self.with_store(|s| admin::save_rules(s, &a.form, today).map(|id| SavedRecord { id }))
    }
}
