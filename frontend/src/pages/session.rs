//! Running a group session: pick the group, the date and the modules covered; the roster (people who attended the
//! group before, or enrolled in its component in its municipality, plus anyone added by search) is marked present,
//! absent or justified on one screen. Each person's three choices are one radio group (arrow keys move within it,
//! Tab to the next person); "Todos presentes" marks everyone. The session and every attendance are saved in one
//! transaction.

use std::collections::HashSet;

use reintegra_core::date::{format_user, parse_user};
use reintegra_core::forms::{ATTENDANCE, GroupItem, RosterEntry, SessionForm};
use reintegra_core::records::MODULES;
use reintegra_core::sheets::PdfRequest;
use reintegra_core::wire::{ApiError, PersonQuery, PersonSummary};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api;
use crate::app::Screen;
use crate::components::choices::{CheckGroup, TextArea};
use crate::components::draft::{DraftOffer, use_draft};
use crate::components::field::{SelectField, TextField};
use crate::components::pdf::PdfButton;
use crate::i18n::{today, use_i18n};
use crate::pages::visit::codes;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub navigate: Callback<Screen>,
}

/// The form and the names of the people on the roster (kept together so a draft restores both).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct State {
    form: SessionForm,
    names: Vec<(Uuid, String)>,
}

/// The roster as it stands, to print and sign during the session: once a group, a valid date and people are there.
fn roster_request(form: &SessionForm) -> Option<PdfRequest> {
    let group = form.group_id?;
    let date = parse_user(&form.date)?;
    if form.attendance.is_empty() {
        return None;
    }
    Some(PdfRequest::Roster {
        group,
        date,
        modules: form.modules.clone(),
        people: form.attendance.iter().map(|(id, _)| *id).collect(),
    })
}

#[component]
pub fn SessionPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let fresh = State { form: SessionForm { date: format_user(today()), ..Default::default() }, names: Vec::new() };
    let state = use_state(|| fresh.clone());
    let groups = use_state(Vec::<GroupItem>::new);
    let touched = use_state(HashSet::<&'static str>::new);
    let submitted = use_state(|| false);
    let server_error = use_state(|| None::<ApiError>);
    // The people counted and the id of the session just saved (for its attendance sheet).
    let saved = use_state(|| None::<(usize, Uuid)>);
    let busy = use_state(|| false);
    let search = use_state(String::new);
    let found = use_state(Vec::<PersonSummary>::new);
    {
        let groups = groups.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(g) = api::groups().await {
                    groups.set(g);
                }
            });
        });
    }
    let unsaved = (*state != fresh).then(|| serde_json::to_string(&*state).unwrap_or_default());
    let draft = use_draft("session".to_owned(), unsaved);

    let group_kind =
        state.form.group_id.and_then(|g| groups.iter().find(|x| x.id == g)).map(|g| g.kind.clone()).unwrap_or_default();
    let errors = state.form.to_fields(&group_kind, today()).err().unwrap_or_default();
    let server_fields = server_error.as_ref().and_then(|e| e.fields.clone()).unwrap_or_default();
    let error_for = |field: &str| -> Option<AttrValue> {
        let shown = *submitted || touched.contains(field);
        let e = server_fields.for_field(field).or_else(|| shown.then(|| errors.for_field(field)).flatten());
        e.map(|e| AttrValue::from(i18n.t(&e.code)))
    };
    let touch = {
        let touched = touched.clone();
        move |name: &'static str| {
            let mut t = (*touched).clone();
            t.insert(name);
            touched.set(t);
        }
    };

    let on_group = {
        let (state, touched) = (state.clone(), touched.clone());
        Callback::from(move |v: String| {
            let group = Uuid::parse_str(&v).ok();
            let mut t = (*touched).clone();
            t.insert("group_id");
            touched.set(t);
            let state = state.clone();
            let mut next = (*state).clone();
            next.form.group_id = group;
            next.form.attendance.clear();
            next.names.clear();
            state.set(next.clone());
            if let Some(g) = group {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(roster) = api::roster(g).await {
                        let mut next = next;
                        for RosterEntry { person_id, name } in roster {
                            next.form.attendance.push((person_id, String::new()));
                            next.names.push((person_id, name));
                        }
                        state.set(next);
                    }
                });
            }
        })
    };
    let on_date = {
        let state = state.clone();
        let touch = touch.clone();
        Callback::from(move |v: String| {
            let mut next = (*state).clone();
            next.form.date = v;
            state.set(next);
            touch("date");
        })
    };
    let on_modules = {
        let state = state.clone();
        Callback::from(move |v: Vec<String>| {
            let mut next = (*state).clone();
            next.form.modules = v;
            state.set(next);
        })
    };
    let on_notes = {
        let state = state.clone();
        Callback::from(move |v: String| {
            let mut next = (*state).clone();
            next.form.notes = v;
            state.set(next);
        })
    };
    let mark = |i: usize, status: &'static str| {
        let state = state.clone();
        Callback::from(move |_: Event| {
            let mut next = (*state).clone();
            if let Some(a) = next.form.attendance.get_mut(i) {
                a.1 = status.to_owned();
            }
            state.set(next);
        })
    };
    let all_present = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*state).clone();
            for a in &mut next.form.attendance {
                a.1 = "present".into();
            }
            state.set(next);
        })
    };
    let on_search = {
        let (search, found) = (search.clone(), found.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            search.set(text.clone());
            let found = found.clone();
            if text.trim().chars().count() < 2 {
                found.set(Vec::new());
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(p) = api::search_persons(PersonQuery { text, offset: 0, limit: 8 }).await {
                    found.set(p.items);
                }
            });
        })
    };
    let add_person = |p: &PersonSummary| {
        let (state, found, search) = (state.clone(), found.clone(), search.clone());
        let (id, name) = (p.id, p.name.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*state).clone();
            if !next.form.attendance.iter().any(|a| a.0 == id) {
                next.form.attendance.push((id, String::new()));
                next.names.push((id, name.clone()));
            }
            state.set(next);
            found.set(Vec::new());
            search.set(String::new());
        })
    };
    let restore = {
        let (state, taken, offered) = (state.clone(), draft.taken.clone(), draft.offered.clone());
        Callback::from(move |_| {
            if let Some(s) = offered.as_deref().and_then(|d| serde_json::from_str::<State>(d).ok()) {
                state.set(s);
            }
            taken.emit(());
        })
    };
    let onsubmit = {
        let (state, submitted, server_error, busy, finish, saved, group_kind, touched) = (
            state.clone(),
            submitted.clone(),
            server_error.clone(),
            busy.clone(),
            draft.finish.clone(),
            saved.clone(),
            group_kind.clone(),
            touched.clone(),
        );
        let fresh = fresh.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submitted.set(true);
            if state.form.to_fields(&group_kind, today()).is_err() {
                return;
            }
            busy.set(true);
            let f = state.form.clone();
            let count = f.attendance.len();
            let (state, submitted, server_error, busy, finish, saved, fresh, touched) = (
                state.clone(),
                submitted.clone(),
                server_error.clone(),
                busy.clone(),
                finish.clone(),
                saved.clone(),
                fresh.clone(),
                touched.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::save_session(f).await;
                busy.set(false);
                match result {
                    Ok(id) => {
                        finish.emit(());
                        server_error.set(None);
                        submitted.set(false);
                        // A fresh form for the next session: nothing touched, no errors shown.
                        touched.set(HashSet::new());
                        state.set(fresh);
                        saved.set(Some((count, id)));
                    }
                    Err(e) => server_error.set(Some(e)),
                }
            });
        })
    };
    let cancel = props.navigate.reform(|_: MouseEvent| Screen::Home);
    let group_options: Vec<(AttrValue, AttrValue)> = groups
        .iter()
        .map(|g| {
            (
                AttrValue::from(g.id.to_string()),
                AttrValue::from(format!(
                    "{} · {} · {}",
                    g.name,
                    i18n.t(&format!("group_kind.{}", g.kind)),
                    g.municipality
                )),
            )
        })
        .collect();
    let marked = state.form.attendance.iter().filter(|a| !a.1.is_empty()).count();
    let present = state.form.attendance.iter().filter(|a| a.1 == "present").count();

    html! {
        <section class="card" aria-labelledby="session-title">
            <h2 id="session-title">{ i18n.t("session.title") }</h2>
            if draft.offered.is_some() {
                <DraftOffer on_restore={restore} on_discard={draft.finish.clone()} />
            }
            if let Some((n, id)) = *saved {
                <p id="session-saved" class="success" role="status">{ i18n.count("session.saved", n as u64) }</p>
                <PdfButton id="session-pdf" request={PdfRequest::Attendance { session: id }}
                    label={i18n.t("pdf.button.attendance")} />
            }
            <form id="session-form" {onsubmit} novalidate=true>
                <div class="grid">
                    <SelectField id="s-group" label={i18n.t("session.group")}
                        value={state.form.group_id.map(|g| g.to_string()).unwrap_or_default()} required=true
                        options={group_options} placeholder={i18n.t("form.choose")} error={error_for("group_id")}
                        onchange={on_group} />
                    <TextField id="s-date" label={i18n.t("session.date")} value={state.form.date.clone()} required=true
                        placeholder={AttrValue::from("dd/mm/aaaa")} error={error_for("date")} oninput={on_date} />
                </div>
                <CheckGroup id="s-modules" legend={i18n.t("session.modules")} options={codes(&i18n, "module", MODULES)}
                    selected={state.form.modules.clone()} error={error_for("modules")} onchange={on_modules} />
                <h3 id="roster-title">{ i18n.t("session.roster") }</h3>
                <div class="toolbar">
                    <p id="roster-count" role="status" aria-live="polite">
                        { i18n.tr("session.roster_count", &[("total", &state.form.attendance.len().to_string()),
                            ("marked", &marked.to_string()), ("present", &present.to_string())]) }
                    </p>
                    <button id="all-present" type="button" onclick={all_present}
                        disabled={state.form.attendance.is_empty()}>{ i18n.t("session.all_present") }</button>
                </div>
                if let Some(request) = roster_request(&state.form) {
                    <PdfButton id="roster-pdf" {request} label={i18n.t("pdf.button.roster")} />
                }
                if state.form.attendance.is_empty() && state.form.group_id.is_some() {
                    <p class="note">{ i18n.t("session.roster_empty") }</p>
                }
                if !state.form.attendance.is_empty() {
                    <table id="roster" class="list roster" aria-labelledby="roster-title">
                        <thead><tr>
                            <th scope="col">{ i18n.t("col.name") }</th>
                            { for ATTENDANCE.iter().map(|s| html! { <th scope="col">{ i18n.t(&format!("session.status.{s}")) }</th> }) }
                        </tr></thead>
                        <tbody>
                        { for state.form.attendance.iter().enumerate().map(|(i, (id, status))| {
                            let name = state.names.iter().find(|n| n.0 == *id).map(|n| n.1.clone()).unwrap_or_default();
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
                                                    value={*s} checked={status == s} onchange={mark(i, s)} />
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
                if let Some(e) = error_for("attendance") {
                    <p id="s-attendance-error" class="error" role="alert">{ e }</p>
                }
                <div class="search add-person">
                    <label for="s-add">{ i18n.t("session.add_person") }</label>
                    <input id="s-add" type="search" value={(*search).clone()} oninput={on_search} autocomplete="off" />
                </div>
                if !found.is_empty() {
                    <ul id="s-add-results" class="plain">
                    { for found.iter().map(|p| html! {
                        <li><button type="button" class="link-name" onclick={add_person(p)}>
                            { format!("{} · {}", p.name, p.municipality) }
                        </button></li>
                    }) }
                    </ul>
                }
                <TextArea id="s-notes" label={i18n.t("session.notes")} value={state.form.notes.clone()}
                    error={error_for("notes")} oninput={on_notes} />
                if *submitted && !errors.is_empty() {
                    <p id="form-errors" class="error" role="alert">{ i18n.t("form.has_errors") }</p>
                }
                if let Some(e) = server_error.as_ref() {
                    <p class="error" role="alert">{ e.message(i18n.lang) }</p>
                }
                <div class="actions">
                    <button id="save-session" type="submit" class="primary" disabled={*busy}>{ i18n.t("session.save") }</button>
                    <button id="cancel-session" type="button" onclick={cancel}>{ i18n.t("form.cancel") }</button>
                </div>
            </form>
        </section>
    }
}
