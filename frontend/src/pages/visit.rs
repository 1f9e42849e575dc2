//! Recording a home visit from a person's page: the date, the people met (the person and their family network),
//! the purpose, the modules delivered, observations, risk flags and when the next visit is due. Validated as the
//! person types with the store's own rules; a draft is kept in the encrypted store until saved or discarded.

use reintegra_core::date::format_user;
use reintegra_core::forms::HomeVisitForm;
use reintegra_core::records::{MODULES, RISK_FLAGS};
use reintegra_core::views::PersonView;
use reintegra_core::wire::ApiError;
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::components::choices::{CheckGroup, TextArea, codes};
use crate::components::draft::DraftOffer;
use crate::components::field::{FormErrors, TextField};
use crate::hooks::form::{After, use_form};
use crate::i18n::{I18n, today, use_i18n};
use crate::screen::{AssessFor, Screen, use_navigator};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: Uuid,
}

/// The people who may have been met: the person and each relative, by name.
fn people(view: &PersonView, i18n: &I18n) -> Vec<(AttrValue, AttrValue)> {
    let this = format!("{} ({})", view.person.full_name(), i18n.t("visit.this_person"));
    std::iter::once((view.id.to_string().into(), this.into()))
        .chain(view.family.iter().map(|f| {
            let kind = i18n.t(&format!("relationship.{}", f.kind));
            (f.person_id.to_string().into(), format!("{} ({kind})", f.name).into())
        }))
        .collect()
}

#[component]
pub fn VisitPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let id = props.id;
    let fresh = HomeVisitForm { date: format_user(today()), person_ids: vec![id], ..Default::default() };
    let form = use_form(format!("home_visit:{id}"), Some(fresh), |f: &HomeVisitForm| {
        f.to_fields(today()).err().unwrap_or_default()
    });
    let view = use_state(|| None::<Result<PersonView, ApiError>>);
    {
        let view = view.clone();
        use_effect_with(id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move { view.set(Some(api::person_view(id).await)) });
        });
    }
    let onsubmit = form.onsubmit(api::save_home_visit, move |_| After::Go(Screen::Person(id)));
    // Saved, then an assessment recorded during this visit (#16).
    let save_assess = form
        .submit(
            |value, ()| api::save_home_visit(value),
            move |visit: Uuid| {
                After::Go(Screen::Assessment(AssessFor { person: id, home_visit: Some(visit), session: None }))
            },
        )
        .reform(|_: MouseEvent| ());
    let (people, name, load_error) = match &*view {
        Some(Ok(v)) => (people(v, &i18n), v.person.full_name(), None),
        Some(Err(e)) => (Vec::new(), String::new(), Some(e.clone())),
        None => (Vec::new(), String::new(), None),
    };
    let v = form.value();
    let selected: Vec<String> = v.person_ids.iter().map(Uuid::to_string).collect();

    html! {
        <section class="card" aria-labelledby="visit-title">
            <h2 id="visit-title">{ i18n.tr("visit.title", &[("name", &name)]) }</h2>
            if let Some(e) = load_error { <p class="error" role="alert">{ e.message(i18n.lang) }</p> }
            <DraftOffer draft={form.draft.clone()} />
            <form id="visit-form" {onsubmit} novalidate=true>
                <div class="grid">
                    <TextField id="v-date" label={i18n.t("visit.date")} value={v.date.clone()} required=true
                        placeholder={AttrValue::from("dd/mm/aaaa")} error={form.error_for("date")}
                        oninput={form.edit("date", |f, v| f.date = v)} />
                    <TextField id="v-purpose" label={i18n.t("visit.purpose")} value={v.purpose.clone()}
                        error={form.error_for("purpose")} oninput={form.edit("purpose", |f, v| f.purpose = v)} />
                    <TextField id="v-next_visit" label={i18n.t("visit.next_visit")} value={v.next_visit.clone()}
                        placeholder={AttrValue::from("dd/mm/aaaa")} error={form.error_for("next_visit")}
                        oninput={form.edit("next_visit", |f, v| f.next_visit = v)} />
                </div>
                <CheckGroup id="v-people" legend={i18n.t("visit.people")} options={people} {selected} required=true
                    error={form.error_for("person_ids")}
                    onchange={form.edit("person_ids", |f, v: Vec<String>| {
                        f.person_ids = v.iter().filter_map(|s| Uuid::parse_str(s).ok()).collect()
                    })} />
                <CheckGroup id="v-modules" legend={i18n.t("visit.modules")} options={codes(&i18n, "module", MODULES)}
                    selected={v.modules.clone()} error={form.error_for("modules")}
                    onchange={form.edit("modules", |f, v| f.modules = v)} />
                <TextArea id="v-observations" label={i18n.t("visit.observations")} value={v.observations.clone()}
                    error={form.error_for("observations")}
                    oninput={form.edit("observations", |f, v| f.observations = v)} />
                <CheckGroup id="v-risks" legend={i18n.t("visit.risk_flags")} options={codes(&i18n, "risk", RISK_FLAGS)}
                    selected={v.risk_flags.clone()} error={form.error_for("risk_flags")}
                    onchange={form.edit("risk_flags", |f, v| f.risk_flags = v)} />
                <FormErrors summary={form.shows_summary()} error={form.state().general_error().cloned()} />
                <div class="actions">
                    <button id="save-visit" type="submit" class="primary" disabled={form.state().busy}>
                        { i18n.t("form.save") }
                    </button>
                    <button id="save-visit-assess" type="button" onclick={save_assess} disabled={form.state().busy}>
                        { i18n.t("visit.save_assess") }
                    </button>
                    <button id="cancel-visit" type="button" onclick={navigator.to(Screen::Person(id))}>
                        { i18n.t("form.cancel") }
                    </button>
                </div>
            </form>
        </section>
    }
}
