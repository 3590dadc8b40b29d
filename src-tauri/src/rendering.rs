//! How the window draws its page. On Linux WebKitGTK composites the page
//! with OpenGL by default; on a workstation without a GPU driver (a virtual
//! machine, a remote desktop, Xvfb) that GL is Mesa's software renderer,
//! which kept its buffers in the web process: measured at a million cases,
//! 110 MB instead of 50 MB at the sign-in screen and about 390 MB instead of
//! 215 MB after a few minutes of searches, 工作台 and 统计. Forms and tables
//! gain nothing from compositing, so the page is drawn without it. WebView2
//! (Windows) and WKWebView (macOS) manage their own drawing. (WebKitWebDriver's
//! snapshot then waits for the page's next paint: the end-to-end harness
//! makes one, `tests/e2e/harness.mjs`'s `screenshot`.)

/// Turns WebKitGTK's hardware acceleration off for the window's page
/// (before its first page is loaded).
#[cfg(target_os = "linux")]
pub fn draw_without_gl(window: &tauri::WebviewWindow) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    let _ = window.with_webview(|webview| {
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
}

#[cfg(not(target_os = "linux"))]
pub fn draw_without_gl(_window: &tauri::WebviewWindow) {}

/// JavaScriptCore (WebKitGTK's JavaScript engine) lets its heap grow in
/// proportion to the machine's memory before it collects: on this 23 GB
/// machine six visits of 统计 left 418 MB in the web process, most of it
/// garbage of the charts, collected only later. Told to size its heap for
/// 512 MB it collects sooner: 227 MB after the same visits, with the same
/// screens; for 256 MB, 211 MB after 24 visits where 512 MB left 232 MB
/// (128 MB gained only 4 MB more). Set before WebKit starts its web
/// process, which inherits the environment; a value IT sets is kept.
#[cfg(target_os = "linux")]
pub fn size_javascript_heap() {
    set_for_web_process("JSC_forceRAMSize", &(256u64 << 20).to_string());
}

/// Sets `option` in the environment WebKit's processes inherit, unless IT
/// set it for the app; true when it was set here.
#[cfg(target_os = "linux")]
pub fn set_for_web_process(option: &str, value: &str) -> bool {
    let unset = std::env::var_os(option).is_none();
    if unset {
        std::env::set_var(option, value);
    }
    unset
}

#[cfg(not(target_os = "linux"))]
pub fn size_javascript_heap() {}
