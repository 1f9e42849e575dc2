//! A person's page: the profile, the family network (each relative opens their own page), the programme
//! components, the voucher card (one cell per month of the window: outcome and payment; a chosen month shows each
//! requirement, met or not, with its evidence) and the latest activity.

use reintegra_core::date::format_user;
use reintegra_core::forms::ReferralItem;
use reintegra_core::sheets::PdfRequest;
use reintegra_core::views::{LinkSide, PersonView, VoucherMonth};
use reintegra_core::wire::ApiError;
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::app::Screen;
use crate::components::pdf::PdfButton;
use crate::i18n::{I18n, usd_cents, use_i18n};
use crate::pages::referral::ReferralRow;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: Uuid,
    pub navigate: Callback<Screen>,
}

#[component]
pub fn PersonPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let view = use_state(|| None::<Result<PersonView, ApiError>>);
    let selected = use_state(|| None::<usize>);
    let referrals = use_state(Vec::<ReferralItem>::new);
    let reload = use_state(|| 0u32);
    {
        let referrals = referrals.clone();
        use_effect_with((props.id, *reload), move |(id, _)| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(r) = api::person_referrals(id).await {
                    referrals.set(r);
                }
            });
        });
    }
    {
        let view = view.clone();
        use_effect_with(props.id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                view.set(Some(api::person_view(id).await));
            });
        });
    }
    let back = props.navigate.reform(|_: MouseEvent| Screen::Persons);
    let id = props.id;
    let new_visit = props.navigate.reform(move |_: MouseEvent| Screen::Visit(id));
    let new_referral = props.navigate.reform(move |_: MouseEvent| Screen::Referral(id));
    let new_relative = props.navigate.reform(move |_: MouseEvent| Screen::RegisterRelative(id));
    let edit = props.navigate.reform(move |_: MouseEvent| Screen::EditPerson(id));
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(*reload + 1))
    };
    let v = match &*view {
        None => return html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => return html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(v)) => v,
    };
    let p = &v.person;
    let none = || i18n.t("person.not_recorded");
    let place = match &p.district {
        Some(d) => format!("{} / {d}", p.municipality),
        None => p.municipality.clone(),
    };
    let consent = match p.consent_date {
        Some(d) => match &p.consent_scope {
            Some(scope) => i18n.tr(
                "person.consent_value",
                &[("date", &format_user(d)), ("scope", &i18n.t(&format!("consent_scope.{scope}")))],
            ),
            None => format_user(d),
        },
        None => none(),
    };
    let status = p.status.as_ref().map(|s| i18n.t(&format!("person_status.{s}"))).unwrap_or_else(none);
    let is_participant = p.role.code() == "participant";
    let row = |key: &str, value: String| {
        html! { <div class="pair"><dt>{ i18n.t(key) }</dt><dd>{ value }</dd></div> }
    };

    html! {
        <section aria-labelledby="person-name" class="person">
            <div class="toolbar">
                <div>
                    <button id="person-back" class="link-back" onclick={back}>{ i18n.t("person.back") }</button>
                    <h2 id="person-name">
                        { p.full_name() }
                        { " " }<span class="badge">{ i18n.t(&format!("role.{}", p.role.code())) }</span>
                    </h2>
                </div>
                <div class="actions">
                    <button id="person-new-visit" class="primary" onclick={new_visit}>{ i18n.t("person.new_visit") }</button>
                    <button id="person-new-referral" onclick={new_referral}>{ i18n.t("person.new_referral") }</button>
                    if is_participant {
                        <button id="person-new-relative" onclick={new_relative}>{ i18n.t("person.new_relative") }</button>
                    }
                    <button id="person-edit" onclick={edit}>{ i18n.t("person.edit") }</button>
                </div>
            </div>
            <PdfButton id="person-pdf" request={PdfRequest::Case { person: v.id }} label={i18n.t("pdf.button.case")} />
            <div class="columns">
                <div class="card">
                    <h3>{ i18n.t("person.profile") }</h3>
                    <dl id="person-profile" class="profile">
                        { row("col.dui", p.dui.clone().unwrap_or_else(none)) }
                        { row("col.birth_date", format_user(p.birth_date)) }
                        { row("person.place", place) }
                        { row("person.phone", p.phone.clone().unwrap_or_else(none)) }
                        if p.release_date.is_some() {
                            { row("person.release_date", p.release_date.map(format_user).unwrap_or_default()) }
                        }
                        { row("person.consent", consent) }
                        { row("person.status", status) }
                        { row("person.worker", p.assigned_worker.clone().unwrap_or_else(none)) }
                    </dl>
                </div>
                <div class="card">
                    { family(v, &i18n, &props.navigate) }
                    { components(v, &i18n) }
                </div>
            </div>
            if p.role.code() == "participant" || !v.voucher.is_empty() {
                { voucher_card(v, &i18n, &selected) }
            }
            <div class="card spaced-card">
                <h3 id="person-referrals-title">{ i18n.t("person.referrals") }</h3>
                if referrals.is_empty() {
                    <p>{ i18n.t("person.referrals_empty") }</p>
                } else {
                    <ul id="person-referrals" class="plain agenda">
                    { for referrals.iter().map(|r| html! {
                        <ReferralRow key={format!("{}-{}", r.id, r.status)} referral={r.clone()} on_saved={on_saved.clone()} />
                    }) }
                    </ul>
                }
            </div>
            { timeline(v, &i18n) }
        </section>
    }
}

fn family(v: &PersonView, i18n: &I18n, navigate: &Callback<Screen>) -> Html {
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
                        <button class="link-name" onclick={navigate.reform(move |_: MouseEvent| Screen::Person(id))}>
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

fn components(v: &PersonView, i18n: &I18n) -> Html {
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

/// What a cell says about payment: paid (amount, date), due, or nothing due.
fn payment_text(m: &VoucherMonth, i18n: &I18n) -> String {
    match &m.payment {
        Some(p) => {
            i18n.tr("voucher.paid", &[("amount", &usd_cents(p.amount_cents)), ("date", &format_user(p.paid_on))])
        }
        None if m.evaluation.payable => i18n.t("voucher.unpaid"),
        None => i18n.t("voucher.not_due"),
    }
}

fn voucher_card(v: &PersonView, i18n: &I18n, selected: &UseStateHandle<Option<usize>>) -> Html {
    if v.voucher.is_empty() {
        return html! { <div class="card spaced-card"><p id="voucher-none">{ i18n.t("voucher.none") }</p></div> };
    }
    html! {
        <div id="voucher-card" class="card spaced-card">
            <h3>{ i18n.t("voucher.title") }</h3>
            <p class="note">{ i18n.t("voucher.hint") }</p>
            <ol class="voucher-grid" aria-label={i18n.t("voucher.months")}>
            { for v.voucher.iter().enumerate().map(|(i, m)| {
                let e = &m.evaluation;
                let n = e.month_index.unwrap_or(i as u32 + 1);
                let is_selected = **selected == Some(i);
                let onclick = {
                    let selected = selected.clone();
                    Callback::from(move |_: MouseEvent| selected.set(Some(i)))
                };
                html! {
                    <li>
                        <button id={format!("voucher-month-{n}")} data-month={e.month.to_string()}
                            class={classes!("voucher-cell", format!("outcome-{}", e.outcome.code()),
                                is_selected.then_some("selected"), m.payment.is_some().then_some("paid"))}
                            aria-pressed={if is_selected { "true" } else { "false" }} {onclick}>
                            <span class="cell-n">{ i18n.tr("voucher.month_n", &[("n", &n.to_string())]) }</span>
                            <span class="cell-month">{ i18n.month(e.month) }</span>
                            <span class="cell-outcome">{ i18n.t(&format!("outcome.{}", e.outcome.code())) }</span>
                            <span class="cell-paid">{ payment_text(m, i18n) }</span>
                        </button>
                    </li>
                }
            }) }
            </ol>
            if let Some(m) = selected.and_then(|i| v.voucher.get(i)) { { month_detail(m, i18n) } }
        </div>
    }
}

fn month_detail(m: &VoucherMonth, i18n: &I18n) -> Html {
    let e = &m.evaluation;
    let title = i18n.tr(
        "voucher.detail_title",
        &[
            ("month", &i18n.month(e.month)),
            ("n", &e.month_index.map(|n| n.to_string()).unwrap_or_default()),
            ("outcome", &i18n.t(&format!("outcome.{}", e.outcome.code()))),
        ],
    );
    html! {
        <div id="voucher-detail" class="detail" aria-live="polite">
            <h4>{ title }</h4>
            <table id="voucher-requirements" class="list">
                <thead><tr>
                    <th scope="col">{ i18n.t("voucher.col.requirement") }</th>
                    <th scope="col">{ i18n.t("voucher.col.met") }</th>
                    <th scope="col">{ i18n.t("voucher.col.evidence") }</th>
                </tr></thead>
                <tbody>
                { for e.requirements.iter().map(|r| html! {
                    <tr data-requirement={r.name.clone()}>
                        <th scope="row">{ i18n.t(&format!("requirement.{}", r.name)) }</th>
                        <td class={if r.met { "met" } else { "unmet" }}>
                            { i18n.t(if r.met { "voucher.yes" } else { "voucher.no" }) }
                        </td>
                        <td>
                            if r.evidence.is_empty() {
                                <span class="note">{ i18n.t("voucher.no_evidence") }</span>
                            } else {
                                <ul class="plain">
                                { for r.evidence.iter().filter_map(|id| m.evidence(*id)).map(|ev| html! {
                                    <li>
                                        { ev.date.map(format_user).unwrap_or_default() }{ " · " }
                                        { i18n.t(&format!("activity.{}", ev.kind)) }
                                        if let Some(s) = &ev.status { { " (" }{ i18n.t(&format!("attendance.{s}")) }{ ")" } }
                                    </li>
                                }) }
                                </ul>
                            }
                        </td>
                    </tr>
                }) }
                </tbody>
            </table>
            <ul class="plain facts">
                if e.exemption.is_some() { <li>{ i18n.t("voucher.exempted") }</li> }
                if e.override_id.is_some() { <li>{ i18n.t("voucher.overridden") }</li> }
                if e.run > 0 { <li>{ i18n.count("voucher.run", u64::from(e.run)) }</li> }
                if e.flagged { <li class="warn-text">{ i18n.t("voucher.flagged") }</li> }
                <li id="voucher-detail-payment">{ payment_text(m, i18n) }</li>
                if let Some(r) = m.payment.as_ref().and_then(|p| p.reference.clone()) {
                    <li>{ i18n.tr("voucher.reference", &[("reference", &r)]) }</li>
                }
                <li class="note">{ i18n.tr("voucher.rules", &[("version", &e.rules_version.to_string())]) }</li>
            </ul>
        </div>
    }
}

fn timeline(v: &PersonView, i18n: &I18n) -> Html {
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
