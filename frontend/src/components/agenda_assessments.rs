//! The home agenda's "evaluaciones pendientes" (#16): each person whose baseline or follow-up of an instrument is
//! due, by date; the name opens a new assessment for them.

use reintegra_core::assessments::definition::Text;
use reintegra_core::date::format_user;
use reintegra_core::wire::assessments::AssessmentDue;
use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::screen::{AssessFor, Screen, use_navigator};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub due: Vec<AssessmentDue>,
    pub total: usize,
    /// (code, name) of each instrument in `due`, read with the agenda.
    pub names: Vec<(String, Text)>,
}

#[component]
pub fn AgendaAssessments(props: &Props) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let name = |code: &str| {
        props
            .names
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_owned(), |(_, n)| n.get(i18n.lang).to_owned())
    };
    html! {
        <>
            <h3 id="home-assessments-title" class="spaced">
                { i18n.tr("home.assessments_due", &[("count", &props.total.to_string())]) }
            </h3>
            if props.due.is_empty() {
                <p>{ i18n.t("home.none") }</p>
            } else {
                <ul id="home-assessments" class="plain agenda">
                { for props.due.iter().map(|d| {
                    let kind = if d.follow_up { "home.assessment_follow_up" } else { "home.assessment_baseline" };
                    let to = Screen::Assessment(AssessFor::person(d.person_id));
                    html! {
                        <li data-person={d.person_id.to_string()} data-instrument={d.instrument.clone()}>
                            <span class="date">{ format_user(d.due) }</span>
                            <button class="link-name" onclick={navigator.to(to)}>{ d.person_name.clone() }</button>
                            { " · " }{ name(&d.instrument) }{ " · " }<span class="note">{ i18n.t(kind) }</span>
                        </li>
                    }
                }) }
                </ul>
                if props.total > props.due.len() {
                    <p class="note">{ i18n.tr("home.more", &[("shown", &props.due.len().to_string()), ("total", &props.total.to_string())]) }</p>
                }
            }
        </>
    }
}
