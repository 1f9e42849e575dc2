//! The progress screen's assessment figures (#16): by instrument, for all municipalities and for each, the people
//! with a baseline, with a follow-up, and how many of those improved meaningfully (with the share). The same
//! figures as `reintegra report indicators`.

use reintegra_core::wire::assessments::AssessmentIndicator;
use yew::prelude::*;

use crate::api;
use crate::hooks::load::use_load;
use crate::i18n::use_i18n;

#[component]
pub fn DeskAssessments() -> Html {
    let i18n = use_i18n();
    let figures = use_load((), |_| api::assessments::assessment_indicators());
    let names = use_load((), |_| api::assessments::instruments());
    let name = |code: &str| match &*names {
        Some(Ok(l)) => l
            .iter()
            .find(|i| i.definition.code == code)
            .map(|i| i.definition.name.get(i18n.lang).to_owned())
            .unwrap_or_else(|| code.to_owned()),
        _ => code.to_owned(),
    };
    let row = |f: &AssessmentIndicator| {
        let share = f
            .improved_percent
            .map(|p| i18n.tr("desk.assess_share", &[("percent", &format!("{p:.1}"))]))
            .unwrap_or_default();
        let place = f.municipality.clone().unwrap_or_else(|| i18n.t("desk.assess_all"));
        html! {
            <tr class={classes!(f.municipality.is_none().then_some("total"))} data-instrument={f.instrument.clone()}
                data-municipality={f.municipality.clone().unwrap_or_default()}
                data-figures={format!("{}/{}/{}", f.with_baseline, f.with_follow_up, f.improved)}>
                <th scope="row">{ name(&f.instrument) }</th>
                <td>{ place }</td>
                <td>{ f.with_baseline }</td>
                <td>{ f.with_follow_up }</td>
                <td>{ f.improved }{ " " }<span class="note">{ share }</span></td>
            </tr>
        }
    };
    html! {
        <section class="card" aria-labelledby="desk-assess-title">
            <h3 id="desk-assess-title">{ i18n.t("desk.assess_title") }</h3>
            { match &*figures {
                None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
                Some(Ok(l)) if l.is_empty() => html! { <p id="desk-assess-empty">{ i18n.t("desk.assess_empty") }</p> },
                Some(Ok(l)) => html! {
                    <table class="list" id="desk-assessments">
                        <thead><tr>
                            <th scope="col">{ i18n.t("desk.assess_instrument") }</th>
                            <th scope="col">{ i18n.t("desk.municipality") }</th>
                            <th scope="col">{ i18n.t("desk.assess_baseline") }</th>
                            <th scope="col">{ i18n.t("desk.assess_follow_up") }</th>
                            <th scope="col">{ i18n.t("desk.assess_improved") }</th>
                        </tr></thead>
                        <tbody>{ for l.iter().map(row) }</tbody>
                    </table>
                },
            } }
        </section>
    }
}
