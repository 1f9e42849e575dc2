//! Reintegra's user interface. Every backend call goes through [`api`]; every text comes from the translation
//! files through [`i18n`]; pages are in `pages/`, reusable pieces in `components/`.

mod api;
mod app;
mod components;
/// The supervisor's desk's data, shared with the shell (one file compiled into both).
#[path = "../../src-tauri/src/desk_wire.rs"]
mod desk_wire;
mod i18n;
mod pages;
/// The sync screen's data, shared with the shell (one file compiled into both).
#[path = "../../src-tauri/src/sync_wire.rs"]
mod sync_wire;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
