//! The home screen after unlocking: today's agenda (home visits due, referrals whose follow-up date has come,
//! participants to review this month) and the people search (accent-insensitive, as the person types).

use reintegra_core::date::format_user;
use reintegra_core::forms::HomeView;
use reintegra_core::wire::{ApiError, PersonPage, PersonQuery};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api;
use crate::app::Screen;
use crate::i18n::use_i18n;
use crate::pages::referral::ReferralRow;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub navigate: Callback<Screen>,
}

#[component]
pub fn HomePage(props: &Props) -> Html {
    let i18n = use_i18n();
    let view = use_state(|| None::<Result<HomeView, ApiError>>);
    let reload = use_state(|| 0u32);
    let text = use_state(String::new);
    let found = use_state(|| None::<PersonPage>);
    let latest = use_mut_ref(|| 0u64);
    {
        let view = view.clone();
        use_effect_with(*reload, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                view.set(Some(api::home_view().await));
            });
        });
    }
    {
        let (found, latest) = (found.clone(), latest.clone());
        use_effect_with((*text).clone(), move |text| {
            let ticket = {
                let mut l = latest.borrow_mut();
                *l += 1;
                *l
            };
            if text.trim().is_empty() {
                found.set(None);
            } else {
                let query = PersonQuery { text: text.clone(), offset: 0, limit: 10 };
                wasm_bindgen_futures::spawn_local(async move {
                    let result = api::search_persons(query).await;
                    if *latest.borrow() == ticket {
                        found.set(result.ok());
                    }
                });
            }
        });
    }
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let open = |id: uuid::Uuid| props.navigate.reform(move |_: MouseEvent| Screen::Person(id));
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(*reload + 1))
    };

    let search_results = match &*found {
        None => html! {},
        Some(p) if p.items.is_empty() => html! { <p id="home-search-empty">{ i18n.t("persons.empty") }</p> },
        Some(p) => html! {
            <>
            <p id="home-search-count" role="status">{ i18n.count("persons.count", u64::from(p.total)) }</p>
            <ul id="home-search-results" class="plain results">
            { for p.items.iter().map(|s| html! {
                <li key={s.id.to_string()}>
                    <button class="link-name" onclick={open(s.id)}>{ s.name.clone() }</button>
                    { format!(" · {} · {}{}", i18n.t(&format!("role.{}", s.role.code())), s.municipality,
                        s.dui.as_ref().map(|d| format!(" · {d}")).unwrap_or_default()) }
                </li>
            }) }
            </ul>
            </>
        },
    };

    let agenda = match &*view {
        None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(v)) => {
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
                                            <button class="link-name" onclick={props.navigate.reform(move |_: MouseEvent| Screen::Visit(id))}>
                                                { names }
                                            </button>
                                        }
                                        { " · " }<span class="note">{ i18n.tr("home.last_visit", &[("date", &format_user(d.last_date))]) }</span>
                                    </li>
                                }
                            }) }
                            </ul>
                            { more(v.visits_due.len(), v.visits_total).unwrap_or_default() }
                        }
                    </div>
                    <div class="card">
                        <h3 id="home-referrals-title">{ i18n.tr("home.referrals_due", &[("count", &v.referrals_total.to_string())]) }</h3>
                        if v.referrals_due.is_empty() {
                            <p>{ i18n.t("home.none") }</p>
                        } else {
                            <ul id="home-referrals" class="plain agenda">
                            { for v.referrals_due.iter().map(|r| html! {
                                <ReferralRow key={r.id.to_string()} referral={r.clone()} on_saved={on_saved.clone()}
                                    show_person=true navigate={Some(props.navigate.clone())} />
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
                                    <button class="link-name" onclick={open(r.person_id)}>{ r.name.clone() }</button>
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
    };
    let today = match &*view {
        Some(Ok(v)) => format_user(v.today),
        _ => String::new(),
    };

    html! {
        <section aria-labelledby="home-title">
            <div class="toolbar">
                <h2 id="home-title">{ i18n.tr("home.title", &[("date", &today)]) }</h2>
                <button id="home-session" class="primary" onclick={props.navigate.reform(|_: MouseEvent| Screen::Session)}>
                    { i18n.t("home.run_session") }
                </button>
            </div>
            <div class="search">
                <label for="home-search" class="visually-hidden">{ i18n.t("persons.search") }</label>
                <input id="home-search" type="search" placeholder={i18n.t("persons.search")} value={(*text).clone()}
                    {oninput} autocomplete="off" />
            </div>
            { search_results }
            { agenda }
        </section>
    }
}
