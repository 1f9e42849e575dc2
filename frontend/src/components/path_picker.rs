//! A file or folder, chosen with the system's own dialog ("Elegir…"); the path stays visible and editable in a
//! field beside it (a path pasted from the file manager, or typed by the window tests, which cannot drive the
//! system's dialog).

use reintegra_core::wire::ApiError;
pub use reintegra_core::wire::args::PickMode;
use reintegra_core::wire::args::PickPathArgs;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct PathPickerProps {
    /// The text field's id; the button is `{id}-choose`.
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: String,
    pub on_change: Callback<String>,
    pub mode: PickMode,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

#[component]
pub fn PathPicker(props: &PathPickerProps) -> Html {
    let i18n = use_i18n();
    // The dialog could not be opened (a broken desktop): said under the field, the field still works.
    let failed = use_state(|| None::<ApiError>);
    let oninput = props.on_change.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let choose = {
        let (mode, start, on_change, failed) =
            (props.mode.clone(), props.value.clone(), props.on_change.clone(), failed.clone());
        let (title, filter_name) = {
            let title = match &props.mode {
                PickMode::Folder => i18n.t("picker.folder_title"),
                PickMode::Open { .. } => i18n.t("picker.open_title"),
                PickMode::Save { .. } => i18n.t("picker.save_title"),
            };
            let extensions = match &props.mode {
                PickMode::Folder => String::new(),
                PickMode::Open { extensions } | PickMode::Save { extensions, .. } => {
                    extensions.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ")
                }
            };
            (title, i18n.tr("picker.files", &[("extensions", &extensions)]))
        };
        Callback::from(move |_: MouseEvent| {
            let args = PickPathArgs {
                mode: mode.clone(),
                title: title.clone(),
                filter_name: filter_name.clone(),
                start: start.clone(),
            };
            let (on_change, failed) = (on_change.clone(), failed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::pick_path(args).await {
                    Ok(Some(path)) => {
                        failed.set(None);
                        on_change.emit(path)
                    }
                    Ok(None) => failed.set(None),
                    Err(e) => failed.set(Some(e)),
                }
            });
        })
    };
    let error = props.error.clone().or_else(|| failed.as_ref().map(|e| AttrValue::from(e.message(i18n.lang))));
    let error_id = format!("{}-error", props.id);
    html! {
        <div class={classes!("field", "path-picker", error.is_some().then_some("invalid"))}>
            <label for={props.id.clone()}>
                { props.label.clone() }
                if props.required { <span class="required" aria-hidden="true">{ " *" }</span> }
            </label>
            <div class="path-row">
                <input id={props.id.clone()} name={props.id.clone()} type="text" value={props.value.clone()}
                    required={props.required} autocomplete="off" spellcheck="false"
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then(|| error_id.clone())}
                    {oninput} />
                <button type="button" id={format!("{}-choose", props.id)} class="secondary"
                    title={i18n.t("picker.choose_hint")} onclick={choose}>
                    { i18n.t("picker.choose") }
                </button>
            </div>
            if let Some(err) = error { <p class="error" id={error_id} role="alert">{ err }</p> }
        </div>
    }
}
