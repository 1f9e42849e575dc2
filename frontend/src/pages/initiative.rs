//! Recording a community initiative (cultural, sports or recreational): its name, date, municipality and place, the
//! people of the programme who took part (found by the same accent-insensitive search as the home screen and added
//! one by one) and how many came in all.

use reintegra_core::date::format_user;
use reintegra_core::forms::{INITIATIVE_KINDS, InitiativeForm};
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::components::choices::codes;
use crate::components::draft::DraftOffer;
use crate::components::field::{FormErrors, SelectField, TextField};
use crate::components::people_picker::PeoplePicker;
use crate::hooks::catalogue::{municipality_options, use_catalogue};
use crate::hooks::form::{After, use_form};
use crate::i18n::{today, use_i18n};

#[component]
pub fn InitiativePage() -> Html {
    let i18n = use_i18n();
    let fresh = InitiativeForm { date: format_user(today()), ..Default::default() };
    let form = use_form("initiative:new".to_owned(), Some(fresh.clone()), |f: &InitiativeForm| {
        f.to_fields(today()).err().unwrap_or_default()
    });
    // The name of the initiative just saved, until a field is edited.
    let saved = use_state(|| None::<String>);
    let catalogue = use_catalogue();
    let edit = |field: &'static str, set: fn(&mut InitiativeForm, String)| {
        let (edit, saved) = (form.edit(field, set), saved.clone());
        Callback::from(move |v: String| {
            saved.set(None);
            edit.emit(v);
        })
    };
    let on_add = form.edit("person_ids", |f, (id, name): (Uuid, String)| {
        if !f.people.iter().any(|(p, _)| *p == id) {
            f.people.push((id, name));
        }
    });
    let on_remove = form.change(|f, id: Uuid| f.people.retain(|(p, _)| *p != id));
    let onsubmit = {
        let saved = saved.clone();
        form.onsubmit(
            |f: InitiativeForm| async move { api::save_initiative(f.clone()).await.map(|_| f.name) },
            move |name| {
                saved.set(Some(name));
                After::Again(fresh.clone())
            },
        )
    };
    let v = form.value();
    html! {
        <section class="card" aria-labelledby="initiative-title">
            <h2 id="initiative-title">{ i18n.t("initiative.title") }</h2>
            <DraftOffer draft={form.draft.clone()} />
            if let Some(name) = &*saved {
                <p id="initiative-saved" class="success" role="status">{ i18n.tr("initiative.saved", &[("name", name)]) }</p>
            }
            <form id="initiative-form" {onsubmit} novalidate=true>
                <div class="grid">
                    <SelectField id="i-kind" label={i18n.t("initiative.kind")} value={v.kind.clone()}
                        required=true options={codes(&i18n, "initiative_kind", INITIATIVE_KINDS)}
                        placeholder={i18n.t("form.choose")} error={form.error_for("kind")}
                        onchange={edit("kind", |f, v| f.kind = v)} />
                    <TextField id="i-name" label={i18n.t("initiative.name")} value={v.name.clone()} required=true
                        error={form.error_for("name")} oninput={edit("name", |f, v| f.name = v)} />
                    <TextField id="i-date" label={i18n.t("initiative.date")} value={v.date.clone()} required=true
                        placeholder={AttrValue::from("dd/mm/aaaa")} error={form.error_for("date")}
                        oninput={edit("date", |f, v| f.date = v)} />
                    <SelectField id="i-municipality" label={i18n.t("form.municipality")}
                        value={v.municipality.clone()} required=true options={municipality_options(&catalogue.0)}
                        placeholder={i18n.t("form.choose")} error={form.error_for("municipality")}
                        onchange={edit("municipality", |f, v| f.municipality = v)} />
                    <TextField id="i-place" label={i18n.t("initiative.place")} value={v.place.clone()}
                        error={form.error_for("place")} oninput={edit("place", |f, v| f.place = v)} />
                    <TextField id="i-headcount" label={i18n.t("initiative.headcount")} value={v.headcount.clone()}
                        input_type="number" error={form.error_for("headcount")}
                        oninput={edit("headcount", |f, v| f.headcount = v)} />
                </div>
                <PeoplePicker people={v.people.clone()} error={form.error_for("person_ids")} {on_add} {on_remove} />
                if let Some(e) = &catalogue.1 { <p class="error" role="alert">{ e.message(i18n.lang) }</p> }
                <FormErrors summary={form.shows_summary()} error={form.state().general_error().cloned()} />
                <div class="actions">
                    <button id="save-initiative" type="submit" class="primary" disabled={form.state().busy}>
                        { i18n.t("form.save") }
                    </button>
                </div>
            </form>
        </section>
    }
}
