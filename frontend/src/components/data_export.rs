//! The «Datos» screen's export: the anonymous workbook of every record type, or, with personal data, only the
//! password-protected archive (the password typed twice, sent once to the shell and never kept).

use reintegra_core::wire::ApiError;
use reintegra_core::wire::args::ExportDataArgs;
use reintegra_core::wire::data::ExportWritten;
use yew::prelude::*;

use crate::api;
use crate::components::field::TextField;
use crate::components::path_picker::{PathPicker, PickMode};
use crate::i18n::use_i18n;

#[component]
pub fn DataExport() -> Html {
    let i18n = use_i18n();
    let personal = use_state(|| false);
    let path = use_state(String::new);
    let password = use_state(String::new);
    let again = use_state(String::new);
    let busy = use_state(|| false);
    let result = use_state(|| None::<Result<ExportWritten, ApiError>>);

    let on_personal = {
        let (personal, path, result) = (personal.clone(), path.clone(), result.clone());
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            personal.set(on);
            // The other kind of file: a path chosen for the workbook is not the archive's.
            path.set(String::new());
            result.set(None);
        })
    };
    let on_export = {
        let (personal, path, password, again, busy, result) =
            (personal.clone(), path.clone(), password.clone(), again.clone(), busy.clone(), result.clone());
        let lang = i18n.lang;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let args = ExportDataArgs {
                path: (*path).clone(),
                personal: *personal,
                password: (*password).clone(),
                password_again: (*again).clone(),
                lang,
            };
            let (busy, result, password, again) = (busy.clone(), result.clone(), password.clone(), again.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api::export_data(args).await;
                if answer.is_ok() {
                    password.set(String::new());
                    again.set(String::new());
                }
                result.set(Some(answer));
                busy.set(false);
            });
        })
    };
    let (ext, default_name) = if *personal { ("zip", "reintegra-personal.zip") } else { ("xlsx", "reintegra.xlsx") };
    let mode = PickMode::Save { default_name: default_name.to_owned(), extensions: vec![ext.to_owned()] };
    html! {
        <section class="card" aria-labelledby="data-export-title">
            <h3 id="data-export-title">{ i18n.t("data.export_title") }</h3>
            <p class="note">{ i18n.t("data.export_intro") }</p>
            <form onsubmit={on_export}>
                <label class="check" for="data-personal">
                    <input id="data-personal" type="checkbox" checked={*personal} onchange={on_personal}
                        aria-describedby="data-personal-hint" />
                    { i18n.t("data.personal") }
                </label>
                <p id="data-personal-hint" class="note">{ i18n.t("data.personal_hint") }</p>
                <PathPicker id="data-export-path" label={i18n.t(if *personal { "data.zip_path" } else { "data.xlsx_path" })}
                    value={(*path).clone()} {mode} required=true
                    on_change={Callback::from({ let path = path.clone(); move |v| path.set(v) })} />
                if *personal {
                    <TextField id="data-password" label={i18n.t("data.password")} input_type="password" required=true
                        value={AttrValue::from((*password).clone())}
                        oninput={Callback::from({ let p = password.clone(); move |v| p.set(v) })} />
                    <TextField id="data-password-again" label={i18n.t("data.password_again")} input_type="password"
                        required=true value={AttrValue::from((*again).clone())}
                        oninput={Callback::from({ let p = again.clone(); move |v| p.set(v) })} />
                    <p class="note">{ i18n.t("data.password_note") }</p>
                }
                <div class="actions">
                    <button id="data-export" class="primary" type="submit" disabled={*busy}>
                        { i18n.t(if *busy { "data.exporting" } else { "data.export" }) }
                    </button>
                </div>
            </form>
            { match &*result {
                None => html! {},
                Some(Ok(done)) => html! {
                    <p id="data-export-done" class="status ok" role="status">
                        { i18n.tr(if done.protected { "data.export_done_protected" } else { "data.export_done" },
                            &[("records", &done.records.to_string()), ("path", &done.path)]) }
                    </p>
                },
                Some(Err(e)) => html! { <p id="data-export-error" class="error" role="alert">{ e.message(i18n.lang) }</p> },
            } }
        </section>
    }
}
