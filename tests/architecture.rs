//! The invariants `docs/architecture.md` states, checked on the source itself so
//! the code map cannot go stale: no import cycles between the files of `src/`,
//! a domain and storage free of the browser, one place that names an SOP, and
//! one gate for every change to a run.
//!
//! The module graph is read from the text: every `crate::…`, `super::…` and
//! `self::…` path (in `use` lines and inline), resolved to the deepest file it
//! names. Re-exports in a `mod.rs` are followed to the file that defines the
//! item, so importing through a folder does not hide an edge. Inline test
//! modules are left out: tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A source file and its module path, e.g. `domain::change::apply`.
struct Module {
    path: String,
    file: PathBuf,
    code: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` → `a::b`; `src/a/mod.rs` → `a`; `src/lib.rs` → `` (the crate).
fn module_path(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).ok()?;
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.last().map(String::as_str) {
        Some("main") if parts.len() == 1 => return None,
        Some("lib") if parts.len() == 1 => parts.clear(),
        Some("mod") => {
            parts.pop();
        }
        _ => {}
    }
    Some(parts.join("::"))
}

/// The code without comments, string literals and inline `#[cfg(test)]` modules.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if let Some(raw) = rest.strip_prefix("r#\"") {
            i += 3 + raw.find("\"#").map_or(raw.len(), |e| e + 2);
            out.push_str("\"\"");
        } else if bytes[i] == b'"' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            i = j + 1;
            out.push_str("\"\"");
        } else if rest.starts_with("'\"'") {
            i += 3;
        } else {
            let c = rest.chars().next().expect("not empty");
            out.push(c);
            i += c.len_utf8();
        }
    }
    match out.find("#[cfg(test)]\nmod ") {
        Some(at) => out[..at].to_owned(),
        None => out,
    }
}

fn modules() -> Vec<Module> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|file| {
            let path = module_path(&file)?;
            let text = fs::read_to_string(&file).expect("readable source");
            Some(Module {
                path,
                code: code_of(&text),
                file,
            })
        })
        .collect()
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |e| format!("{prefix}{e}")))
        .collect()
}

/// Every path a file names, as written (`crate::x::Y`, `super::z`…), and
/// whether it was a `pub use` re-export.
fn paths_in(code: &str) -> Vec<(String, bool)> {
    let mut paths = Vec::new();
    for statement in code.split(';') {
        let trimmed = statement.trim_start();
        let (is_pub, body) = if let Some(rest) = trimmed.strip_prefix("pub use ") {
            (true, Some(rest))
        } else if let Some(rest) = trimmed.strip_prefix("pub(crate) use ") {
            (true, Some(rest))
        } else {
            (false, trimmed.strip_prefix("use "))
        };
        if let Some(body) = body {
            for path in expand(body) {
                // `expand` drops spaces, so `x as y` reads `xasy`: cut at the alias.
                let path = match path.rfind("::") {
                    Some(at) if body.contains(" as ") => {
                        let (head, last) = path.split_at(at + 2);
                        let name = body
                            .split(" as ")
                            .next()
                            .and_then(|b| b.rsplit([':', '{', ',']).next())
                            .map(str::trim)
                            .filter(|n| last.starts_with(n))
                            .unwrap_or(last);
                        format!("{head}{name}")
                    }
                    _ => path,
                };
                paths.push((path, is_pub));
            }
        }
    }
    // Inline paths such as `crate::browser::clock::now()`.
    let bytes = code.as_bytes();
    for root in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(root) {
            let start = from + at;
            let before = start.checked_sub(1).map(|i| bytes[i]);
            let mut end = start;
            while end < bytes.len()
                && (bytes[end].is_ascii_alphanumeric() || b"_:".contains(&bytes[end]))
            {
                end += 1;
            }
            if !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':') {
                paths.push((code[start..end].trim_end_matches(':').to_owned(), false));
            }
            from = end.max(start + root.len());
        }
    }
    paths
}

/// Module path segments of `path` written in module `here` (a file at `file`).
fn absolute(path: &str, here: &str, is_mod_rs: bool) -> Option<Vec<String>> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = if here.is_empty() {
        Vec::new()
    } else {
        here.split("::").map(str::to_owned).collect()
    };
    match segments.first().copied() {
        Some("crate") => {
            base.clear();
            segments.remove(0);
        }
        Some("super") => {
            // `super` of `a::b` (a file b.rs) is `a`; of `a` (a/mod.rs) it is the crate.
            while segments.first() == Some(&"super") {
                base.pop();
                segments.remove(0);
            }
        }
        Some("self") => {
            segments.remove(0);
        }
        _ => return None,
    }
    let _ = is_mod_rs;
    base.extend(segments.into_iter().map(str::to_owned));
    Some(base)
}

/// The file-level import graph: module → modules it imports.
fn graph(modules: &[Module]) -> BTreeMap<String, BTreeSet<String>> {
    let known: BTreeSet<&str> = modules.iter().map(|m| m.path.as_str()).collect();
    // Re-exports: (module, name) → the module that really holds it.
    let mut reexports: BTreeMap<(String, String), String> = BTreeMap::new();
    for m in modules {
        let is_mod_rs = m.file.ends_with("mod.rs") || m.path.is_empty();
        for (path, is_pub) in paths_in(&m.code) {
            if !is_pub {
                continue;
            }
            let Some(full) = absolute(&path, &m.path, is_mod_rs) else {
                continue;
            };
            let name = full.last().cloned().unwrap_or_default();
            if let Some(target) = deepest(&full, &known) {
                reexports.insert((m.path.clone(), name), target);
            }
        }
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in modules {
        let is_mod_rs = m.file.ends_with("mod.rs") || m.path.is_empty();
        let out = edges.entry(m.path.clone()).or_default();
        for (path, is_pub) in paths_in(&m.code) {
            // A folder's `pub use` only passes names on; it uses nothing itself.
            if is_pub && is_mod_rs {
                continue;
            }
            let Some(full) = absolute(&path, &m.path, is_mod_rs) else {
                continue;
            };
            let Some(mut target) = deepest(&full, &known) else {
                continue;
            };
            // Follow a re-export to the file that defines the name.
            let depth = if target.is_empty() {
                0
            } else {
                target.split("::").count()
            };
            if let Some(name) = full.get(depth)
                && let Some(real) = reexports.get(&(target.clone(), name.clone()))
            {
                target = real.clone();
            }
            let own_ancestor = m.path.starts_with(&format!("{target}::")) || target.is_empty();
            if target != m.path && !own_ancestor {
                out.insert(target);
            }
        }
    }
    edges
}

/// The longest prefix of `segments` that is a module.
fn deepest(segments: &[String], known: &BTreeSet<&str>) -> Option<String> {
    (0..=segments.len())
        .rev()
        .map(|n| segments[..n].join("::"))
        .find(|p| known.contains(p.as_str()))
}

/// Every cycle's members (strongly connected components of more than one module).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.edges.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w.to_owned());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut t = Tarjan {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.found
}

#[test]
fn the_graph_reader_sees_real_imports() {
    // The checker itself must see edges, or every other test here passes vacuously.
    let edges = graph(&modules());
    let of = |m: &str| edges.get(m).cloned().unwrap_or_default();
    assert!(of("domain::change::apply").contains("domain::procedure::registry"));
    assert!(of("domain::change::apply").contains("domain::change::request"));
    assert!(of("domain::activity::chain").contains("domain::integrity"));
    // Through a folder's re-export (`crate::storage::MemoryStore`) to its file.
    assert!(of("ui::state").iter().any(|t| t.starts_with("storage::")));
    let made_up: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_owned(), BTreeSet::from(["b".to_owned()])),
        ("b".to_owned(), BTreeSet::from(["a".to_owned()])),
    ]
    .into();
    assert_eq!(cycles(&made_up), vec![vec!["a".to_owned(), "b".to_owned()]]);
}

/// Architecture invariant: no import cycle among the files of `src/`.
#[test]
fn no_module_imports_itself_through_others() {
    let found = cycles(&graph(&modules()));
    assert!(
        found.is_empty(),
        "import cycles (each line a set of modules importing each other):\n{}",
        found
            .iter()
            .map(|c| c.join(" ↔ "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Architecture invariant: completion and the change gate know no particular
/// SOP; they reach procedure rules only through the registry.
#[test]
fn the_generic_rules_import_nothing_from_the_reference_program() {
    let edges = graph(&modules());
    for (module, targets) in &edges {
        let generic = module == "domain::completion" || module.starts_with("domain::change");
        if !generic {
            continue;
        }
        let reference: Vec<&String> = targets
            .iter()
            .filter(|t| t.starts_with("domain::reference"))
            .collect();
        assert!(reference.is_empty(), "{module} imports {reference:?}");
    }
}

/// Architecture invariant: the domain and storage never import the browser or
/// the UI framework, so they compile and are tested natively.
#[test]
fn domain_and_storage_never_import_the_browser_or_leptos() {
    let browser = ["leptos", "web_sys", "js_sys", "wasm_bindgen", "gloo"];
    for m in modules() {
        if !(m.path.starts_with("domain") || m.path.starts_with("storage")) {
            continue;
        }
        for word in browser {
            let named = m.code.match_indices(word).any(|(i, _)| {
                let before = m.code[..i].chars().next_back();
                let after = m.code[i + word.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    && after.is_some_and(|c| c == ':')
            });
            assert!(!named, "{} names {word}", m.file.display());
        }
        for target in graph(&modules()).get(&m.path).into_iter().flatten() {
            assert!(
                !["ui", "pages", "browser", "app"]
                    .iter()
                    .any(|layer| target == layer || target.starts_with(&format!("{layer}::"))),
                "{} imports {target}",
                m.path
            );
        }
    }
}

/// Architecture invariant: only the procedure registry names a built-in SOP;
/// everything else asks it.
#[test]
fn only_the_registry_names_a_template() {
    let ids: Vec<String> = fs::read_dir(src().join("templates"))
        .expect("templates folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = fs::read_to_string(&p).expect("template text");
            let at = text.find("\"id\"").expect("template id") + 4;
            let rest = &text[at..];
            let start = rest.find('"').expect("id value") + 1;
            let len = rest[start..].find('"').expect("id end");
            rest[start..start + len].to_owned()
        })
        .collect();
    assert!(ids.len() >= 2, "read the built-in template ids: {ids:?}");
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for file in files {
        if file.ends_with("domain/procedure/registry.rs") {
            continue;
        }
        let text = fs::read_to_string(&file).expect("readable source");
        for id in &ids {
            assert!(
                !text.contains(&format!("\"{id}\"")),
                "{} names the template {id}; ask domain::procedure::registry instead",
                file.display()
            );
        }
    }
}

/// Architecture invariant: every change to a run goes through `Run::apply`.
/// Outside the change gate, nothing writes a step's record directly.
#[test]
fn only_the_change_gate_writes_a_runs_steps() {
    let writes = [
        ".steps[",
        "step_mut(",
        ".values.insert(",
        ".values.remove(",
        ".checks.insert(",
        ".status = StepStatus",
        ".assignments.insert(",
    ];
    let allowed = |path: &str| {
        path.starts_with("domain::change")
            || path == "domain::run"
            // Reads a stored record forward to the current schema, before any run exists.
            || path.starts_with("storage::migrate")
    };
    for m in modules() {
        if allowed(&m.path) {
            continue;
        }
        for write in writes {
            for (i, _) in m.code.match_indices(write) {
                let line = m.code[..i].lines().count();
                let text = m.code[i..].lines().next().unwrap_or_default();
                // Reading an element (`run.steps[i].status`) is fine; assigning is not.
                let assigns = write != ".steps["
                    || text.contains("] =")
                    || text.contains("].values.insert")
                    || text.contains("].status = StepStatus");
                assert!(
                    !assigns,
                    "{}:{line} writes a run's record outside Run::apply: {text}",
                    m.file.display()
                );
            }
        }
    }
}
