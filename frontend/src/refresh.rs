//! Asking the app to read its status again (who is unlocked, the idle limit) after a screen changed it. A leaf like
//! `screen`: the app provides it through a context.

use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct StatusRefresh {
    pub refresh: Callback<()>,
}

/// The refresh from the context (doing nothing outside the app).
#[hook]
pub fn use_status_refresh() -> Callback<()> {
    use_context::<StatusRefresh>().map(|r| r.refresh).unwrap_or_else(Callback::noop)
}
