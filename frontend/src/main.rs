//! Reintegra's user interface. Every backend call goes through [`api`], over the contract in
//! `reintegra_core::wire` that the shell uses too; every text comes from the translation files through [`i18n`];
//! pages are in `pages/`, reusable pieces in `components/`.

mod api;
mod app;
mod components;
mod i18n;
mod pages;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
