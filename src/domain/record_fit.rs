//! How wide a list of records needs to be to read as a table, so the list can
//! become cards where its box is narrower (see the container queries in
//! `style/main.css`). Layout only: the figures are the widths the style gives
//! each kind of input in a table, and the length of the words shown.

use super::template::{Field, FieldKind};

/// The widths a `.records-form[data-fit]` rule exists for, in rem; a list that
/// needs more is `wide` (cards at every width).
const STEPS: [u32; 14] = [20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 80, 90, 100];

/// Average width of a character, in rem (body text; generous for bold headings).
const CHAR: f32 = 0.55;

/// A cell's padding and border, in rem.
const CELL: f32 = 0.8;

/// The `data-fit` value for a table that needs `rem` of width.
pub fn fit_step(rem: f32) -> String {
    STEPS
        .iter()
        .find(|&&step| rem <= step as f32)
        .map_or_else(|| "wide".to_owned(), u32::to_string)
}

/// Width of the longest word of `text`, in rem.
fn longest_word(text: &str) -> f32 {
    text.split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0) as f32
        * CHAR
}

/// The width an editable list needs as a table: its number column, one column
/// per sub-field (the input's own width in a table, or the heading's longest
/// word when wider), and the column of Remove buttons. `names_borrowed` when
/// the number column also shows a name taken from elsewhere.
pub fn list_fit(columns: &[Field], names_borrowed: bool) -> String {
    let number = if names_borrowed { 9.0 } else { 3.0 };
    let actions = 6.0;
    let cells: f32 = columns
        .iter()
        .map(|column| input_width(column).max(longest_word(&column.label) + 1.0) + CELL)
        .sum();
    fit_step(number + cells + actions)
}

/// The width `style/main.css` gives an input of `field` in a table, in rem.
fn input_width(field: &Field) -> f32 {
    match &field.kind {
        FieldKind::Number { .. } => 7.0,
        FieldKind::Date => 10.0,
        FieldKind::DateTime => 13.0,
        FieldKind::LongText => 15.0,
        FieldKind::Url => 18.0,
        FieldKind::YesNo => 7.5,
        // A select is as wide as its longest option (and its arrow).
        FieldKind::SingleChoice { options } => {
            options
                .iter()
                .map(|o| o.label.chars().count())
                .chain(["Choose…".chars().count()])
                .max()
                .unwrap_or(0) as f32
                * CHAR
                + 3.0
        }
        FieldKind::MultipleChoice { options } => {
            let longest = options.iter().map(|o| o.label.chars().count()).max();
            (longest.unwrap_or(0) as f32 * CHAR + 2.5).max(12.0)
        }
        _ => 12.0,
    }
}

/// A value short enough to be kept on one line in a printed table (a name, a
/// date, a figure with its unit), so it is never split across two lines; a
/// phrase of more words wraps between them.
pub fn keep_whole(text: &str) -> bool {
    let length = text.chars().count();
    let words = text.split_whitespace().count();
    !text.contains('\n') && (length <= 16 || (length <= 32 && words <= 3))
}

/// The width a read-only table needs: each column as wide as its heading's
/// longest word, a value kept whole, or a longer text's longest word (a longer
/// text wraps, in a column of at least 16 characters).
pub fn table_fit(columns: &[String], rows: &[Vec<String>]) -> String {
    let widths = columns.iter().enumerate().map(|(at, heading)| {
        let cells = rows.iter().filter_map(|row| row.get(at)).map(|cell| {
            if keep_whole(cell) {
                cell.chars().count() as f32 * CHAR
            } else {
                longest_word(cell).max(16.0 * CHAR)
            }
        });
        cells.fold(longest_word(heading), f32::max) + CELL
    });
    fit_step(widths.sum())
}

/// Whether every filled cell of column `at` is a figure, alone or with its unit
/// ("31.25", "12 days"), so it is aligned right like figures in a printed table.
pub fn numeric_column(rows: &[Vec<String>], at: usize) -> bool {
    let figure = |cell: &str| {
        let mut words = cell.split_whitespace();
        let number = words
            .next()
            .map(|n| n.replace(',', "").parse::<f64>().is_ok());
        number == Some(true) && words.count() <= 1
    };
    let mut cells = rows
        .iter()
        .filter_map(|row| row.get(at))
        .filter(|c| !c.trim().is_empty())
        .peekable();
    cells.peek().is_some() && cells.all(|c| figure(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_needing_more_than_the_widest_step_is_cards_everywhere() {
        assert_eq!(fit_step(0.0), "20");
        assert_eq!(fit_step(20.0), "20");
        assert_eq!(fit_step(20.1), "25");
        assert_eq!(fit_step(72.0), "80");
        assert_eq!(fit_step(100.5), "wide");
    }

    #[test]
    fn a_column_is_as_wide_as_its_longest_word_or_whole_value() {
        let columns = vec!["Metric".to_owned(), "Before".to_owned()];
        let narrow = vec![vec!["Time".to_owned(), "31.25".to_owned()]];
        let long = "Featherstonehaugh ".repeat(10);
        let wide = vec![vec![long, "31.25".to_owned()]];
        assert_eq!(table_fit(&columns, &narrow), "20");
        // The long text counts its longest word (17 characters), not its length.
        assert_eq!(table_fit(&columns, &wide), "20");
        let many: Vec<String> = (0..14).map(|n| format!("Column{n}")).collect();
        let row: Vec<String> = (0..14).map(|_| "Mira Sandoval".to_owned()).collect();
        assert_eq!(table_fit(&many, &[row]), "wide");
    }

    #[test]
    fn names_dates_and_figures_are_kept_whole_and_phrases_wrap() {
        assert!(keep_whole("Oluwaseun Featherstonehaugh"));
        assert!(keep_whole("31.25 minutes"));
        assert!(keep_whole("2026-12-07"));
        assert!(!keep_whole("Time to onboard a new clinic"));
        assert!(!keep_whole("Bartholomew Featherstonehaugh-Lindqvist"));
    }

    #[test]
    fn only_columns_of_figures_align_right() {
        let rows = vec![
            vec!["Onboarding".to_owned(), "31.25".to_owned(), String::new()],
            vec!["Tickets".to_owned(), "1,200 days".to_owned(), String::new()],
            vec!["Seats".to_owned(), String::new(), "12 of 40".to_owned()],
        ];
        assert!(!numeric_column(&rows, 0));
        assert!(numeric_column(&rows, 1));
        assert!(
            !numeric_column(&rows, 2),
            "a figure in a sentence is not a figure"
        );
        assert!(
            !numeric_column(&rows[..2], 2),
            "an empty column is not a column of figures"
        );
    }
}
