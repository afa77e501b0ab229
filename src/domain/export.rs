//! The JSON record a person downloads: one run, or every run as a backup.
//! The format is documented in `docs/export-format.md` and
//! `public/schema/runsheet-export-v1.schema.json`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::integrity::content_hash;
use super::run::Run;
use super::template::Template;

/// Format marker of a single-run file.
pub const RUN_FORMAT: &str = "runsheet-run";
/// Format marker of a backup file.
pub const BACKUP_FORMAT: &str = "runsheet-backup";
/// Export schema written by this build; files with a higher number are refused.
pub const EXPORT_SCHEMA: u32 = 1;
/// The app version written into exports, for support questions.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Which template a run follows, named in the file so it reads on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateRef {
    /// Template id.
    pub id: String,
    /// Template version the run is pinned to.
    pub version: u32,
    /// Template title at export time.
    pub title: String,
}

/// One run as a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunExport {
    /// Always [`RUN_FORMAT`].
    pub format: String,
    /// Export schema version.
    pub schema: u32,
    /// When the file was written.
    pub exported_at: DateTime<Utc>,
    /// App version that wrote it.
    pub app_version: String,
    /// The run id, printed on the summary to match paper to file.
    pub record_id: String,
    /// SHA-256 of the run's content; a mismatch on import means the file was edited.
    pub fingerprint: String,
    /// The template followed.
    pub template: TemplateRef,
    /// The run: roles, every step's state and values, and the activity log.
    pub run: Run,
}

/// Every run in one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupExport {
    /// Always [`BACKUP_FORMAT`].
    pub format: String,
    /// Export schema version.
    pub schema: u32,
    /// When the file was written.
    pub exported_at: DateTime<Utc>,
    /// App version that wrote it.
    pub app_version: String,
    /// SHA-256 over the runs' fingerprints, in order.
    pub fingerprint: String,
    /// The runs, each with its own fingerprint.
    pub runs: Vec<RunExport>,
}

/// The fingerprint of a run's content.
pub fn run_fingerprint(run: &Run) -> String {
    content_hash(run)
}

/// The fingerprint of a backup: over its runs' fingerprints, so reordering,
/// adding or removing runs is detected too.
pub fn backup_fingerprint(runs: &[RunExport]) -> String {
    let prints: Vec<&str> = runs.iter().map(|r| r.fingerprint.as_str()).collect();
    content_hash(&prints)
}

/// Wraps a run for download.
pub fn export_run(run: &Run, template: &Template, now: DateTime<Utc>) -> RunExport {
    RunExport {
        format: RUN_FORMAT.to_owned(),
        schema: EXPORT_SCHEMA,
        exported_at: now,
        app_version: APP_VERSION.to_owned(),
        record_id: run.id.clone(),
        fingerprint: run_fingerprint(run),
        template: TemplateRef {
            id: template.id.clone(),
            version: template.version,
            title: template.title.clone(),
        },
        run: run.clone(),
    }
}

/// Wraps several runs for a backup download.
pub fn export_backup(runs: Vec<RunExport>, now: DateTime<Utc>) -> BackupExport {
    BackupExport {
        format: BACKUP_FORMAT.to_owned(),
        schema: EXPORT_SCHEMA,
        exported_at: now,
        app_version: APP_VERSION.to_owned(),
        fingerprint: backup_fingerprint(&runs),
        runs,
    }
}

/// Pretty-printed JSON, readable in any editor.
pub fn to_pretty_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Lowercase ASCII words joined by hyphens: safe in every file system.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    let short: String = trimmed.chars().take(60).collect();
    if short.is_empty() {
        "run".to_owned()
    } else {
        short.trim_end_matches('-').to_owned()
    }
}

/// File name of a run download: SOP, run title and date, e.g.
/// `customer-story-production_acme-q3_2026-11-22.json`.
pub fn run_file_name(template_title: &str, run_title: &str, date: NaiveDate) -> String {
    format!(
        "{}_{}_{}.json",
        slug(template_title),
        slug(run_title),
        date.format("%Y-%m-%d")
    )
}

/// File name of a backup download.
pub fn backup_file_name(date: NaiveDate) -> String {
    format!("runsheet-backup_{}.json", date.format("%Y-%m-%d"))
}

/// A file offered for download: every download's name and contents are made here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// Suggested file name.
    pub file_name: String,
    /// Media type.
    pub mime: &'static str,
    /// The text of the file.
    pub contents: String,
}

impl Download {
    /// One run as JSON, named after its SOP, its title and `today`.
    pub fn run(run: &Run, template: &Template, now: DateTime<Utc>, today: NaiveDate) -> Self {
        Download {
            file_name: run_file_name(&template.title, &run.title, today),
            mime: "application/json",
            contents: to_pretty_json(&export_run(run, template, now)),
        }
    }

    /// Every run in one JSON backup.
    pub fn backup(runs: Vec<RunExport>, now: DateTime<Utc>, today: NaiveDate) -> Self {
        Download {
            file_name: backup_file_name(today),
            mime: "application/json",
            contents: to_pretty_json(&export_backup(runs, now)),
        }
    }

    /// The reference directory as CSV.
    pub fn reference_directory(csv: String, today: NaiveDate) -> Self {
        Self::csv("reference-directory", csv, today)
    }

    /// The reference interactions as CSV.
    pub fn reference_interactions(csv: String, today: NaiveDate) -> Self {
        Self::csv("reference-interactions", csv, today)
    }

    fn csv(name: &str, csv: String, today: NaiveDate) -> Self {
        Download {
            file_name: format!("{name}_{}.csv", today.format("%Y-%m-%d")),
            mime: "text/csv;charset=utf-8",
            contents: csv,
        }
    }

    /// A stored record this version cannot read, exactly as stored, named after its key.
    pub fn stored_record(key: &str, raw: &str) -> Self {
        Download {
            file_name: format!("{}.txt", key.replace(':', "_")),
            mime: "text/plain",
            contents: raw.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_say_what_they_hold() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(
            run_file_name("Customer Story Production", "Acme: Q3 — “launch”/../", day),
            "customer-story-production_acme-q3-launch_2026-11-22.json"
        );
        assert_eq!(run_file_name("X", "🚀🚀", day), "x_run_2026-11-22.json");
        assert_eq!(backup_file_name(day), "runsheet-backup_2026-11-22.json");
    }
}
