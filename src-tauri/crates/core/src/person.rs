//! A person of the programme: a participant (a released person) or a relative.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::reference::Catalogue;
use crate::validation::{FieldErrors, limits, max_len, required};
use crate::{date, dui, text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    Participant,
    Relative,
}

impl PersonRole {
    /// The code used in files and translation keys (`role.participant`).
    pub fn code(self) -> &'static str {
        match self {
            PersonRole::Participant => "participant",
            PersonRole::Relative => "relative",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
    Other,
}

/// The stored fields of a person (the record's data; its id lives beside it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonFields {
    pub role: PersonRole,
    pub given_names: String,
    pub first_surname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_surname: Option<String>,
    pub birth_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dui: Option<String>,
    pub municipality: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_worker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl PersonFields {
    pub fn full_name(&self) -> String {
        let mut s = format!("{} {}", self.given_names, self.first_surname);
        if let Some(second) = &self.second_surname {
            s.push(' ');
            s.push_str(second);
        }
        s
    }

    /// What a search matches: names, DUI and phone, folded.
    pub fn search_key(&self) -> String {
        let mut key = text::fold(&self.full_name());
        for extra in [&self.dui, &self.phone].into_iter().flatten() {
            key.push(' ');
            key.push_str(extra);
        }
        key
    }

    pub fn is_adult_on(&self, today: NaiveDate) -> bool {
        date::age_on(self.birth_date, today) >= date::ADULT_AGE
    }
}

/// The person form as typed: every field a string, dates as dd/mm/aaaa.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonForm {
    pub role: String,
    pub given_names: String,
    pub first_surname: String,
    pub second_surname: String,
    pub birth_date: String,
    pub sex: String,
    pub dui: String,
    pub municipality: String,
    pub district: String,
    pub address: String,
    pub phone: String,
    pub release_date: String,
    pub consent_date: String,
}

impl PersonForm {
    /// The form prefilled with a stored person, for editing (dates as dd/mm/aaaa, absent fields empty).
    pub fn from_fields(p: &PersonFields) -> PersonForm {
        let sex = p.sex.map(|s| match s {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Other => "other",
        });
        let date = |d: Option<NaiveDate>| d.map(date::format_user).unwrap_or_default();
        PersonForm {
            role: p.role.code().to_owned(),
            given_names: p.given_names.clone(),
            first_surname: p.first_surname.clone(),
            second_surname: p.second_surname.clone().unwrap_or_default(),
            birth_date: date::format_user(p.birth_date),
            sex: sex.unwrap_or_default().to_owned(),
            dui: p.dui.clone().unwrap_or_default(),
            municipality: p.municipality.clone(),
            district: p.district.clone().unwrap_or_default(),
            address: p.address.clone().unwrap_or_default(),
            phone: p.phone.clone().unwrap_or_default(),
            release_date: date(p.release_date),
            consent_date: date(p.consent_date),
        }
    }
}

/// The stored fields the person form edits; the others (consent scope, worker, status) are kept as they are.
pub const FORM_FIELDS: &[&str] = &[
    "given_names",
    "first_surname",
    "second_surname",
    "birth_date",
    "sex",
    "dui",
    "municipality",
    "district",
    "address",
    "phone",
    "release_date",
    "consent_date",
];

/// Whether two versions of a person differ in what identifies them (names, birth date, DUI): only then is the
/// duplicate check worth asking about again.
pub fn identity_changed(a: &PersonFields, b: &PersonFields) -> bool {
    a.given_names != b.given_names
        || a.first_surname != b.first_surname
        || a.second_surname != b.second_surname
        || a.birth_date != b.birth_date
        || a.dui != b.dui
}

fn opt(s: &str) -> Option<String> {
    let t = text::tidy(s);
    if t.is_empty() { None } else { Some(t) }
}

fn opt_date(errors: &mut FieldErrors, field: &str, s: &str) -> Option<NaiveDate> {
    if s.trim().is_empty() {
        return None;
    }
    let parsed = date::parse_user(s);
    if parsed.is_none() {
        errors.push(field, "error.date_invalid");
    }
    parsed
}

/// Validates the form as typed. On success the fields are tidied and ready to store.
pub fn validate_form(form: &PersonForm, today: NaiveDate, catalogue: &Catalogue) -> Result<PersonFields, FieldErrors> {
    let mut errors = FieldErrors::default();
    let role = match form.role.as_str() {
        "participant" => Some(PersonRole::Participant),
        "relative" => Some(PersonRole::Relative),
        "" => {
            errors.push("role", "error.required");
            None
        }
        _ => {
            errors.push("role", "error.choice_invalid");
            None
        }
    };
    let sex = match form.sex.as_str() {
        "" => None,
        "female" => Some(Sex::Female),
        "male" => Some(Sex::Male),
        "other" => Some(Sex::Other),
        _ => {
            errors.push("sex", "error.choice_invalid");
            None
        }
    };
    required(&mut errors, "given_names", &form.given_names, limits::NAME);
    required(&mut errors, "first_surname", &form.first_surname, limits::NAME);
    let birth_date = if form.birth_date.trim().is_empty() {
        errors.push("birth_date", "error.required");
        None
    } else {
        opt_date(&mut errors, "birth_date", &form.birth_date)
    };
    if form.municipality.trim().is_empty() {
        errors.push("municipality", "error.required");
    }
    let release_date = opt_date(&mut errors, "release_date", &form.release_date);
    let consent_date = opt_date(&mut errors, "consent_date", &form.consent_date);
    let dui = opt(&form.dui).map(|d| dui::normalise(&d).unwrap_or(d));

    let (Some(role), Some(birth_date)) = (role, birth_date) else {
        // Check what can be checked without the missing parts, so every error shows at once.
        check_text_fields(&mut errors, form, catalogue);
        return Err(errors);
    };
    let fields = PersonFields {
        role,
        given_names: text::tidy(&form.given_names),
        first_surname: text::tidy(&form.first_surname),
        second_surname: opt(&form.second_surname),
        birth_date,
        sex,
        dui,
        municipality: text::tidy(&form.municipality),
        district: opt(&form.district),
        address: opt(&form.address),
        phone: opt(&form.phone),
        release_date,
        consent_date,
        consent_scope: None,
        assigned_worker: None,
        status: None,
    };
    match validate_fields(&fields, today, catalogue) {
        Ok(fields) if errors.is_empty() => Ok(fields),
        Ok(_) => Err(errors),
        Err(more) => {
            for e in more.0 {
                if errors.for_field(&e.field).is_none() {
                    errors.0.push(e);
                }
            }
            Err(errors)
        }
    }
}

/// The checks that need neither the role nor the birth date, so a form missing those still shows every other error.
fn check_text_fields(errors: &mut FieldErrors, form: &PersonForm, catalogue: &Catalogue) {
    max_len(errors, "second_surname", &form.second_surname, limits::NAME);
    max_len(errors, "address", &form.address, limits::ADDRESS);
    max_len(errors, "phone", &form.phone, limits::SHORT);
    if !form.dui.trim().is_empty() && !dui::is_valid(&form.dui) {
        errors.push("dui", "error.dui_invalid");
    }
    if !form.municipality.trim().is_empty() && catalogue.municipality(&form.municipality).is_none() {
        errors.push("municipality", "error.municipality_unknown");
    }
}

/// Validates stored fields (from a form, a file or a merge) and returns them with names in their canonical form
/// (municipality and district spelled as in the reference data).
pub fn validate_fields(
    fields: &PersonFields,
    today: NaiveDate,
    catalogue: &Catalogue,
) -> Result<PersonFields, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut out = fields.clone();
    required(&mut errors, "given_names", &fields.given_names, limits::NAME);
    required(&mut errors, "first_surname", &fields.first_surname, limits::NAME);
    if let Some(s) = &fields.second_surname {
        max_len(&mut errors, "second_surname", s, limits::NAME);
    }
    if let Some(a) = &fields.address {
        max_len(&mut errors, "address", a, limits::ADDRESS);
    }
    if let Some(p) = &fields.phone {
        max_len(&mut errors, "phone", p, limits::SHORT);
        if !p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
            errors.push("phone", "error.phone_invalid");
        }
    }
    if fields.birth_date > today {
        errors.push("birth_date", "error.date_future");
    } else if date::age_on(fields.birth_date, today) > 120 {
        errors.push("birth_date", "error.date_too_old");
    }
    for (field, d) in [("release_date", fields.release_date), ("consent_date", fields.consent_date)] {
        if d.is_some_and(|d| d > today) {
            errors.push(field, "error.date_future");
        }
    }
    if fields.release_date.is_some() && fields.role != PersonRole::Participant {
        errors.push("release_date", "error.release_date_relative");
    }
    if let Some(d) = &fields.dui {
        if !dui::is_valid(d) {
            errors.push("dui", "error.dui_invalid");
        } else if !fields.is_adult_on(today) && fields.birth_date <= today {
            errors.push("dui", "error.dui_minor");
        } else {
            out.dui = dui::normalise(d);
        }
    }
    match catalogue.municipality(&fields.municipality) {
        None if fields.municipality.trim().is_empty() => errors.push("municipality", "error.required"),
        None => errors.push("municipality", "error.municipality_unknown"),
        Some(m) => {
            out.municipality = m.name.clone();
            if let Some(d) = &fields.district {
                match m.district(d) {
                    Some(canonical) => out.district = Some(canonical.to_owned()),
                    None => errors.push("district", "error.district_unknown"),
                }
            }
        }
    }
    errors.into_result(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
    }

    fn valid_form() -> PersonForm {
        PersonForm {
            role: "participant".into(),
            given_names: "José Ángel".into(),
            first_surname: "Núñez".into(),
            second_surname: "Hernández".into(),
            birth_date: "14/02/1995".into(),
            sex: "male".into(),
            dui: "00016297-5".into(),
            municipality: "San Salvador Este".into(),
            district: "soyapango".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_form_is_tidied() {
        let f = validate_form(&valid_form(), today(), &Catalogue::default()).expect("valid");
        assert_eq!(f.district.as_deref(), Some("Soyapango"));
        assert_eq!(f.full_name(), "José Ángel Núñez Hernández");
        assert_eq!(f.search_key(), "jose angel nunez hernandez 00016297-5");
    }

    #[test]
    fn invalid_forms() {
        // (name, change to the valid form, field that must carry the error, code)
        type Edit = fn(&mut PersonForm);
        let cases: &[(&str, Edit, &str, &str)] = &[
            ("no given names", |f| f.given_names = "  ".into(), "given_names", "error.required"),
            ("no first surname", |f| f.first_surname.clear(), "first_surname", "error.required"),
            ("no birth date", |f| f.birth_date.clear(), "birth_date", "error.required"),
            ("february 30", |f| f.birth_date = "30/02/1995".into(), "birth_date", "error.date_invalid"),
            ("born tomorrow", |f| f.birth_date = "25/11/2026".into(), "birth_date", "error.date_future"),
            ("bad dui digit", |f| f.dui = "00016297-4".into(), "dui", "error.dui_invalid"),
            ("dui of a minor", |f| f.birth_date = "01/01/2015".into(), "dui", "error.dui_minor"),
            (
                "unknown municipality",
                |f| f.municipality = "Santa Ana".into(),
                "municipality",
                "error.municipality_unknown",
            ),
            ("district elsewhere", |f| f.district = "Apopa".into(), "district", "error.district_unknown"),
            ("no role", |f| f.role.clear(), "role", "error.required"),
            ("name too long", |f| f.given_names = "a".repeat(81), "given_names", "error.too_long"),
        ];
        for (name, edit, field, code) in cases {
            let mut form = valid_form();
            edit(&mut form);
            let errors = validate_form(&form, today(), &Catalogue::default()).expect_err(name);
            let e = errors.for_field(field).unwrap_or_else(|| panic!("{name}: no error on {field}: {errors:?}"));
            assert_eq!(e.code, *code, "{name}");
        }
    }

    #[test]
    fn a_bad_birth_date_does_not_hide_other_errors() {
        let mut form = valid_form();
        form.birth_date = "30/02/1990".into();
        form.dui = "00016297-4".into();
        form.municipality = "Santa Ana".into();
        let errors = validate_form(&form, today(), &Catalogue::default()).expect_err("invalid");
        for (field, code) in [
            ("birth_date", "error.date_invalid"),
            ("dui", "error.dui_invalid"),
            ("municipality", "error.municipality_unknown"),
        ] {
            assert_eq!(errors.for_field(field).map(|e| e.code.as_str()), Some(code), "{field}");
        }
    }

    #[test]
    fn every_missing_field_reported_at_once() {
        let errors = validate_form(&PersonForm::default(), today(), &Catalogue::default()).expect_err("empty form");
        for field in ["role", "given_names", "first_surname", "birth_date", "municipality"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn minor_without_dui_is_valid() {
        let mut form = valid_form();
        form.birth_date = "01/01/2015".into();
        form.dui.clear();
        assert!(validate_form(&form, today(), &Catalogue::default()).is_ok());
    }

    #[test]
    fn a_stored_person_prefills_the_form_and_validates_back_to_the_same_fields() {
        let mut form = valid_form();
        form.address = "Colonia Las Margaritas, pasaje 3".into();
        form.phone = "7012-3456".into();
        form.release_date = "02/10/2023".into();
        let stored = validate_form(&form, today(), &Catalogue::default()).expect("valid");
        let prefilled = PersonForm::from_fields(&stored);
        assert_eq!(prefilled.birth_date, "14/02/1995", "dates as dd/mm/aaaa");
        assert_eq!(prefilled.district, "Soyapango", "as stored, canonical");
        assert_eq!(prefilled.sex, "male");
        assert_eq!(validate_form(&prefilled, today(), &Catalogue::default()).expect("valid"), stored);
        let mut relative = stored.clone();
        relative.role = PersonRole::Relative;
        relative.release_date = None;
        relative.sex = None;
        let prefilled = PersonForm::from_fields(&relative);
        assert_eq!(
            (prefilled.role.as_str(), prefilled.sex.as_str(), prefilled.release_date.as_str()),
            ("relative", "", "")
        );
    }

    #[test]
    fn identity_changes() {
        let base = validate_form(&valid_form(), today(), &Catalogue::default()).expect("valid");
        type Case = (&'static str, fn(&mut PersonFields), bool);
        let cases: [Case; 5] = [
            ("a new phone", |p| p.phone = Some("7000-0000".into()), false),
            ("another district", |p| p.district = Some("Ilopango".into()), false),
            ("a corrected given name", |p| p.given_names = "José Ángeles".into(), true),
            ("another birth date", |p| p.birth_date = NaiveDate::from_ymd_opt(1995, 2, 15).expect("date"), true),
            ("the DUI removed", |p| p.dui = None, true),
        ];
        for (name, change, expected) in cases {
            let mut other = base.clone();
            change(&mut other);
            assert_eq!(identity_changed(&base, &other), expected, "{name}");
        }
    }
}

/// Whether two records probably describe the same person, so that registering the second should warn and offer
/// the first: the same DUI, or the same birth date with names that match once accents, case, word order of the
/// surnames across the two fields and a missing second surname or extra given name are set aside.
pub fn likely_same(a: &PersonFields, b: &PersonFields) -> bool {
    if let (Some(x), Some(y)) = (&a.dui, &b.dui)
        && dui::normalise(x) == dui::normalise(y)
    {
        return true;
    }
    a.birth_date == b.birth_date && given_names_match(a, b) && surnames_match(a, b)
}

fn words(s: &str) -> Vec<String> {
    text::fold(s).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

fn given_names_match(a: &PersonFields, b: &PersonFields) -> bool {
    let (x, y) = (words(&a.given_names), words(&b.given_names));
    let n = x.len().min(y.len());
    n > 0 && x[..n] == y[..n]
}

fn surnames_match(a: &PersonFields, b: &PersonFields) -> bool {
    let all = |p: &PersonFields| words(&format!("{} {}", p.first_surname, p.second_surname.as_deref().unwrap_or("")));
    let (x, y) = (all(a), all(b));
    // One record may lack the second surname: then the shorter list must be the start of the longer.
    let n = x.len().min(y.len());
    n > 0 && x[..n] == y[..n] && (x.len() == y.len() || a.second_surname.is_none() || b.second_surname.is_none())
}

#[cfg(test)]
mod dedup_tests {
    use super::*;

    fn p(given: &str, first: &str, second: Option<&str>, birth: &str, dui: Option<&str>) -> PersonFields {
        PersonFields {
            role: PersonRole::Participant,
            given_names: given.into(),
            first_surname: first.into(),
            second_surname: second.map(Into::into),
            birth_date: date::parse_iso(birth).expect("date"),
            sex: None,
            dui: dui.map(Into::into),
            municipality: "San Salvador Este".into(),
            district: None,
            address: None,
            phone: None,
            release_date: None,
            consent_date: None,
            consent_scope: None,
            assigned_worker: None,
            status: None,
        }
    }

    #[test]
    fn likely_same_cases() {
        let base = p("José Ángel", "Núñez", Some("Hernández"), "1995-02-14", None);
        let cases = [
            ("identical", p("José Ángel", "Núñez", Some("Hernández"), "1995-02-14", None), true),
            ("without accents", p("Jose Angel", "Nunez", Some("Hernandez"), "1995-02-14", None), true),
            ("upper case", p("JOSÉ ÁNGEL", "NÚÑEZ", Some("HERNÁNDEZ"), "1995-02-14", None), true),
            ("no second surname", p("José Ángel", "Núñez", None, "1995-02-14", None), true),
            ("both surnames in the first field", p("José Ángel", "Núñez Hernández", None, "1995-02-14", None), true),
            ("first given name only", p("José", "Núñez", Some("Hernández"), "1995-02-14", None), true),
            ("other birth date", p("José Ángel", "Núñez", Some("Hernández"), "1995-02-15", None), false),
            ("other second surname", p("José Ángel", "Núñez", Some("López"), "1995-02-14", None), false),
            ("other given name", p("Juan", "Núñez", Some("Hernández"), "1995-02-14", None), false),
            ("same dui, other names", p("Pedro", "Ramos", None, "1980-01-01", Some("00016297-5")), false),
        ];
        for (name, other, want) in cases {
            assert_eq!(likely_same(&base, &other), want, "{name}");
        }
        let with_dui = p("José Ángel", "Núñez", Some("Hernández"), "1995-02-14", Some("000162975"));
        let other_with_dui = p("Pedro", "Ramos", None, "1980-01-01", Some("00016297-5"));
        assert!(likely_same(&with_dui, &other_with_dui), "same DUI");
    }
}
