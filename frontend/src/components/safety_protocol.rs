//! The programme's safety protocol (#16), shown the moment an answer meets a safety rule (PHQ-9 item 9 above 0):
//! what to do now, the referral to mental health (the assessment is saved first, then the referral form opens with
//! the service and the person filled in), and that a supervisor alert travels with the next bundle.

use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The alerts raised (codes, e.g. `self_harm`).
    pub alerts: Vec<String>,
    /// Saves the assessment, then opens the referral form.
    pub on_refer: Callback<MouseEvent>,
    #[prop_or_default]
    pub busy: bool,
}

#[component]
pub fn SafetyProtocol(props: &Props) -> Html {
    let i18n = use_i18n();
    let raised = props.alerts.iter().map(|a| i18n.t(&format!("alert.{a}"))).collect::<Vec<_>>().join(", ");
    html! {
        <section id="safety-protocol" class="safety" role="alert" aria-labelledby="safety-title"
            data-alerts={props.alerts.join(" ")}>
            <h3 id="safety-title">{ i18n.t("safety.title") }{ ": " }{ raised }</h3>
            <p>{ i18n.t("safety.intro") }</p>
            <ol>
                <li>{ i18n.t("safety.step_ask") }</li>
                <li>{ i18n.t("safety.step_stay") }</li>
                <li>{ i18n.t("safety.step_plan") }</li>
                <li>{ i18n.t("safety.step_refer") }</li>
            </ol>
            <p class="note" id="safety-alert-note">{ i18n.t("safety.alert_note") }</p>
            <button id="safety-referral" type="button" class="danger" onclick={props.on_refer.clone()}
                disabled={props.busy}>
                { i18n.t("safety.referral") }
            </button>
        </section>
    }
}
