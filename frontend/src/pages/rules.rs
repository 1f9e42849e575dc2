//! Placeholder of the skeleton: the screen is being built (issue #14).

use yew::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn RulesPage() -> Html {
    let i18n = use_i18n();
    html! { <section class="page"><h2>{ i18n.t("nav.rules") }</h2></section> }
}
