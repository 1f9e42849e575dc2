//! The window's memory (#18): the web view told that it shows one app, not a browser's history of pages, so it
//! keeps no cache of pages and resources it will not show again (docs/performance.md, "Memory").
//!
//! - Linux (WebKitGTK): the web context's cache model is `DocumentViewer` (WebKit's default is `WebBrowser`, sized
//!   for going back and forth between sites): no back/forward page cache, the smallest memory cache. Turning off
//!   hardware-accelerated compositing as well (`HardwareAccelerationPolicy::Never`) halved the web process at 10×
//!   (472 → 241 MB after 3 minutes, Mesa's software renderer) but made WebKit's snapshots, and so every window
//!   test's screenshot, hang: not done (docs/performance.md, "Memory, start-up and size of the release app").
//!   WebKit's DMA-BUF renderer off (`WEBKIT_DISABLE_DMABUF_RENDERER=1`, read only from the environment) does the same
//!   for the web process with working screenshots, but the app then locks itself in the middle of the window tests
//!   (e2e_field 2 of 9 pass): measured and not kept (same section, "The scripted hour at 10×").
//! - Windows (WebView2): the equivalent lever is `ICoreWebView2_19::put_MemoryUsageTargetLevel(LOW)` (for example
//!   while the app is locked). It is a COM call through `unsafe` code, which this workspace forbids, so it is not
//!   done; WebView2 trims its own caches under the system's memory pressure.

use tauri::{AppHandle, Manager, Runtime};

/// Applies the memory settings to every web view of the app (called once, when the window exists).
pub fn configure_web_views<R: Runtime>(app: &AppHandle<R>) {
    for (_, window) in app.webview_windows() {
        // A web view that cannot be reached keeps WebKit's defaults: more memory, nothing broken.
        let _ = window.with_webview(|view| {
            #[cfg(target_os = "linux")]
            {
                use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
                if let Some(context) = view.inner().context() {
                    context.set_cache_model(CacheModel::DocumentViewer);
                }
            }
            #[cfg(not(target_os = "linux"))]
            let _ = view;
        });
    }
}
