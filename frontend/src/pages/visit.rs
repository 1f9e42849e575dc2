//! Recording a home visit from a person's page: the date, the people met (the person and their family network),
//! the purpose, the modules delivered, observations, risk flags and when the next visit is due. Validated as the
//! person types with the store's own rules; a draft is kept in the encrypted store until saved or discarded.

use std::collections::HashSet;

use reintegra_core::date::format_user;
use reintegra_core::forms::HomeVisitForm;
use reintegra_core::records::{MODULES, RISK_FLAGS};
use reintegra_core::views::PersonView;
use reintegra_core::wire::ApiError;
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::app::Screen;
use crate::components::choices::{CheckGroup, TextArea};
use crate::components::draft::{DraftOffer, use_draft};
use crate::components::field::TextField;
use crate::i18n::{I18n, today, use_i18n};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: Uuid,
    pub navigate: Callback<Screen>,
}

pub fn codes(i18n: &I18n, prefix: &str, values: &[&str]) -> Vec<(AttrValue, AttrValue)> {
    values.iter().map(|v| (AttrValue::from(v.to_string()), AttrValue::from(i18n.t(&format!("{prefix}.{v}"))))).collect()
}

#[component]
pub fn VisitPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let fresh = HomeVisitForm { date: format_user(today()), person_ids: vec![props.id], ..Default::default() };
    let form = use_state(|| fresh.clone());
    let touched = use_state(HashSet::<&'static str>::new);
    let submitted = use_state(|| false);
    let server_error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let view = use_state(|| None::<PersonView>);
    {
        let view = view.clone();
        use_effect_with(props.id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(v) = api::person_view(id).await {
                    view.set(Some(v));
                }
            });
        });
    }
    let unsaved = (*form != fresh).then(|| serde_json::to_string(&*form).unwrap_or_default());
    let draft = use_draft(format!("home_visit:{}", props.id), unsaved);

    let errors = form.to_fields(today()).err().unwrap_or_default();
    let server_fields = server_error.as_ref().and_then(|e| e.fields.clone()).unwrap_or_default();
    let error_for = |field: &str| -> Option<AttrValue> {
        let shown = *submitted || touched.contains(field);
        let e = server_fields.for_field(field).or_else(|| shown.then(|| errors.for_field(field)).flatten());
        e.map(|e| AttrValue::from(i18n.t(&e.code)))
    };
    let edit = |name: &'static str, f: fn(&mut HomeVisitForm, String)| {
        let (form, touched) = (form.clone(), touched.clone());
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
            let mut t = (*touched).clone();
            t.insert(name);
            touched.set(t);
        })
    };
    let edit_list = |name: &'static str, f: fn(&mut HomeVisitForm, Vec<String>)| {
        let (form, touched) = (form.clone(), touched.clone());
        Callback::from(move |v: Vec<String>| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
            let mut t = (*touched).clone();
            t.insert(name);
            touched.set(t);
        })
    };

    let restore = {
        let (form, taken, offered) = (form.clone(), draft.taken.clone(), draft.offered.clone());
        Callback::from(move |_| {
            if let Some(f) = offered.as_deref().and_then(|d| serde_json::from_str::<HomeVisitForm>(d).ok()) {
                form.set(f);
            }
            taken.emit(());
        })
    };
    let discard = draft.finish.clone();
    let onsubmit = {
        let (form, submitted, server_error, busy, finish, navigate, id) = (
            form.clone(),
            submitted.clone(),
            server_error.clone(),
            busy.clone(),
            draft.finish.clone(),
            props.navigate.clone(),
            props.id,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submitted.set(true);
            if form.to_fields(today()).is_err() {
                return;
            }
            busy.set(true);
            let (f, server_error, busy, finish, navigate) =
                ((*form).clone(), server_error.clone(), busy.clone(), finish.clone(), navigate.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::save_home_visit(f).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        finish.emit(());
                        navigate.emit(Screen::Person(id));
                    }
                    Err(e) => server_error.set(Some(e)),
                }
            });
        })
    };
    let cancel = props.navigate.reform({
        let id = props.id;
        move |_: MouseEvent| Screen::Person(id)
    });

    let mut people: Vec<(AttrValue, AttrValue)> = Vec::new();
    if let Some(v) = &*view {
        people.push((
            v.id.to_string().into(),
            format!("{} ({})", v.person.full_name(), i18n.t("visit.this_person")).into(),
        ));
        for f in &v.family {
            let kind = i18n.t(&format!("relationship.{}", f.kind));
            people.push((f.person_id.to_string().into(), format!("{} ({kind})", f.name).into()));
        }
    }
    let selected: Vec<String> = form.person_ids.iter().map(Uuid::to_string).collect();
    let name = view.as_ref().map(|v| v.person.full_name()).unwrap_or_default();

    html! {
        <section class="card" aria-labelledby="visit-title">
            <h2 id="visit-title">{ i18n.tr("visit.title", &[("name", &name)]) }</h2>
            if draft.offered.is_some() {
                <DraftOffer on_restore={restore} on_discard={discard} />
            }
            <form id="visit-form" {onsubmit} novalidate=true>
                <div class="grid">
                    <TextField id="v-date" label={i18n.t("visit.date")} value={form.date.clone()} required=true
                        placeholder={AttrValue::from("dd/mm/aaaa")} error={error_for("date")}
                        oninput={edit("date", |f, v| f.date = v)} />
                    <TextField id="v-purpose" label={i18n.t("visit.purpose")} value={form.purpose.clone()}
                        error={error_for("purpose")} oninput={edit("purpose", |f, v| f.purpose = v)} />
                    <TextField id="v-next_visit" label={i18n.t("visit.next_visit")} value={form.next_visit.clone()}
                        placeholder={AttrValue::from("dd/mm/aaaa")} error={error_for("next_visit")}
                        oninput={edit("next_visit", |f, v| f.next_visit = v)} />
                </div>
                <CheckGroup id="v-people" legend={i18n.t("visit.people")} options={people} {selected} required=true
                    error={error_for("person_ids")}
                    onchange={edit_list("person_ids", |f, v| f.person_ids = v.iter().filter_map(|s| Uuid::parse_str(s).ok()).collect())} />
                <CheckGroup id="v-modules" legend={i18n.t("visit.modules")} options={codes(&i18n, "module", MODULES)}
                    selected={form.modules.clone()} error={error_for("modules")}
                    onchange={edit_list("modules", |f, v| f.modules = v)} />
                <TextArea id="v-observations" label={i18n.t("visit.observations")} value={form.observations.clone()}
                    error={error_for("observations")} oninput={edit("observations", |f, v| f.observations = v)} />
                <CheckGroup id="v-risks" legend={i18n.t("visit.risk_flags")} options={codes(&i18n, "risk", RISK_FLAGS)}
                    selected={form.risk_flags.clone()} error={error_for("risk_flags")}
                    onchange={edit_list("risk_flags", |f, v| f.risk_flags = v)} />
                if *submitted && !errors.is_empty() {
                    <p id="form-errors" class="error" role="alert">{ i18n.t("form.has_errors") }</p>
                }
                if let Some(e) = server_error.as_ref().filter(|e| e.fields.is_none()) {
                    <p class="error" role="alert">{ e.message(i18n.lang) }</p>
                }
                <div class="actions">
                    <button id="save-visit" type="submit" class="primary" disabled={*busy}>{ i18n.t("form.save") }</button>
                    <button id="cancel-visit" type="button" onclick={cancel}>{ i18n.t("form.cancel") }</button>
                </div>
            </form>
        </section>
    }
}
