//! Copying text to the clipboard.

use wasm_bindgen_futures::JsFuture;

/// Puts `text` on the clipboard. Fails (with a message) where the browser does not
/// allow it, e.g. outside a secure context.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .ok_or("no window")?
        .navigator()
        .clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| {
            "The browser did not allow copying. Select the text and copy it by hand.".to_owned()
        })
}
