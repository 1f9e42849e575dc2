//! A supervisor's decision on one participant's voucher month, on the central file: an exemption (the month counts
//! as compliant) or an appeal (the month gets the outcome granted). A small panel opened from the voucher card or
//! the payroll's review list; the store checks and saves it (and refuses it anywhere but the central file).

use reintegra_core::month::Month;
use reintegra_core::records::OUTCOMES;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::vouchers::{ExemptionArgs, OverrideArgs};
use uuid::Uuid;
use yew::prelude::*;

use crate::api;
use crate::components::choices::{TextArea, codes};
use crate::components::field::{SelectField, TextField, setter};
use crate::i18n::use_i18n;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Exemption,
    Appeal,
}

impl Decision {
    /// The prefix of the panel's element ids: `exemption-…` or `appeal-…`.
    pub fn id(self) -> &'static str {
        match self {
            Decision::Exemption => "exemption",
            Decision::Appeal => "appeal",
        }
    }
}

/// A decision asked for from the payroll's review list: whose month, their name, which decision.
pub type DecisionAsked = (Uuid, String, Decision);

#[derive(Properties, PartialEq)]
pub struct DecisionProps {
    pub kind: Decision,
    pub person_id: Uuid,
    pub name: AttrValue,
    pub month: Month,
    /// Said when the decision was saved: what to show (the page reads the new outcome itself).
    pub on_saved: Callback<String>,
    pub on_cancel: Callback<()>,
}

/// The panel: reason (and, for an appeal, the outcome granted and who decided, the unlocked user by default).
#[component]
pub fn DecisionPanel(props: &DecisionProps) -> Html {
    let i18n = use_i18n();
    let reason = use_state(String::new);
    let outcome = use_state(|| "eligible".to_owned());
    let decided_by = use_state(String::new);
    let answer = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    {
        let decided_by = decided_by.clone();
        use_effect_with(props.kind, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(status) = api::app_status().await {
                    decided_by.set(status.user.unwrap_or_default());
                }
            });
        });
    }
    let on_reason = {
        // What was refused goes once the person types again.
        let (reason, answer) = (reason.clone(), answer.clone());
        Callback::from(move |v: String| {
            reason.set(v);
            answer.set(None);
        })
    };
    let kind = props.kind;
    let id = kind.id();
    let month_text = i18n.month(props.month);
    let on_save = {
        let (reason, outcome, decided_by, answer, busy) =
            (reason.clone(), outcome.clone(), decided_by.clone(), answer.clone(), busy.clone());
        let (person_id, month, on_saved, i18n) = (props.person_id, props.month, props.on_saved.clone(), i18n.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            let (reason, outcome, decided_by) = ((*reason).clone(), (*outcome).clone(), (*decided_by).clone());
            let (answer, busy, on_saved, i18n) = (answer.clone(), busy.clone(), on_saved.clone(), i18n.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let m = i18n.month(month);
                let result = match kind {
                    Decision::Exemption => api::record_exemption(ExemptionArgs { person_id, month, reason })
                        .await
                        .map(|_| i18n.tr("vdec.saved_exemption", &[("month", &m)])),
                    Decision::Appeal => {
                        let granted = i18n.t(&format!("outcome.{outcome}"));
                        api::record_override(OverrideArgs { person_id, month, outcome, reason, decided_by })
                            .await
                            .map(|_| i18n.tr("vdec.saved_override", &[("month", &m), ("outcome", &granted)]))
                    }
                };
                busy.set(false);
                match result {
                    Ok(text) => on_saved.emit(text),
                    Err(e) => answer.set(Some(e)),
                }
            });
        })
    };
    let field_error = |field: &str| -> Option<AttrValue> {
        let e = (*answer).as_ref()?.fields.as_ref()?.for_field(field)?;
        Some(i18n.t(&e.code).into())
    };
    let other_error = (*answer).as_ref().filter(|e| e.fields.is_none()).map(|e| e.message(i18n.lang));
    let (title, hint) = match kind {
        Decision::Exemption => ("vdec.exempt_title", "vdec.exempt_hint"),
        Decision::Appeal => ("vdec.appeal_title", "vdec.appeal_hint"),
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <form id={format!("{id}-panel")} class="card decision" role="dialog" aria-labelledby={format!("{id}-title")}
            onsubmit={on_save}>
            <h4 id={format!("{id}-title")}>{ i18n.tr(title, &[("month", &month_text), ("name", &props.name)]) }</h4>
            <p class="note">{ i18n.t(hint) }</p>
            if kind == Decision::Appeal {
                <div class="pair-fields">
                    <SelectField id="appeal-outcome" label={i18n.t("vdec.outcome")} value={(*outcome).clone()}
                        options={codes(&i18n, "outcome", OUTCOMES)} placeholder={i18n.t("vdec.outcome")} required=true
                        error={field_error("outcome")} onchange={setter(&outcome)} />
                    <TextField id="appeal-decided-by" label={i18n.t("vdec.decided_by")} value={(*decided_by).clone()}
                        error={field_error("decided_by")} oninput={setter(&decided_by)} />
                </div>
            }
            <TextArea id={format!("{id}-reason")} label={i18n.t("vdec.reason")} value={(*reason).clone()}
                error={field_error("reason")} oninput={on_reason} />
            if let Some(text) = other_error { <p id={format!("{id}-error")} class="error" role="alert">{ text }</p> }
            <div class="actions">
                <button id={format!("{id}-save")} type="submit" class="primary" disabled={*busy}>{ i18n.t("vdec.save") }</button>
                <button id={format!("{id}-cancel")} type="button" onclick={cancel}>{ i18n.t("form.cancel") }</button>
            </div>
        </form>
    }
}

/// Opens the decision asked for from the payroll's review list (what the last one answered goes).
pub fn opener(
    decision: &UseStateHandle<Option<DecisionAsked>>,
    done: &UseStateHandle<Option<String>>,
) -> Callback<DecisionAsked> {
    let (open, done) = (decision.clone(), done.clone());
    Callback::from(move |asked| {
        done.set(None);
        open.set(Some(asked));
    })
}

/// The payroll's open decision (its panel), or what the last one answered (`payroll-decision-done`); a saved
/// decision calls `reload` (the payroll is read again).
pub fn review_decision(
    decision: &UseStateHandle<Option<DecisionAsked>>,
    done: &UseStateHandle<Option<String>>,
    month: Month,
    reload: Callback<()>,
) -> Html {
    let on_saved = {
        let (decision, done) = (decision.clone(), done.clone());
        Callback::from(move |text: String| {
            decision.set(None);
            done.set(Some(text));
            reload.emit(());
        })
    };
    let on_cancel = {
        let decision = decision.clone();
        Callback::from(move |_| decision.set(None))
    };
    match (&**decision, &**done) {
        (Some((id, name, kind)), _) => html! {
            <DecisionPanel key={format!("{id}-{}", kind.id())} kind={*kind} person_id={*id} name={name.clone()}
                {month} {on_saved} {on_cancel} />
        },
        (None, Some(text)) => {
            html! { <p id="payroll-decision-done" class="status ok" role="status">{ text.clone() }</p> }
        }
        (None, None) => html! {},
    }
}
