//! Recording a community initiative (cultural, sports or recreational): its name, date, municipality and place, the
//! people of the programme who took part (found by the same accent-insensitive search as the home screen and added
//! one by one) and how many came in all.

use std::collections::HashSet;

use reintegra_core::date::format_user;
use reintegra_core::forms::{INITIATIVE_KINDS, InitiativeForm};
use reintegra_core::reference::Catalogue;
use reintegra_core::wire::{ApiError, PersonPage, PersonQuery};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api;
use crate::app::Screen;
use crate::components::draft::{DraftOffer, use_draft};
use crate::components::field::{SelectField, TextField};
use crate::i18n::{today, use_i18n};
use crate::pages::visit::codes;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub navigate: Callback<Screen>,
}

#[component]
pub fn InitiativePage(_props: &Props) -> Html {
    let i18n = use_i18n();
    let fresh = InitiativeForm { date: format_user(today()), ..Default::default() };
    let form = use_state(|| fresh.clone());
    let touched = use_state(HashSet::<&'static str>::new);
    let submitted = use_state(|| false);
    let server_error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let saved = use_state(|| None::<String>);
    let catalogue = use_state(Catalogue::default);
    let text = use_state(String::new);
    let found = use_state(|| None::<PersonPage>);
    let latest = use_mut_ref(|| 0u64);
    {
        let catalogue = catalogue.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(c) = api::reference_data().await {
                    catalogue.set(c);
                }
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
                let query = PersonQuery { text: text.clone(), offset: 0, limit: 8 };
                wasm_bindgen_futures::spawn_local(async move {
                    let result = api::search_persons(query).await;
                    if *latest.borrow() == ticket {
                        found.set(result.ok());
                    }
                });
            }
        });
    }
    let unsaved = (*form != fresh).then(|| serde_json::to_string(&*form).unwrap_or_default());
    let draft = use_draft("initiative:new".to_owned(), unsaved);
    let errors = form.to_fields(today()).err().unwrap_or_default();
    let server_fields = server_error.as_ref().and_then(|e| e.fields.clone()).unwrap_or_default();
    let error_for = |field: &str| -> Option<AttrValue> {
        let shown = *submitted || touched.contains(field);
        let e = server_fields.for_field(field).or_else(|| shown.then(|| errors.for_field(field)).flatten());
        e.map(|e| AttrValue::from(i18n.t(&e.code)))
    };
    let edit = |name: &'static str, f: fn(&mut InitiativeForm, String)| {
        let (form, touched, saved) = (form.clone(), touched.clone(), saved.clone());
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
            saved.set(None);
            let mut t = (*touched).clone();
            t.insert(name);
            touched.set(t);
        })
    };
    let add = |id: Uuid, name: String| {
        let (form, touched, text) = (form.clone(), touched.clone(), text.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            if !next.people.iter().any(|(p, _)| *p == id) {
                next.people.push((id, name.clone()));
            }
            form.set(next);
            let mut t = (*touched).clone();
            t.insert("person_ids");
            touched.set(t);
            text.set(String::new());
        })
    };
    let remove = |id: Uuid| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.people.retain(|(p, _)| *p != id);
            form.set(next);
        })
    };
    let restore = {
        let (form, taken, offered) = (form.clone(), draft.taken.clone(), draft.offered.clone());
        Callback::from(move |_| {
            if let Some(f) = offered.as_deref().and_then(|d| serde_json::from_str::<InitiativeForm>(d).ok()) {
                form.set(f);
            }
            taken.emit(());
        })
    };
    let onsubmit = {
        let (form, touched, submitted, server_error, busy, saved, finish, fresh) = (
            form.clone(),
            touched.clone(),
            submitted.clone(),
            server_error.clone(),
            busy.clone(),
            saved.clone(),
            draft.finish.clone(),
            fresh.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submitted.set(true);
            if form.to_fields(today()).is_err() {
                return;
            }
            busy.set(true);
            let (f, form, touched, submitted, server_error, busy, saved, finish, fresh) = (
                (*form).clone(),
                form.clone(),
                touched.clone(),
                submitted.clone(),
                server_error.clone(),
                busy.clone(),
                saved.clone(),
                finish.clone(),
                fresh.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::save_initiative(f.clone()).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        finish.emit(());
                        server_error.set(None);
                        submitted.set(false);
                        touched.set(HashSet::new());
                        saved.set(Some(f.name));
                        form.set(fresh);
                    }
                    Err(e) => server_error.set(Some(e)),
                }
            });
        })
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let municipalities: Vec<(AttrValue, AttrValue)> = catalogue
        .municipalities
        .iter()
        .map(|m| (AttrValue::from(m.name.clone()), AttrValue::from(m.name.clone())))
        .collect();
    let results = match &*found {
        None => html! {},
        Some(p) if p.items.is_empty() => html! { <p id="i-search-empty">{ i18n.t("persons.empty") }</p> },
        Some(p) => html! {
            <ul id="i-search-results" class="plain results">
            { for p.items.iter().map(|s| {
                let added = form.people.iter().any(|(id, _)| *id == s.id);
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
    let people_error = error_for("person_ids");
    html! {
        <section class="card" aria-labelledby="initiative-title">
            <h2 id="initiative-title">{ i18n.t("initiative.title") }</h2>
            if draft.offered.is_some() {
                <DraftOffer on_restore={restore} on_discard={draft.finish.clone()} />
            }
            if let Some(name) = &*saved {
                <p id="initiative-saved" class="success" role="status">{ i18n.tr("initiative.saved", &[("name", name)]) }</p>
            }
            <form id="initiative-form" {onsubmit} novalidate=true>
                <div class="grid">
                    <SelectField id="i-kind" label={i18n.t("initiative.kind")} value={form.kind.clone()}
                        required=true options={codes(&i18n, "initiative_kind", INITIATIVE_KINDS)}
                        placeholder={i18n.t("form.choose")} error={error_for("kind")}
                        onchange={edit("kind", |f, v| f.kind = v)} />
                    <TextField id="i-name" label={i18n.t("initiative.name")} value={form.name.clone()} required=true
                        error={error_for("name")} oninput={edit("name", |f, v| f.name = v)} />
                    <TextField id="i-date" label={i18n.t("initiative.date")} value={form.date.clone()} required=true
                        placeholder={AttrValue::from("dd/mm/aaaa")} error={error_for("date")}
                        oninput={edit("date", |f, v| f.date = v)} />
                    <SelectField id="i-municipality" label={i18n.t("form.municipality")}
                        value={form.municipality.clone()} required=true options={municipalities}
                        placeholder={i18n.t("form.choose")} error={error_for("municipality")}
                        onchange={edit("municipality", |f, v| f.municipality = v)} />
                    <TextField id="i-place" label={i18n.t("initiative.place")} value={form.place.clone()}
                        error={error_for("place")} oninput={edit("place", |f, v| f.place = v)} />
                    <TextField id="i-headcount" label={i18n.t("initiative.headcount")} value={form.headcount.clone()}
                        input_type="number" error={error_for("headcount")}
                        oninput={edit("headcount", |f, v| f.headcount = v)} />
                </div>
                <fieldset id="i-people" class={classes!("people", people_error.is_some().then_some("invalid"))}>
                    <legend>{ i18n.tr("initiative.people", &[("count", &form.people.len().to_string())]) }</legend>
                    if form.people.is_empty() {
                        <p class="note">{ i18n.t("initiative.nobody") }</p>
                    } else {
                        <ul id="i-chosen" class="plain">
                        { for form.people.iter().map(|(id, name)| html! {
                            <li key={id.to_string()}>
                                { name.clone() }{ " " }
                                <button type="button" class="i-remove link"
                                    aria-label={i18n.tr("initiative.remove_person", &[("name", name)])}
                                    onclick={remove(*id)}>{ i18n.t("initiative.remove") }</button>
                            </li>
                        }) }
                        </ul>
                    }
                    <div class="search">
                        <label for="i-search">{ i18n.t("initiative.search") }</label>
                        <input id="i-search" type="search" placeholder={i18n.t("persons.search")}
                            value={(*text).clone()} {oninput} />
                    </div>
                    { results }
                    if let Some(e) = people_error {
                        <p class="error" id="i-people-error" role="alert">{ e }</p>
                    }
                </fieldset>
                if *submitted && !errors.is_empty() {
                    <p id="form-errors" class="error" role="alert">{ i18n.t("form.has_errors") }</p>
                }
                if let Some(e) = server_error.as_ref().filter(|e| e.fields.is_none()) {
                    <p class="error" role="alert">{ e.message(i18n.lang) }</p>
                }
                <div class="actions">
                    <button id="save-initiative" type="submit" class="primary" disabled={*busy}>{ i18n.t("form.save") }</button>
                </div>
            </form>
        </section>
    }
}
