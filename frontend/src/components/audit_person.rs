//! The audit screen's «which person» filter: a person found by name (the people search), whose id the log's
//! subjects carry; or none.

use uuid::Uuid;
use yew::prelude::*;

use crate::hooks::search::{SearchAction, use_person_search};
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The person chosen: id and name.
    pub chosen: Option<(Uuid, String)>,
    pub on_change: Callback<Option<(Uuid, String)>>,
}

#[component]
pub fn AuditPerson(props: &Props) -> Html {
    let i18n = use_i18n();
    let search = use_person_search(6, 2);
    if let Some((_, name)) = &props.chosen {
        return html! {
            <div class="field" id="audit-person">
                <p><strong>{ i18n.t("audit.filter.person") }</strong></p>
                <p id="audit-person-chosen">
                    { name.clone() }{ " " }
                    <button id="audit-person-clear" type="button"
                        onclick={props.on_change.reform(|_: MouseEvent| None)}>{ i18n.t("audit.filter.person_clear") }</button>
                </p>
            </div>
        };
    }
    let results = match search.state.found() {
        None => html! {},
        Some(p) if p.items.is_empty() => {
            html! { <p id="audit-person-none" class="note">{ i18n.t("persons.empty") }</p> }
        }
        Some(p) => html! {
            <ul id="audit-person-results" class="plain results">
                { for p.items.iter().map(|s| {
                    let (on_change, state, choice) = (props.on_change.clone(), search.state.clone(), (s.id, s.name.clone()));
                    let choose = Callback::from(move |_: MouseEvent| {
                        on_change.emit(Some(choice.clone()));
                        state.dispatch(SearchAction::Clear);
                    });
                    html! {
                        <li key={s.id.to_string()}>
                            <button id={format!("audit-person-{}", s.id)} type="button" onclick={choose}
                                aria-label={i18n.tr("audit.filter.person_choose", &[("name", &s.name)])}>
                                { i18n.t("audit.filter.choose") }
                            </button>
                            { format!(" {} · {}", s.name, s.municipality) }
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <div class="field" id="audit-person">
            <label for="audit-person-search">{ i18n.t("audit.filter.person") }</label>
            <input id="audit-person-search" type="search" placeholder={i18n.t("persons.search")}
                value={search.text()} oninput={search.oninput.clone()} />
            { results }
        </div>
    }
}
