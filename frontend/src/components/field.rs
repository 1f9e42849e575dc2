//! Labelled form fields with their error below, wired for screen readers (`aria-invalid`, `aria-describedby`), and
//! the errors under a form.

use reintegra_core::wire::ApiError;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The id of the element that carries a field's error, for `aria-describedby`.
fn error_id(id: &AttrValue) -> String {
    format!("{id}-error")
}

#[derive(Properties, PartialEq)]
struct FrameProps {
    id: AttrValue,
    label: AttrValue,
    required: bool,
    error: Option<AttrValue>,
    children: Html,
}

/// What every field shares: the label (with the required mark) above the control, the error below it.
#[component]
fn Frame(props: &FrameProps) -> Html {
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"))}>
            <label for={props.id.clone()}>
                {props.label.clone()}
                if props.required { <span class="required" aria-hidden="true">{" *"}</span> }
            </label>
            { props.children.clone() }
            if let Some(err) = &props.error {
                <p class="error" id={error_id(&props.id)} role="alert">{err.clone()}</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    pub oninput: Callback<String>,
    #[prop_or_default]
    pub onblur: Callback<()>,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let onblur = props.onblur.reform(|_: FocusEvent| ());
    html! {
        <Frame id={props.id.clone()} label={props.label.clone()} required={props.required} error={props.error.clone()}>
            <input
                id={props.id.clone()}
                name={props.id.clone()}
                type={props.input_type.clone()}
                value={props.value.clone()}
                placeholder={props.placeholder.clone()}
                required={props.required}
                autocomplete="off"
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={props.error.is_some().then(|| error_id(&props.id))}
                {oninput}
                {onblur}
            />
        </Frame>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// (value, label) pairs; an empty first option invites a choice.
    pub options: Vec<(AttrValue, AttrValue)>,
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    /// Shown but not changeable (a person's role once registered).
    #[prop_or_default]
    pub disabled: bool,
    pub onchange: Callback<String>,
}

#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = props.onchange.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <Frame id={props.id.clone()} label={props.label.clone()} required={props.required} error={props.error.clone()}>
            <select
                id={props.id.clone()}
                name={props.id.clone()}
                required={props.required}
                disabled={props.disabled}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={props.error.is_some().then(|| error_id(&props.id))}
                {onchange}
            >
                <option value="" selected={props.value.is_empty()}>{props.placeholder.clone()}</option>
                { for props.options.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={*v == props.value}>{l.clone()}</option>
                }) }
            </select>
        </Frame>
    }
}

#[derive(Properties, PartialEq)]
pub struct FormErrorsProps {
    /// A save was tried and the form's own checks failed.
    pub summary: bool,
    /// The backend's refusal, when it belongs to no one field.
    #[prop_or_default]
    pub error: Option<ApiError>,
}

/// Under a form: "check the marked fields", and the backend's refusal.
#[component]
pub fn FormErrors(props: &FormErrorsProps) -> Html {
    let i18n = crate::i18n::use_i18n();
    html! {
        <>
        if props.summary {
            <p id="form-errors" class="error" role="alert">{ i18n.t("form.has_errors") }</p>
        }
        if let Some(e) = &props.error {
            <p class="error" role="alert">{ e.message(i18n.lang) }</p>
        }
        </>
    }
}

/// A text field's input written into `state`.
pub fn setter(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |v| state.set(v))
}

/// A text field's input written into one field of a form held in `state`.
pub fn field_of<T: Clone + 'static>(state: &UseStateHandle<T>, set: fn(&mut T, String)) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |v: String| {
        let mut next = (*state).clone();
        set(&mut next, v);
        state.set(next);
    })
}
