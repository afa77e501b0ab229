//! The summary as Markdown, for pasting into email or chat.

use std::fmt::Write;

use super::summary::{Summary, SummaryValue};

/// Escapes text so Markdown shows it literally (no accidental links, emphasis or headings).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A table cell: escaped, on one line.
fn cell(s: &str) -> String {
    text(&s.replace(['\r', '\n'], " "))
}

/// A multi-line block kept on separate lines.
fn block(s: &str) -> String {
    s.lines().map(text).collect::<Vec<_>>().join("  \n")
}

/// A Markdown table.
fn table(md: &mut String, columns: &[String], rows: &[Vec<String>]) {
    let _ = writeln!(
        md,
        "| {} |",
        columns
            .iter()
            .map(|c| cell(c))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(md, "|{}", " --- |".repeat(columns.len()));
    for row in rows {
        let _ = writeln!(
            md,
            "| {} |",
            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        );
    }
}

/// Renders the summary as GitHub-flavoured Markdown.
pub fn to_markdown(summary: &Summary) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# {}", text(&summary.run_title));
    let _ = writeln!(md);
    let _ = writeln!(
        md,
        "**SOP:** {} (version {})  ",
        text(&summary.sop_title),
        summary.template_version
    );
    let _ = writeln!(
        md,
        "**Status:** {} — {} of {} steps  ",
        text(&summary.status),
        summary.progress.closed,
        summary.progress.total
    );
    let _ = writeln!(md, "**Started:** {}  ", summary.started);
    let _ = writeln!(md, "**Last change:** {}  ", summary.updated);
    if let Some(target) = summary.target {
        let _ = writeln!(md, "**Target date:** {target}  ");
    }
    let _ = writeln!(
        md,
        "**Record:** {} · fingerprint {}\n\n_{}_",
        summary.record_id, summary.fingerprint, summary.integrity_note
    );
    if let Some(altered) = &summary.altered {
        let _ = writeln!(md, "\n> **Warning:** {}", text(altered));
    }
    if let Some(doc) = &summary.document {
        let _ = writeln!(md, "\n## {}\n", text(&doc.title));
        if let Some(version) = &doc.version {
            let _ = writeln!(md, "_{}_\n", text(version));
        }
        let _ = writeln!(md, "### {}", text(&doc.headline));
        for (heading, body) in &doc.sections {
            let _ = writeln!(md, "\n**{}**\n", text(heading));
            for paragraph in body {
                let _ = writeln!(md, "{}\n", block(paragraph));
            }
        }
        if let Some((quote, who)) = &doc.quote {
            let _ = writeln!(md, "> “{}”  \n> — {}\n", text(quote), text(who));
        }
        if let Some(SummaryValue::Table {
            label,
            columns,
            rows,
        }) = &doc.approvals
        {
            let _ = writeln!(md, "**{}:**\n", text(label));
            table(&mut md, columns, rows);
        }
    }
    let _ = writeln!(md, "\n## People\n");
    for (role, person) in &summary.roles {
        let _ = writeln!(md, "- {}: {}", text(role), text(person));
    }
    let _ = writeln!(md, "\n## Steps");
    for step in &summary.steps {
        let _ = writeln!(
            md,
            "\n### {}. {} — {}\n",
            step.number,
            text(&step.title),
            text(&step.status)
        );
        let _ = writeln!(md, "Responsible: {}  ", text(&step.responsible));
        if let Some(completed) = &step.completed {
            let _ = writeln!(md, "Completed by: {}  ", text(completed));
        }
        if let Some(due) = step.due {
            let _ = writeln!(md, "Due: {due}  ");
        }
        if let Some(detail) = &step.status_detail {
            let _ = writeln!(md, "{}  ", text(detail));
        }
        if !step.checks.is_empty() {
            let _ = writeln!(md);
            for (label, ticked) in &step.checks {
                let _ = writeln!(
                    md,
                    "- [{}] {}",
                    if *ticked { "x" } else { " " },
                    text(label)
                );
            }
        }
        for value in &step.values {
            match value {
                SummaryValue::Single {
                    label,
                    text: answer,
                } => {
                    let _ = writeln!(md, "\n**{}:** {}", text(label), block(answer));
                }
                SummaryValue::Table {
                    label,
                    columns,
                    rows,
                } => {
                    let _ = writeln!(md, "\n**{}:**\n", text(label));
                    table(&mut md, columns, rows);
                }
            }
        }
        if !step.notes.trim().is_empty() {
            let _ = writeln!(md, "\n**Notes:** {}", block(&step.notes));
        }
        for outcome in &step.outcomes {
            let _ = writeln!(md, "\n**Branch taken:** {}", text(outcome));
        }
    }
    if !summary.sign_off.is_empty() {
        let _ = writeln!(md, "\n## Sign-off\n");
        let _ = writeln!(
            md,
            "| Role | Name | Decision | Version | Date |\n| --- | --- | --- | --- | --- |"
        );
        for line in &summary.sign_off {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                cell(&line.role),
                cell(&line.name),
                cell(&line.decision),
                line.version.map(|v| v.to_string()).unwrap_or_default(),
                cell(line.date.as_deref().unwrap_or_default())
            );
        }
    }
    if !summary.activity.is_empty() {
        let _ = writeln!(md, "\n## Activity log\n");
        let _ = writeln!(
            md,
            "| When | Who | What | Change |\n| --- | --- | --- | --- |"
        );
        for line in &summary.activity {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                cell(&line.at),
                cell(&line.who),
                cell(&line.what),
                cell(&line.change)
            );
        }
    }
    md
}
