//! Showing a long list a page at a time: a program's thousands of interactions
//! would otherwise put tens of thousands of inputs on one page. Plain
//! arithmetic, kept out of the views so it is tested natively.

/// One page of a list of `total` items, `size` at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Which page, from 0; never past the last page.
    pub index: usize,
    /// Items per page; at least 1.
    pub size: usize,
    /// Items in the whole list.
    pub total: usize,
}

impl Page {
    /// Page `index` of the list, moved back to the last page when the list has
    /// become shorter (a record removed from the last page).
    pub fn new(index: usize, size: usize, total: usize) -> Page {
        let size = size.max(1);
        let last = total.saturating_sub(1) / size;
        Page {
            index: index.min(last),
            size,
            total,
        }
    }

    /// The page holding item `position` (from 0): where a new record is shown.
    pub fn holding(position: usize, size: usize, total: usize) -> Page {
        Page::new(position / size.max(1), size, total)
    }

    /// The items of this page, as a range of positions.
    pub fn range(&self) -> std::ops::Range<usize> {
        let start = (self.index * self.size).min(self.total);
        start..(start + self.size).min(self.total)
    }

    /// How many pages the list has; 1 for an empty list.
    pub fn count(&self) -> usize {
        self.total.div_ceil(self.size).max(1)
    }

    /// Whether the list needs more than one page, so paging controls are shown.
    pub fn is_paged(&self) -> bool {
        self.total > self.size
    }

    /// Whether there is a page before this one.
    pub fn has_previous(&self) -> bool {
        self.index > 0
    }

    /// Whether there is a page after this one.
    pub fn has_next(&self) -> bool {
        self.index + 1 < self.count()
    }

    /// Where this page is, in words: "Records 26–50 of 5,000".
    pub fn describe(&self, items: &str) -> String {
        let range = self.range();
        if range.is_empty() {
            return format!("No {items}");
        }
        format!(
            "{} {}–{} of {}",
            capitalised(items),
            thousands(range.start + 1),
            thousands(range.end),
            thousands(self.total)
        )
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// 5000 as "5,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_holds_its_share_of_the_list_and_the_last_one_the_rest() {
        assert_eq!(Page::new(0, 25, 5000).range(), 0..25);
        assert_eq!(Page::new(1, 25, 5000).range(), 25..50);
        assert_eq!(Page::new(199, 25, 5000).range(), 4975..5000);
        assert_eq!(Page::new(2, 25, 60).range(), 50..60);
        assert_eq!(Page::new(0, 25, 60).count(), 3);
    }

    #[test]
    fn a_page_past_the_end_moves_back_to_the_last_one() {
        // The only record of page 3 was removed: page 2 is shown.
        let page = Page::new(2, 25, 50);
        assert_eq!(page.index, 1);
        assert_eq!(page.range(), 25..50);
        assert_eq!(Page::new(7, 25, 0).range(), 0..0);
        assert_eq!(Page::new(7, 25, 0).index, 0);
    }

    #[test]
    fn a_new_record_is_on_the_page_that_holds_its_position() {
        assert_eq!(Page::holding(25, 25, 26).index, 1);
        assert_eq!(Page::holding(24, 25, 25).index, 0);
        assert_eq!(Page::holding(4999, 25, 5000).range(), 4975..5000);
    }

    #[test]
    fn paging_controls_show_only_for_a_list_longer_than_a_page() {
        assert!(!Page::new(0, 25, 25).is_paged());
        assert!(Page::new(0, 25, 26).is_paged());
        let first = Page::new(0, 25, 26);
        assert!(!first.has_previous() && first.has_next());
        let last = Page::new(1, 25, 26);
        assert!(last.has_previous() && !last.has_next());
    }

    #[test]
    fn the_page_says_where_it_is_in_words() {
        assert_eq!(
            Page::new(1, 25, 5000).describe("records"),
            "Records 26–50 of 5,000"
        );
        assert_eq!(Page::new(0, 25, 3).describe("records"), "Records 1–3 of 3");
        assert_eq!(Page::new(0, 25, 0).describe("records"), "No records");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
