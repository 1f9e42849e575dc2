//! The help in the person's language: clap's texts are written as translation keys (the doc comments of the
//! commands and their arguments) and replaced here, before parsing, with their translation.

use reintegra_core::i18n::{Lang, t};

/// Replaces every help text of `cmd` and its subcommands with its translation.
pub fn localise(mut cmd: clap::Command, lang: Lang) -> clap::Command {
    let text = |s: Option<&clap::builder::StyledStr>| s.map(|s| t(lang, &s.to_string()));
    if let Some(about) = text(cmd.get_about()) {
        cmd = cmd.about(about);
    }
    let args: Vec<(clap::Id, Option<String>)> =
        cmd.get_arguments().map(|a| (a.get_id().clone(), text(a.get_help()))).collect();
    for (id, help) in args {
        if let Some(help) = help {
            cmd = cmd.mut_arg(id, |a| a.help(help));
        }
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for name in subs {
        cmd = cmd.mut_subcommand(name, |s| localise(s, lang));
    }
    cmd.help_template(t(lang, "cli.help_template")).disable_help_flag(false)
}
