//! The shell of the interface: which screen to show (set up, unlock, or the work screens), the header and the
//! language switch.

use reintegra_core::i18n::Lang;
use reintegra_core::wire::{ApiError, AppStatus, DeviceRole};
use yew::prelude::*;

use crate::api;
use crate::components::lock::use_lock;
use crate::hooks::draft::{has_unsaved, save_now, tell_shell_again};
use crate::i18n::{I18n, save_lang, saved_lang};
use crate::pages::account::AccountPage;
use crate::pages::assessment::AssessmentPage;
use crate::pages::audit::AuditPage;
use crate::pages::conflicts::ConflictsPage;
use crate::pages::data::DataPage;
use crate::pages::desk::DeskPage;
use crate::pages::devices::DevicesPage;
use crate::pages::groups::GroupsPage;
use crate::pages::home::HomePage;
use crate::pages::initiative::InitiativePage;
use crate::pages::instruments::InstrumentsPage;
use crate::pages::municipalities::MunicipalitiesPage;
use crate::pages::payroll::PayrollPage;
use crate::pages::person::PersonPage;
use crate::pages::persons::PersonsPage;
use crate::pages::referral::ReferralPage;
use crate::pages::register::RegisterPage;
use crate::pages::rules::RulesPage;
use crate::pages::session::SessionPage;
use crate::pages::setup::SetupPage;
use crate::pages::sync::SyncPage;
use crate::pages::unlock::UnlockPage;
use crate::pages::users::UsersPage;
use crate::pages::visit::VisitPage;
use crate::refresh::StatusRefresh;
use crate::screen::{Menu, Navigator, Screen};

// The shell's events: a close asked for while a form has unsaved input, and a lock the shell made by itself.
use reintegra_core::wire::events::{CLOSE_REQUESTED, LOCKED};

#[component]
pub fn App() -> Html {
    let lang = use_state(saved_lang);
    let status = use_state(|| None::<Result<AppStatus, ApiError>>);
    let screen = use_state(|| Screen::Home);
    let conflicts = use_state(|| None::<usize>);
    // Locked during this session: the unlock screen says the open form was kept as a draft (or that it could not be).
    let was_locked = use_state(|| false);
    let draft_kept = use_state(|| true);
    // Something the shell refused that belongs to no screen (closing the window, locking).
    let notice = use_state(|| None::<ApiError>);
    let locking = use_mut_ref(|| false);
    // Who was unlocked, and who was when the app locked: someone else unlocking starts on the home screen.
    let current_user = use_mut_ref(|| None::<String>);
    *current_user.borrow_mut() = status.as_ref().and_then(|s| s.as_ref().ok()).and_then(|s| s.user.clone());
    let locked_user = use_mut_ref(|| None::<String>);

    {
        let status = status.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                status.set(Some(api::app_status().await));
            });
        });
    }
    use_effect_with(*lang, |lang| save_lang(*lang));
    // The window asked to close while a form has unsaved input (the shell waits): the draft is saved at once, then
    // the person chooses to close or to stay.
    let current_lang = use_mut_ref(|| *lang);
    *current_lang.borrow_mut() = *lang;
    {
        let (current_lang, notice) = (current_lang.clone(), notice.clone());
        let listen_failed = notice.clone();
        use_effect_with((), move |_| {
            let subscription = std::rc::Rc::new(std::cell::RefCell::new(None));
            let keep = subscription.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let on_close = move |_: ()| {
                    let (lang, notice) = (*current_lang.borrow(), notice.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        // The question says whether the draft could be kept.
                        let question = if save_now().await.is_ok() { "draft.close" } else { "draft.close_unsaved" };
                        let close = web_sys::window()
                            .and_then(|w| w.confirm_with_message(&reintegra_core::i18n::t(lang, question)).ok())
                            .unwrap_or(true);
                        if close {
                            if let Err(e) = api::close_window().await {
                                notice.set(Some(e));
                            }
                        } else {
                            // Staying: the next request to close asks again.
                            tell_shell_again();
                        }
                    });
                };
                // Without this listener the window would not close while a form has unsaved input: say so.
                match api::listen(CLOSE_REQUESTED, on_close).await {
                    Ok(s) => *keep.borrow_mut() = Some(s),
                    Err(e) => listen_failed.set(Some(e)),
                }
            });
            move || drop(subscription.borrow_mut().take())
        });
    }

    let i18n = I18n {
        lang: *lang,
        set_lang: {
            let lang = lang.clone();
            Callback::from(move |l: Lang| lang.set(l))
        },
    };
    let on_status = {
        let (status, screen, locked_user, notice) =
            (status.clone(), screen.clone(), locked_user.clone(), notice.clone());
        Callback::from(move |s: AppStatus| {
            notice.set(None);
            if s.unlocked && locked_user.borrow_mut().take() != s.user {
                screen.set(Screen::Home);
            }
            status.set(Some(Ok(s)))
        })
    };
    let navigate = {
        let screen = screen.clone();
        let lang = *lang;
        Callback::from(move |s: Screen| {
            // A form with unsaved input asks before it is left (its draft stays in the encrypted store).
            if has_unsaved() && s != *screen {
                let leave = web_sys::window()
                    .and_then(|w| w.confirm_with_message(&reintegra_core::i18n::t(lang, "draft.leave")).ok())
                    .unwrap_or(true);
                if !leave {
                    return;
                }
            }
            screen.set(s)
        })
    };
    let refresh = {
        let status = status.clone();
        Callback::from(move |_: ()| {
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move { status.set(Some(api::app_status().await)) });
        })
    };
    let switch_lang = {
        let lang = lang.clone();
        Callback::from(move |_| lang.set(lang.other()))
    };

    let unlocked = matches!(&*status, Some(Ok(s)) if s.unlocked);
    // What the menu offers follows the device's role and the person's (nothing else is reachable either).
    let menu = match &*status {
        Some(Ok(s)) => Menu { central: s.role == Some(DeviceRole::Supervisor), admin: s.admin },
        _ => Menu { central: false, admin: false },
    };
    let shown = if menu.allows(*screen) { *screen } else { Screen::Home };
    // Locking: the open form's draft is saved first (the store closes with the lock), then the shell records the
    // lock and closes the store; the unlock screen follows. The screen is kept, so unlocking returns to the same
    // form, which offers its draft.
    let lock = {
        let (status, was_locked, locking) = (status.clone(), was_locked.clone(), locking.clone());
        let (current_user, locked_user) = (current_user.clone(), locked_user.clone());
        let (draft_kept, notice) = (draft_kept.clone(), notice.clone());
        Callback::from(move |idle: bool| {
            if !unlocked || locking.replace(true) {
                return;
            }
            *locked_user.borrow_mut() = current_user.borrow().clone();
            let (status, was_locked, locking) = (status.clone(), was_locked.clone(), locking.clone());
            let (draft_kept, notice) = (draft_kept.clone(), notice.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // Locking goes ahead even if the draft could not be saved: the store must close.
                draft_kept.set(save_now().await.is_ok());
                let after = match api::lock(idle).await {
                    Ok(s) => Ok(s),
                    Err(e) => {
                        notice.set(Some(e));
                        api::app_status().await
                    }
                };
                *locking.borrow_mut() = false;
                was_locked.set(true);
                status.set(Some(after));
            });
        })
    };
    let idle_secs = match &*status {
        Some(Ok(s)) if s.unlocked => s.idle_lock_seconds,
        _ => None,
    };
    use_lock(idle_secs, lock.clone());
    {
        // The shell locked by itself (the interface did not, past the idle limit).
        let (status, was_locked) = (status.clone(), was_locked.clone());
        let (current_user, locked_user, listen_failed) = (current_user.clone(), locked_user.clone(), notice.clone());
        use_effect_with((), move |_| {
            let subscription = std::rc::Rc::new(std::cell::RefCell::new(None));
            let keep = subscription.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let on_locked = move |_: ()| {
                    *locked_user.borrow_mut() = current_user.borrow().clone();
                    let (status, was_locked) = (status.clone(), was_locked.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        was_locked.set(true);
                        status.set(Some(api::app_status().await));
                    });
                };
                // Without it a lock by the shell shows only at the next action (which the locked store refuses).
                match api::listen(LOCKED, on_locked).await {
                    Ok(s) => *keep.borrow_mut() = Some(s),
                    Err(e) => listen_failed.set(Some(e)),
                }
            });
            move || drop(subscription.borrow_mut().take())
        });
    }
    {
        // The navigation shows how many conflicts wait; read again when the store opens.
        let conflicts = conflicts.clone();
        use_effect_with(unlocked, move |unlocked| {
            if *unlocked {
                wasm_bindgen_futures::spawn_local(async move {
                    // Unread, the count is left out; the conflicts screen itself shows the error.
                    conflicts.set(api::conflict_inbox().await.ok().map(|l| l.len()));
                });
            }
        });
    }
    let on_conflicts = {
        let conflicts = conflicts.clone();
        Callback::from(move |n: usize| conflicts.set(Some(n)))
    };
    let body = match &*status {
        None => html! { <p class="loading">{ i18n.t("app.loading") }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(*lang) }</p> },
        Some(Ok(s)) if !s.store_exists => html! { <SetupPage on_done={on_status.clone()} /> },
        Some(Ok(s)) if !s.unlocked => {
            html! {
                <UnlockPage on_done={on_status.clone()} user={s.user.clone()} locked={*was_locked}
                    draft_kept={*draft_kept} />
            }
        }
        Some(Ok(_)) => match shown {
            Screen::Home => html! { <HomePage /> },
            Screen::Session => html! { <SessionPage /> },
            Screen::Initiative => html! { <InitiativePage /> },
            Screen::Visit(id) => html! { <VisitPage key={id.to_string()} {id} /> },
            Screen::Referral(id) => html! { <ReferralPage key={id.to_string()} {id} /> },
            Screen::SafetyReferral(id) => html! {
                <ReferralPage key={format!("safety-{id}")} {id} service={AttrValue::from("mental_health")} />
            },
            Screen::Assessment(to) => html! { <AssessmentPage key={format!("{to:?}")} {to} /> },
            Screen::Persons => html! { <PersonsPage /> },
            Screen::Register => html! { <RegisterPage /> },
            Screen::RegisterRelative(id) => html! { <RegisterPage key={id.to_string()} relative_of={Some(id)} /> },
            Screen::EditPerson(id) => html! { <RegisterPage key={format!("edit-{id}")} edit={Some(id)} /> },
            Screen::Person(id) => html! { <PersonPage key={id.to_string()} {id} /> },
            Screen::Payroll => html! { <PayrollPage /> },
            Screen::Sync => html! { <SyncPage /> },
            Screen::Desk => html! { <DeskPage /> },
            Screen::Conflicts => html! { <ConflictsPage on_count={on_conflicts.clone()} /> },
            Screen::Devices => html! { <DevicesPage /> },
            Screen::Users => html! { <UsersPage /> },
            Screen::Account => html! { <AccountPage /> },
            Screen::Rules => html! { <RulesPage /> },
            Screen::Groups => html! { <GroupsPage /> },
            Screen::Municipalities => html! { <MunicipalitiesPage /> },
            Screen::Data => html! { <DataPage /> },
            Screen::Audit => html! { <AuditPage /> },
            Screen::Instruments => html! { <InstrumentsPage /> },
        },
    };
    let nav = unlocked.then(|| {
        html! {
            <nav class="sections" aria-label={i18n.t("nav.label")}>
                { for menu.sections().into_iter().map(|(target, id, key)| {
                    let current = shown.section() == target;
                    html! {
                        <button {id} class={classes!("nav", current.then_some("current"))}
                            aria-current={current.then_some("page")}
                            onclick={navigate.reform(move |_: MouseEvent| target)}>
                            { match (target, *conflicts) {
                                (Screen::Conflicts, Some(n)) => i18n.tr("nav.conflicts_count", &[("count", &n.to_string())]),
                                _ => i18n.t(key),
                            } }
                        </button>
                    }
                }) }
            </nav>
        }
    });
    // The administration tabs, above the administration screens.
    let tabs = (unlocked && shown.section() == Screen::Devices).then(|| {
        html! {
            <nav class="tabs" aria-label={i18n.t("nav.admin")}>
                { for menu.tabs().into_iter().map(|(target, id, key)| {
                    let current = shown == target;
                    html! {
                        <button {id} class={classes!("tab", current.then_some("current"))}
                            aria-current={current.then_some("page")}
                            onclick={navigate.reform(move |_: MouseEvent| target)}>
                            { i18n.t(key) }
                        </button>
                    }
                }) }
            </nav>
        }
    });
    let device = status.as_ref().and_then(|s| s.as_ref().ok()).and_then(|s| s.device_name.clone());

    html! {
        <ContextProvider<I18n> context={i18n.clone()}>
            <header class="topbar">
                <h1 class="brand">{ i18n.t("app.title") }</h1>
                { nav.unwrap_or_default() }
                if let Some(d) = device { <span class="device" title={d.clone()}>{ short_name(&d) }</span> }
                if unlocked {
                    <button id="lock-now" class="nav lock" title={i18n.t("nav.lock_hint")}
                        aria-keyshortcuts="Control+L" onclick={lock.reform(|_: MouseEvent| false)}>
                        { i18n.t("nav.lock") }
                    </button>
                }
                <button id="switch-lang" class="link" onclick={switch_lang} lang={lang.other().code()}>
                    { i18n.t("lang.switch") }
                </button>
            </header>
            <ContextProvider<StatusRefresh> context={StatusRefresh { refresh }}>
            <ContextProvider<Navigator> context={Navigator { navigate: navigate.clone() }}>
                <main id="main">
                    if let Some(e) = &*notice { <p id="app-notice" class="error" role="alert">{ e.message(*lang) }</p> }
                    { tabs.unwrap_or_default() }
                    { body }
                </main>
            </ContextProvider<Navigator>>
            </ContextProvider<StatusRefresh>>
        </ContextProvider<I18n>>
    }
}

/// A device name short enough for the top bar to keep the menu on one line (the whole name is in the tooltip).
fn short_name(name: &str) -> String {
    const MAX: usize = 22;
    if name.chars().count() <= MAX { name.to_owned() } else { name.chars().take(MAX - 1).collect::<String>() + "…" }
}

#[cfg(test)]
mod tests {
    use super::short_name;

    #[test]
    fn a_long_device_name_is_shortened_for_the_top_bar() {
        let cases = [
            ("short stays", "Laptop Soyapango 1", "Laptop Soyapango 1"),
            ("22 characters stay", "Coordinación San Salva", "Coordinación San Salva"),
            ("longer ends in an ellipsis", "Coordinación Central del Programa", "Coordinación Central …"),
        ];
        for (name, given, shown) in cases {
            assert_eq!(short_name(given), shown, "{name}");
        }
    }
}
