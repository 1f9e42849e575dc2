//! The payroll section's tabs: the payroll itself, its payment batches («Lotes») and the reconciliation
//! («Conciliación»). Ids: `#payroll-tab-list`, `#payroll-tab-batches`, `#payroll-tab-reconciliation`.

use yew::prelude::*;

use crate::i18n::I18n;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayrollTab {
    List,
    Batches,
    Reconciliation,
}

const TABS: [(PayrollTab, &str, &str); 3] = [
    (PayrollTab::List, "payroll-tab-list", "payroll.tab.list"),
    (PayrollTab::Batches, "payroll-tab-batches", "payroll.tab.batches"),
    (PayrollTab::Reconciliation, "payroll-tab-reconciliation", "payroll.tab.reconciliation"),
];

pub fn tab_bar(tab: &UseStateHandle<PayrollTab>, i18n: &I18n) -> Html {
    html! {
        <nav class="tabs" aria-label={i18n.t("payroll.tabs")}>
            { for TABS.into_iter().map(|(target, id, key)| {
                let current = **tab == target;
                let tab = tab.clone();
                html! {
                    <button {id} type="button" class={classes!("tab", current.then_some("current"))}
                        aria-current={current.then_some("page")} onclick={Callback::from(move |_: MouseEvent| tab.set(target))}>
                        { i18n.t(key) }
                    </button>
                }
            }) }
        </nav>
    }
}

/// The folder of a path as typed (either separator), where the section's other files are offered.
pub fn folder_of(path: &str) -> String {
    match path.rfind(['/', '\\']) {
        Some(0) => path[..1].to_owned(),
        Some(i) => path[..i].to_owned(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::folder_of;

    #[test]
    fn the_folder_of_a_typed_path() {
        for (name, path, want) in [
            ("linux", "/home/ana/Documentos/planilla-2024-10.xlsx", "/home/ana/Documentos"),
            ("windows", "C:\\Users\\ana\\planilla.xlsx", "C:\\Users\\ana"),
            ("root", "/planilla.xlsx", "/"),
            ("bare name", "planilla.xlsx", ""),
        ] {
            assert_eq!(folder_of(path), want, "{name}");
        }
    }
}
