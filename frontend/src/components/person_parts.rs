//! The parts of a person's page that only show what was read: the family network, the programme components and the
//! latest activity.

use reintegra_core::date::format_user;
use reintegra_core::views::{LinkSide, PersonView};
use yew::prelude::*;

use crate::i18n::I18n;
use crate::screen::{Navigator, Screen};

/// The family network: each relative (or the participant, from a relative's page) opens their own page.
pub fn family(v: &PersonView, i18n: &I18n, navigator: &Navigator) -> Html {
    html! {
        <>
        <h3>{ i18n.t("person.family") }</h3>
        if v.family.is_empty() {
            <p id="person-family-empty">{ i18n.t("person.family_empty") }</p>
        } else {
            <ul id="person-family" class="plain">
            { for v.family.iter().map(|f| {
                let kind = i18n.t(&format!("relationship.{}", f.kind));
                let what = match f.side {
                    LinkSide::Relative => kind,
                    LinkSide::Participant => i18n.tr("person.link_participant", &[("kind", &kind)]),
                };
                let id = f.person_id;
                html! {
                    <li data-id={id.to_string()}>
                        <button class="link-name" onclick={navigator.to(Screen::Person(id))}>
                            { f.name.clone() }
                        </button>
                        { " · " }<span>{ what }</span>
                    </li>
                }
            }) }
            </ul>
        }
        </>
    }
}

/// The programme components the person is enrolled in.
pub fn components(v: &PersonView, i18n: &I18n) -> Html {
    html! {
        <>
        <h3 class="spaced">{ i18n.t("person.components") }</h3>
        if v.enrolments.is_empty() {
            <p>{ i18n.t("person.components_empty") }</p>
        } else {
            <ul id="person-components" class="plain">
            { for v.enrolments.iter().map(|e| html! {
                <li>
                    <strong>{ i18n.t(&format!("component.{}", e.component)) }</strong>
                    { " " }{ i18n.tr("person.since", &[("date", &format_user(e.start_date))]) }
                    if let Some(end) = e.end_date { { " " }{ i18n.tr("person.until", &[("date", &format_user(end))]) } }
                    if let Some(s) = &e.status { { " · " }{ i18n.t(&format!("person_status.{s}")) } }
                </li>
            }) }
            </ul>
        }
        </>
    }
}

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
