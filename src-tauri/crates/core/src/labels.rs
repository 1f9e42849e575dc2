//! The words a reader sees for a stored code: an export's cells say «Participante», «Mujer», «Aceptada», not
//! `participant`, `female`, `accepted`. Which translation each coded field uses is decided here, once.

use crate::i18n::{Lang, t};
use crate::records::{FieldType, Kind};

/// The translation key prefix of the codes of `kind`'s field `field`; `None` for a field without codes.
pub fn prefix(kind: Kind, field: &str) -> Option<&'static str> {
    Some(match (kind, field) {
        (Kind::Person, "role") => "role",
        (Kind::Person, "sex") => "value.sex",
        (Kind::Person, "consent_scope") => "value.consent_scope",
        (Kind::Person, "status") => "person_status",
        (Kind::Relationship, "kind") => "relationship",
        (Kind::Enrolment, "component") => "component",
        (Kind::Enrolment, "status") => "value.enrolment_status",
        (Kind::Group, "kind") => "group_kind",
        (Kind::Session, "kind") => "activity",
        (_, "modality") => "modality",
        (_, "modules") => "module",
        (Kind::Attendance, "status") => "value.attendance",
        (_, "risk_flags") => "risk",
        (Kind::Referral, "service") => "value.service",
        (Kind::Referral, "status") => "ref_status",
        (Kind::CommunityInitiative, "kind") => "value.initiative_kind",
        (_, "outcome") | (_, "ladder") | (_, "payable") => "outcome",
        (_, "contacts") => "activity",
        (Kind::Payment, "status") => "payment.status",
        (Kind::Payment | Kind::DeliveryMethod, "method") => "payment.method",
        (Kind::AlertFollowup, "action") => "alert_action",
        _ => return None,
    })
}

/// The word for `code` in `kind`'s field `field`, or the code itself when the field has no codes.
pub fn word(lang: Lang, kind: Kind, field: &str, code: &str) -> String {
    match prefix(kind, field) {
        Some(p) => t(lang, &format!("{p}.{code}")),
        None => code.to_owned(),
    }
}

/// «Sí» or «No».
pub fn yes_no(lang: Lang, value: bool) -> String {
    t(lang, if value { "value.yes" } else { "value.no" })
}

/// Every coded field of every record type with its codes (for the test that each has its words).
pub fn coded_fields() -> Vec<(Kind, &'static str, &'static [&'static str])> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        for spec in kind.fields() {
            if let FieldType::Choice(codes) | FieldType::Codes(codes) = spec.ty {
                out.push((kind, spec.name, codes));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_of_every_record_type_has_its_words_in_both_languages() {
        for (kind, field, codes) in coded_fields() {
            assert!(prefix(kind, field).is_some(), "{}.{field} has no words", kind.name());
            for code in codes {
                for lang in [Lang::Es, Lang::En] {
                    let w = word(lang, kind, field, code);
                    let key = format!("{}.{code}", prefix(kind, field).unwrap_or_default());
                    assert_ne!(w, key, "{}.{field}.{code} has no words in {lang:?}", kind.name());
                    let capital = w.chars().next().is_some_and(char::is_uppercase);
                    assert!(capital, "{}.{field}.{code}: «{w}» starts a cell in capitals", kind.name());
                }
            }
        }
        assert_eq!(word(Lang::Es, Kind::Person, "role", "participant"), "Participante");
        assert_eq!(word(Lang::Es, Kind::Person, "sex", "female"), "Mujer");
        assert_eq!(word(Lang::Es, Kind::Referral, "status", "accepted"), "Aceptada");
        assert_eq!(word(Lang::En, Kind::Referral, "status", "accepted"), "Accepted");
        assert_eq!(word(Lang::Es, Kind::Group, "name", "Grupo Norte"), "Grupo Norte");
        assert_eq!(yes_no(Lang::Es, true), "Sí");
    }
}
