//! The window's own behaviour, the only Tauri code besides the command adapters: asking before it closes while a
//! form holds unsaved input, and the idle-lock backstop that tells the interface when the shell locked by itself.

use reintegra_core::wire::events::{CLOSE_REQUESTED, LOCKED};
use tauri::{AppHandle, Emitter, Manager, Runtime, Window, WindowEvent};

use crate::state::AppState;

/// A request to close while a form has unsaved input is held back: the interface saves the draft, asks, and closes
/// with `close_window` if the person says so.
pub fn on_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event
        && window.state::<AppState>().close_must_ask()
    {
        api.prevent_close();
        if window.emit(CLOSE_REQUESTED, ()).is_err() {
            // Nobody to ask: closing beats a window that cannot be closed.
            let _ = window.destroy();
        }
    }
}

/// The auto-lock backstop: the shell locks if the interface, which locks itself at the idle limit, did not.
pub fn spawn_idle_watch<R: Runtime>(app: AppHandle<R>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
            if app.state::<AppState>().lock_if_idle() {
                // A window that is not listening still finds the store locked at its next call.
                let _ = app.emit(LOCKED, ());
            }
        }
    });
}
