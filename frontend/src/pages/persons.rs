//! The list of people with search by name, DUI or phone, a page at a time.

use reintegra_core::date::format_user;
use yew::prelude::*;

use crate::hooks::search::{SearchAction, use_person_search};
use crate::i18n::use_i18n;
use crate::screen::{Screen, use_navigator};

pub const PAGE_SIZE: u32 = 25;

#[component]
pub fn PersonsPage() -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    // Everyone at first, then whoever the text finds; only the answer to the latest query is shown.
    let search = use_person_search(PAGE_SIZE, 0);
    let page = &search.state.result;

    let results = match page {
        None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(p)) if p.items.is_empty() => {
            html! { <p id="persons-empty">{ i18n.t("persons.empty") }</p> }
        }
        Some(Ok(p)) => {
            let pages = p.total.div_ceil(PAGE_SIZE).max(1);
            let current = p.offset / PAGE_SIZE + 1;
            let page_to = |offset: u32| {
                let state = search.state.clone();
                Callback::from(move |_: MouseEvent| state.dispatch(SearchAction::Page(offset)))
            };
            let (prev, next) = (page_to(p.offset.saturating_sub(PAGE_SIZE)), page_to(p.offset + PAGE_SIZE));
            html! {
                <>
                <table id="persons-table" class="list">
                    <thead><tr>
                        <th scope="col">{ i18n.t("col.name") }</th>
                        <th scope="col">{ i18n.t("col.role") }</th>
                        <th scope="col">{ i18n.t("col.dui") }</th>
                        <th scope="col">{ i18n.t("col.birth_date") }</th>
                        <th scope="col">{ i18n.t("col.municipality") }</th>
                    </tr></thead>
                    <tbody>
                    { for p.items.iter().map(|person| html! {
                        <tr key={person.id.to_string()} data-id={person.id.to_string()}>
                            <td class="name">
                                <button class="link-name" onclick={navigator.to(Screen::Person(person.id))}>
                                    { person.name.clone() }
                                </button>
                            </td>
                            <td>{ i18n.t(&format!("role.{}", person.role.code())) }</td>
                            <td class="mono">{ person.dui.clone().unwrap_or_default() }</td>
                            <td>{ format_user(person.birth_date) }</td>
                            <td>{ person.municipality.clone() }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                <nav class="pager" aria-label={i18n.t("persons.pages_nav")}>
                    <button id="page-prev" onclick={prev} disabled={p.offset == 0}>{ i18n.t("persons.prev") }</button>
                    <span>{ i18n.tr("persons.page", &[("page", &current.to_string()), ("pages", &pages.to_string())]) }</span>
                    <button id="page-next" onclick={next} disabled={current >= pages}>{ i18n.t("persons.next") }</button>
                </nav>
                </>
            }
        }
    };
    let count = match page {
        Some(Ok(p)) => i18n.count("persons.count", u64::from(p.total)),
        _ => String::new(),
    };

    html! {
        <section aria-labelledby="persons-title">
            <div class="toolbar">
                <h2 id="persons-title">{ i18n.t("persons.title") }</h2>
                <button id="new-person" class="primary" onclick={navigator.to(Screen::Register)}>{ i18n.t("persons.new") }</button>
            </div>
            <div class="search">
                <label for="search" class="visually-hidden">{ i18n.t("persons.search") }</label>
                <input id="search" type="search" placeholder={i18n.t("persons.search")} value={search.text()}
                    oninput={search.oninput.clone()} autocomplete="off" />
                <span id="persons-count" role="status" aria-live="polite">{ count }</span>
            </div>
            { results }
        </section>
    }
}
