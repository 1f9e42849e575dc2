//! A button that writes a printable document (attendance sheet, payroll, case summary) as PDF. The document holds
//! personal data, so it first says so and where the file will go, and writes only when confirmed; then it shows
//! the path.

use reintegra_core::sheets::{PdfDone, PdfRequest};
use reintegra_core::wire::ApiError;
use yew::prelude::*;

use crate::api;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The button's id; the confirmation and the result take it as their prefix.
    pub id: AttrValue,
    pub request: PdfRequest,
    pub label: AttrValue,
    #[prop_or_default]
    pub disabled: bool,
}

#[component]
pub fn PdfButton(props: &Props) -> Html {
    let i18n = use_i18n();
    // The folder the file will go into, while the confirmation is open.
    let asking = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let result = use_state(|| None::<Result<PdfDone, ApiError>>);
    let yes_ref = use_node_ref();
    {
        // Another session, month or person: the earlier answer is not about it.
        let (asking, result) = (asking.clone(), result.clone());
        use_effect_with(props.request.clone(), move |_| {
            asking.set(None);
            result.set(None);
        });
    }
    {
        // Keyboard users land on the confirming button when the confirmation opens.
        let yes_ref = yes_ref.clone();
        use_effect_with(asking.is_some(), move |_| {
            if let Some(el) = yes_ref.cast::<web_sys::HtmlElement>() {
                // Focus only moves the cursor: if it fails, the person can still tab to the button.
                let _ = el.focus();
            }
        });
    }
    let open = {
        let (asking, result) = (asking.clone(), result.clone());
        Callback::from(move |_: MouseEvent| {
            let (asking, result) = (asking.clone(), result.clone());
            result.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                match api::pdf_folder().await {
                    Ok(folder) => asking.set(Some(folder)),
                    Err(e) => result.set(Some(Err(e))),
                }
            });
        })
    };
    let cancel = {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(None))
    };
    let confirm = {
        let (asking, busy, result, request, lang) =
            (asking.clone(), busy.clone(), result.clone(), props.request.clone(), i18n.lang);
        Callback::from(move |_: MouseEvent| {
            let (asking, busy, result, request) = (asking.clone(), busy.clone(), result.clone(), request.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let done = api::write_pdf(request, lang).await;
                busy.set(false);
                asking.set(None);
                result.set(Some(done));
            });
        })
    };
    let id = props.id.to_string();
    html! {
        <div class="pdf-action">
            <button id={id.clone()} type="button" onclick={open} disabled={props.disabled || *busy}>
                { props.label.clone() }
            </button>
            if let Some(folder) = &*asking {
                <div id={format!("{id}-confirm")} class="warning confirm" role="alertdialog"
                    aria-labelledby={format!("{id}-question")}>
                    <p id={format!("{id}-question")}>{ i18n.tr("pdf.confirm", &[("folder", folder)]) }</p>
                    <div class="actions">
                        <button id={format!("{id}-yes")} type="button" class="primary" ref={yes_ref}
                            onclick={confirm} disabled={*busy}>
                            { if *busy { i18n.t("pdf.working") } else { i18n.t("pdf.confirm_yes") } }
                        </button>
                        <button id={format!("{id}-no")} type="button" onclick={cancel}>{ i18n.t("form.cancel") }</button>
                    </div>
                </div>
            }
            {
                match &*result {
                    None => html! {},
                    Some(Ok(done)) => html! {
                        <p id={format!("{id}-result")} class="status ok" role="status">
                            { i18n.tr("pdf.done", &[("path", &done.path), ("pages", &i18n.count("cli.pdf.pages", done.pages as u64))]) }
                        </p>
                    },
                    Some(Err(e)) => html! {
                        <p id={format!("{id}-result")} class="error" role="alert">{ e.message(i18n.lang) }</p>
                    },
                }
            }
        </div>
    }
}
