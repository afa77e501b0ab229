//! A small RFC 4180 CSV reader and writer, enough for CRM exports coming in and
//! directory exports going out; written here rather than pulled in as a crate
//! because the whole format fits in a page and the app ships as one download.
//!
//! Reading is lenient the way spreadsheets are: a UTF-8 byte order mark is
//! skipped, CRLF, LF and lone CR all end a record, blank lines are ignored, a
//! quote inside an unquoted cell is kept as text, and text after a closing
//! quote is appended to the cell. Only an unclosed quote is an error, because
//! it swallows the rest of the file. European exports separated by `;` or
//! tabs are recognised from the header line.
//!
//! Writing produces what spreadsheets open correctly: a UTF-8 byte order mark,
//! CRLF line ends, quotes only where needed, and cells that a spreadsheet would
//! run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) prefixed with
//! `'` so an exported note can never execute.

use std::borrow::Cow;
use std::fmt;

/// The byte order mark that tells spreadsheets the file is UTF-8.
pub const BOM: char = '\u{FEFF}';

/// One record read from a CSV text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRecord {
    /// Line where the record starts, from 1, for messages people can act on.
    pub line: usize,
    /// The cells, unquoted.
    pub cells: Vec<String>,
}

/// A part of the text that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// A quoted cell starting on this line is never closed; the rest of the text is lost.
    UnclosedQuote {
        /// Line where the record starts.
        line: usize,
    },
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::UnclosedQuote { line } => write!(
                f,
                "line {line}: a quoted cell is never closed, so the rest of the file cannot be read"
            ),
        }
    }
}

/// Everything read from a CSV text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvTable {
    /// Records in order, blank lines left out.
    pub records: Vec<CsvRecord>,
    /// What could not be read.
    pub errors: Vec<CsvError>,
}

/// The separator of `text`: whichever of `,`, `;` and tab occurs most often
/// outside quotes on the first line; `,` on a tie or when there is none.
pub fn sniff_delimiter(text: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in text.trim_start_matches(BOM).chars() {
        match c {
            '"' => quoted = !quoted,
            '\r' | '\n' if !quoted => break,
            _ if !quoted => {
                if let Some(entry) = counts.iter_mut().find(|(d, _)| *d == c) {
                    entry.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .fold(
            (',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

/// Reads `text`, recognising its separator with [`sniff_delimiter`].
pub fn read(text: &str) -> CsvTable {
    read_with(text, sniff_delimiter(text))
}

/// Reads `text` separated by `delimiter`.
pub fn read_with(text: &str, delimiter: char) -> CsvTable {
    let mut table = CsvTable::default();
    let mut chars = text.strip_prefix(BOM).unwrap_or(text).chars().peekable();
    let mut line = 1;
    let mut start_line = 1;
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    // Whether the current record has any content yet (so blank lines are skipped).
    let mut started = false;
    let finish = |cells: &mut Vec<String>, cell: &mut String, table: &mut CsvTable, at: usize| {
        cells.push(std::mem::take(cell));
        let record = std::mem::take(cells);
        if !(record.len() == 1 && record[0].is_empty()) {
            table.records.push(CsvRecord {
                line: at,
                cells: record,
            });
        }
    };
    while let Some(c) = chars.next() {
        if !started {
            start_line = line;
            started = true;
        }
        match c {
            '"' if cell.is_empty() => {
                // A quoted cell: runs to the next quote not doubled.
                let mut closed = false;
                while let Some(q) = chars.next() {
                    match q {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            cell.push('"');
                        }
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\n' => {
                            line += 1;
                            cell.push(q);
                        }
                        '\r' => {
                            if chars.peek() != Some(&'\n') {
                                line += 1;
                            }
                            cell.push(q);
                        }
                        _ => cell.push(q),
                    }
                }
                if !closed {
                    table
                        .errors
                        .push(CsvError::UnclosedQuote { line: start_line });
                    return table;
                }
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                finish(&mut cells, &mut cell, &mut table, start_line);
                line += 1;
                started = false;
            }
            d if d == delimiter => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    if started {
        finish(&mut cells, &mut cell, &mut table, start_line);
    }
    table
}

/// `cell` made safe to open in a spreadsheet: prefixed with `'` when it would
/// otherwise run as a formula. Plain numbers such as `-12.5` are left alone.
pub fn guard_cell(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Appends one cell, guarded and quoted as needed.
fn push_cell(out: &mut String, cell: &str) {
    let cell = guard_cell(cell);
    if cell.contains([',', '"', '\r', '\n', ';', '\t']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&cell);
    }
}

/// Writes rows as CSV text for spreadsheets: byte order mark, comma separated,
/// CRLF after every row, every cell passed through [`guard_cell`].
pub fn write<R, C>(rows: R) -> String
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut out = String::new();
    out.push(BOM);
    for row in rows {
        for (i, cell) in row.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_cell(&mut out, cell.as_ref());
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(table: &CsvTable) -> Vec<Vec<&str>> {
        table
            .records
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn reads_quotes_commas_newlines_and_line_ends() {
        let text = "\u{FEFF}name,notes\r\n\"Acme, Inc.\",\"said \"\"yes\"\"\nthen left\"\rBeta,plain\n\nGamma,\n";
        let table = read(text);
        assert!(table.errors.is_empty());
        assert_eq!(
            cells(&table),
            vec![
                vec!["name", "notes"],
                vec!["Acme, Inc.", "said \"yes\"\nthen left"],
                vec!["Beta", "plain"],
                vec!["Gamma", ""],
            ]
        );
        let lines: Vec<usize> = table.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 4, 6], "records start on these lines");
    }

    #[test]
    fn lenient_with_stray_quotes_and_strict_with_unclosed_ones() {
        let table = read("a,b\nsay \"hi\",\"x\"y\n");
        assert_eq!(cells(&table)[1], vec!["say \"hi\"", "xy"]);
        let broken = read("a,b\n1,2\n\"open,3\n4,5\n");
        assert_eq!(broken.records.len(), 2);
        assert_eq!(broken.errors, [CsvError::UnclosedQuote { line: 3 }]);
    }

    #[test]
    fn recognises_semicolon_and_tab_exports() {
        assert_eq!(sniff_delimiter("a;b;\"c,d\"\n1;2;3"), ';');
        assert_eq!(sniff_delimiter("a\tb\n"), '\t');
        assert_eq!(sniff_delimiter("a,b\n"), ',');
        assert_eq!(sniff_delimiter("single\n"), ',');
        assert_eq!(
            cells(&read("Firma;Branche\nMüller GmbH;Handel\n"))[1],
            vec!["Müller GmbH", "Handel"]
        );
    }

    #[test]
    fn writes_bom_crlf_and_quotes_only_when_needed() {
        let text = write([vec!["a", "b,c"], vec!["say \"hi\"", "two\nlines"]]);
        assert_eq!(
            text,
            "\u{FEFF}a,\"b,c\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }

    #[test]
    fn round_trips_awkward_cells() {
        let rows = vec![
            vec!["plain", "", "comma, inside", "quote \" inside"],
            vec!["line\r\nbreak", "  spaces  ", "Zoë ✓", "-12.5"],
        ];
        let table = read(&write(&rows));
        assert!(table.errors.is_empty());
        assert_eq!(cells(&table), rows);
    }

    // Formula injection: a cell typed as "=HYPERLINK(...)" must open as text.
    #[test]
    fn guards_cells_a_spreadsheet_would_run() {
        for hostile in [
            "=1+1",
            "+1 555 0100",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "=cmd|' /C calc'!A0",
        ] {
            let text = write([[hostile]]);
            let back = read(&text);
            assert_eq!(
                back.records[0].cells[0],
                format!("'{hostile}"),
                "{hostile:?}"
            );
        }
        assert_eq!(guard_cell("-5"), "-5");
        assert_eq!(guard_cell("+3.25"), "+3.25");
        assert_eq!(guard_cell("a=b"), "a=b");
    }
}
