//! Groups of checkboxes in a fieldset with its legend (modules, risk flags, people met), a multi-line text field,
//! and the options of a list of codes in words.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::I18n;

/// The options for a list of codes, each in words: the translation of `{prefix}.{code}`.
pub fn codes(i18n: &I18n, prefix: &str, values: &[&str]) -> Vec<(AttrValue, AttrValue)> {
    values.iter().map(|v| (AttrValue::from(v.to_string()), AttrValue::from(i18n.t(&format!("{prefix}.{v}"))))).collect()
}

#[derive(Properties, PartialEq)]
pub struct CheckGroupProps {
    pub id: AttrValue,
    pub legend: AttrValue,
    /// (value, label).
    pub options: Vec<(AttrValue, AttrValue)>,
    pub selected: Vec<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    pub onchange: Callback<Vec<String>>,
}

#[component]
pub fn CheckGroup(props: &CheckGroupProps) -> Html {
    html! {
        <fieldset id={props.id.clone()} class={classes!("checks", props.error.is_some().then_some("invalid"))}
            aria-describedby={props.error.is_some().then(|| format!("{}-error", props.id))}>
            <legend>
                { props.legend.clone() }
                if props.required { <span class="required" aria-hidden="true">{" *"}</span> }
            </legend>
            <div class="check-list">
            { for props.options.iter().map(|(value, label)| {
                let checked = props.selected.iter().any(|s| s == value.as_str());
                let input_id = format!("{}-{}", props.id, value);
                let onchange = {
                    let (selected, value, cb) = (props.selected.clone(), value.to_string(), props.onchange.clone());
                    Callback::from(move |e: Event| {
                        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                        let mut next: Vec<String> = selected.iter().filter(|s| **s != value).cloned().collect();
                        if on {
                            next.push(value.clone());
                        }
                        cb.emit(next);
                    })
                };
                html! {
                    <label class="check" for={input_id.clone()}>
                        <input type="checkbox" id={input_id} value={value.clone()} {checked} {onchange} />
                        { label.clone() }
                    </label>
                }
            }) }
            </div>
            if let Some(err) = &props.error {
                <p class="error" id={format!("{}-error", props.id)} role="alert">{ err.clone() }</p>
            }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextAreaProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    pub oninput: Callback<String>,
}

#[component]
pub fn TextArea(props: &TextAreaProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
        <div class={classes!("field", "wide", props.error.is_some().then_some("invalid"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <textarea id={props.id.clone()} rows="4" value={props.value.clone()} {oninput}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={props.error.is_some().then(|| format!("{}-error", props.id))} />
            if let Some(err) = &props.error {
                <p class="error" id={format!("{}-error", props.id)} role="alert">{ err.clone() }</p>
            }
        </div>
    }
}
