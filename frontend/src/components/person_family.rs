//! "Familia" on a person's page: each relationship (the other person opens their own page), what the relative is
//! to the participant (changeable), and its end (a date; the link stays in the family's history).

use reintegra_core::date::format_user;
use reintegra_core::views::LinkSide;
use reintegra_core::wire::programme::{EndRelationshipArgs, FamilyItem, PersonProgramme, RelationshipKindArgs};
use yew::prelude::*;

use super::programme_parts::{choice, input, refusal_line, send};
use crate::api::programme as api;
use crate::i18n::use_i18n;
use crate::screen::{Screen, use_navigator};

const KINDS: &[&str] = &["mother", "father", "partner", "child", "sibling", "grandparent", "other"];

#[derive(Properties, PartialEq)]
pub struct Props {
    pub programme: PersonProgramme,
    pub on_saved: Callback<()>,
}

#[component]
pub fn PersonFamily(props: &Props) -> Html {
    let i18n = use_i18n();
    let family = &props.programme.family;
    html! {
        <section aria-labelledby="family-title">
            <h3 id="family-title">{ i18n.t("person.family") }</h3>
            if family.is_empty() {
                <p id="person-family-empty">{ i18n.t("person.family_empty") }</p>
            } else {
                <ul id="person-family" class="plain programme-list">
                { for family.iter().enumerate().map(|(i, f)| html! {
                    <Link key={f.relationship_id.to_string()} index={i} link={f.clone()} on_saved={props.on_saved.clone()} />
                }) }
                </ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LinkProps {
    index: usize,
    link: FamilyItem,
    on_saved: Callback<()>,
}

#[component]
fn Link(props: &LinkProps) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let (n, f) = (props.index, &props.link);
    let kind = use_state(|| f.kind.clone());
    let end = use_state(String::new);
    let refusal = use_state(|| None);
    let save_kind = {
        let (kind, refusal, done, id) = (kind.clone(), refusal.clone(), props.on_saved.clone(), f.relationship_id);
        Callback::from(move |_: MouseEvent| {
            let args = RelationshipKindArgs { id, kind: (*kind).clone() };
            send(api::set_relationship_kind(args), refusal.clone(), done.clone());
        })
    };
    let save_end = {
        let (end, refusal, done, id) = (end.clone(), refusal.clone(), props.on_saved.clone(), f.relationship_id);
        Callback::from(move |_: MouseEvent| {
            let args = EndRelationshipArgs { id, end_date: (*end).clone() };
            send(api::end_relationship(args), refusal.clone(), done.clone());
        })
    };
    let what = i18n.t(&format!("relationship.{}", f.kind));
    let what = match f.side {
        LinkSide::Relative => what,
        LinkSide::Participant => i18n.tr("person.link_participant", &[("kind", &what)]),
    };
    html! {
        <li id={format!("family-{n}")} data-id={f.person_id.to_string()} data-relationship={f.relationship_id.to_string()}
            data-ended={f.end_date.is_some().to_string()}>
            <button class="link-name" onclick={navigator.to(Screen::Person(f.person_id))}>{ f.name.clone() }</button>
            { " · " }<span>{ what }</span>
            if let Some(d) = f.end_date {
                { " · " }<span class="badge">{ i18n.tr("programme.link_ended", &[("date", &format_user(d))]) }</span>
            } else {
                <div class="inline-form">
                    <div class="field">
                        <label for={format!("family-{n}-kind")}>{ i18n.tr("programme.link_kind", &[("name", &f.name)]) }</label>
                        <select id={format!("family-{n}-kind")} onchange={choice(&kind)}>
                            { for KINDS.iter().map(|k| html! {
                                <option value={*k} selected={*kind == *k}>{ i18n.t(&format!("relationship.{k}")) }</option>
                            }) }
                        </select>
                    </div>
                    <button id={format!("family-{n}-kind-save")} type="button" onclick={save_kind} disabled={*kind == f.kind}>
                        { i18n.t("programme.link_kind_save") }
                    </button>
                    <div class="field">
                        <label for={format!("family-{n}-end")}>{ i18n.t("programme.link_end_date") }</label>
                        <input id={format!("family-{n}-end")} type="text" autocomplete="off" placeholder="dd/mm/aaaa" value={(*end).clone()} oninput={input(&end)} />
                    </div>
                    <button id={format!("family-{n}-end-save")} type="button" onclick={save_end}>{ i18n.t("programme.link_end") }</button>
                </div>
                { refusal_line(&format!("family-{n}-error"), &refusal, &i18n) }
            }
        </li>
    }
}
