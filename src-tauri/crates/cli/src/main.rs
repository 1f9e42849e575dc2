//! `reintegra`: the command line of the programme's store. Human text by default, one JSON document with `--json`;
//! on any error a one-line reason on stderr, a non-zero exit, and the store unchanged. This file parses and
//! dispatches; each command is a module of [`commands`] over a [`context::Context`].

mod commands;
mod context;
mod help;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use commands::{
    assessments, audit, bundle, conflicts, demo, devices, digest, export, import_csv, init, keys, load, passphrase,
    payments, pdf, persons, purge, rebuild, records, report, sync, users, verify, vouchers,
};
use context::Context;
use reintegra_core::i18n::t;
use reintegra_core::wire::ApiError;

#[derive(Parser)]
#[command(name = "reintegra", version, about = "cli.about")]
struct Cli {
    /// cli.arg.db
    #[arg(long, global = true, env = "REINTEGRA_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// cli.arg.json
    #[arg(long, global = true)]
    json: bool,
    /// cli.arg.user
    #[arg(long, global = true, env = "REINTEGRA_USER", value_name = "LOGIN")]
    user: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// The commands in the order `--help` lists them; each doc comment is the translation key of its help.
#[derive(Subcommand)]
enum Command {
    /// cli.cmd.init
    Init(init::Cmd),
    /// cli.cmd.digest
    Digest,
    /// cli.cmd.verify
    Verify,
    /// cli.cmd.rebuild
    Rebuild,
    /// cli.cmd.persons
    #[command(subcommand)]
    Persons(persons::Cmd),
    /// cli.cmd.demo
    Demo(demo::Cmd),
    /// cli.cmd.records
    #[command(subcommand)]
    Records(records::Cmd),
    /// cli.cmd.vouchers
    #[command(subcommand)]
    Vouchers(vouchers::Cmd),
    /// cli.cmd.load
    Load(load::Cmd),
    /// cli.cmd.keys
    #[command(subcommand)]
    Keys(keys::Cmd),
    /// cli.cmd.devices
    #[command(subcommand)]
    Devices(devices::Cmd),
    /// cli.cmd.bundle
    #[command(subcommand)]
    Bundle(bundle::Cmd),
    /// cli.cmd.conflicts
    #[command(subcommand)]
    Conflicts(conflicts::Cmd),
    /// cli.cmd.export
    Export(export::Cmd),
    /// cli.cmd.purge
    Purge(purge::Cmd),
    /// cli.cmd.report
    #[command(subcommand)]
    Report(report::Cmd),
    /// cli.cmd.pdf
    #[command(subcommand)]
    Pdf(pdf::Cmd),
    /// cli.cmd.passphrase
    #[command(subcommand)]
    Passphrase(passphrase::Cmd),
    /// cli.cmd.audit
    #[command(subcommand)]
    Audit(audit::Cmd),
    /// cli.cmd.users
    #[command(subcommand)]
    Users(users::Cmd),
    /// cli.cmd.sync
    Sync(sync::Cmd),
    /// cli.cmd.import_csv
    #[command(name = "import-csv")]
    ImportCsv(import_csv::Cmd),
    /// cli.cmd.assessments
    #[command(subcommand)]
    Assessments(assessments::Cmd),
    /// cli.cmd.payments
    #[command(subcommand)]
    Payments(payments::Cmd),
}

fn run(ctx: &Context, command: &Command) -> Result<(), ApiError> {
    match command {
        Command::Init(args) => init::run(ctx, args),
        Command::Digest => digest::run(ctx),
        Command::Verify => verify::run(ctx),
        Command::Rebuild => rebuild::run(ctx),
        Command::Persons(cmd) => persons::run(ctx, cmd),
        Command::Demo(args) => demo::run(ctx, args),
        Command::Records(cmd) => records::run(ctx, cmd),
        Command::Assessments(cmd) => assessments::run(ctx, cmd),
        Command::Vouchers(cmd) => vouchers::run(ctx, cmd),
        Command::Payments(cmd) => payments::run(ctx, cmd),
        Command::Load(args) => load::run(ctx, args),
        Command::Keys(cmd) => keys::run(ctx, cmd),
        Command::Devices(cmd) => devices::run(ctx, cmd),
        Command::Bundle(cmd) => bundle::run(ctx, cmd),
        Command::Conflicts(cmd) => conflicts::run(ctx, cmd),
        Command::Export(args) => export::run(ctx, args),
        Command::Purge(args) => purge::run(ctx, args),
        Command::Report(cmd) => report::run(ctx, cmd),
        Command::Pdf(cmd) => pdf::run(ctx, cmd),
        Command::Passphrase(cmd) => passphrase::run(ctx, cmd),
        Command::Audit(cmd) => audit::run(ctx, cmd),
        Command::Users(cmd) => users::run(ctx, cmd),
        Command::Sync(args) => sync::run(ctx, args),
        Command::ImportCsv(args) => import_csv::run(ctx, args),
    }
}

fn main() -> ExitCode {
    let lang = context::lang_from_env();
    let matches = match help::localise(Cli::command(), lang).try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            // Help and version go to stdout with success; usage errors keep clap's one-line reason.
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    let ctx = Context::new(cli.db, cli.user, cli.json, lang);
    match run(&ctx, &cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {}", t(lang, "cli.error"), e.message(lang));
            ExitCode::FAILURE
        }
    }
}
