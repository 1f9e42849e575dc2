//! Today's agenda on the home screen: home visits due, referrals whose follow-up date has come (each with its
//! status control), and the participants to review this month.

use reintegra_core::date::format_user;
use reintegra_core::forms::HomeView;
use yew::prelude::*;

use crate::components::agenda_assessments::AgendaAssessments;
use crate::components::referral_row::ReferralRow;
use crate::i18n::use_i18n;
use crate::screen::{Screen, use_navigator};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: HomeView,
    /// Told when a referral's status was saved (the agenda is read again).
    pub on_saved: Callback<()>,
}

#[component]
pub fn Agenda(props: &Props) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let v = &props.view;
    let more = |shown: usize, total: usize| {
        (total > shown).then(|| html! {
            <p class="note">{ i18n.tr("home.more", &[("shown", &shown.to_string()), ("total", &total.to_string())]) }</p>
        })
    };
    html! {
        <div class="columns">
            <div class="card" aria-labelledby="home-visits-title">
                <h3 id="home-visits-title">{ i18n.tr("home.visits_due", &[("count", &v.visits_total.to_string())]) }</h3>
                if v.visits_due.is_empty() {
                    <p>{ i18n.t("home.none") }</p>
                } else {
                    <ul id="home-visits" class="plain agenda">
                    { for v.visits_due.iter().map(|d| {
                        let first = d.people.first().map(|p| p.0);
                        let names = d.people.iter().map(|p| p.1.clone()).collect::<Vec<_>>().join(", ");
                        html! {
                            <li>
                                <span class="date">{ format_user(d.next_visit) }</span>
                                if let Some(id) = first {
                                    <button class="link-name" onclick={navigator.to(Screen::Visit(id))}>{ names }</button>
                                }
                                { " · " }<span class="note">{ i18n.tr("home.last_visit", &[("date", &format_user(d.last_date))]) }</span>
                            </li>
                        }
                    }) }
                    </ul>
                    { more(v.visits_due.len(), v.visits_total).unwrap_or_default() }
                }
                <AgendaAssessments due={v.assessments_due.clone()} total={v.assessments_total}
                    names={v.instrument_names.clone()} />
            </div>
            <div class="card">
                <h3 id="home-referrals-title">{ i18n.tr("home.referrals_due", &[("count", &v.referrals_total.to_string())]) }</h3>
                if v.referrals_due.is_empty() {
                    <p>{ i18n.t("home.none") }</p>
                } else {
                    <ul id="home-referrals" class="plain agenda">
                    { for v.referrals_due.iter().map(|r| html! {
                        <ReferralRow key={r.id.to_string()} referral={r.clone()} on_saved={props.on_saved.clone()}
                            show_person=true />
                    }) }
                    </ul>
                    { more(v.referrals_due.len(), v.referrals_total).unwrap_or_default() }
                }
                <h3 id="home-review-title" class="spaced">
                    { i18n.tr("home.review", &[("month", &i18n.month(v.review_month)), ("count", &v.review_total.to_string())]) }
                </h3>
                if v.review.is_empty() {
                    <p>{ i18n.t("home.none") }</p>
                } else {
                    <ul id="home-review" class="plain agenda">
                    { for v.review.iter().map(|r| html! {
                        <li>
                            <button class="link-name" onclick={navigator.to(Screen::Person(r.person_id))}>{ r.name.clone() }</button>
                            { " · " }{ i18n.t(&format!("outcome.{}", r.outcome.code())) }
                            if !r.unmet.is_empty() {
                                { " · " }<span class="note">{ r.unmet.iter().map(|u| i18n.t(&format!("requirement.{u}"))).collect::<Vec<_>>().join(", ") }</span>
                            }
                        </li>
                    }) }
                    </ul>
                    { more(v.review.len(), v.review_total).unwrap_or_default() }
                }
            </div>
        </div>
    }
}
