//! The SOP templates that ship with Runsheet.
//!
//! Templates are embedded at build time, so the catalogue works offline and
//! never depends on a server. Every *published* version stays embedded: a run
//! pins `id` + `version`, and must still open after the template moves on.

use std::sync::OnceLock;

use super::procedure::registry::BUILT_IN;
use super::template::Template;

/// An embedded template file that could not be parsed.
///
/// Kept rather than panicking so one broken file never takes the whole app
/// down; the test suite asserts this list is empty, so it never ships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file under `src/templates/` that failed.
    pub file: &'static str,
    /// What serde reported, with line and column.
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "template {} does not parse: {}", self.file, self.message)
    }
}

impl std::error::Error for LoadError {}

/// The parsed catalogue, built once on first use.
struct Catalogue {
    /// Every version of every template that parsed.
    all: Vec<Template>,
    /// The newest version of each template, in catalogue order.
    latest: Vec<Template>,
    /// Files that failed to parse.
    errors: Vec<LoadError>,
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let mut all = Vec::with_capacity(BUILT_IN.len());
        let mut errors = Vec::new();
        for source in BUILT_IN {
            match serde_json::from_str::<Template>(source.json) {
                Ok(template) if template.id == source.id => all.push(template),
                Ok(template) => errors.push(LoadError {
                    file: source.file,
                    message: format!(
                        "declares id {:?}, but the registry lists it as {:?}",
                        template.id, source.id
                    ),
                }),
                Err(e) => errors.push(LoadError {
                    file: source.file,
                    message: e.to_string(),
                }),
            }
        }
        // A template that parses but would break a run fails loudly while
        // developing; the test suite runs the same check on every version.
        #[cfg(debug_assertions)]
        for (template, source) in all.iter().zip(BUILT_IN) {
            for problem in super::template_check::check_template(template) {
                errors.push(LoadError {
                    file: source.file,
                    message: problem.to_string(),
                });
            }
        }
        Catalogue {
            latest: newest_per_id(&all),
            all,
            errors,
        }
    })
}

/// Keeps the highest version of each id, at the position where the id first
/// appears, so adding a new version never reorders the catalogue.
fn newest_per_id(all: &[Template]) -> Vec<Template> {
    let mut latest: Vec<Template> = Vec::new();
    for template in all {
        match latest.iter_mut().find(|t| t.id == template.id) {
            Some(existing) if existing.version < template.version => *existing = template.clone(),
            Some(_) => {}
            None => latest.push(template.clone()),
        }
    }
    latest
}

/// The templates a visitor can start a run from: the newest version of each,
/// in catalogue order (customer story production first).
pub fn templates() -> &'static [Template] {
    &catalogue().latest
}

/// Every embedded version of every template, so tooling and tests can check
/// old versions too, not only the ones offered for new runs.
pub fn all_versions() -> &'static [Template] {
    &catalogue().all
}

/// The newest version of a template, for starting a new run from a URL or a
/// catalogue entry; `None` when the id is unknown.
pub fn find(id: &str) -> Option<&'static Template> {
    templates().iter().find(|t| t.id == id)
}

/// One exact version of a template, for reopening a stored run with the
/// definition it began with; `None` when that version is not embedded.
pub fn find_version(id: &str, version: u32) -> Option<&'static Template> {
    all_versions()
        .iter()
        .find(|t| t.id == id && t.version == version)
}

/// Embedded files that failed to parse; empty in any build that passed the tests.
/// Exposed so the test suite (and a diagnostics view) can report them.
pub fn load_errors() -> &'static [LoadError] {
    &catalogue().errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stub(id: &str, version: u32) -> Template {
        Template {
            id: id.into(),
            version,
            title: format!("{id} v{version}"),
            summary: String::new(),
            roles: vec![],
            steps: vec![],
            document: None,
        }
    }

    // Pins the rule that a newer version replaces an older one in place, so
    // publishing v2 of the first template keeps it first in the catalogue.
    #[test]
    fn newest_version_wins_and_keeps_first_position() {
        let all = [stub("a", 1), stub("b", 1), stub("a", 2)];
        let latest = newest_per_id(&all);
        let got: Vec<_> = latest.iter().map(|t| (t.id.as_str(), t.version)).collect();
        assert_eq!(got, [("a", 2), ("b", 1)]);
    }

    // An older version listed after a newer one must not replace it.
    #[test]
    fn older_version_listed_later_does_not_win() {
        let all = [stub("a", 3), stub("a", 1)];
        let latest = newest_per_id(&all);
        assert_eq!(latest.len(), 1);
        assert_eq!(latest[0].version, 3);
    }
}
