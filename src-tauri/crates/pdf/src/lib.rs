//! The documents people expect on paper, as PDF: a group session's attendance sheet to sign, the month's voucher
//! payroll with signature lines, and a participant's case summary. Pure: the data and the language in, the bytes of
//! the file out; every text from the translation files, dates dd/mm/aaaa. The callers write the file and audit it.

mod layout;
mod metrics;
mod payments;

pub use payments::{cash_list, reconciliation};

use chrono::NaiveDate;
use reintegra_core::date::format_user;
use reintegra_core::i18n::{Lang, count, t, tr};
use reintegra_core::month::Month;
use reintegra_core::sheets::AttendanceSheet;
use reintegra_core::views::{PayrollView, PersonView, TimelineEntry, VoucherMonth};

use layout::{CONTENT_W, Col, Doc, Font, MARGIN, PAGE_W};

/// A month in words: "marzo de 2024".
fn month_words(lang: Lang, m: Month) -> String {
    tr(lang, "month.label", &[("month", &t(lang, &format!("month.{}", m.month))), ("year", &m.year.to_string())])
}

fn usd_cents(cents: u64) -> String {
    if cents.is_multiple_of(100) { (cents / 100).to_string() } else { format!("{}.{:02}", cents / 100, cents % 100) }
}

/// The top of a document's first page: the programme, the title, and the day it was printed.
fn masthead(doc: &mut Doc, lang: Lang, title: &str, today: NaiveDate) {
    let printed = tr(lang, "pdf.printed_on", &[("date", &format_user(today))]);
    let room = CONTENT_W - layout::width(&printed, Font::Regular, 9.0) - 12.0;
    doc.text(MARGIN, MARGIN + 9.0, Font::Bold, 9.5, &layout::fit(&t(lang, "pdf.programme"), Font::Bold, 9.5, room));
    doc.text_right(PAGE_W - MARGIN, MARGIN + 9.0, Font::Regular, 9.0, &printed);
    doc.line(MARGIN, MARGIN + 15.0, PAGE_W - MARGIN, 0.8);
    doc.y = MARGIN + 22.0;
    doc.paragraph(Font::Bold, 17.0, title);
    doc.y += 6.0;
}

/// A finished document: the file's bytes and how many pages it has.
pub struct Document {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

fn finish(doc: Doc, lang: Lang, title: &str) -> Document {
    let title = title.to_owned();
    let (bytes, pages) = doc.finish(&title, |page, pages| {
        tr(lang, "pdf.footer", &[("title", &title), ("page", &page.to_string()), ("pages", &pages.to_string())])
    });
    Document { bytes, pages }
}

/// The attendance sheet of a group session: the session's particulars, then the roster with a column to sign.
pub fn attendance_sheet(lang: Lang, sheet: &AttendanceSheet, today: NaiveDate) -> Document {
    let title = t(lang, "pdf.attendance.title");
    let running = format!(
        "{title} · {} · {}",
        sheet.group.clone().unwrap_or_else(|| t(lang, &format!("activity.{}", sheet.kind))),
        format_user(sheet.date)
    );
    let mut doc = Doc::new(format!("{running} {}", t(lang, "pdf.continued")));
    masthead(&mut doc, lang, &title, today);
    let none = || t(lang, "person.not_recorded");
    let modules: Vec<String> = sheet.modules.iter().map(|m| t(lang, &format!("module.{m}"))).collect();
    let mut pairs = vec![
        (t(lang, "pdf.attendance.kind"), t(lang, &format!("activity.{}", sheet.kind))),
        (t(lang, "pdf.attendance.group"), sheet.group.clone().unwrap_or_else(none)),
        (t(lang, "pdf.attendance.date"), format_user(sheet.date)),
        (t(lang, "pdf.attendance.municipality"), sheet.municipality.clone().unwrap_or_else(none)),
        (t(lang, "pdf.attendance.facilitator"), sheet.facilitator.clone().unwrap_or_else(none)),
    ];
    if let Some(m) = &sheet.modality {
        pairs.push((t(lang, "pdf.attendance.modality"), t(lang, &format!("modality.{m}"))));
    }
    pairs.push((
        t(lang, "pdf.attendance.modules"),
        if modules.is_empty() { t(lang, "pdf.attendance.no_modules") } else { modules.join(", ") },
    ));
    doc.pairs(&pairs, 130.0);
    doc.y += 12.0;
    let cols = [
        Col::right(t(lang, "payroll.col.no"), 26.0),
        Col::new(t(lang, "payroll.col.name"), 168.0),
        Col::new(t(lang, "payroll.col.dui"), 68.0),
        Col::new(t(lang, "pdf.col.role"), 62.0),
        Col::new(t(lang, "pdf.col.attendance"), 66.0),
        Col::new(t(lang, "payroll.col.signature"), CONTENT_W - 390.0),
    ];
    let rows: Vec<Vec<String>> = sheet
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.name.clone(),
                r.dui.clone().unwrap_or_default(),
                t(lang, &format!("role.{}", r.role.code())),
                r.status.as_ref().map(|s| t(lang, &format!("session.status.{s}"))).unwrap_or_default(),
                String::new(),
            ]
        })
        .collect();
    if rows.is_empty() {
        doc.paragraph(Font::Regular, 10.0, &t(lang, "pdf.attendance.empty"));
    } else {
        doc.table(&cols, &rows, 9.5, 26.0);
        doc.y += 6.0;
        doc.paragraph(Font::Regular, 9.5, &count(lang, "pdf.attendance.count", rows.len() as u64));
    }
    doc.y += 6.0;
    doc.signatures(
        &[t(lang, "pdf.attendance.facilitator_signature")],
        &t(lang, "pdf.sign.name"),
        &t(lang, "pdf.sign.date"),
    );
    finish(doc, lang, &title)
}

/// The month's payroll: the payable participants (as the payroll export), the total, and the lines to sign for
/// who prepared, reviewed and approved it.
pub fn payroll(lang: Lang, p: &PayrollView, today: NaiveDate) -> Document {
    let title = tr(lang, "pdf.payroll.title", &[("month", &month_words(lang, p.month))]);
    let mut doc = Doc::new(format!("{title} {}", t(lang, "pdf.continued")));
    masthead(&mut doc, lang, &title, today);
    doc.paragraph(Font::Regular, 9.5, &tr(lang, "voucher.rules", &[("version", &p.rules_version.to_string())]));
    doc.y += 8.0;
    let cols = [
        Col::right(t(lang, "payroll.col.no"), 26.0),
        Col::new(t(lang, "payroll.col.name"), 150.0),
        Col::new(t(lang, "payroll.col.dui"), 66.0),
        Col::new(t(lang, "pdf.col.place"), 100.0),
        Col::right(t(lang, "pdf.col.month_index"), 64.0),
        Col::right(t(lang, "payroll.col.amount"), 52.0),
        Col::new(t(lang, "payroll.col.signature"), CONTENT_W - 458.0),
    ];
    let rows: Vec<Vec<String>> = p
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let place = match &l.district {
                Some(d) => format!("{} / {d}", l.municipality),
                None => l.municipality.clone(),
            };
            vec![
                (i + 1).to_string(),
                l.name.clone(),
                l.dui.clone().unwrap_or_default(),
                place,
                // An arrear (a month whose payment failed) says which month it pays.
                if l.month_paid == p.month {
                    l.month_index.to_string()
                } else {
                    format!("{} ({:02}/{})", l.month_index, l.month_paid.month, l.month_paid.year)
                },
                l.amount_usd.to_string(),
                String::new(),
            ]
        })
        .collect();
    if rows.is_empty() {
        doc.paragraph(Font::Regular, 10.0, &t(lang, "payroll.empty"));
    } else {
        doc.table(&cols, &rows, 9.0, 26.0);
    }
    doc.y += 8.0;
    let total = tr(
        lang,
        "pdf.payroll.total",
        &[("people", &count(lang, "pdf.people", p.lines.len() as u64)), ("total", &p.total_usd.to_string())],
    );
    doc.paragraph(Font::Bold, 11.0, &total);
    doc.y += 10.0;
    let roles: Vec<String> =
        ["prepared", "reviewed", "approved"].iter().map(|k| t(lang, &format!("pdf.sign.{k}"))).collect();
    doc.signatures(&roles, &t(lang, "pdf.sign.name"), &t(lang, "pdf.sign.date"));
    finish(doc, lang, &title)
}

fn timeline_detail(lang: Lang, e: &TimelineEntry) -> String {
    let code = e.detail.as_ref().map(|d| match e.kind.as_str() {
        "referral" => t(lang, &format!("service.{d}")),
        "payment" => Month::parse(d).map(|m| month_words(lang, m)).unwrap_or_default(),
        "community_initiative" => t(lang, &format!("initiative_kind.{d}")),
        "case_plan_goal" => t(lang, &format!("pdf.goal.{d}")),
        _ => t(lang, &format!("attendance.{d}")),
    });
    [e.text.clone(), code].into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

fn sex_key(s: reintegra_core::person::Sex) -> &'static str {
    use reintegra_core::person::Sex;
    match s {
        Sex::Female => "sex.female",
        Sex::Male => "sex.male",
        Sex::Other => "sex.other",
    }
}

fn payment_text(lang: Lang, m: &VoucherMonth) -> String {
    match &m.payment {
        Some(p) => {
            tr(lang, "voucher.paid", &[("amount", &usd_cents(p.amount_cents)), ("date", &format_user(p.paid_on))])
        }
        None if m.evaluation.payable => t(lang, "voucher.unpaid"),
        None => t(lang, "voucher.not_due"),
    }
}

/// A participant's (or relative's) case summary: profile, family network, components, voucher months and the
/// latest activity.
pub fn case_summary(lang: Lang, v: &PersonView, today: NaiveDate) -> Document {
    let title = t(lang, "pdf.case.title");
    let p = &v.person;
    let mut doc = Doc::new(format!("{title} · {} {}", p.full_name(), t(lang, "pdf.continued")));
    masthead(&mut doc, lang, &title, today);
    doc.paragraph(Font::Bold, 14.0, &p.full_name());
    doc.paragraph(Font::Regular, 10.0, &t(lang, &format!("role.{}", p.role.code())));
    doc.y += 4.0;
    let none = || t(lang, "person.not_recorded");
    let place = match &p.district {
        Some(d) => format!("{} / {d}", p.municipality),
        None => p.municipality.clone(),
    };
    let consent = match (p.consent_date, &p.consent_scope) {
        (Some(d), Some(scope)) => tr(
            lang,
            "person.consent_value",
            &[("date", &format_user(d)), ("scope", &t(lang, &format!("consent_scope.{scope}")))],
        ),
        (Some(d), None) => format_user(d),
        (None, _) => none(),
    };
    let mut pairs = vec![
        (t(lang, "col.dui"), p.dui.clone().unwrap_or_else(none)),
        (t(lang, "col.birth_date"), format_user(p.birth_date)),
        (t(lang, "pdf.case.sex"), p.sex.map(|s| t(lang, sex_key(s))).unwrap_or_else(none)),
        (t(lang, "person.place"), place),
        (t(lang, "pdf.case.address"), p.address.clone().unwrap_or_else(none)),
        (t(lang, "person.phone"), p.phone.clone().unwrap_or_else(none)),
    ];
    if let Some(d) = p.release_date {
        pairs.push((t(lang, "person.release_date"), format_user(d)));
    }
    pairs.push((t(lang, "person.consent"), consent));
    pairs.push((
        t(lang, "person.status"),
        p.status.as_ref().map(|s| t(lang, &format!("person_status.{s}"))).unwrap_or_else(none),
    ));
    pairs.push((t(lang, "person.worker"), p.assigned_worker.clone().unwrap_or_else(none)));
    doc.heading(&t(lang, "person.profile"), 40.0);
    doc.pairs(&pairs, 170.0);

    doc.heading(&t(lang, "person.family"), 40.0);
    if v.family.is_empty() {
        doc.paragraph(Font::Regular, 10.0, &t(lang, "person.family_empty"));
    } else {
        let cols = [
            Col::new(t(lang, "col.name"), 260.0),
            Col::new(t(lang, "pdf.col.relationship"), 140.0),
            Col::new(t(lang, "col.role"), CONTENT_W - 400.0),
        ];
        let rows: Vec<Vec<String>> = v
            .family
            .iter()
            .map(|f| {
                vec![
                    f.name.clone(),
                    t(lang, &format!("relationship.{}", f.kind)),
                    t(lang, &format!("role.{}", f.role.code())),
                ]
            })
            .collect();
        doc.table(&cols, &rows, 9.5, 0.0);
    }

    doc.heading(&t(lang, "person.components"), 40.0);
    if v.enrolments.is_empty() {
        doc.paragraph(Font::Regular, 10.0, &t(lang, "person.components_empty"));
    } else {
        let cols = [
            Col::new(t(lang, "pdf.col.component"), 200.0),
            Col::new(t(lang, "pdf.col.from"), 90.0),
            Col::new(t(lang, "pdf.col.until"), 90.0),
            Col::new(t(lang, "person.status"), CONTENT_W - 380.0),
        ];
        let rows: Vec<Vec<String>> = v
            .enrolments
            .iter()
            .map(|e| {
                vec![
                    t(lang, &format!("component.{}", e.component)),
                    format_user(e.start_date),
                    e.end_date.map(format_user).unwrap_or_default(),
                    e.status.as_ref().map(|s| t(lang, &format!("person_status.{s}"))).unwrap_or_default(),
                ]
            })
            .collect();
        doc.table(&cols, &rows, 9.5, 0.0);
    }

    if !v.voucher.is_empty() {
        doc.heading(&t(lang, "voucher.months"), 40.0);
        let cols = [
            Col::right(t(lang, "pdf.col.month_index"), 50.0),
            Col::new(t(lang, "payroll.col.month"), 120.0),
            Col::new(t(lang, "payroll.col.outcome"), 120.0),
            Col::new(t(lang, "pdf.col.payment"), CONTENT_W - 290.0),
        ];
        let rows: Vec<Vec<String>> = v
            .voucher
            .iter()
            .map(|m| {
                let e = &m.evaluation;
                vec![
                    e.month_index.map(|i| i.to_string()).unwrap_or_default(),
                    month_words(lang, e.month),
                    t(lang, &format!("outcome.{}", e.outcome.code())),
                    payment_text(lang, m),
                ]
            })
            .collect();
        doc.table(&cols, &rows, 9.5, 0.0);
    }

    doc.heading(&t(lang, "person.timeline"), 40.0);
    if v.timeline.is_empty() {
        doc.paragraph(Font::Regular, 10.0, &t(lang, "person.timeline_empty"));
    } else {
        let cols = [
            Col::new(t(lang, "pdf.col.date"), 80.0),
            Col::new(t(lang, "pdf.col.activity"), 180.0),
            Col::new(t(lang, "pdf.col.detail"), CONTENT_W - 260.0),
        ];
        let rows: Vec<Vec<String>> = v
            .timeline
            .iter()
            .map(|e| vec![format_user(e.date), t(lang, &format!("activity.{}", e.kind)), timeline_detail(lang, e)])
            .collect();
        doc.table(&cols, &rows, 9.5, 0.0);
    }
    finish(doc, lang, &title)
}
