//! The central file in the real window: three field laptops (made by the CLI, each with its worker's caseload) left
//! their bundles in one folder, beside one that was damaged on the way. "Sincronizar ahora" takes in the three, shows
//! what each brought, refuses the damaged one saying why in Spanish, and lists every laptop with its last sync and
//! whether it is overdue. Then a participant who arrived is printed as a case summary (PDF), after the app says the
//! file holds personal data, and so are a group's roster before its session and the attendance sheet after it.

use std::path::PathBuf;

use reintegra_tests::*;

const CENTRAL: &str = "Central San Salvador";
const LAPTOPS: [(&str, &str, &str, &str); 3] = [
    ("Portátil Ana", "Ana Portillo", "0192a000-0000-7000-8000-0000000000c1", "Zenaida"),
    ("Portátil Mario", "Mario Ayala", "0192a000-0000-7000-8000-0000000000c2", "Eulogio"),
    ("Portátil Rosa", "Rosa Mejía", "0192a000-0000-7000-8000-0000000000c3", "Ñusta"),
];

fn participant(id: &str, given: &str, worker: &str) -> serde_json::Value {
    serde_json::json!({"type": "person", "id": id, "role": "participant", "given_names": given,
        "first_surname": "Central", "second_surname": "Núñez", "birth_date": "1993-07-21",
        "municipality": "San Salvador Este", "assigned_worker": worker})
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app and CLI, tauri-driver and a display: run .ci/test.sh"]
async fn the_central_file_takes_in_a_folder_of_bundles_and_refuses_a_damaged_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let central = dir.path().join("central.db");
    let folder = dir.path().join("carpeta-compartida");
    let home = dir.path().join("home");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::create_dir(&home).expect("home");
    init(&central, CENTRAL, "supervisor", &[]);

    let mut laptops: Vec<PathBuf> = Vec::new();
    for (i, (name, worker, id, given)) in LAPTOPS.iter().enumerate() {
        let db = dir.path().join(format!("laptop-{i}.db"));
        init(&db, name, "field", &[worker]);
        pair(&central, &db);
        load(&db, &[participant(id, given, worker)]);
        laptops.push(db);
    }
    // Rosa's first bundle is damaged on the way (one byte of its sealed content changed); she sends a new one.
    let first = dir.path().join("primero.rgb");
    export_bundle(&laptops[2], CENTRAL, &first);
    let mut bytes = std::fs::read(&first).expect("bundle");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5a;
    std::fs::write(folder.join("portatil-rosa-danado.rgb"), bytes).expect("damaged copy");
    for (i, db) in laptops.iter().enumerate() {
        export_bundle(db, CENTRAL, &folder.join(format!("portatil-{i}-a-central.rgb")));
    }

    // The central file's own support group, with two participants enrolled in its component: a session is run and
    // its attendance sheet printed.
    let group = "0192a000-0000-7000-8000-0000000000c9";
    load(
        &central,
        &[serde_json::json!({"type": "group", "id": group, "kind": "support_group",
            "name": "Grupo de apoyo Ilopango", "municipality": "San Salvador Este",
            "facilitator": "Lic. Mario Ayala"})],
    );
    for (id, given) in
        [("0192a000-0000-7000-8000-0000000000ca", "Azucena"), ("0192a000-0000-7000-8000-0000000000cb", "Bartolomé")]
    {
        load(
            &central,
            &[
                participant(id, given, "Ana Portillo"),
                serde_json::json!({"type": "enrolment", "person_id": id, "component": "psychosocial",
                    "start_date": "2025-01-10"}),
            ],
        );
    }

    let driver = Driver::start(&central, 0, &[("REINTEGRA_AUTOSYNC_SECONDS", "0"), ("HOME", &home.to_string_lossy())]);
    let c = driver.session(Lang::Es).await;
    unlock(&c, PASSPHRASE).await;
    wait_for_text(&c, "#nav-sync", |t| t.starts_with("Sincroniza")).await;
    click(&c, "#nav-sync").await;
    type_into(&c, "#sync-folder", &folder.to_string_lossy()).await;
    click(&c, "#sync-folder-save").await;
    wait_for_text(&c, "#sync-folder-status", |t| t.starts_with("La carpeta está disponible")).await;

    click(&c, "#sync-now").await;
    let received = wait_for_text(&c, "#sync-received tbody", |t| LAPTOPS.iter().all(|l| t.contains(l.0))).await;
    for i in 0..3 {
        assert!(received.contains(&format!("portatil-{i}-a-central.rgb")), "{received}");
    }
    let rows = c.find_all(fantoccini::Locator::Css("#sync-received tbody tr")).await.expect("rows");
    assert_eq!(rows.len(), 3, "one line per bundle: {received}");
    let refused = wait_for_text(&c, "#sync-refused", |t| t.contains("portatil-rosa-danado.rgb")).await;
    assert!(refused.contains("archivo alterado") || refused.contains("dañad"), "why, in Spanish: {refused}");
    // Every laptop with its last sync (dd/mm/aaaa hh:mm) and, on the central file, whether it is overdue.
    let devices = wait_for_text(&c, "#sync-devices tbody", |t| LAPTOPS.iter().all(|l| t.contains(l.0))).await;
    for line in devices.lines().filter(|l| l.contains("Portátil")) {
        assert!(!line.contains("Atrasado"), "all sent today: {devices}");
    }
    assert_eq!(devices.matches("Al día").count(), 3, "{devices}");
    let head = wait_for(&c, "#sync-devices thead").await.text().await.expect("text");
    assert!(head.contains("Estado"), "{head}");
    let chars: Vec<char> = devices.chars().collect();
    let dated = chars.windows(16).any(|w| {
        let digit = |i: usize| w[i].is_ascii_digit();
        [0, 1, 3, 4, 6, 7, 8, 9, 11, 12, 14, 15].into_iter().all(digit) && w[2] == '/' && w[5] == '/' && w[13] == ':'
    });
    assert!(dated, "last sync as dd/mm/aaaa hh:mm: {devices}");
    screenshot(&c, "central-02-devices").await;
    // The per-bundle results are below the devices at 1366x768: shown as a person scrolls to them.
    c.execute("document.querySelector('#sync-result').scrollIntoView()", vec![]).await.expect("scroll");
    let shot = screenshot(&c, "central-01-folder-imported").await;

    // A participant who came in, printed: the app says it holds personal data before writing it.
    click(&c, "#nav-persons").await;
    open_found(&c, "#search", "#persons-table tbody", "Ñusta", "Ñusta Central Núñez").await;
    wait_for_text(&c, "#person-name", |t| t.starts_with("Ñusta Central Núñez")).await;
    click(&c, "#person-pdf").await;
    let question = wait_for_text(&c, "#person-pdf-question", |t| t.contains("datos personales")).await;
    assert!(question.contains(&home.to_string_lossy().into_owned()), "says where: {question}");
    click(&c, "#person-pdf-yes").await;
    let done = wait_for_text(&c, "#person-pdf-result", |t| t.contains(".pdf")).await;
    screenshot(&c, "central-03-case-pdf").await;

    // A session of the group, everyone present, saved; its attendance sheet printed the same way.
    click(&c, "#nav-session").await;
    wait_for(&c, &format!("#s-group option[value='{group}']")).await;
    select(&c, "#s-group", group).await;
    wait_for_text(&c, "#roster-count", |t| t.starts_with("2 personas en la lista")).await;
    // Before the session: the roster printed to be signed on paper.
    click(&c, "#roster-pdf").await;
    wait_for_text(&c, "#roster-pdf-question", |t| t.contains("datos personales")).await;
    click(&c, "#roster-pdf-yes").await;
    let roster = wait_for_text(&c, "#roster-pdf-result", |t| t.contains("lista-")).await;
    screenshot(&c, "central-04-roster-pdf").await;
    click(&c, "#all-present").await;
    click(&c, "#save-session").await;
    wait_for_text(&c, "#session-saved", |t| t == "Sesión guardada con la asistencia de 2 personas.").await;
    click(&c, "#session-pdf").await;
    wait_for_text(&c, "#session-pdf-question", |t| t.contains("datos personales")).await;
    click(&c, "#session-pdf-yes").await;
    let sheet = wait_for_text(&c, "#session-pdf-result", |t| t.contains("asistencia-")).await;
    screenshot(&c, "central-05-session-pdf").await;
    c.close().await.expect("close the app");
    drop(driver);

    let written: Vec<PathBuf> = std::fs::read_dir(&home)
        .expect("home")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(written.len(), 3, "{done}\n{roster}\n{sheet}");
    for path in &written {
        let shown = path.to_string_lossy().into_owned();
        assert!([&done, &roster, &sheet].iter().any(|t| t.contains(&shown)), "the path shown: {shown}");
        assert!(std::fs::read(path).expect("pdf").starts_with(b"%PDF-"));
    }
    let audit = cli(&central, PASSPHRASE, &[os("audit"), os("list")]);
    assert!(audit.contains("pdf_case:0192a000-0000-7000-8000-0000000000c3"), "{audit}");
    assert!(audit.contains("pdf_attendance:") && audit.contains("pdf_roster:"), "{audit}");
    assert!(shot.is_file());
}
