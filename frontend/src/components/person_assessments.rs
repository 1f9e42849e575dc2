//! The "Evaluaciones" section of a person's page (#16): for each instrument the person answered, the scores as a
//! small chart and a table (date, score, band, change from the baseline, meaningful improvement, alerts), with the
//! instrument's own threshold in words; and the button to administer a new one.

use reintegra_core::date::format_user;
use reintegra_core::wire::assessments::{AssessmentRow, InstrumentHistory};
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::components::assessment_chart::AssessmentChart;
use crate::hooks::load::use_load;
use crate::i18n::{I18n, use_i18n};
use crate::screen::{AssessFor, Screen, use_navigator};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub person: Uuid,
}

fn row(r: &AssessmentRow, h: &InstrumentHistory, i18n: &I18n) -> Html {
    let band = h.definition.band(&r.band).map(|b| b.label.get(i18n.lang).to_owned());
    let change = match (r.baseline, r.change) {
        (true, _) => i18n.t("assessments.baseline"),
        (false, Some(c)) if c > 0 => format!("+{c}"),
        (false, Some(c)) => c.to_string(),
        (false, None) => "—".to_owned(),
    };
    let improved = match r.improved {
        Some(true) => i18n.t("assessments.yes"),
        Some(false) => i18n.t("assessments.no"),
        None => "—".to_owned(),
    };
    let alerts = r.alerts.iter().map(|a| i18n.t(&format!("alert.{a}"))).collect::<Vec<_>>().join(", ");
    html! {
        <tr data-id={r.id.to_string()} data-score={r.score.map(|s| s.to_string()).unwrap_or_default()}
            data-band={r.band.clone()} data-change={r.change.map(|c| c.to_string()).unwrap_or_default()}
            data-improved={r.improved.map(|b| b.to_string()).unwrap_or_default()}>
            <th scope="row">{ format_user(r.date) }</th>
            <td>{ r.score.map(|s| s.to_string()).unwrap_or_else(|| i18n.t("assessments.no_score")) }</td>
            <td>{ band.unwrap_or_else(|| i18n.t("assessments.no_score")) }</td>
            <td>{ change }</td>
            <td>{ improved }</td>
            <td class={classes!((!alerts.is_empty()).then_some("alert-cell"))}>{ alerts }</td>
        </tr>
    }
}

fn history(h: &InstrumentHistory, i18n: &I18n) -> Html {
    let code = &h.instrument;
    let name = h.definition.name.get(i18n.lang).to_owned();
    let rule = h.definition.meaningful_change;
    let threshold = match rule.direction {
        reintegra_core::assessments::Direction::Down => "assessments.threshold_down",
        reintegra_core::assessments::Direction::Up => "assessments.threshold_up",
    };
    let latest = h.rows.iter().rev().find_map(|r| r.change);
    html! {
        <div class="instrument-history" id={format!("assess-{code}")}>
            <h4>{ name.clone() }</h4>
            <p class="note">{ i18n.tr(threshold, &[("points", &rule.points.to_string())]) }</p>
            if let Some(c) = latest {
                <p id={format!("assess-{code}-change")} data-change={c.to_string()}>
                    { i18n.tr("assessments.latest_change", &[("change", &if c > 0 { format!("+{c}") } else { c.to_string() })]) }
                </p>
            }
            <AssessmentChart id={AttrValue::from(format!("assess-{code}-chart"))}
                label={AttrValue::from(i18n.tr("assessments.chart", &[("instrument", &name)]))}
                definition={h.definition.clone()} rows={h.rows.clone()} />
            <table class="list" id={format!("assess-{code}-table")}>
                <thead><tr>
                    <th scope="col">{ i18n.t("assessments.col_date") }</th>
                    <th scope="col">{ i18n.t("assessments.col_score") }</th>
                    <th scope="col">{ i18n.t("assessments.col_band") }</th>
                    <th scope="col">{ i18n.t("assessments.col_change") }</th>
                    <th scope="col">{ i18n.t("assessments.col_improved") }</th>
                    <th scope="col">{ i18n.t("assessments.col_alerts") }</th>
                </tr></thead>
                <tbody>{ for h.rows.iter().map(|r| row(r, h, i18n)) }</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn PersonAssessments(props: &Props) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let list = use_load(props.person, api::assessments::person_assessments);
    html! {
        <div class="card spaced-card" id="person-assessments" aria-labelledby="person-assessments-title">
            <div class="toolbar">
                <h3 id="person-assessments-title">{ i18n.t("assessments.title") }</h3>
                <button id="person-new-assessment" onclick={navigator.to(Screen::Assessment(AssessFor::person(props.person)))}>
                    { i18n.t("person.new_assessment") }
                </button>
            </div>
            { match &*list {
                None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
                Some(Ok(l)) if l.is_empty() => html! { <p id="person-assessments-empty">{ i18n.t("assessments.empty") }</p> },
                Some(Ok(l)) => html! { <>{ for l.iter().map(|h| history(h, &i18n)) }</> },
            } }
        </div>
    }
}
