//! Registering or editing a person: the form validates as the person types (errors show once a field was touched,
//! all of them on save), the backend validates again, and a likely duplicate is offered before anything is stored.
//! What is typed is kept as a draft in the encrypted store until saved or discarded.

use reintegra_core::person::{PersonForm, validate_form};
use reintegra_core::wire::{ApiError, PersonSummary, RegisterOutcome};
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::components::draft::DraftOffer;
use crate::components::field::FormErrors;
use crate::hooks::catalogue::{municipality_options, use_catalogue};
use crate::hooks::form::{After, use_form};
use crate::hooks::form_state::Action;
use crate::i18n::{today, use_i18n};
use crate::screen::{Screen, use_navigator};

mod fields;

use fields::{Choices, Typed, duplicates_found, grid};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Registering a relative of this participant: the role is `relative` and the relationship is saved with them.
    #[prop_or_default]
    pub relative_of: Option<Uuid>,
    /// Editing this person: the form opens with what is stored; the role stays as it is.
    #[prop_or_default]
    pub edit: Option<Uuid>,
}

#[component]
pub fn RegisterPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let (relative_of, edit) = (props.relative_of, props.edit);
    let role = if relative_of.is_some() { "relative" } else { "participant" };
    let blank = Typed { form: PersonForm { role: role.into(), ..Default::default() }, kind: String::new() };
    // When editing: the person as stored (the fresh state a draft is compared with) and their name.
    let original = use_state(|| None::<Result<(PersonForm, String), ApiError>>);
    let stored = original.as_ref().and_then(|o| o.as_ref().ok());
    // Nothing counts as typed until the stored person has arrived (when editing).
    let fresh = match edit {
        Some(_) => stored.map(|(f, _)| Typed { form: f.clone(), kind: String::new() }),
        None => Some(blank),
    };
    let catalogue = use_catalogue();
    let draft_key = match (edit, relative_of) {
        (Some(id), _) => format!("person:{id}"),
        (None, Some(p)) => format!("register:relative:{p}"),
        (None, None) => "register:new".to_owned(),
    };
    let form = use_form(draft_key, fresh, {
        let catalogue = catalogue.0.clone();
        move |t: &Typed| {
            let mut errors = validate_form(&t.form, today(), &catalogue).err().unwrap_or_default();
            if relative_of.is_some() && t.kind.is_empty() {
                errors.push("relationship", "error.required");
            }
            errors
        }
    });
    {
        let (original, dispatcher) = (original.clone(), form.dispatcher());
        use_effect_with(edit, move |edit| {
            let Some(id) = *edit else { return };
            wasm_bindgen_futures::spawn_local(async move {
                let view = api::person_view(id).await;
                let loaded = view.map(|v| (PersonForm::from_fields(&v.person), v.person.full_name()));
                if let Ok((stored, _)) = &loaded {
                    dispatcher.dispatch(Action::Replace(Typed { form: stored.clone(), kind: String::new() }));
                }
                original.set(Some(loaded));
            });
        });
    }
    let duplicates = use_state(|| None::<Vec<PersonSummary>>);
    let save = {
        let duplicates = duplicates.clone();
        let send = move |t: Typed, confirm_new: bool| async move {
            match (edit, relative_of) {
                (Some(id), _) => api::update_person(id, t.form, confirm_new).await,
                (None, Some(p)) => api::register_relative(p, t.kind, t.form, confirm_new).await,
                (None, None) => api::register_person(t.form, confirm_new).await,
            }
        };
        form.submit(send, move |outcome| match outcome {
            RegisterOutcome::Created { .. } => After::Go(relative_of.map(Screen::Person).unwrap_or(Screen::Persons)),
            RegisterOutcome::Updated { id } => After::Go(Screen::Person(id)),
            RegisterOutcome::Duplicates { candidates } => {
                duplicates.set(Some(candidates));
                After::Stay
            }
        })
    };
    let onsubmit = save.reform(|e: SubmitEvent| {
        e.prevent_default();
        false
    });
    let back = edit.or(relative_of).map(Screen::Person).unwrap_or(Screen::Persons);

    let name = match (edit, &*original) {
        (Some(_), Some(Ok((_, name)))) => i18n.tr("form.edit.title", &[("name", name)]),
        (Some(_), Some(Err(e))) => return html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
        (Some(_), None) => return html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        (None, _) if relative_of.is_some() => i18n.t("form.relative.title"),
        (None, _) => i18n.t("form.person.title"),
    };
    let (catalogue, catalogue_error) = &*catalogue;
    let choices = Choices {
        editing: edit.is_some(),
        relative: relative_of.is_some(),
        municipalities: municipality_options(catalogue),
        districts: catalogue
            .municipality(&form.value().form.municipality)
            .map(|m| m.districts.iter().map(|d| (AttrValue::from(d.clone()), AttrValue::from(d.clone()))).collect())
            .unwrap_or_default(),
    };

    html! {
        <section class="card" aria-labelledby="register-title">
            <h2 id="register-title">{ name }</h2>
            <DraftOffer draft={form.draft.clone()} />
            if let Some(e) = catalogue_error { <p class="error" role="alert">{ e.message(i18n.lang) }</p> }
            <form id="person-form" {onsubmit} novalidate=true>
                { grid(&form, choices, &i18n) }
                <FormErrors summary={form.shows_summary()} error={form.state().general_error().cloned()} />
                if let Some(candidates) = &*duplicates {
                    { duplicates_found(candidates, save.reform(|_: MouseEvent| true), &i18n) }
                }
                <div class="actions">
                    <button id="save-person" type="submit" class="primary" disabled={form.state().busy}>
                        { i18n.t("form.save") }
                    </button>
                    <button id="cancel-person" type="button" onclick={navigator.to(back)}>{ i18n.t("form.cancel") }</button>
                </div>
            </form>
        </section>
    }
}
