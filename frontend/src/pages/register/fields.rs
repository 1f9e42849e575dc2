//! The registration form's fields: what a draft holds, the text fields in tab order, the grid that shows them, and
//! the people it may be a duplicate of.

use reintegra_core::date::format_user;
use reintegra_core::person::PersonForm;
use reintegra_core::wire::PersonSummary;
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::components::choices::codes;
use crate::components::field::{SelectField, TextField};
use crate::hooks::form::UseForm;
use crate::i18n::I18n;

/// What a draft of the form holds.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Typed {
    pub form: PersonForm,
    /// The relationship, when registering a relative.
    pub kind: String,
}

const RELATIONSHIPS: &[&str] = &["mother", "father", "partner", "child", "sibling", "grandparent", "other"];

/// A text field: (field, translation key of the label, required, placeholder).
type Text = (&'static str, &'static str, bool, Option<&'static str>);

/// The text fields of the form, in tab order.
const TEXT_FIELDS: &[Text] = &[
    ("given_names", "form.given_names", true, None),
    ("first_surname", "form.first_surname", true, None),
    ("second_surname", "form.second_surname", false, None),
    ("birth_date", "form.birth_date", true, Some("dd/mm/aaaa")),
    ("dui", "form.dui", false, Some("00000000-0")),
];
const CONTACT_FIELDS: &[Text] = &[
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

/// A callback that sets the person's field `name` (a new municipality clears the district).
fn update(form: &UseForm<Typed>, name: &'static str) -> Callback<String> {
    form.edit(name, move |t: &mut Typed, value: String| {
        if let Some(slot) = field_mut(&mut t.form, name) {
            *slot = value;
        }
        if name == "municipality" {
            t.form.district.clear();
        }
    })
}

/// What the grid needs besides the form: the choices that depend on the page.
pub struct Choices {
    pub editing: bool,
    pub relative: bool,
    pub municipalities: Vec<(AttrValue, AttrValue)>,
    pub districts: Vec<(AttrValue, AttrValue)>,
}

/// The form's fields, in tab order.
pub fn grid(form: &UseForm<Typed>, choices: Choices, i18n: &I18n) -> Html {
    let value = &form.value().form;
    let text_field = |&(name, label, required, placeholder): &Text| {
        html! {
            <TextField id={format!("f-{name}")} label={i18n.t(label)} value={field_value(value, name)}
                {required} placeholder={placeholder.map(AttrValue::from)} error={form.error_for(name)}
                oninput={update(form, name)} onblur={form.touch(name)} />
        }
    };
    let choose = i18n.t("form.choose");
    html! {
        <div class="grid">
            <SelectField id="f-role" label={i18n.t("form.role")} value={value.role.clone()} required=true
                options={codes(i18n, "role", &["participant", "relative"])} placeholder={choose.clone()}
                disabled={choices.editing} error={form.error_for("role")} onchange={update(form, "role")} />
            if choices.relative {
                <SelectField id="f-relationship" label={i18n.t("form.relationship")} value={form.value().kind.clone()}
                    required=true options={codes(i18n, "relationship", RELATIONSHIPS)} placeholder={choose.clone()}
                    error={form.error_for("relationship")}
                    onchange={form.edit("relationship", |t: &mut Typed, v: String| t.kind = v)} />
            }
            { for TEXT_FIELDS.iter().map(text_field) }
            <SelectField id="f-sex" label={i18n.t("form.sex")} value={value.sex.clone()}
                options={codes(i18n, "sex", &["female", "male", "other"])} placeholder={choose.clone()}
                error={form.error_for("sex")} onchange={update(form, "sex")} />
            <SelectField id="f-municipality" label={i18n.t("form.municipality")} value={value.municipality.clone()}
                required=true options={choices.municipalities} placeholder={choose.clone()}
                error={form.error_for("municipality")} onchange={update(form, "municipality")} />
            <SelectField id="f-district" label={i18n.t("form.district")} value={value.district.clone()}
                options={choices.districts} placeholder={choose} error={form.error_for("district")}
                onchange={update(form, "district")} />
            { for CONTACT_FIELDS.iter().map(text_field) }
        </div>
    }
}

/// "There is a similar person already: is it one of these?", with the button that saves anyway.
pub fn duplicates_found(candidates: &[PersonSummary], save_anyway: Callback<MouseEvent>, i18n: &I18n) -> Html {
    html! {
        <div id="duplicates" class="warning" role="alert">
            <p>{ i18n.t("form.duplicates") }</p>
            <ul>
            { for candidates.iter().map(|c| html! {
                <li>{ format!("{} · {} · {} · {}", c.name, i18n.t(&format!("role.{}", c.role.code())),
                    format_user(c.birth_date), c.dui.clone().unwrap_or_default()) }</li>
            }) }
            </ul>
            <button id="save-anyway" type="button" onclick={save_anyway}>{ i18n.t("form.save_anyway") }</button>
        </div>
    }
}
