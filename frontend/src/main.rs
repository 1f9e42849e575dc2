//! Reintegra's user interface. Every backend call goes through [`api`], over the contract in
//! `reintegra_core::wire` that the shell uses too; every text comes from the translation files through [`i18n`];
//! pages are in `pages/`, reusable pieces in `components/`, what pages share beyond markup (forms, drafts, the
//! people search) in `hooks/`, richer screens' state as plain reducers in `state/`; [`screen`] is where one is.

mod api;
mod app;
mod components;
mod hooks;
mod i18n;
mod pages;
mod refresh;
mod screen;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
