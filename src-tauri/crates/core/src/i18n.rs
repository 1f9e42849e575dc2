//! Translations. The files in `assets/i18n` are compiled in, so the app, the command line and the tests read the
//! same texts with no file to find at run time. Spanish is the default; a missing key falls back to Spanish, then
//! to the key itself (which a test forbids).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const ES: &str = include_str!("../../../../assets/i18n/es.json");
const EN: &str = include_str!("../../../../assets/i18n/en.json");

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl Lang {
    /// From a language tag such as `en`, `en-US` or `es_SV.UTF-8`; Spanish for anything else.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Es }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Es => Lang::En,
            Lang::En => Lang::Es,
        }
    }
}

type Table = HashMap<String, String>;

fn table(lang: Lang) -> &'static Table {
    static TABLES: OnceLock<(Table, Table)> = OnceLock::new();
    let (es, en) = TABLES.get_or_init(|| {
        // The files are part of the build and checked by tests; an unreadable one yields an empty table.
        let parse = |s: &str| serde_json::from_str::<Table>(s).unwrap_or_default();
        (parse(ES), parse(EN))
    });
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}

/// The text for `key`.
pub fn t(lang: Lang, key: &str) -> String {
    table(lang).get(key).or_else(|| table(Lang::Es).get(key)).cloned().unwrap_or_else(|| key.to_owned())
}

/// The text for `key` with `{name}` placeholders filled in.
pub fn tr(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(lang, key);
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// A counted text: `{key}.one` for one, `{key}.other` otherwise, with `{count}` filled in.
pub fn count(lang: Lang, key: &str, n: u64) -> String {
    let form = if n == 1 { "one" } else { "other" };
    tr(lang, &format!("{key}.{form}"), &[("count", &n.to_string())])
}

/// Every key of a language (tests, tooling).
pub fn keys(lang: Lang) -> Vec<&'static str> {
    let mut k: Vec<&str> = table(lang).keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_parse_and_have_the_same_keys() {
        let es = serde_json::from_str::<Table>(ES).expect("es.json parses");
        let en = serde_json::from_str::<Table>(EN).expect("en.json parses");
        assert!(es.len() > 50);
        assert_eq!(es.len(), en.len());
        assert_eq!(keys(Lang::Es), keys(Lang::En));
    }

    #[test]
    fn every_validation_code_is_translated() {
        for code in [
            "error.required",
            "error.too_long",
            "error.choice_invalid",
            "error.date_invalid",
            "error.date_future",
            "error.date_too_old",
            "error.dui_invalid",
            "error.dui_minor",
            "error.phone_invalid",
            "error.municipality_unknown",
            "error.district_unknown",
            "error.release_date_relative",
        ] {
            assert_ne!(t(Lang::Es, code), code);
            assert_ne!(t(Lang::En, code), code);
        }
    }

    #[test]
    fn placeholders() {
        assert_eq!(count(Lang::Es, "persons.count", 3), "3 personas");
        assert_eq!(count(Lang::Es, "persons.count", 1), "1 persona");
        assert_eq!(count(Lang::En, "persons.count", 0), "0 people");
        assert_eq!(Lang::from_tag("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_tag("C"), Lang::Es);
    }
}
