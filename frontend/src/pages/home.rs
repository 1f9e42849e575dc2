//! The home screen after unlocking: today's agenda (home visits due, referrals whose follow-up date has come,
//! participants to review this month) and the people search (accent-insensitive, as the person types).

use reintegra_core::date::format_user;
use yew::prelude::*;

use crate::api;
use crate::components::agenda::Agenda;
use crate::hooks::load::use_load;
use crate::hooks::search::use_person_search;
use crate::i18n::use_i18n;
use crate::screen::{Screen, use_navigator};

#[component]
pub fn HomePage() -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    // Read again after a referral's status changes.
    let reload = use_state(|| 0u32);
    let view = use_load(*reload, |_| api::home_view());
    let search = use_person_search(10, 1);
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(*reload + 1))
    };

    let search_results = match search.state.found() {
        None => html! {},
        Some(p) if p.items.is_empty() => html! { <p id="home-search-empty">{ i18n.t("persons.empty") }</p> },
        Some(p) => html! {
            <>
            <p id="home-search-count" role="status">{ i18n.count("persons.count", u64::from(p.total)) }</p>
            <ul id="home-search-results" class="plain results">
            { for p.items.iter().map(|s| html! {
                <li key={s.id.to_string()}>
                    <button class="link-name" onclick={navigator.to(Screen::Person(s.id))}>{ s.name.clone() }</button>
                    { format!(" · {} · {}{}", i18n.t(&format!("role.{}", s.role.code())), s.municipality,
                        s.dui.as_ref().map(|d| format!(" · {d}")).unwrap_or_default()) }
                </li>
            }) }
            </ul>
            </>
        },
    };
    let (agenda, today) = match &*view {
        None => (html! { <p class="loading">{ i18n.t("app.loading") }</p> }, String::new()),
        Some(Err(e)) => (html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> }, String::new()),
        Some(Ok(v)) => (html! { <Agenda view={v.clone()} {on_saved} /> }, format_user(v.today)),
    };

    html! {
        <section aria-labelledby="home-title">
            <div class="toolbar">
                <h2 id="home-title">{ i18n.tr("home.title", &[("date", &today)]) }</h2>
                <button id="home-session" class="primary" onclick={navigator.to(Screen::Session)}>
                    { i18n.t("home.run_session") }
                </button>
            </div>
            <div class="search">
                <label for="home-search" class="visually-hidden">{ i18n.t("persons.search") }</label>
                <input id="home-search" type="search" placeholder={i18n.t("persons.search")} value={search.text()}
                    oninput={search.oninput.clone()} autocomplete="off" />
            </div>
            { search_results }
            { agenda }
        </section>
    }
}
