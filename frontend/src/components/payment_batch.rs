//! One batch of a payroll: the payments of one delivery method, how many stand in each status, and writing it (the
//! cash list to sign as a PDF, or the provider's CSV / XLSX), which marks its approved payments sent. The file holds
//! personal data, so writing asks first. Ids: `batch-{method}`, `-statuses`, `-path`, `-write`, `-write-yes`,
//! `-write-no`, `-result`.

use reintegra_core::date::format_user;
use reintegra_core::month::Month;
use reintegra_core::wire::ApiError;
use reintegra_core::wire::payments::{BatchView, DeliveryMethod, PaymentStatus, WriteBatchArgs};
use yew::prelude::*;

use crate::api::payments as api;
use crate::components::path_picker::{PathPicker, PickMode};
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub month: Month,
    pub batch: BatchView,
    pub folder: String,
    pub on_written: Callback<()>,
}

/// The file offered for a batch: `lote-efectivo-2024-10.pdf`, `lote-banco-2024-10.xlsx` in `folder`.
pub fn default_path(folder: &str, month: Month, method: DeliveryMethod) -> String {
    let (word, ext) = match method {
        DeliveryMethod::Cash => ("efectivo", "pdf"),
        DeliveryMethod::Bank => ("banco", "xlsx"),
        DeliveryMethod::Wallet => ("billetera", "xlsx"),
    };
    let sep = if folder.contains('\\') && !folder.contains('/') { '\\' } else { '/' };
    format!("{}{sep}lote-{word}-{month}.{ext}", folder.trim_end_matches(['/', '\\']))
}

#[component]
pub fn BatchCard(props: &Props) -> Html {
    let i18n = use_i18n();
    let b = &props.batch;
    let method = b.method;
    let path = use_state(|| default_path(&props.folder, props.month, method));
    let asking = use_state(|| false);
    let busy = use_state(|| false);
    let result = use_state(|| None::<Result<String, ApiError>>);
    let yes_ref = use_node_ref();
    {
        let yes_ref = yes_ref.clone();
        use_effect_with(*asking, move |_| {
            if let Some(el) = yes_ref.cast::<web_sys::HtmlElement>() {
                // Focus only moves the cursor: if it fails, the person can still tab to the button.
                let _ = el.focus();
            }
        });
    }
    let id = format!("batch-{}", method.code());
    let approved = b.statuses.iter().find(|(s, _)| *s == PaymentStatus::Approved).map_or(0, |(_, n)| *n);
    let on_write = {
        let (path, asking, busy, result, i18n) =
            (path.clone(), asking.clone(), busy.clone(), result.clone(), i18n.clone());
        let (month, on_written) = (props.month, props.on_written.clone());
        Callback::from(move |_: MouseEvent| {
            asking.set(false);
            busy.set(true);
            let args = WriteBatchArgs { month, method, path: (*path).clone(), lang: i18n.lang };
            let (busy, result, i18n, on_written) = (busy.clone(), result.clone(), i18n.clone(), on_written.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api::write_batch(args).await;
                busy.set(false);
                let ok = answer.is_ok();
                result.set(Some(answer.map(|d| {
                    let (count, total) = (d.count.to_string(), d.total_usd.to_string());
                    i18n.tr("batches.written", &[("path", &d.path), ("count", &count), ("total", &total)])
                })));
                if ok {
                    on_written.emit(());
                }
            });
        })
    };
    let (exts, label) = match method {
        DeliveryMethod::Cash => (vec!["pdf".to_owned()], "batches.path_cash"),
        _ => (vec!["xlsx".to_owned(), "csv".to_owned()], "batches.path_file"),
    };
    let default_name = path.rsplit(['/', '\\']).next().unwrap_or_default().to_owned();
    let question = i18n.tr("batches.write_confirm", &[("count", &approved.to_string()), ("path", &path)]);
    html! {
        <div id={id.clone()} class="card" data-method={method.code()}>
            <h3>{ i18n.t(&format!("payment.method.{}", method.code())) }</h3>
            <p id={format!("{id}-summary")}>
                { i18n.count_with("batches.summary", b.count as u64, &[("total", &b.total_usd.to_string())]) }
                if let Some(d) = b.sent_on { { " · " }{ i18n.tr("batches.sent_on", &[("date", &format_user(d))]) } }
            </p>
            <ul id={format!("{id}-statuses")} class="plain facts">
                { for b.statuses.iter().map(|(s, n)| html! {
                    <li data-status={s.code()} data-count={n.to_string()}>
                        { i18n.t(&format!("payment.status.{}", s.code())) }{ ": " }{ n }
                    </li>
                }) }
            </ul>
            if approved > 0 {
                <PathPicker id={format!("{id}-path")} label={i18n.t(label)} value={(*path).clone()}
                    mode={PickMode::Save { default_name, extensions: exts }}
                    on_change={Callback::from({ let path = path.clone(); move |p: String| path.set(p) })} />
                <div class="actions">
                    <button id={format!("{id}-write")} disabled={*busy}
                        onclick={Callback::from({ let (asking, result) = (asking.clone(), result.clone()); move |_: MouseEvent| { result.set(None); asking.set(true) } })}>
                        { i18n.t("batches.write") }
                    </button>
                </div>
                if *asking {
                    <div id={format!("{id}-confirm")} class="warning confirm" role="alertdialog"
                        aria-labelledby={format!("{id}-question")}>
                        <p id={format!("{id}-question")}>{ question }</p>
                        <div class="actions">
                            <button id={format!("{id}-write-yes")} class="primary" ref={yes_ref} onclick={on_write}>
                                { i18n.t("batches.write_yes") }
                            </button>
                            <button id={format!("{id}-write-no")}
                                onclick={Callback::from({ let asking = asking.clone(); move |_: MouseEvent| asking.set(false) })}>
                                { i18n.t("form.cancel") }
                            </button>
                        </div>
                    </div>
                }
            } else {
                <p class="note">{ i18n.t("batches.nothing_approved") }</p>
            }
            { result_line(format!("{id}-result"), &result, &i18n) }
        </div>
    }
}

fn result_line(id: String, result: &Option<Result<String, ApiError>>, i18n: &crate::i18n::I18n) -> Html {
    match result {
        None => html! {},
        Some(Ok(text)) => html! { <p {id} class="status ok" role="status">{ text.clone() }</p> },
        Some(Err(e)) => html! { <p {id} class="error" role="alert">{ e.message(i18n.lang) }</p> },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_offered_beside_the_payroll_in_its_own_format() {
        let oct = Month { year: 2024, month: 10 };
        let cases = [
            (
                "cash on linux",
                "/home/ana/Documentos/",
                DeliveryMethod::Cash,
                "/home/ana/Documentos/lote-efectivo-2024-10.pdf",
            ),
            (
                "bank on windows",
                "C:\\Users\\ana\\Documents",
                DeliveryMethod::Bank,
                "C:\\Users\\ana\\Documents\\lote-banco-2024-10.xlsx",
            ),
            ("wallet", "/tmp", DeliveryMethod::Wallet, "/tmp/lote-billetera-2024-10.xlsx"),
        ];
        for (name, folder, method, want) in cases {
            assert_eq!(default_path(folder, oct, method), want, "{name}");
        }
    }
}
