//! Reading a file the person picked or dropped.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The file chosen in a file input's `change` event. The input is cleared, so
/// picking the same file again (after fixing it) fires another event.
pub fn take_picked_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|files| files.get(0));
    input.set_value("");
    file
}

/// A picked file: its name, size in bytes and text.
pub struct PickedFile {
    /// Name as on disk, for messages.
    pub name: String,
    /// Size in bytes, known before reading.
    pub size: usize,
    /// Contents, or why they could not be read (e.g. too large to read).
    pub text: Result<String, String>,
}

/// Reads a file's text, but only when it is at most `max_bytes`: the size is
/// checked before anything is read, so a huge file cannot freeze the tab.
pub async fn read_file(file: web_sys::File, max_bytes: usize) -> PickedFile {
    let size = file.size() as usize;
    let name = file.name();
    if size > max_bytes {
        return PickedFile {
            name,
            size,
            text: Err("too large".into()),
        };
    }
    let text = match JsFuture::from(file.text()).await {
        Ok(value) => value.as_string().ok_or_else(|| "not text".to_owned()),
        Err(_) => Err("the browser could not read the file".to_owned()),
    };
    PickedFile { name, size, text }
}
