//! The voucher rules screen's parts: the versions in words ("desde 05/2024", the amount, the conditions), the form
//! of a new version, and the table of what it would change.

use reintegra_core::FieldErrors;
use reintegra_core::month::Month;
use reintegra_core::vouchers::{Outcome, VoucherRules};
use reintegra_core::wire::vouchers::{RuleVersionItem, RulesForm, RulesPreview, contact_code};
use yew::prelude::*;

use crate::components::choices::{CheckGroup, TextArea, codes};
use crate::components::field::{SelectField, TextField};
use crate::i18n::I18n;

/// A month as the screen writes it: mm/aaaa.
pub fn month_text(m: Month) -> String {
    format!("{:02}/{:04}", m.month, m.year)
}

fn outcomes(list: &[Outcome], sep: &str, i18n: &I18n) -> String {
    list.iter().map(|o| i18n.t(&format!("outcome.{}", o.code()))).collect::<Vec<_>>().join(sep)
}

/// A version's conditions in words.
pub fn conditions(r: &VoucherRules, i18n: &I18n) -> String {
    let kinds: Vec<String> =
        r.contacts.iter().map(|c| i18n.t(&format!("rules.contact.{}", contact_code(*c)))).collect();
    [
        i18n.tr("rules.cond.window", &[("n", &r.window_months.to_string())]),
        i18n.tr("rules.cond.follow_up", &[("n", &r.min_contacts.to_string()), ("kinds", &kinds.join(", "))]),
        i18n.tr("rules.cond.share", &[("n", &r.min_group_share_percent.to_string())]),
        i18n.t(if r.justified_counts { "rules.cond.justified_yes" } else { "rules.cond.justified_no" }),
        i18n.tr("rules.cond.ladder", &[("list", &outcomes(&r.ladder, " → ", i18n))]),
        i18n.tr("rules.cond.payable", &[("list", &outcomes(&r.payable, ", ", i18n))]),
    ]
    .join(" ")
}

/// The versions, oldest first (`rules-versions`, a row `rules-version-{n}` each).
pub fn versions_table(versions: &[RuleVersionItem], i18n: &I18n) -> Html {
    html! {
        <table id="rules-versions" class="list">
            <thead><tr>
                <th scope="col" class="num">{ i18n.t("rules.col.version") }</th>
                <th scope="col">{ i18n.t("rules.col.from") }</th>
                <th scope="col">{ i18n.t("rules.col.amount") }</th>
                <th scope="col">{ i18n.t("rules.col.conditions") }</th>
                <th scope="col">{ i18n.t("rules.col.reason") }</th>
            </tr></thead>
            <tbody>
            { for versions.iter().map(|v| {
                let r = &v.rules;
                let from = match v.id {
                    None => i18n.t("rules.from_always"),
                    Some(_) => i18n.tr("rules.from", &[("month", &month_text(r.effective_from))]),
                };
                html! {
                    <tr id={format!("rules-version-{}", r.version)} data-from={r.effective_from.to_string()}>
                        <td class="num">{ r.version }</td>
                        <td>{ from }</td>
                        <td>{ i18n.tr("rules.amount", &[("amount", &r.amount_usd.to_string()), ("total", &r.max_total_usd.to_string())]) }</td>
                        <td>{ conditions(r, i18n) }</td>
                        <td>{ v.reason.clone().unwrap_or_default() }</td>
                    </tr>
                }
            }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
pub struct RulesFieldsProps {
    pub form: RulesForm,
    /// The store's refusal, by field.
    pub errors: Option<FieldErrors>,
    pub onchange: Callback<RulesForm>,
}

/// The fields of a new version (ids `rules-…`).
#[component]
pub fn RulesFields(props: &RulesFieldsProps) -> Html {
    let i18n = crate::i18n::use_i18n();
    let f = &props.form;
    let error = |field: &str| -> Option<AttrValue> {
        props.errors.as_ref()?.for_field(field).map(|e| AttrValue::from(i18n.t(&e.code)))
    };
    let edit = |apply: fn(&mut RulesForm, String)| {
        let (form, cb) = (f.clone(), props.onchange.clone());
        Callback::from(move |v: String| {
            let mut next = form.clone();
            apply(&mut next, v);
            cb.emit(next);
        })
    };
    let edit_list = |apply: fn(&mut RulesForm, Vec<String>)| {
        let (form, cb) = (f.clone(), props.onchange.clone());
        Callback::from(move |v: Vec<String>| {
            let mut next = form.clone();
            apply(&mut next, v);
            cb.emit(next);
        })
    };
    let text = |id: &'static str, key: &str, value: &str, field: &str, apply: fn(&mut RulesForm, String)| {
        html! {
            <TextField id={id} label={i18n.t(key)} value={value.to_owned()} error={error(field)} oninput={edit(apply)} />
        }
    };
    let justified = {
        let (form, cb) = (f.clone(), props.onchange.clone());
        Callback::from(move |e: Event| {
            let mut next = form.clone();
            next.justified_counts = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            cb.emit(next);
        })
    };
    let ladder_options = codes(&i18n, "outcome", &["warning", "withheld", "suspended"]);
    let step = |n: usize| {
        let (form, cb) = (f.clone(), props.onchange.clone());
        let onchange = Callback::from(move |v: String| {
            let mut next = form.clone();
            next.ladder.resize(3, String::new());
            next.ladder[n] = v;
            // An unchosen step and those after it leave the ladder (its last step repeats).
            let len = next.ladder.iter().position(String::is_empty).unwrap_or(next.ladder.len());
            next.ladder.truncate(len);
            cb.emit(next);
        });
        let key = if n == 2 { "rules.field.ladder_last" } else { "rules.field.ladder_step" };
        html! {
            <SelectField id={format!("rules-ladder-{}", n + 1)} label={i18n.tr(key, &[("n", &(n + 1).to_string())])}
                value={f.ladder.get(n).cloned().unwrap_or_default()} options={ladder_options.clone()}
                placeholder={"—"} error={(n == 0).then(|| error("ladder")).flatten()} {onchange} />
        }
    };
    html! {
        <>
        <div class="pair-fields">
            { text("rules-version", "rules.field.version", &f.version, "version", |f, v| f.version = v) }
            { text("rules-effective-from", "rules.field.effective_from", &f.effective_from, "effective_from", |f, v| f.effective_from = v) }
            { text("rules-window-months", "rules.field.window_months", &f.window_months, "window_months", |f, v| f.window_months = v) }
        </div>
        <div class="pair-fields">
            { text("rules-amount-usd", "rules.field.amount_usd", &f.amount_usd, "amount_usd", |f, v| f.amount_usd = v) }
            { text("rules-max-total-usd", "rules.field.max_total_usd", &f.max_total_usd, "max_total_usd", |f, v| f.max_total_usd = v) }
        </div>
        <CheckGroup id="rules-contacts" legend={i18n.t("rules.field.contacts")}
            options={codes(&i18n, "rules.contact", &["case_management", "home_visit", "individual_training"])}
            selected={f.contacts.clone()} error={error("contacts")} onchange={edit_list(|f, v| f.contacts = v)} />
        <div class="pair-fields">
            { text("rules-min-contacts", "rules.field.min_contacts", &f.min_contacts, "min_contacts", |f, v| f.min_contacts = v) }
            { text("rules-min-share", "rules.field.min_group_share_percent", &f.min_group_share_percent, "min_group_share_percent", |f, v| f.min_group_share_percent = v) }
        </div>
        <label class="check" for="rules-justified">
            <input type="checkbox" id="rules-justified" checked={f.justified_counts} onchange={justified} />
            { i18n.t("rules.field.justified_counts") }
        </label>
        <fieldset id="rules-ladder" class="checks">
            <legend>{ i18n.t("rules.field.ladder") }</legend>
            <div class="pair-fields">{ step(0) }{ step(1) }{ step(2) }</div>
        </fieldset>
        <CheckGroup id="rules-payable" legend={i18n.t("rules.field.payable")}
            options={codes(&i18n, "outcome", &["eligible", "warning", "withheld", "suspended"])}
            selected={f.payable.clone()} error={error("payable")} onchange={edit_list(|f, v| f.payable = v)} />
        <TextArea id="rules-reason" label={i18n.t("rules.field.reason")} value={f.reason.clone()}
            error={error("reason")} oninput={edit(|f, v| f.reason = v)} />
        </>
    }
}

fn outcome_cell(o: Outcome, payable: bool, amount: u32, i18n: &I18n) -> String {
    let paid =
        if payable { i18n.tr("rules.pays", &[("amount", &amount.to_string())]) } else { i18n.t("rules.not_paid") };
    format!("{} ({paid})", i18n.t(&format!("outcome.{}", o.code())))
}

/// What the new version would change (`rules-preview-summary`, `rules-preview-table` with a row per participant's
/// month, `data-id` the person).
pub fn preview_table(p: &RulesPreview, i18n: &I18n) -> Html {
    let (from, to) = (month_text(p.effective_from), month_text(p.to));
    // "en 12/2026" for one month, "de 12/2026 a 05/2027" for several.
    let period = if from == to {
        i18n.tr("rules.period_one", &[("month", &from)])
    } else {
        i18n.tr("rules.period", &[("from", &from), ("to", &to)])
    };
    let participants = p.participants.to_string();
    let args = [("period", period.as_str()), ("participants", participants.as_str())];
    let summary = if p.changes.is_empty() {
        i18n.tr("rules.preview_none", &args)
    } else {
        i18n.count_with("rules.preview_summary", p.changes.len() as u64, &args)
    };
    html! {
        <div class="card spaced-card">
            <h3>{ i18n.t("rules.preview_title") }</h3>
            <p id="rules-preview-summary" role="status">{ summary }</p>
            if !p.changes.is_empty() {
                <table id="rules-preview-table" class="list">
                    <thead><tr>
                        <th scope="col">{ i18n.t("rules.col.person") }</th>
                        <th scope="col">{ i18n.t("rules.col.month") }</th>
                        <th scope="col">{ i18n.t("rules.col.before") }</th>
                        <th scope="col">{ i18n.t("rules.col.after") }</th>
                        <th scope="col">{ i18n.t("rules.col.why") }</th>
                    </tr></thead>
                    <tbody>
                    { for p.changes.iter().map(|r| {
                        let c = &r.change;
                        let why: Vec<String> = c.why.iter().map(|w| i18n.t(&format!("rules.why.{}", w.code()))).collect();
                        html! {
                            <tr data-id={c.person_id.to_string()} data-month={c.month.to_string()}
                                data-before={c.before.code()} data-after={c.after.code()}>
                                <th scope="row">{ r.name.clone() }</th>
                                <td>{ i18n.month(c.month) }</td>
                                <td>{ outcome_cell(c.before, c.payable_before, c.amount_before, i18n) }</td>
                                <td>{ outcome_cell(c.after, c.payable_after, c.amount_after, i18n) }</td>
                                <td>
                                    { why.join("; ") }
                                    if c.paid { <span class="note">{ " " }{ i18n.t("rules.paid_note") }</span> }
                                </td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            }
        </div>
    }
}
