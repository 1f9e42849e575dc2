//! `reintegra`: the command line of the programme's store. Human text by default, one JSON document with `--json`;
//! on any error a one-line reason on stderr, a non-zero exit, and the store unchanged.

mod export;
mod pdf;
mod report;
mod security;
mod sync;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use reintegra_core::i18n::{Lang, t, tr};
use reintegra_core::wire::{ApiError, DeviceRole, PersonQuery};
use reintegra_payroll as payroll;
use reintegra_store::{Store, persons};
use serde_json::json;

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

#[derive(Subcommand)]
enum Command {
    /// cli.cmd.init
    Init(InitArgs),
    /// cli.cmd.digest
    Digest,
    /// cli.cmd.verify
    Verify,
    /// cli.cmd.rebuild
    Rebuild,
    /// cli.cmd.persons
    #[command(subcommand)]
    Persons(PersonsCommand),
    /// cli.cmd.demo
    Demo(DemoArgs),
    /// cli.cmd.records
    #[command(subcommand)]
    Records(RecordsCommand),
    /// cli.cmd.vouchers
    #[command(subcommand)]
    Vouchers(VouchersCommand),
    /// cli.cmd.load
    Load {
        /// cli.arg.file
        file: PathBuf,
    },
    /// cli.cmd.keys
    #[command(subcommand)]
    Keys(sync::KeysCommand),
    /// cli.cmd.devices
    #[command(subcommand)]
    Devices(sync::DevicesCommand),
    /// cli.cmd.bundle
    #[command(subcommand)]
    Bundle(sync::BundleCommand),
    /// cli.cmd.conflicts
    #[command(subcommand)]
    Conflicts(sync::ConflictsCommand),
    /// cli.cmd.export
    Export {
        /// cli.arg.out_export
        #[arg(long, value_name = "FILE.xlsx|DIR")]
        out: PathBuf,
        /// cli.arg.personal
        #[arg(long)]
        personal: bool,
        /// cli.arg.password_file
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// cli.cmd.purge
    Purge {
        /// cli.arg.dry_run
        #[arg(long)]
        dry_run: bool,
    },
    /// cli.cmd.report
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// cli.cmd.pdf
    #[command(subcommand)]
    Pdf(pdf::PdfCommand),
    /// cli.cmd.passphrase
    #[command(subcommand)]
    Passphrase(security::PassphraseCommand),
    /// cli.cmd.audit
    #[command(subcommand)]
    Audit(security::AuditCommand),
    /// cli.cmd.users
    #[command(subcommand)]
    Users(security::UsersCommand),
    /// cli.cmd.sync
    Sync {
        /// cli.arg.folder
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
    },
    /// cli.cmd.import_csv
    #[command(name = "import-csv")]
    ImportCsv {
        /// cli.arg.what
        #[arg(value_enum)]
        what: ImportWhat,
        /// cli.arg.file
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum RecordsCommand {
    /// cli.cmd.records_history
    History {
        /// cli.arg.type
        #[arg(name = "TYPE")]
        kind: String,
        /// cli.arg.id
        id: String,
    },
    /// cli.cmd.records_get
    Get {
        /// cli.arg.type
        #[arg(name = "TYPE")]
        kind: String,
        /// cli.arg.id
        id: String,
    },
}

#[derive(Subcommand)]
enum VouchersCommand {
    /// cli.cmd.vouchers_evaluate
    Evaluate {
        /// cli.arg.month
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
    },
    /// cli.cmd.vouchers_payroll
    Payroll {
        /// cli.arg.month
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// cli.arg.out_payroll
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// A record named on the command line by its type and id.
fn record_ref(kind: &str, id: &str) -> Result<(reintegra_core::records::Kind, uuid::Uuid), ApiError> {
    let kind = reintegra_core::records::Kind::from_name(kind).ok_or_else(|| ApiError::new("error.type_unknown"))?;
    let id = uuid::Uuid::parse_str(id).map_err(|_| ApiError::new("error.id_invalid"))?;
    Ok((kind, id))
}

fn parse_month(s: &str) -> Result<reintegra_core::month::Month, ApiError> {
    reintegra_core::month::Month::parse(s).ok_or_else(|| ApiError::new("error.month_invalid"))
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportWhat {
    Persons,
}

#[derive(Args)]
struct InitArgs {
    /// cli.arg.device
    #[arg(long, value_name = "NAME")]
    device: String,
    /// cli.arg.role
    #[arg(long, value_enum)]
    role: RoleArg,
    /// cli.arg.worker
    #[arg(long, value_name = "NAME")]
    worker: Vec<String>,
    /// cli.arg.first_login
    #[arg(long, value_name = "LOGIN", default_value = reintegra_store::keys::FIRST_LOGIN)]
    login: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Field,
    Supervisor,
}

#[derive(Subcommand)]
enum PersonsCommand {
    /// cli.cmd.persons_search
    Search {
        /// cli.arg.text
        #[arg(default_value = "")]
        text: String,
        /// cli.arg.limit
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Args)]
struct DemoArgs {
    /// cli.arg.participants
    #[arg(long, default_value_t = 300)]
    participants: usize,
    /// cli.arg.seed
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// cli.arg.months
    #[arg(long, default_value_t = 12)]
    months: u32,
}

fn lang() -> Lang {
    let tag = ["REINTEGRA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_default();
    Lang::from_tag(&tag)
}

/// Replaces every help text (written as a translation key in the doc comments above) with its translation.
fn localise(mut cmd: clap::Command, lang: Lang) -> clap::Command {
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

/// The shortest passphrase accepted for a new store or a new passphrase.
const MIN_PASSPHRASE: usize = 8;

fn passphrase(confirm: bool, lang: Lang) -> Result<String, ApiError> {
    if let Ok(p) = std::env::var("REINTEGRA_PASSPHRASE") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(ApiError::new("error.no_passphrase"));
    }
    let read = |key: &str| rpassword::prompt_password(format!("{}: ", t(lang, key))).map_err(io_error);
    let first = read("setup.passphrase")?;
    if confirm && read("setup.passphrase_again")? != first {
        return Err(ApiError::new("error.passphrase_mismatch"));
    }
    Ok(first)
}

fn io_error(e: std::io::Error) -> ApiError {
    ApiError::new("error.io").with("detail", e.to_string())
}

fn db_path(cli: &Cli) -> Result<PathBuf, ApiError> {
    cli.db.clone().or_else(reintegra_store::default_path).ok_or_else(|| ApiError::new("error.no_db_path"))
}

fn open(cli: &Cli, lang: Lang) -> Result<Store, ApiError> {
    let path = db_path(cli)?;
    if !path.is_file() {
        return Err(ApiError::new("error.store_missing").with("path", path.display().to_string()));
    }
    Store::open_as(&path, cli.user.as_deref(), &passphrase(false, lang)?).map_err(|e| e.to_api())
}

/// Records that a record was looked at (its type and id only) in the audit log.
fn view(store: &mut Store, kind: reintegra_core::records::Kind, id: uuid::Uuid) -> Result<(), ApiError> {
    let subject = format!("{}:{id}", kind.name());
    reintegra_store::audit::record(store, reintegra_store::audit::Action::ViewPerson, &subject).map_err(|e| e.to_api())
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Prints a JSON document, or the human text.
fn emit(cli: &Cli, doc: serde_json::Value, human: String) {
    if cli.json {
        println!("{doc}");
    } else {
        println!("{human}");
    }
}

fn print_report(cli: &Cli, lang: Lang, r: &reintegra_store::load::LoadReport) {
    let n = |v: usize| v.to_string();
    let mut human = tr(
        lang,
        "cli.load.done",
        &[
            ("lines", &n(r.lines)),
            ("inserted", &n(r.inserted)),
            ("updated", &n(r.updated)),
            ("unchanged", &n(r.unchanged)),
            ("deleted", &n(r.deleted)),
        ],
    );
    if !r.duplicates.is_empty() {
        let lines: Vec<String> = r.duplicates.iter().map(ToString::to_string).collect();
        human.push('\n');
        human.push_str(&tr(lang, "cli.load.duplicates", &[("lines", &lines.join(", "))]));
    }
    emit(cli, serde_json::to_value(r).unwrap_or_default(), human);
}

fn run(cli: &Cli, lang: Lang) -> Result<(), ApiError> {
    match &cli.command {
        Command::Init(args) => {
            let path = db_path(cli)?;
            if path.exists() {
                return Err(ApiError::new("error.store_exists").with("path", path.display().to_string()));
            }
            let pass = passphrase(true, lang)?;
            if pass.chars().count() < MIN_PASSPHRASE {
                return Err(ApiError::new("error.passphrase_short"));
            }
            let role = match args.role {
                RoleArg::Field => DeviceRole::Field,
                RoleArg::Supervisor => DeviceRole::Supervisor,
            };
            let (mut store, recovery) =
                Store::create_as(&path, &args.login, &pass, &args.device, role).map_err(|e| e.to_api())?;
            if !args.worker.is_empty() {
                reintegra_store::sync::set_workers(&mut store, &args.worker).map_err(|e| e.to_api())?;
            }
            let d = store.device();
            // The recovery key is printed this once and kept nowhere in clear.
            let human = format!(
                "{}\n{}",
                tr(
                    lang,
                    "cli.init.done",
                    &[("path", &path.display().to_string()), ("device", &d.name), ("role", role.as_str())],
                ),
                tr(lang, "cli.init.recovery_key", &[("key", recovery.as_str())])
            );
            emit(
                cli,
                json!({"path": path, "device_id": d.id, "name": d.name, "role": role,
                       "recovery_key": recovery.as_str()}),
                human,
            );
        }
        Command::Digest => {
            let digest = open(cli, lang)?.digest().map_err(|e| e.to_api())?;
            emit(cli, json!({ "digest": digest }), digest.clone());
        }
        Command::Verify => {
            let mut store = open(cli, lang)?;
            let problems = store.integrity_problems().map_err(|e| e.to_api())?;
            if !problems.is_empty() {
                return Err(ApiError::new("error.integrity").with("detail", problems.join("; ")));
            }
            if !store.projections_match_log().map_err(|e| e.to_api())? {
                return Err(ApiError::new("error.projections_differ"));
            }
            let entries = reintegra_store::audit::verify(&mut store).map_err(|e| e.to_api())?;
            // The audit logs other devices sent: each chain whole, from its first entry, without gaps.
            let received = reintegra_store::audit::verify_received(&mut store).map_err(|e| e.to_api())?;
            if let Some((device, (seq, what))) = received.iter().find_map(|c| c.broken.map(|b| (&c.device, b))) {
                return Err(ApiError::new("error.audit_received_broken")
                    .with("device", device.clone())
                    .with("seq", seq.to_string())
                    .with("detail", what));
            }
            let mut human = format!(
                "{}\n{}",
                t(lang, "cli.verify.ok"),
                tr(lang, "cli.verify.audit", &[("count", &entries.to_string())])
            );
            for c in &received {
                human.push('\n');
                human.push_str(&tr(
                    lang,
                    "cli.verify.audit_received",
                    &[("device", &c.device), ("count", &c.entries.to_string())],
                ));
            }
            let devices: Vec<_> =
                received.iter().map(|c| json!({"device": c.device, "audit_entries": c.entries})).collect();
            emit(cli, json!({"ok": true, "audit_entries": entries, "received": devices}), human);
        }
        Command::Rebuild => {
            let n = open(cli, lang)?.rebuild().map_err(|e| e.to_api())?;
            emit(cli, json!({"records": n}), tr(lang, "cli.rebuild.done", &[("records", &n.to_string())]));
        }
        Command::Persons(PersonsCommand::Search { text, limit }) => {
            let mut store = open(cli, lang)?;
            let page = persons::search(&mut store, &PersonQuery { text: text.clone(), offset: 0, limit: *limit })
                .map_err(|e| e.to_api())?;
            let human = page
                .items
                .iter()
                .map(|p| {
                    format!(
                        "{}\t{}\t{}\t{}",
                        p.id,
                        t(lang, &format!("role.{}", p.role.code())),
                        p.name,
                        p.dui.as_deref().unwrap_or("-")
                    )
                })
                .chain(std::iter::once(reintegra_core::i18n::count(lang, "persons.count", u64::from(page.total))))
                .collect::<Vec<_>>()
                .join("\n");
            emit(cli, serde_json::to_value(&page).unwrap_or_default(), human);
        }
        Command::Records(RecordsCommand::History { kind, id }) => {
            let (kind, id) = record_ref(kind, id)?;
            let mut store = open(cli, lang)?;
            let entries = reintegra_store::records::history(&mut store, kind, id).map_err(|e| e.to_api())?;
            view(&mut store, kind, id)?;
            let human = entries
                .iter()
                .map(|e| {
                    let at = reintegra_core::date::format_user_time_ms(e.at_ms);
                    format!("{at}\t{}\t{}\t{}", e.device_id, e.op, serde_json::Value::Object(e.fields.clone()))
                })
                .collect::<Vec<_>>()
                .join("\n");
            emit(cli, serde_json::to_value(&entries).unwrap_or_default(), human);
        }
        Command::Records(RecordsCommand::Get { kind, id }) => {
            let (kind, id) = record_ref(kind, id)?;
            let mut store = open(cli, lang)?;
            let (data, deleted) = reintegra_store::records::get(&mut store, kind, id).map_err(|e| e.to_api())?;
            view(&mut store, kind, id)?;
            let mut doc = serde_json::Map::new();
            doc.insert("type".into(), json!(kind.name()));
            doc.insert("id".into(), json!(id));
            if deleted {
                doc.insert("deleted".into(), json!(true));
            }
            doc.extend(data);
            // A record is printed as its JSON Lines line, whatever --json says: it is already a document.
            println!("{}", serde_json::Value::Object(doc));
        }
        Command::Vouchers(VouchersCommand::Evaluate { month }) => {
            let month = parse_month(month)?;
            let mut store = open(cli, lang)?;
            let report = reintegra_store::vouchers::evaluate_month(&mut store, month).map_err(|e| e.to_api())?;
            let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
            let mut human = Vec::new();
            for p in &report.participants {
                let e = &p.evaluation;
                *counts.entry(e.outcome.code()).or_default() += 1;
                let unmet: Vec<String> = e
                    .requirements
                    .iter()
                    .filter(|r| !r.met)
                    .map(|r| t(lang, &format!("requirement.{}", r.name)))
                    .collect();
                human.push(format!(
                    "{}\t{}\t{}\t{}",
                    p.person_id,
                    e.month_index.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
                    t(lang, &format!("outcome.{}", e.outcome.code())),
                    unmet.join(", ")
                ));
            }
            for (outcome, n) in &counts {
                human.push(format!("{}: {n}", t(lang, &format!("outcome.{outcome}"))));
            }
            emit(cli, serde_json::to_value(&report).unwrap_or_default(), human.join("\n"));
        }
        Command::Vouchers(VouchersCommand::Payroll { month, out }) => {
            let month = parse_month(month)?;
            let mut store = open(cli, lang)?;
            let p = reintegra_store::vouchers::payroll(&mut store, month).map_err(|e| e.to_api())?;
            payroll::write(&p, out, lang).map_err(|detail| ApiError::new("error.io").with("detail", detail))?;
            reintegra_store::audit::record(
                &mut store,
                reintegra_store::audit::Action::PayrollExport,
                &p.month.to_string(),
            )
            .map_err(|e| e.to_api())?;
            emit(
                cli,
                json!({"month": p.month, "participants": p.lines.len(), "total_usd": p.total_usd, "out": out}),
                tr(
                    lang,
                    "cli.payroll.done",
                    &[
                        ("count", &p.lines.len().to_string()),
                        ("total", &p.total_usd.to_string()),
                        ("path", &out.display().to_string()),
                    ],
                ),
            );
        }
        Command::Load { file } => {
            let input = std::fs::File::open(file).map_err(io_error)?;
            let mut store = open(cli, lang)?;
            let report = reintegra_store::load::load_jsonl(&mut store, std::io::BufReader::new(input), today())
                .map_err(|e| e.to_api())?;
            print_report(cli, lang, &report);
        }
        Command::ImportCsv { what: ImportWhat::Persons, file } => {
            let input = std::fs::File::open(file).map_err(io_error)?;
            let mut store = open(cli, lang)?;
            let report = reintegra_store::load::import_persons_csv(&mut store, std::io::BufReader::new(input), today())
                .map_err(|e| e.to_api())?;
            print_report(cli, lang, &report);
        }
        Command::Keys(cmd) => sync::keys(cli, lang, cmd)?,
        Command::Devices(cmd) => sync::devices(cli, lang, cmd)?,
        Command::Bundle(cmd) => sync::bundle(cli, lang, cmd)?,
        Command::Conflicts(cmd) => sync::conflicts(cli, lang, cmd)?,
        Command::Report(cmd) => report::run(cli, lang, cmd)?,
        Command::Pdf(cmd) => pdf::run(cli, lang, cmd)?,
        Command::Export { out, personal, password_file } => {
            export::run(cli, lang, out, *personal, password_file.as_deref())?
        }
        Command::Purge { dry_run } => sync::purge(cli, lang, *dry_run)?,
        Command::Passphrase(cmd) => security::passphrase(cli, lang, cmd)?,
        Command::Audit(cmd) => security::audit(cli, lang, cmd)?,
        Command::Users(cmd) => security::users(cli, lang, cmd)?,
        Command::Sync { folder } => sync::folder(cli, lang, folder.as_deref())?,
        Command::Demo(args) => {
            let mut store = open(cli, lang)?;
            let options =
                reintegra_demo::Options { participants: args.participants, seed: args.seed, months: args.months };
            let sum = reintegra_demo::generate(&mut store, options, today()).map_err(|e| e.to_api())?;
            emit(
                cli,
                json!({"participants": sum.participants, "relatives": sum.relatives, "records": sum.records}),
                tr(
                    lang,
                    "cli.demo.done",
                    &[
                        ("participants", &sum.participants.to_string()),
                        ("relatives", &sum.relatives.to_string()),
                        ("records", &sum.records.to_string()),
                    ],
                ),
            );
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let lang = lang();
    let matches = match localise(Cli::command(), lang).try_get_matches() {
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
    match run(&cli, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {}", t(lang, "cli.error"), e.message(lang));
            ExitCode::FAILURE
        }
    }
}
