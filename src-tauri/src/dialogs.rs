//! The system's own open, save and folder dialogs (GTK here, the common dialogs on Windows), so that people choose
//! files and folders the way they do in every other program instead of typing `E:\reintegra`.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use reintegra_core::wire::ApiError;
use reintegra_core::wire::args::{PickMode, PickPathArgs};
use tauri::{AppHandle, Manager};

type Chosen = Pin<Box<dyn Future<Output = Option<rfd::FileHandle>> + Send>>;

/// Shows the dialog and waits for the person; `None` when it was closed without a choice. The dialog is made on the
/// main thread (GTK's rule) and awaited on a thread of its own, so the window keeps painting meanwhile.
pub fn pick_path(app: &AppHandle, args: PickPathArgs) -> Result<Option<String>, ApiError> {
    let failed = |e: &dyn std::fmt::Display| ApiError::new("error.io").with("detail", e.to_string());
    let window = app.get_webview_window("main");
    let (send, receive) = std::sync::mpsc::channel();
    app.run_on_main_thread(move || {
        let mut dialog = rfd::AsyncFileDialog::new().set_title(args.title.as_str());
        if let Some(window) = &window {
            dialog = dialog.set_parent(window);
        }
        // Opens where the last choice was: the folder itself, or the folder of a file.
        let start = Path::new(args.start.trim());
        if let Some(folder) = if start.is_dir() { Some(start) } else { start.parent().filter(|p| p.is_dir()) } {
            dialog = dialog.set_directory(folder);
        }
        let filtered = |dialog: rfd::AsyncFileDialog, extensions: &[String]| {
            if extensions.is_empty() { dialog } else { dialog.add_filter(args.filter_name.as_str(), extensions) }
        };
        let chosen: Chosen = match &args.mode {
            PickMode::Folder => Box::pin(dialog.pick_folder()),
            PickMode::Open { extensions } => Box::pin(filtered(dialog, extensions).pick_file()),
            PickMode::Save { default_name, extensions } => {
                Box::pin(filtered(dialog, extensions).set_file_name(default_name.as_str()).save_file())
            }
        };
        std::thread::spawn(move || {
            let path = tauri::async_runtime::block_on(chosen).map(|f| f.path().display().to_string());
            // The command may have stopped waiting (the window closed): nobody to tell.
            let _ = send.send(path);
        });
    })
    .map_err(|e| failed(&e))?;
    receive.recv().map_err(|e| failed(&e))
}
