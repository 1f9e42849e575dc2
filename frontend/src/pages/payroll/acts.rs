//! The payroll's two acts, side by side: export the file for the cashier, and approve (which records the payments as
//! approved: they are delivered from the «Lotes» tab). Each asks for confirmation first: the export holds personal
//! data, the approval cannot be undone here.

use reintegra_core::sheets::PdfRequest;
use reintegra_core::views::PayrollView;
use yew::prelude::*;

use crate::components::field::TextField;
use crate::components::path_picker::{PathPicker, PickMode};
use crate::components::payroll_tables::result_line;
use crate::components::pdf::PdfButton;
use crate::i18n::I18n;
use crate::state::payroll::{Confirm, PayrollAction, PayrollState};

/// What the acts do, from the page.
pub struct Acts {
    pub dispatcher: UseReducerDispatcher<PayrollState>,
    pub on_export: Callback<MouseEvent>,
    pub on_approve: Callback<MouseEvent>,
    /// The confirming button, focused when a confirmation opens.
    pub yes_ref: NodeRef,
}

/// A confirmation: the question and its two buttons (`{id}-question`, `{id}-yes`, `{id}-no`).
fn confirmation(
    id: &str,
    question: String,
    yes: String,
    on_yes: Callback<MouseEvent>,
    acts: &Acts,
    i18n: &I18n,
) -> Html {
    let cancel = acts.dispatcher.to_callback().reform(|_: MouseEvent| PayrollAction::Cancel);
    html! {
        <div id={format!("{id}-confirm")} class="warning confirm" role="alertdialog"
            aria-labelledby={format!("{id}-question")}>
            <p id={format!("{id}-question")}>{ question }</p>
            <div class="actions">
                <button id={format!("{id}-yes")} class="primary" ref={acts.yes_ref.clone()} onclick={on_yes}>{ yes }</button>
                <button id={format!("{id}-no")} onclick={cancel}>{ i18n.t("form.cancel") }</button>
            </div>
        </div>
    }
}

pub fn acts(s: &PayrollState, v: &PayrollView, acts: &Acts, i18n: &I18n) -> Html {
    let d = &acts.dispatcher;
    let count = v.lines.len().to_string();
    let total = v.total_usd.to_string();
    let none = v.lines.is_empty();
    let export_question = i18n.tr("payroll.export_confirm", &[("count", &count), ("path", &s.path)]);
    let approve_question =
        i18n.tr("payroll.approve_confirm", &[("count", &count), ("total", &total), ("reference", &s.reference)]);
    html! {
        <div class="columns spaced-card">
            <div class="card">
                <h3>{ i18n.t("payroll.export_title") }</h3>
                <PathPicker id="payroll-export-path" label={i18n.t("payroll.export_path")} value={s.path.clone()}
                    mode={PickMode::Save { default_name: file_name(&s.path), extensions: vec!["xlsx".into(), "csv".into()] }}
                    on_change={d.to_callback().reform(PayrollAction::Path)} />
                <div class="actions">
                    <button id="payroll-export" onclick={d.to_callback().reform(|_: MouseEvent| PayrollAction::Open(Confirm::Export))}
                        disabled={s.busy || none}>
                        { i18n.t("payroll.export") }
                    </button>
                </div>
                if s.confirm == Some(Confirm::Export) {
                    { confirmation("payroll-export", export_question, i18n.t("payroll.export_yes"), acts.on_export.clone(), acts, i18n) }
                }
                { result_line("payroll-export-result", &s.export_result, i18n) }
                <PdfButton id="payroll-pdf" request={PdfRequest::Payroll { month: s.month }}
                    label={i18n.t("pdf.button.payroll")} disabled={none} />
            </div>
            <div class="card">
                <h3>{ i18n.t("payroll.approve_title") }</h3>
                <TextField id="payroll-reference" label={i18n.t("payroll.reference")} value={s.reference.clone()}
                    oninput={d.to_callback().reform(PayrollAction::Reference)} />
                <div class="actions">
                    <button id="payroll-approve" class="primary"
                        onclick={d.to_callback().reform(|_: MouseEvent| PayrollAction::Open(Confirm::Approve))}
                        disabled={s.busy || none}>
                        { i18n.t(if s.busy { "payroll.working" } else { "payroll.approve" }) }
                    </button>
                </div>
                if s.confirm == Some(Confirm::Approve) {
                    { confirmation("payroll-approve", approve_question, i18n.t("payroll.approve_yes"), acts.on_approve.clone(), acts, i18n) }
                }
                { result_line("payroll-approve-result", &s.approve_result, i18n) }
            </div>
        </div>
    }
}

/// The file name of a path as typed (either separator: the folder may be a Windows one), proposed by the dialog.
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or_default().to_owned()
}
