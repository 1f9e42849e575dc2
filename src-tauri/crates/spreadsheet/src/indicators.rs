//! The indicators as a workbook: one row for the whole programme, then one per municipality or month, each figure a
//! column headed in words, numbers as numbers (a donor's spreadsheet sums and charts them).

use std::collections::BTreeSet;

use reintegra_core::i18n::{Lang, t, tr};
use reintegra_core::indicators::Indicators;
use reintegra_core::wire::ApiError;
use reintegra_store::indicators::{By, Report};

use crate::io;

/// A column: its header and how to read it from a row's figures.
type Column = (String, Box<dyn Fn(&Indicators) -> u64>);

fn columns(lang: Lang, report: &Report) -> Vec<Column> {
    let mut cols: Vec<Column> = vec![
        (t(lang, "indicators.col.participants_paid"), Box::new(|i: &Indicators| i.participants_paid.value)),
        (t(lang, "indicators.col.participants_paid_target"), Box::new(|i: &Indicators| i.participants_paid.target)),
        (t(lang, "indicators.col.payments"), Box::new(|i: &Indicators| i.payments)),
        (t(lang, "indicators.col.paid_usd"), Box::new(|i: &Indicators| i.paid_usd)),
        (t(lang, "indicators.col.relatives_trained"), Box::new(|i: &Indicators| i.relatives_trained.value)),
        (t(lang, "indicators.col.relatives_trained_target"), Box::new(|i: &Indicators| i.relatives_trained.target)),
        (t(lang, "indicators.col.relatives_visited"), Box::new(|i: &Indicators| i.relatives_visited.value)),
        (t(lang, "indicators.col.relatives_visited_target"), Box::new(|i: &Indicators| i.relatives_visited.target)),
    ];
    // Every kind and status seen anywhere, so each row has the same columns.
    let all = || std::iter::once(&report.total).chain(report.groups.values());
    let kinds: BTreeSet<String> = all().flat_map(|i| i.sessions.keys().cloned()).collect();
    for kind in kinds {
        let header = tr(lang, "indicators.col.sessions", &[("kind", &t(lang, &format!("activity.{kind}")))]);
        cols.push((header, Box::new(move |i: &Indicators| i.sessions.get(&kind).copied().unwrap_or(0))));
    }
    let statuses: BTreeSet<String> = all().flat_map(|i| i.referrals.keys().cloned()).collect();
    for status in statuses {
        let header = tr(lang, "indicators.col.referrals", &[("status", &t(lang, &format!("ref_status.{status}")))]);
        cols.push((header, Box::new(move |i: &Indicators| i.referrals.get(&status).copied().unwrap_or(0))));
    }
    cols.push((t(lang, "indicators.col.initiatives"), Box::new(|i: &Indicators| i.initiatives)));
    cols.push((
        t(lang, "indicators.col.initiative_participants"),
        Box::new(|i: &Indicators| i.initiative_participants),
    ));
    cols
}

/// The first column's header and each group's name in words (a month as «10/2024», no municipality said so).
fn group_label(lang: Lang, by: By, key: &str) -> String {
    match by {
        By::Month => key.split_once('-').map(|(y, m)| format!("{m}/{y}")).unwrap_or_else(|| key.to_owned()),
        _ if key.is_empty() => t(lang, "report.no_municipality"),
        _ => key.to_owned(),
    }
}

/// The report as an xlsx workbook in `lang`.
pub fn workbook(lang: Lang, by: By, report: &Report) -> Result<Vec<u8>, ApiError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name(t(lang, "indicators.sheet")).map_err(io)?;
    let first = match by {
        By::Total => t(lang, "indicators.col.scope"),
        By::Municipality => t(lang, "column.municipality"),
        By::Month => t(lang, "column.month"),
    };
    let cols = columns(lang, report);
    sheet.write_string_with_format(0, 0, &first, &bold).map_err(io)?;
    for (c, (header, _)) in cols.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16 + 1, header, &bold).map_err(io)?;
    }
    let total = tr(lang, "indicators.total", &[("share", &report.trained_share_percent.to_string())]);
    let rows =
        std::iter::once((total, &report.total)).chain(report.groups.iter().map(|(k, i)| (group_label(lang, by, k), i)));
    for (r, (label, figures)) in rows.enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, &label).map_err(io)?;
        for (c, (_, value)) in cols.iter().enumerate() {
            sheet.write_number(r, c as u16 + 1, value(figures) as f64).map_err(io)?;
        }
    }
    sheet.set_column_width(0, 28).map_err(io)?;
    sheet.set_row_height(0, 45).map_err(io)?;
    book.save_to_buffer().map_err(io)
}

/// The indicators use case, the same from the window as from a script: computed by the store, written to `out`
/// through a temporary file, and the export audited (figures only, no one named).
pub fn export(
    store: &mut reintegra_store::Store,
    out: &std::path::Path,
    by: By,
    share: u32,
    lang: Lang,
) -> Result<reintegra_core::wire::data::ExportWritten, ApiError> {
    if !(1..=100).contains(&share) {
        return Err(ApiError::new("error.share_range"));
    }
    let report = reintegra_store::indicators::indicators(store, by, share)?;
    reintegra_store::sync::write_atomically(out, &workbook(lang, by, &report)?)?;
    let scope = match by {
        By::Total => "total",
        By::Municipality => "municipality",
        By::Month => "month",
    };
    let rows = 1 + report.groups.len();
    reintegra_store::audit::record(
        store,
        reintegra_store::audit::Action::Export,
        &format!("indicators:{scope}:{rows}"),
    )?;
    Ok(reintegra_core::wire::data::ExportWritten {
        path: out.to_string_lossy().into_owned(),
        records: rows,
        tables: 1,
        personal: false,
        protected: false,
    })
}
