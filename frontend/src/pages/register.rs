//! Registering or editing a person: the form validates as the person types (errors show once a field was touched,
//! all of them on save), the backend validates again, and a likely duplicate is offered before anything is stored.
//! What is typed is kept as a draft in the encrypted store until saved or discarded.

use std::collections::HashSet;

use reintegra_core::FieldErrors;
use reintegra_core::date::format_user;
use reintegra_core::person::{PersonForm, validate_form};
use reintegra_core::reference::Catalogue;
use reintegra_core::wire::{ApiError, PersonSummary, RegisterOutcome};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::api;
use crate::app::Screen;
use crate::components::draft::{DraftOffer, use_draft};
use crate::components::field::{SelectField, TextField};
use crate::i18n::{today, use_i18n};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub navigate: Callback<Screen>,
    /// Registering a relative of this participant: the role is `relative` and the relationship is saved with them.
    #[prop_or_default]
    pub relative_of: Option<uuid::Uuid>,
    /// Editing this person: the form opens with what is stored; the role stays as it is.
    #[prop_or_default]
    pub edit: Option<uuid::Uuid>,
}

/// What a draft of the form holds.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct Typed {
    form: PersonForm,
    /// The relationship, when registering a relative.
    kind: String,
}

const RELATIONSHIPS: &[&str] = &["mother", "father", "partner", "child", "sibling", "grandparent", "other"];

/// The text fields of the form, in tab order: (field, translation key of the label, required, placeholder).
const TEXT_FIELDS: &[(&str, &str, bool, Option<&str>)] = &[
    ("given_names", "form.given_names", true, None),
    ("first_surname", "form.first_surname", true, None),
    ("second_surname", "form.second_surname", false, None),
    ("birth_date", "form.birth_date", true, Some("dd/mm/aaaa")),
    ("dui", "form.dui", false, Some("00000000-0")),
];
const CONTACT_FIELDS: &[(&str, &str, bool, Option<&str>)] = &[
    ("address", "form.address", false, None),
    ("phone", "form.phone", false, Some("7000-0000")),
    ("release_date", "form.release_date", false, Some("dd/mm/aaaa")),
    ("consent_date", "form.consent_date", false, Some("dd/mm/aaaa")),
];

fn field_mut<'a>(form: &'a mut PersonForm, name: &str) -> Option<&'a mut String> {
    Some(match name {
        "role" => &mut form.role,
        "given_names" => &mut form.given_names,
        "first_surname" => &mut form.first_surname,
        "second_surname" => &mut form.second_surname,
        "birth_date" => &mut form.birth_date,
        "sex" => &mut form.sex,
        "dui" => &mut form.dui,
        "municipality" => &mut form.municipality,
        "district" => &mut form.district,
        "address" => &mut form.address,
        "phone" => &mut form.phone,
        "release_date" => &mut form.release_date,
        "consent_date" => &mut form.consent_date,
        _ => return None,
    })
}

fn field_value(form: &PersonForm, name: &str) -> String {
    let mut copy = form.clone();
    field_mut(&mut copy, name).map(|s| s.clone()).unwrap_or_default()
}

#[component]
pub fn RegisterPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let relative_of = props.relative_of;
    let edit = props.edit;
    let blank = PersonForm {
        role: if relative_of.is_some() { "relative" } else { "participant" }.into(),
        ..Default::default()
    };
    let form = use_state(|| blank.clone());
    let kind = use_state(String::new);
    let touched = use_state(HashSet::<String>::new);
    let submitted = use_state(|| false);
    let server_error = use_state(|| None::<ApiError>);
    let duplicates = use_state(|| None::<Vec<PersonSummary>>);
    let busy = use_state(|| false);
    // When editing: the form as stored (the fresh state a draft is compared with) and the person's name.
    let original = use_state(|| None::<(PersonForm, String)>);
    {
        let (form, original, server_error) = (form.clone(), original.clone(), server_error.clone());
        use_effect_with(edit, move |edit| {
            if let Some(id) = *edit {
                wasm_bindgen_futures::spawn_local(async move {
                    match api::person_view(id).await {
                        Ok(v) => {
                            let stored = PersonForm::from_fields(&v.person);
                            form.set(stored.clone());
                            original.set(Some((stored, v.person.full_name())));
                        }
                        Err(e) => server_error.set(Some(e)),
                    }
                });
            }
        });
    }
    // The shipped municipalities until the store's (possibly edited) reference data arrives.
    let catalogue = use_state(Catalogue::default);
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

    // Nothing counts as typed until the stored person has arrived (when editing).
    let fresh = match edit {
        Some(_) => original.as_ref().map(|(f, _)| Typed { form: f.clone(), kind: String::new() }),
        None => Some(Typed { form: blank.clone(), kind: String::new() }),
    };
    let typed = Typed { form: (*form).clone(), kind: (*kind).clone() };
    let unsaved = fresh.as_ref().filter(|f| **f != typed).map(|_| serde_json::to_string(&typed).unwrap_or_default());
    let draft_key = match (edit, relative_of) {
        (Some(id), _) => format!("person:{id}"),
        (None, Some(p)) => format!("register:relative:{p}"),
        (None, None) => "register:new".to_owned(),
    };
    let draft = use_draft(draft_key, unsaved);
    let restore = {
        let (form, kind, taken, offered) = (form.clone(), kind.clone(), draft.taken.clone(), draft.offered.clone());
        Callback::from(move |_| {
            if let Some(t) = offered.as_deref().and_then(|d| serde_json::from_str::<Typed>(d).ok()) {
                form.set(t.form);
                kind.set(t.kind);
            }
            taken.emit(());
        })
    };

    let mut errors: FieldErrors = validate_form(&form, today(), &catalogue).err().unwrap_or_default();
    if relative_of.is_some() && kind.is_empty() {
        errors.push("relationship", "error.required");
    }
    let server_fields = server_error.as_ref().and_then(|e| e.fields.clone()).unwrap_or_default();
    let error_for = |field: &str| -> Option<AttrValue> {
        let shown = *submitted || touched.contains(field);
        let e = server_fields.for_field(field).or_else(|| shown.then(|| errors.for_field(field)).flatten());
        e.map(|e| AttrValue::from(i18n.t(&e.code)))
    };

    let update = |name: &'static str| {
        let (form, touched) = (form.clone(), touched.clone());
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            if let Some(slot) = field_mut(&mut next, name) {
                *slot = value;
            }
            if name == "municipality" {
                next.district.clear();
            }
            form.set(next);
            let mut t = (*touched).clone();
            t.insert(name.to_owned());
            touched.set(t);
        })
    };

    let save = {
        let (form, kind, catalogue, submitted, server_error, duplicates, busy, navigate, finish) = (
            form.clone(),
            kind.clone(),
            catalogue.clone(),
            submitted.clone(),
            server_error.clone(),
            duplicates.clone(),
            busy.clone(),
            props.navigate.clone(),
            draft.finish.clone(),
        );
        Callback::from(move |confirm_new: bool| {
            submitted.set(true);
            if validate_form(&form, today(), &catalogue).is_err() || (relative_of.is_some() && kind.is_empty()) {
                return;
            }
            busy.set(true);
            let (f, k, server_error, duplicates, busy, navigate, finish) = (
                (*form).clone(),
                (*kind).clone(),
                server_error.clone(),
                duplicates.clone(),
                busy.clone(),
                navigate.clone(),
                finish.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = match (edit, relative_of) {
                    (Some(id), _) => api::update_person(id, f, confirm_new).await,
                    (None, Some(p)) => api::register_relative(p, k, f, confirm_new).await,
                    (None, None) => api::register_person(f, confirm_new).await,
                };
                busy.set(false);
                match result {
                    Ok(RegisterOutcome::Created { .. }) => {
                        finish.emit(());
                        navigate.emit(relative_of.map(Screen::Person).unwrap_or(Screen::Persons))
                    }
                    Ok(RegisterOutcome::Updated { id }) => {
                        finish.emit(());
                        navigate.emit(Screen::Person(id))
                    }
                    Ok(RegisterOutcome::Duplicates { candidates }) => duplicates.set(Some(candidates)),
                    Err(e) => server_error.set(Some(e)),
                }
            });
        })
    };
    let onsubmit = {
        let save = save.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            save.emit(false);
        })
    };
    let cancel =
        props.navigate.reform(move |_: MouseEvent| edit.or(relative_of).map(Screen::Person).unwrap_or(Screen::Persons));
    let on_kind = {
        let (kind, touched) = (kind.clone(), touched.clone());
        Callback::from(move |v: String| {
            kind.set(v);
            let mut t = (*touched).clone();
            t.insert("relationship".to_owned());
            touched.set(t);
        })
    };

    let text_field = |(name, label, required, placeholder): &(&'static str, &str, bool, Option<&str>)| {
        let touched = touched.clone();
        let name = *name;
        let onblur = Callback::from(move |_| {
            let mut t = (*touched).clone();
            t.insert(name.to_owned());
            touched.set(t);
        });
        html! {
            <TextField id={format!("f-{name}")} label={i18n.t(label)} value={field_value(&form, name)}
                required={*required} placeholder={placeholder.map(AttrValue::from)} error={error_for(name)}
                oninput={update(name)} {onblur} />
        }
    };
    let choice = |prefix: &str, values: &[&str]| -> Vec<(AttrValue, AttrValue)> {
        values
            .iter()
            .map(|v| (AttrValue::from(v.to_string()), AttrValue::from(i18n.t(&format!("{prefix}.{v}")))))
            .collect()
    };
    let municipalities: Vec<(AttrValue, AttrValue)> = catalogue
        .municipalities
        .iter()
        .map(|m| (AttrValue::from(m.name.clone()), AttrValue::from(m.name.clone())))
        .collect();
    let districts: Vec<(AttrValue, AttrValue)> = catalogue
        .municipality(&form.municipality)
        .map(|m| m.districts.iter().map(|d| (AttrValue::from(d.clone()), AttrValue::from(d.clone()))).collect())
        .unwrap_or_default();

    if edit.is_some() && original.is_none() {
        return match &*server_error {
            Some(e) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
            None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        };
    }

    html! {
        <section class="card" aria-labelledby="register-title">
            <h2 id="register-title">
                { match (edit, &*original) {
                    (Some(_), Some((_, name))) => i18n.tr("form.edit.title", &[("name", name)]),
                    (Some(_), None) => String::new(),
                    (None, _) if relative_of.is_some() => i18n.t("form.relative.title"),
                    (None, _) => i18n.t("form.person.title"),
                } }
            </h2>
            if draft.offered.is_some() && fresh.is_some() {
                <DraftOffer on_restore={restore} on_discard={draft.finish.clone()} />
            }
            <form id="person-form" {onsubmit} novalidate=true>
                <div class="grid">
                    <SelectField id="f-role" label={i18n.t("form.role")} value={form.role.clone()} required=true
                        options={choice("role", &["participant", "relative"])} placeholder={i18n.t("form.choose")}
                        disabled={edit.is_some()} error={error_for("role")} onchange={update("role")} />
                    if relative_of.is_some() {
                        <SelectField id="f-relationship" label={i18n.t("form.relationship")} value={(*kind).clone()}
                            required=true options={choice("relationship", RELATIONSHIPS)}
                            placeholder={i18n.t("form.choose")} error={error_for("relationship")} onchange={on_kind} />
                    }
                    { for TEXT_FIELDS.iter().map(text_field) }
                    <SelectField id="f-sex" label={i18n.t("form.sex")} value={form.sex.clone()}
                        options={choice("sex", &["female", "male", "other"])} placeholder={i18n.t("form.choose")}
                        error={error_for("sex")} onchange={update("sex")} />
                    <SelectField id="f-municipality" label={i18n.t("form.municipality")}
                        value={form.municipality.clone()} required=true options={municipalities}
                        placeholder={i18n.t("form.choose")} error={error_for("municipality")}
                        onchange={update("municipality")} />
                    <SelectField id="f-district" label={i18n.t("form.district")} value={form.district.clone()}
                        options={districts} placeholder={i18n.t("form.choose")} error={error_for("district")}
                        onchange={update("district")} />
                    { for CONTACT_FIELDS.iter().map(text_field) }
                </div>
                if *submitted && !errors.is_empty() {
                    <p id="form-errors" class="error" role="alert">{ i18n.t("form.has_errors") }</p>
                }
                if let Some(e) = server_error.as_ref().filter(|e| e.fields.is_none()) {
                    <p class="error" role="alert">{ e.message(i18n.lang) }</p>
                }
                if let Some(candidates) = &*duplicates {
                    <div id="duplicates" class="warning" role="alert">
                        <p>{ i18n.t("form.duplicates") }</p>
                        <ul>
                        { for candidates.iter().map(|c| html! {
                            <li>{ format!("{} · {} · {} · {}", c.name, i18n.t(&format!("role.{}", c.role.code())),
                                format_user(c.birth_date), c.dui.clone().unwrap_or_default()) }</li>
                        }) }
                        </ul>
                        <button id="save-anyway" type="button" onclick={save.reform(|_: MouseEvent| true)}>
                            { i18n.t("form.save_anyway") }
                        </button>
                    </div>
                }
                <div class="actions">
                    <button id="save-person" type="submit" class="primary" disabled={*busy}>{ i18n.t("form.save") }</button>
                    <button id="cancel-person" type="button" onclick={cancel}>{ i18n.t("form.cancel") }</button>
                </div>
            </form>
        </section>
    }
}
