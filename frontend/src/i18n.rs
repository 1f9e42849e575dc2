//! The language of the interface, shared through a context. Spanish unless the person switched (remembered on this
//! computer).

use reintegra_core::i18n::{Lang, count, t, tr};
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
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn saved_lang() -> Lang {
    storage().and_then(|s| s.get_item(STORAGE_KEY).ok()?).map(|tag| Lang::from_tag(&tag)).unwrap_or_default()
}

pub fn save_lang(lang: Lang) {
    if let Some(s) = storage() {
        // Only the language code is kept here: never personal data.
        let _ = s.set_item(STORAGE_KEY, lang.code());
    }
    if let Some(doc) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
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
