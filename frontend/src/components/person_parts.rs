//! The parts of a person's page that only show what was read: the latest activity. (The family, the components,
//! the case plan and the status are edited in their own sections: `person_family`, `person_enrolments`,
//! `person_plan`, `person_status`.)

use reintegra_core::date::format_user;
use reintegra_core::views::PersonView;
use yew::prelude::*;

use crate::i18n::I18n;

/// The latest activity, newest first.
pub fn timeline(v: &PersonView, i18n: &I18n) -> Html {
    html! {
        <div class="card spaced-card">
            <h3>{ i18n.t("person.timeline") }</h3>
            if v.timeline.is_empty() {
                <p>{ i18n.t("person.timeline_empty") }</p>
            } else {
                <ul id="person-timeline" class="plain timeline">
                { for v.timeline.iter().map(|t| {
                    let detail = t.detail.as_ref().map(|d| match t.kind.as_str() {
                        "referral" => i18n.t(&format!("service.{d}")),
                        "community_initiative" => i18n.t(&format!("initiative_kind.{d}")),
                        "case_plan_goal" => i18n.t(&format!("goal_status.{d}")),
                        "payment" => reintegra_core::month::Month::parse(d).map(|m| i18n.month(m)).unwrap_or_default(),
                        _ => i18n.t(&format!("attendance.{d}")),
                    });
                    html! {
                        <li>
                            <span class="date">{ format_user(t.date) }</span>
                            { i18n.t(&format!("activity.{}", t.kind)) }
                            if let Some(text) = &t.text { { " · " }<q>{ text.clone() }</q> }
                            if let Some(d) = detail { { " · " }{ d } }
                        </li>
                    }
                }) }
                </ul>
            }
        </div>
    }
}
