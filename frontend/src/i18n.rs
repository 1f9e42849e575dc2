//! The language of the interface, shared through a context. Spanish unless the person switched (remembered on this
//! computer).

use reintegra_core::i18n::{Lang, count, t, tr};
use reintegra_core::month::Month;
use yew::Callback;

const STORAGE_KEY: &str = "reintegra.lang";

#[derive(Clone, PartialEq)]
pub struct I18n {
    pub lang: Lang,
    pub set_lang: Callback<Lang>,
}

impl I18n {
    pub fn t(&self, key: &str) -> String {
        t(self.lang, key)
    }
    pub fn tr(&self, key: &str, args: &[(&str, &str)]) -> String {
        tr(self.lang, key, args)
    }
    pub fn count(&self, key: &str, n: u64) -> String {
        count(self.lang, key, n)
    }
    /// A counted text with more placeholders than `{count}`.
    pub fn count_with(&self, key: &str, n: u64, args: &[(&str, &str)]) -> String {
        let form = if n == 1 { "one" } else { "other" };
        let n = n.to_string();
        let mut all = vec![("count", n.as_str())];
        all.extend_from_slice(args);
        tr(self.lang, &format!("{key}.{form}"), &all)
    }
    /// A month as people say it: "octubre de 2024".
    pub fn month(&self, m: Month) -> String {
        self.tr("month.label", &[("month", &self.t(&format!("month.{}", m.month))), ("year", &m.year.to_string())])
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn saved_lang() -> Lang {
    storage().and_then(|s| s.get_item(STORAGE_KEY).ok()?).map(|tag| Lang::from_tag(&tag)).unwrap_or_default()
}

pub fn save_lang(lang: Lang) {
    if let Some(s) = storage() {
        // Only the language code is kept here: never personal data. If it cannot be kept, the language still
        // applies until the app closes; the next start is in Spanish, which the person can switch again.
        let _ = s.set_item(STORAGE_KEY, lang.code());
    }
    if let Some(doc) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        // The page's language is for screen readers' pronunciation; the texts are right either way.
        let _ = doc.set_attribute("lang", lang.code());
    }
}

/// Today's date on this computer.
pub fn today() -> chrono::NaiveDate {
    let d = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date()).unwrap_or_default()
}

/// The interface language from the context (Spanish if a component is rendered outside the app).
#[yew::hook]
pub fn use_i18n() -> I18n {
    yew::use_context::<I18n>().unwrap_or_else(|| I18n { lang: Lang::default(), set_lang: Callback::noop() })
}

/// US dollars from cents, without decimals when whole: "100", "100.50".
pub fn usd_cents(cents: u64) -> String {
    if cents.is_multiple_of(100) { (cents / 100).to_string() } else { format!("{}.{:02}", cents / 100, cents % 100) }
}
