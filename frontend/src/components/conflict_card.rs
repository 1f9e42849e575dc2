//! One open conflict in the inbox: the record type and what is disputed, both sides side by side (value, device,
//! time) each with a button that keeps it, and a new value that can be written instead.

use reintegra_core::date::format_user_time_ms;
use reintegra_core::month::Month;
use reintegra_core::records::{FieldType, Kind};
use reintegra_core::wire::ApiError;
use reintegra_core::wire::desk::ConflictItem;
use yew::prelude::*;

use crate::components::field::{SelectField, TextField, setter};
use crate::i18n::{I18n, use_i18n};

fn disputed(c: &ConflictItem, i18n: &I18n) -> String {
    if c.disputed == "_deleted" {
        return i18n.t("conflicts.deleted");
    }
    if let Some(m) = c.disputed.strip_prefix("month:") {
        let month = Month::parse(m).map(|m| i18n.month(m)).unwrap_or_else(|| m.to_owned());
        return i18n.tr("conflicts.month", &[("month", &month)]);
    }
    i18n.tr("conflicts.field", &[("field", &i18n.t(&format!("column.{}", c.disputed)))])
}

/// A side's value as people read it: a code from a known list in words (the same words the forms use), anything
/// else as it was written.
fn shown(i18n: &I18n, kind: &str, field: &str, value: &str) -> String {
    let prefix = match (kind, field) {
        ("referral", "status") => "ref_status",
        ("referral", "service") => "service",
        ("attendance", "status") => "attendance",
        ("relationship", "kind") => "relationship",
        ("session", "kind") => "activity",
        ("override", "outcome") => "outcome",
        ("person", "sex") => "sex",
        ("person", "consent_scope") => "consent_scope",
        ("person" | "enrolment", "status") => "person_status",
        ("group", "kind") => "group_kind",
        ("session", "modality") => "modality",
        ("community_initiative", "kind") => "initiative_kind",
        (_, "role") => "role",
        (_, "component") => "component",
        _ => return value.to_owned(),
    };
    let key = format!("{prefix}.{}", value.trim_matches('"'));
    let words = i18n.t(&key);
    if words == key { value.to_owned() } else { words }
}

/// The codes a disputed field may take, when it is one of a list (a status, a kind): the new value is then chosen
/// among them, in words, rather than typed as a code.
fn choices(kind: &str, field: &str) -> Option<&'static [&'static str]> {
    let spec = Kind::from_name(kind)?.fields().iter().find(|f| f.name == field)?;
    match spec.ty {
        FieldType::Choice(codes) => Some(codes),
        _ => None,
    }
}

/// How a conflict is resolved: (conflict id, the side kept, or the new value written).
pub type Resolution = (String, Option<String>, Option<String>);

#[derive(Properties, PartialEq)]
pub struct Props {
    pub conflict: ConflictItem,
    /// Its place in the inbox (element ids).
    pub n: usize,
    /// A resolution is on its way: nothing else can be sent.
    pub busy: bool,
    /// Why the last try to resolve it was refused.
    #[prop_or_default]
    pub error: Option<ApiError>,
    pub resolve: Callback<Resolution>,
}

#[component]
pub fn ConflictCard(props: &Props) -> Html {
    let i18n = use_i18n();
    let new_value = use_state(String::new);
    let (c, n, resolve) = (&props.conflict, props.n, &props.resolve);
    let title_id = format!("conflict-{n}-title");
    let input_id = format!("conflict-{n}-value");
    let value = (*new_value).clone();
    let on_value = setter(&new_value);
    let on_new = {
        let (resolve, id, value) = (resolve.clone(), c.id.clone(), value.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            resolve.emit((id.clone(), None, Some(value.clone())));
        })
    };
    let can_write = !c.disputed.starts_with("month:");
    html! {
        <li class="card conflict" aria-labelledby={title_id.clone()}>
            <h3 id={title_id}>
                { i18n.t(&format!("record_kind.{}", c.kind)) }{ " · " }{ disputed(c, &i18n) }
            </h3>
            <div class="sides">
                { for c.sides.iter().enumerate().map(|(k, s)| {
                    let keep = {
                        let (resolve, id, side) = (resolve.clone(), c.id.clone(), s.keep.clone());
                        Callback::from(move |_: MouseEvent| resolve.emit((id.clone(), Some(side.clone()), None)))
                    };
                    let side_id = format!("conflict-{n}-side-{k}");
                    html! {
                        <section class="side" id={side_id.clone()} aria-labelledby={format!("{side_id}-title")}>
                            <h4 id={format!("{side_id}-title")}>{ i18n.tr("conflicts.side", &[("n", &(k + 1).to_string())]) }</h4>
                            <dl>
                                <dt>{ i18n.t("conflicts.value") }</dt>
                                <dd class="value">{ s.value.as_deref().map(|v| shown(&i18n, &c.kind, &c.disputed, v)).unwrap_or_else(|| i18n.t("conflicts.deleted_value")) }</dd>
                                <dt>{ i18n.t("conflicts.device") }</dt>
                                <dd>{ &s.device }</dd>
                                <dt>{ i18n.t("conflicts.time") }</dt>
                                <dd>{ format_user_time_ms(s.time_ms) }</dd>
                            </dl>
                            <button id={format!("{side_id}-keep")} class="primary" disabled={props.busy} onclick={keep}>
                                { i18n.t("conflicts.keep") }
                            </button>
                        </section>
                    }
                }) }
            </div>
            if can_write {
                <form class="new-value" onsubmit={on_new}>
                    if let Some(codes) = choices(&c.kind, &c.disputed) {
                        <SelectField id={input_id} label={i18n.t("conflicts.choose_value")} value={value}
                            placeholder={i18n.t("form.choose")} onchange={on_value}
                            options={codes.iter().map(|code| (AttrValue::from(*code),
                                AttrValue::from(shown(&i18n, &c.kind, &c.disputed, code)))).collect::<Vec<_>>()} />
                    } else {
                        <TextField id={input_id} label={i18n.t("conflicts.new_value")} value={value} oninput={on_value} />
                    }
                    <button type="submit" disabled={props.busy}>{ i18n.t("conflicts.save_new") }</button>
                </form>
            }
            if let Some(e) = &props.error {
                <p class="error" role="alert">{ e.message(i18n.lang) }</p>
            }
        </li>
    }
}
