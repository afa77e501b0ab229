//! A pick's offers as the HTML of a select's options, written once as text.
//! A program's record page holds 50 picks of up to 500 records each: built
//! as one string per select, they cost the browser one parse, and leaving
//! the page one removal, instead of an element and its bookkeeping per offer.

use std::fmt::Write;

/// The options of a select: a first empty choice reading `placeholder`, then
/// each `(id, label)` offered, with the one whose id is `chosen` selected.
/// Every label is escaped, so a record's text is only ever text.
pub fn options_html<'a>(
    placeholder: &str,
    offers: impl IntoIterator<Item = (u32, &'a str)>,
    chosen: Option<u32>,
) -> String {
    let mut html = String::new();
    let _ = write!(html, "<option value=\"\">{}</option>", escaped(placeholder));
    for (id, label) in offers {
        let selected = if chosen == Some(id) { " selected" } else { "" };
        let _ = write!(
            html,
            "<option value=\"{id}\"{selected}>{}</option>",
            escaped(label)
        );
    }
    html
}

/// `text` with the characters HTML gives a meaning replaced by their entities.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_only_ever_text() {
        let html = options_html(
            "Choose…",
            [(7, "<img src=x onerror=alert(1)> & \"Co\" 'Ltd'")],
            None,
        );
        assert_eq!(
            html,
            "<option value=\"\">Choose…</option><option value=\"7\">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot; &#39;Ltd&#39;</option>"
        );
    }

    #[test]
    fn the_chosen_offer_is_selected_and_only_it() {
        let offers = [(1, "Fintrust"), (2, "Globex")];
        let html = options_html("Choose…", offers, Some(2));
        assert_eq!(html.matches(" selected").count(), 1);
        assert!(html.contains("<option value=\"2\" selected>Globex</option>"));
        assert!(!options_html("Choose…", offers, Some(3)).contains("selected"));
    }
}
