//! Printable documents from the app: the PDF is written into the folder the payroll export is offered in (the
//! Documents folder, else home), under a name that says what it is and never over an existing file, and the export
//! is recorded in the audit log (the document and its id or month; no names).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use reintegra_core::i18n::Lang;
use reintegra_core::sheets::{PdfDone, PdfRequest};
use reintegra_core::wire::ApiError;
use reintegra_store::Store;
use reintegra_store::audit::{self, Action};

use crate::state::AppState;

/// Where printable documents go: the same folder as the payroll export.
pub fn folder() -> PathBuf {
    dirs::document_dir().filter(|d| d.is_dir()).or_else(dirs::home_dir).unwrap_or_else(|| PathBuf::from("."))
}

/// `stem.pdf` in `dir`, or `stem-2.pdf`, `stem-3.pdf`... the first that does not exist yet.
fn free_name(dir: &Path, stem: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.pdf"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{stem}-{n}.pdf"))).find(|p| !p.exists()).unwrap_or(first)
}

/// Renders the document asked for and writes it into `dir`.
pub fn write(
    store: &mut Store,
    req: PdfRequest,
    lang: Lang,
    today: NaiveDate,
    dir: &Path,
) -> Result<PdfDone, ApiError> {
    if !dir.is_dir() {
        return Err(ApiError::new("payroll.export_no_folder"));
    }
    // The last characters of a record id tell two files apart (v7 ids begin with the time) and name no one.
    let short = |id: uuid::Uuid| {
        let s = id.simple().to_string();
        s[s.len() - 6..].to_owned()
    };
    let (doc, stem, subject) = match req {
        PdfRequest::Attendance { session } => {
            let sheet = reintegra_store::sheets::attendance_sheet(store, session)?;
            let doc = reintegra_pdf::attendance_sheet(lang, &sheet, today);
            (doc, format!("asistencia-{}-{}", sheet.date, short(session)), format!("pdf_attendance:{session}"))
        }
        PdfRequest::Roster { group, date, modules, people } => {
            let sheet = reintegra_store::sheets::roster_sheet(store, group, date, &modules, &people)?;
            let doc = reintegra_pdf::attendance_sheet(lang, &sheet, today);
            (doc, format!("lista-{date}-{}", short(group)), format!("pdf_roster:{group}"))
        }
        PdfRequest::Payroll { month } => {
            let view = reintegra_store::views::payroll_view(store, month)?;
            (
                reintegra_pdf::payroll(lang, &view, today),
                format!("planilla-{month}-{today}"),
                format!("pdf_payroll:{month}"),
            )
        }
        PdfRequest::Case { person } => {
            let view = reintegra_store::views::person_view(store, person)?;
            (
                reintegra_pdf::case_summary(lang, &view, today),
                format!("caso-{}-{today}", short(person)),
                format!("pdf_case:{person}"),
            )
        }
    };
    let out = free_name(dir, &stem);
    reintegra_store::sync::write_atomically(&out, &doc.bytes)?;
    // A document of names and DUIs left the encrypted store: that is recorded.
    audit::record(store, Action::Export, &subject)?;
    Ok(PdfDone { path: out.to_string_lossy().into_owned(), pages: doc.pages })
}

impl AppState {
    /// The folder printable documents are written into, for the screen to say before it writes.
    pub fn pdf_folder(&self) -> String {
        folder().to_string_lossy().into_owned()
    }

    /// Writes a printable document (it holds personal data: the screen asked first) and says where.
    pub fn write_pdf(&self, request: PdfRequest, lang: Lang, today: NaiveDate) -> Result<PdfDone, ApiError> {
        self.with_store(|s| write(s, request, lang, today, &folder()))
    }
}

#[cfg(test)]
mod tests {
    use reintegra_core::month::Month;
    use reintegra_core::wire::DeviceRole;

    use super::*;

    #[test]
    fn each_document_is_written_under_its_own_name_never_over_another_and_audited() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store =
            Store::create(&dir.path().join("s.db"), "una frase de prueba", "Central", DeviceRole::Supervisor)
                .expect("store");
        let today = NaiveDate::from_ymd_opt(2024, 2, 10).expect("date");
        let month = Month::parse("2024-01").expect("month");
        let first = write(&mut store, PdfRequest::Payroll { month }, Lang::Es, today, dir.path()).expect("first");
        let second = write(&mut store, PdfRequest::Payroll { month }, Lang::Es, today, dir.path()).expect("second");
        assert!(first.path.ends_with("planilla-2024-01-2024-02-10.pdf"), "{}", first.path);
        assert!(second.path.ends_with("planilla-2024-01-2024-02-10-2.pdf"), "{}", second.path);
        assert!(std::fs::read(&first.path).expect("pdf").starts_with(b"%PDF-"));
        assert_eq!(first.pages, 1);
        let unknown = PdfRequest::Case { person: uuid::Uuid::nil() };
        assert_eq!(
            write(&mut store, unknown, Lang::Es, today, dir.path()).expect_err("unknown").code,
            "error.not_found"
        );
        let missing = dir.path().join("no-existe");
        let e = write(&mut store, PdfRequest::Payroll { month }, Lang::Es, today, &missing).expect_err("no folder");
        assert_eq!(e.code, "payroll.export_no_folder");
        let log = reintegra_store::audit::recent(&mut store, 10).expect("audit");
        assert_eq!(log.iter().filter(|e| e.subject == "pdf_payroll:2024-01").count(), 2);
    }
}
