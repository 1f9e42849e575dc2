//! A session's roster: how many are on it and marked, "Todos presentes", the roster to print, and one row per person
//! whose three choices (present, absent, justified) are one radio group: arrow keys move within it, Tab to the
//! next person. Also the search that adds someone who is not on it.

use reintegra_core::forms::ATTENDANCE;
use reintegra_core::sheets::PdfRequest;
use uuid::Uuid;
use yew::prelude::*;

use crate::components::pdf::PdfButton;
use crate::hooks::search::{SearchAction, use_person_search};
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct RosterProps {
    /// Each person on the roster and their mark (empty: not marked yet).
    pub attendance: Vec<(Uuid, String)>,
    pub names: Vec<(Uuid, String)>,
    /// A group is chosen (an empty roster then says so).
    pub group_chosen: bool,
    /// The roster to print and sign, once it can be.
    pub print: Option<PdfRequest>,
    /// The row and the mark chosen.
    pub on_mark: Callback<(usize, &'static str)>,
    pub on_all_present: Callback<()>,
}

#[component]
pub fn Roster(props: &RosterProps) -> Html {
    let i18n = use_i18n();
    let attendance = &props.attendance;
    let marked = attendance.iter().filter(|a| !a.1.is_empty()).count();
    let present = attendance.iter().filter(|a| a.1 == "present").count();
    html! {
        <>
        <h3 id="roster-title">{ i18n.t("session.roster") }</h3>
        <div class="toolbar">
            <p id="roster-count" role="status" aria-live="polite">
                { i18n.tr("session.roster_count", &[("total", &attendance.len().to_string()),
                    ("marked", &marked.to_string()), ("present", &present.to_string())]) }
            </p>
            <button id="all-present" type="button" onclick={props.on_all_present.reform(|_: MouseEvent| ())}
                disabled={attendance.is_empty()}>{ i18n.t("session.all_present") }</button>
        </div>
        if let Some(request) = props.print.clone() {
            <PdfButton id="roster-pdf" {request} label={i18n.t("pdf.button.roster")} />
        }
        if attendance.is_empty() && props.group_chosen {
            <p class="note">{ i18n.t("session.roster_empty") }</p>
        }
        if !attendance.is_empty() {
            <table id="roster" class="list roster" aria-labelledby="roster-title">
                <thead><tr>
                    <th scope="col">{ i18n.t("col.name") }</th>
                    { for ATTENDANCE.iter().map(|s| html! { <th scope="col">{ i18n.t(&format!("session.status.{s}")) }</th> }) }
                </tr></thead>
                <tbody>
                { for attendance.iter().enumerate().map(|(i, (id, status))| {
                    let name = props.names.iter().find(|n| n.0 == *id).map(|n| n.1.clone()).unwrap_or_default();
                    let name_id = format!("roster-name-{i}");
                    html! {
                        <tr key={id.to_string()} data-id={id.to_string()} role="radiogroup" aria-labelledby={name_id.clone()}
                            class={classes!(status.is_empty().then_some("unmarked"))}>
                            <th scope="row" id={name_id}>{ name }</th>
                            { for ATTENDANCE.iter().map(|s| {
                                let input_id = format!("att-{i}-{s}");
                                html! {
                                    <td>
                                        <input type="radio" id={input_id.clone()} name={format!("att-{i}")}
                                            value={*s} checked={status == s}
                                            onchange={props.on_mark.reform(move |_: Event| (i, *s))} />
                                        <label for={input_id} class="visually-hidden">{ i18n.t(&format!("session.status.{s}")) }</label>
                                    </td>
                                }
                            }) }
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct AddPersonProps {
    /// The person picked: (id, name).
    pub on_pick: Callback<(Uuid, String)>,
}

/// "Add a person": the people search (from two letters); picking one empties it.
#[component]
pub fn AddPerson(props: &AddPersonProps) -> Html {
    let i18n = use_i18n();
    let search = use_person_search(8, 2);
    let found = search.state.found().map(|p| p.items.clone()).unwrap_or_default();
    html! {
        <>
        <div class="search add-person">
            <label for="s-add">{ i18n.t("session.add_person") }</label>
            <input id="s-add" type="search" value={search.text()} oninput={search.oninput.clone()} autocomplete="off" />
        </div>
        if !found.is_empty() {
            <ul id="s-add-results" class="plain">
            { for found.iter().map(|p| {
                let (on_pick, state, picked) = (props.on_pick.clone(), search.state.clone(), (p.id, p.name.clone()));
                let onclick = Callback::from(move |_: MouseEvent| {
                    on_pick.emit(picked.clone());
                    state.dispatch(SearchAction::Clear);
                });
                html! {
                    <li><button type="button" class="link-name" {onclick}>
                        { format!("{} · {}", p.name, p.municipality) }
                    </button></li>
                }
            }) }
            </ul>
        }
        </>
    }
}
