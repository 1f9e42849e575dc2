//! Locking from the interface: Ctrl+L anywhere, and the auto-lock after the idle limit. Idle means no key or pointer
//! input in the window; only the interface sees input, so it keeps the time of the last one and locks itself. Now
//! and then it tells the shell the person is still there: if the interface fails to lock (a frozen page), the
//! shell locks a little after the limit anyway.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::api;

thread_local! {
    /// When the last key or pointer input happened (ms since the epoch).
    static LAST_INPUT: Cell<f64> = const { Cell::new(0.0) };
    /// When the shell was last told of input.
    static LAST_REPORT: Cell<f64> = const { Cell::new(0.0) };
    /// How often, at most, input is reported to the shell (a third of the limit, at most every 10 s).
    static REPORT_EVERY_MS: Cell<f64> = const { Cell::new(10_000.0) };
}

type Listener = Closure<dyn FnMut(web_sys::Event)>;

/// The input that counts as the person being there.
const INPUT_EVENTS: [&str; 5] = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"];

fn now() -> f64 {
    js_sys::Date::now()
}

/// Whether a key press is the quick lock: Ctrl+L (either case: Caps Lock may be on), nothing else held.
pub fn is_quick_lock(ctrl: bool, alt: bool, shift: bool, meta: bool, key: &str) -> bool {
    ctrl && !alt && !shift && !meta && key.eq_ignore_ascii_case("l")
}

fn on_input() {
    let t = now();
    LAST_INPUT.with(|l| l.set(t));
    if t - LAST_REPORT.with(Cell::get) >= REPORT_EVERY_MS.with(Cell::get) {
        LAST_REPORT.with(|l| l.set(t));
        wasm_bindgen_futures::spawn_local(async {
            // Not heard: the next input tells again (otherwise the shell would lock while the person works).
            if api::activity().await.is_err() {
                LAST_REPORT.with(|l| l.set(0.0));
            }
        });
    }
}

/// While unlocked (`idle_secs` is the limit then): watches input, and calls `lock` with `true` once the limit
/// passes without any, and with `false` on Ctrl+L. `lock` must save the open form's draft before locking.
#[hook]
pub fn use_lock(idle_secs: Option<u64>, lock: Callback<bool>) {
    // The latest callback, for listeners registered once.
    let current = use_mut_ref(|| lock.clone());
    *current.borrow_mut() = lock;
    use_effect_with(idle_secs, move |idle_secs| {
        let window = web_sys::window();
        let mut listeners: Vec<(&'static str, Listener)> = Vec::new();
        let mut interval = None;
        let mut ticker: Option<Closure<dyn FnMut()>> = None;
        if let (Some(limit), Some(w)) = (*idle_secs, &window) {
            let limit_ms = limit as f64 * 1000.0;
            let t = now();
            LAST_INPUT.with(|l| l.set(t));
            LAST_REPORT.with(|l| l.set(t));
            REPORT_EVERY_MS.with(|r| r.set((limit_ms / 3.0).min(10_000.0)));
            // A listener the window refuses is left out (the shell's own idle lock still locks in time).
            for event in INPUT_EVENTS {
                let input = Listener::new(|_: web_sys::Event| on_input());
                if w.add_event_listener_with_callback(event, input.as_ref().unchecked_ref()).is_ok() {
                    listeners.push((event, input));
                }
            }
            let quick = {
                let current = current.clone();
                Listener::new(move |e: web_sys::Event| {
                    let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                    if is_quick_lock(k.ctrl_key(), k.alt_key(), k.shift_key(), k.meta_key(), &k.key()) {
                        // The webview's own Ctrl+L (if any) must not run instead.
                        e.prevent_default();
                        current.borrow().emit(false);
                    }
                })
            };
            if w.add_event_listener_with_callback("keydown", quick.as_ref().unchecked_ref()).is_ok() {
                listeners.push(("keydown", quick));
            }
            let fired = Rc::new(Cell::new(false));
            let tick = {
                let current = current.clone();
                Closure::<dyn FnMut()>::new(move || {
                    if !fired.get() && now() - LAST_INPUT.with(Cell::get) >= limit_ms {
                        fired.set(true);
                        current.borrow().emit(true);
                    }
                })
            };
            interval =
                w.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 1_000).ok();
            ticker = Some(tick);
        }
        move || {
            if let Some(w) = &window {
                if let Some(i) = interval {
                    w.clear_interval_with_handle(i);
                }
                for (event, listener) in &listeners {
                    // Removing on teardown: if the window refuses, there is nothing else to do.
                    let _ = w.remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
                }
            }
            drop(listeners);
            drop(ticker);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::is_quick_lock;

    #[test]
    fn only_ctrl_l_alone_is_the_quick_lock() {
        let cases = [
            ("ctrl+l", (true, false, false, false, "l"), true),
            ("ctrl+L with caps lock", (true, false, false, false, "L"), true),
            ("l alone, typed in a field", (false, false, false, false, "l"), false),
            ("ctrl+shift+l", (true, false, true, false, "L"), false),
            ("ctrl+alt+l", (true, true, false, false, "l"), false),
            ("ctrl+meta+l", (true, false, false, true, "l"), false),
            ("ctrl+k", (true, false, false, false, "k"), false),
        ];
        for (name, (ctrl, alt, shift, meta, key), want) in cases {
            assert_eq!(is_quick_lock(ctrl, alt, shift, meta, key), want, "{name}");
        }
    }
}
