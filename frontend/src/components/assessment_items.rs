//! An instrument's items as radio groups (#16): one fieldset per item, its options and "prefiere no responder",
//! answered by keyboard (Tab to the item, arrow keys between its options, as the browser does for radio buttons).
//! An item with no option chosen is unanswered, distinct from one the person preferred not to answer. Texts whose
//! Spanish is not a validated version are marked on screen.

use reintegra_core::assessments::{Answers, Instrument};
use reintegra_core::i18n::Lang;
use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub instrument: Instrument,
    pub answers: Answers,
    /// An item's new answer: `Some(value)`, or `None` for "prefers not to answer".
    pub onchange: Callback<(String, Option<i64>)>,
}

#[component]
pub fn AssessmentItems(props: &Props) -> Html {
    let i18n = use_i18n();
    let def = &props.instrument;
    // Only the Spanish texts carry a validation state (the English ones are the originals or their translation).
    let spanish = i18n.lang == Lang::Es;
    let unvalidated = |validated: bool| {
        (spanish && !validated)
            .then(|| html! { <span class="badge unvalidated">{ i18n.t("assessment.not_validated") }</span> })
    };
    html! {
        <div id="a-items" class="assessment-items">
            <p id="a-instructions" class="instructions">
                { def.instructions.get(i18n.lang) }{ " " }{ unvalidated(def.instructions.validated_es).unwrap_or_default() }
            </p>
            { for def.items.iter().map(|item| {
                let code = item.code.clone();
                let answer = props.answers.get(&code).copied();
                let state = match answer {
                    None => "unanswered".to_owned(),
                    Some(None) => "refused".to_owned(),
                    Some(Some(v)) => v.to_string(),
                };
                let name = format!("a-item-{code}");
                let choice = |value: Option<i64>, label: String, validated: bool| {
                    let suffix = value.map_or_else(|| "refused".to_owned(), |v| v.to_string());
                    let input_id = format!("a-item-{code}-{suffix}");
                    let onchange = {
                        let (cb, code) = (props.onchange.clone(), code.clone());
                        Callback::from(move |_: Event| cb.emit((code.clone(), value)))
                    };
                    html! {
                        <label class={classes!("option", value.is_none().then_some("refused"))} for={input_id.clone()}>
                            <input type="radio" id={input_id} name={name.clone()} value={suffix}
                                checked={answer == Some(value)} {onchange} />
                            { label }{ unvalidated(validated).unwrap_or_default() }
                        </label>
                    }
                };
                html! {
                    <fieldset class="item" id={name.clone()} data-answer={state}>
                        <legend>
                            <span class="item-number">{ format!("{}. ", item.code) }</span>
                            { item.text.get(i18n.lang) }{ " " }{ unvalidated(item.text.validated_es).unwrap_or_default() }
                        </legend>
                        <div class="options">
                            { for def.options_of(item).iter().map(|o| {
                                choice(Some(o.value), o.label.get(i18n.lang).to_owned(), o.label.validated_es)
                            }) }
                            { choice(None, i18n.t("assessment.refused"), true) }
                        </div>
                    </fieldset>
                }
            }) }
        </div>
    }
}
