//! The system's own open, save and folder dialogs (GTK here, the common dialogs on Windows), so that people choose
//! files and folders the way they do in every other program instead of typing `E:\reintegra`.

use std::path::Path;

use reintegra_core::wire::ApiError;
use reintegra_core::wire::args::{PickMode, PickPathArgs};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;

/// Shows the dialog and waits for the person (called off the main thread: Tauri runs async commands on its pool).
/// `None` when the dialog was closed without a choice.
pub fn pick_path(app: &AppHandle, args: PickPathArgs) -> Result<Option<String>, ApiError> {
    let mut dialog = app.dialog().file().set_title(args.title);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    // Opens where the last choice was: the folder itself, or the folder of a file.
    let start = Path::new(args.start.trim());
    let folder = if start.is_dir() { Some(start) } else { start.parent().filter(|p| p.is_dir()) };
    if let Some(folder) = folder {
        dialog = dialog.set_directory(folder);
    }
    let filter = |dialog: tauri_plugin_dialog::FileDialogBuilder<tauri::Wry>, extensions: &[String]| {
        if extensions.is_empty() {
            return dialog;
        }
        let list: Vec<&str> = extensions.iter().map(String::as_str).collect();
        dialog.add_filter(args.filter_name.clone(), &list)
    };
    let chosen = match &args.mode {
        PickMode::Folder => dialog.blocking_pick_folder(),
        PickMode::Open { extensions } => filter(dialog, extensions).blocking_pick_file(),
        PickMode::Save { default_name, extensions } => {
            filter(dialog, extensions).set_file_name(default_name.clone()).blocking_save_file()
        }
    };
    match chosen {
        None => Ok(None),
        Some(path) => path
            .into_path()
            .map(|p| Some(p.display().to_string()))
            .map_err(|e| ApiError::new("error.io").with("detail", e.to_string())),
    }
}
