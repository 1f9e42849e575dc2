//! The groups and cohorts: each with its kind, municipality and facilitator; a new one created, one renamed, moved
//! or given another facilitator (its kind is set when it is created: its sessions depend on it).

use reintegra_core::wire::programme::{GroupForm, GroupRow};
use yew::prelude::*;

use crate::api::programme as api;
use crate::components::field::{SelectField, TextField, setter};
use crate::components::programme_parts::{refusal_line, send};
use crate::hooks::catalogue::{municipality_options, use_catalogue};
use crate::hooks::load::use_load;
use crate::i18n::use_i18n;

const KINDS: &[&str] = &["parent_training", "support_group"];

#[component]
pub fn GroupsPage() -> Html {
    let i18n = use_i18n();
    let catalogue = use_catalogue();
    let revision = use_state(|| 0u32);
    let list = use_load(*revision, |_| api::group_list());
    // The group being edited (none: a new one) and the form's fields.
    let editing = use_state(|| None::<uuid::Uuid>);
    let (kind, name, municipality, facilitator) =
        (use_state(String::new), use_state(String::new), use_state(String::new), use_state(String::new));
    let refusal = use_state(|| None);
    let saved = use_state(|| None::<String>);
    let fill = {
        let (editing, kind, name, municipality, facilitator, refusal) =
            (editing.clone(), kind.clone(), name.clone(), municipality.clone(), facilitator.clone(), refusal.clone());
        Callback::from(move |g: Option<GroupRow>| {
            let g = g.unwrap_or_default();
            editing.set((!g.id.is_nil()).then_some(g.id));
            kind.set(g.kind);
            name.set(g.name);
            municipality.set(g.municipality);
            facilitator.set(g.facilitator.unwrap_or_default());
            refusal.set(None);
        })
    };
    let save = {
        let (editing, kind, name, municipality, facilitator, refusal, saved, revision, fill) = (
            editing.clone(),
            kind.clone(),
            name.clone(),
            municipality.clone(),
            facilitator.clone(),
            refusal.clone(),
            saved.clone(),
            revision.clone(),
            fill.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form = GroupForm {
                id: *editing,
                kind: (*kind).clone(),
                name: (*name).clone(),
                municipality: (*municipality).clone(),
                facilitator: (*facilitator).clone(),
            };
            let (saved, revision, fill, what) = (saved.clone(), revision.clone(), fill.clone(), form.name.clone());
            let done = Callback::from(move |_| {
                saved.set(Some(what.clone()));
                revision.set(*revision + 1);
                fill.emit(None);
            });
            send(api::save_group(form), refusal.clone(), done);
        })
    };
    let kinds: Vec<(AttrValue, AttrValue)> =
        KINDS.iter().map(|k| (AttrValue::from(*k), AttrValue::from(i18n.t(&format!("group_kind.{k}"))))).collect();
    let none = i18n.t("person.not_recorded");
    html! {
        <section class="page groups-page" aria-labelledby="groups-title">
            <h2 id="groups-title">{ i18n.t("nav.groups") }</h2>
            { match &*list {
                None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(i18n.lang) }</p> },
                Some(Ok(groups)) if groups.is_empty() => html! { <p id="groups-empty">{ i18n.t("groups.empty") }</p> },
                Some(Ok(groups)) => html! {
                    <table id="groups-table" class="list">
                        <thead><tr>
                            <th scope="col">{ i18n.t("groups.name") }</th>
                            <th scope="col">{ i18n.t("groups.kind") }</th>
                            <th scope="col">{ i18n.t("col.municipality") }</th>
                            <th scope="col">{ i18n.t("groups.facilitator") }</th>
                            <th scope="col"><span class="visually-hidden">{ i18n.t("groups.edit") }</span></th>
                        </tr></thead>
                        <tbody>
                        { for groups.iter().enumerate().map(|(i, g)| {
                            let edit = { let (fill, g) = (fill.clone(), g.clone()); Callback::from(move |_: MouseEvent| fill.emit(Some(g.clone()))) };
                            html! {
                                <tr id={format!("group-{i}")} data-id={g.id.to_string()}>
                                    <td class="group-name">{ g.name.clone() }</td>
                                    <td>{ i18n.t(&format!("group_kind.{}", g.kind)) }</td>
                                    <td>{ g.municipality.clone() }</td>
                                    <td>{ g.facilitator.clone().unwrap_or_else(|| none.clone()) }</td>
                                    <td><button id={format!("group-{i}-edit")} type="button" onclick={edit}
                                        aria-label={i18n.tr("groups.edit_of", &[("name", &g.name)])}>{ i18n.t("groups.edit") }</button></td>
                                </tr>
                            }
                        }) }
                        </tbody>
                    </table>
                },
            } }
            <form id="group-form" class="card spaced-card" onsubmit={save}>
                <h3>{ i18n.t(if editing.is_some() { "groups.edit_title" } else { "groups.new_title" }) }</h3>
                <SelectField id="group-kind" label={i18n.t("groups.kind")} value={(*kind).clone()} options={kinds}
                    placeholder={i18n.t("form.choose")} required=true disabled={editing.is_some()} onchange={setter(&kind)} />
                <TextField id="group-name" label={i18n.t("groups.name")} value={(*name).clone()} required=true oninput={setter(&name)} />
                <SelectField id="group-municipality" label={i18n.t("col.municipality")} value={(*municipality).clone()}
                    options={municipality_options(&catalogue.0)} placeholder={i18n.t("form.choose")} required=true onchange={setter(&municipality)} />
                <TextField id="group-facilitator" label={i18n.t("groups.facilitator")} value={(*facilitator).clone()} oninput={setter(&facilitator)} />
                <div class="actions">
                    <button id="group-save" type="submit" class="primary">{ i18n.t("form.save") }</button>
                    if editing.is_some() {
                        <button id="group-cancel" type="button" onclick={fill.reform(|_: MouseEvent| None)}>{ i18n.t("groups.cancel") }</button>
                    }
                </div>
                { refusal_line("group-error", &refusal, &i18n) }
                if let Some(n) = &*saved {
                    <p id="group-saved" class="note" role="status">{ i18n.tr("groups.saved", &[("name", n)]) }</p>
                }
            </form>
        </section>
    }
}
