//! The people of the programme who took part in something (a community initiative): those chosen, each with a
//! button to take them off, and the people search to add more one by one.

use uuid::Uuid;
use yew::prelude::*;

use crate::hooks::search::{SearchAction, use_person_search};
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Those chosen: (id, name).
    pub people: Vec<(Uuid, String)>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    pub on_add: Callback<(Uuid, String)>,
    pub on_remove: Callback<Uuid>,
}

#[component]
pub fn PeoplePicker(props: &Props) -> Html {
    let i18n = use_i18n();
    let search = use_person_search(8, 1);
    let add = |id: Uuid, name: String| {
        let (on_add, state) = (props.on_add.clone(), search.state.clone());
        Callback::from(move |_: MouseEvent| {
            on_add.emit((id, name.clone()));
            state.dispatch(SearchAction::Clear);
        })
    };
    let results = match search.state.found() {
        None => html! {},
        Some(p) if p.items.is_empty() => html! { <p id="i-search-empty">{ i18n.t("persons.empty") }</p> },
        Some(p) => html! {
            <ul id="i-search-results" class="plain results">
            { for p.items.iter().map(|s| {
                let added = props.people.iter().any(|(id, _)| *id == s.id);
                html! {
                    <li key={s.id.to_string()}>
                        <button type="button" class="i-add" disabled={added}
                            aria-label={i18n.tr("initiative.add_person", &[("name", &s.name)])}
                            onclick={add(s.id, s.name.clone())}>{ i18n.t("initiative.add") }</button>
                        { format!(" {} · {} · {}", s.name, i18n.t(&format!("role.{}", s.role.code())), s.municipality) }
                    </li>
                }
            }) }
            </ul>
        },
    };
    html! {
        <fieldset id="i-people" class={classes!("people", props.error.is_some().then_some("invalid"))}>
            <legend>{ i18n.tr("initiative.people", &[("count", &props.people.len().to_string())]) }</legend>
            if props.people.is_empty() {
                <p class="note">{ i18n.t("initiative.nobody") }</p>
            } else {
                <ul id="i-chosen" class="plain">
                { for props.people.iter().map(|(id, name)| html! {
                    <li key={id.to_string()}>
                        { name.clone() }{ " " }
                        <button type="button" class="i-remove link"
                            aria-label={i18n.tr("initiative.remove_person", &[("name", name)])}
                            onclick={props.on_remove.reform({ let id = *id; move |_: MouseEvent| id })}>
                            { i18n.t("initiative.remove") }
                        </button>
                    </li>
                }) }
                </ul>
            }
            <div class="search">
                <label for="i-search">{ i18n.t("initiative.search") }</label>
                <input id="i-search" type="search" placeholder={i18n.t("persons.search")}
                    value={search.text()} oninput={search.oninput.clone()} />
            </div>
            { results }
            if let Some(e) = &props.error {
                <p class="error" id="i-people-error" role="alert">{ e.clone() }</p>
            }
        </fieldset>
    }
}
