//! The list of people with search by name, DUI or phone, a page at a time.

use reintegra_core::date::format_user;
use reintegra_core::wire::{ApiError, PersonPage, PersonQuery};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api;
use crate::app::Screen;
use crate::i18n::use_i18n;

pub const PAGE_SIZE: u32 = 25;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub navigate: Callback<Screen>,
}

#[component]
pub fn PersonsPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let text = use_state(String::new);
    let offset = use_state(|| 0u32);
    let page = use_state(|| None::<Result<PersonPage, ApiError>>);
    // Answers can come back out of order while the person types: only the latest request's answer is shown.
    let latest = use_mut_ref(|| 0u64);

    {
        let page = page.clone();
        let latest = latest.clone();
        use_effect_with(((*text).clone(), *offset), move |(text, offset)| {
            let query = PersonQuery { text: text.clone(), offset: *offset, limit: PAGE_SIZE };
            let ticket = {
                let mut l = latest.borrow_mut();
                *l += 1;
                *l
            };
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::search_persons(query).await;
                if *latest.borrow() == ticket {
                    page.set(Some(result));
                }
            });
        });
    }

    let oninput = {
        let (text, offset) = (text.clone(), offset.clone());
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value());
            offset.set(0);
        })
    };
    let go_register = props.navigate.reform(|_: MouseEvent| Screen::Register);

    let results = match &*page {
        None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        Some(Ok(p)) if p.items.is_empty() => {
            html! { <p id="persons-empty">{ i18n.t("persons.empty") }</p> }
        }
        Some(Ok(p)) => {
            let pages = p.total.div_ceil(PAGE_SIZE).max(1);
            let current = p.offset / PAGE_SIZE + 1;
            let prev = {
                let offset = offset.clone();
                let o = p.offset;
                Callback::from(move |_| offset.set(o.saturating_sub(PAGE_SIZE)))
            };
            let next = {
                let offset = offset.clone();
                let o = p.offset;
                Callback::from(move |_| offset.set(o + PAGE_SIZE))
            };
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
                                <button class="link-name" onclick={props.navigate.reform({
                                    let id = person.id;
                                    move |_: MouseEvent| Screen::Person(id)
                                })}>{ person.name.clone() }</button>
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
    let count = match &*page {
        Some(Ok(p)) => i18n.count("persons.count", u64::from(p.total)),
        _ => String::new(),
    };

    html! {
        <section aria-labelledby="persons-title">
            <div class="toolbar">
                <h2 id="persons-title">{ i18n.t("persons.title") }</h2>
                <button id="new-person" class="primary" onclick={go_register}>{ i18n.t("persons.new") }</button>
            </div>
            <div class="search">
                <label for="search" class="visually-hidden">{ i18n.t("persons.search") }</label>
                <input id="search" type="search" placeholder={i18n.t("persons.search")} value={(*text).clone()}
                    {oninput} autocomplete="off" />
                <span id="persons-count" role="status" aria-live="polite">{ count }</span>
            </div>
            { results }
        </section>
    }
}
