//! Model-based test of "what the screen shows is what is stored", on every
//! path rather than the paths other tests happen to take.
//!
//! A seeded generator drives random sequences of every kind of `RunChange`
//! (valid ones and refused ones) on every built-in template version, through
//! the save session as the UI uses it: each change applied on screen with
//! `Run::apply` and its report handed to the session; flushes at random
//! points; a second tab editing the same run, hearing the first one's saves
//! (and the other way round) and settling a conflict by taking the stored
//! version. After every flush that writes: the run reopened from storage
//! equals the screen, its hash chain verifies, and export → import gives the
//! same run with the same fingerprint. A refused change, or one that changes
//! nothing, leaves the run exactly as it was.
//!
//! `RUNSHEET_MODEL_CHANGES` sets how many changes to drive (default 12,000),
//! `RUNSHEET_MODEL_SEED` the first seed. A failure prints its seed, the
//! template and a shortened sequence of steps that still fails.

#[path = "common/numbers.rs"]
mod numbers;
#[path = "common/shared_store.rs"]
mod shared_store;

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use numbers::AWKWARD;
use runsheet::domain::activity::chain::first_broken_link;
use runsheet::domain::catalogue;
use runsheet::domain::change::{RunChange, Spot, Touched};
use runsheet::domain::export::{export_run, run_fingerprint, to_pretty_json};
use runsheet::domain::import::{Integrity, parse_import};
use runsheet::domain::run::Run;
use runsheet::domain::template::{Field, FieldKind, Template};
use runsheet::domain::value::FieldValue;
use runsheet::storage::SaveSession;
use runsheet::storage::keys;
use runsheet::storage::outcome::FromOtherTab;
use shared_store::SharedStore;

/// Changes in one sequence: long enough to reach late steps and follow-ups.
const CHANGES_PER_SEQUENCE: usize = 240;
const RUN_ID: &str = "model-run";

/// A small, fast, seeded generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

/// Which of the two tabs acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    A,
    B,
}

/// One thing that happens: a change typed in a tab, a save, or a tab hearing
/// the other's save (the browser's `storage` event).
#[derive(Clone, Debug)]
enum Op {
    Change {
        tab: Tab,
        change: RunChange,
        minutes: i64,
    },
    Flush(Tab),
    Hear(Tab),
}

/// One tab: its save session and the run on its screen.
struct Screen {
    session: SaveSession<SharedStore>,
    run: Run,
}

/// The origin's storage and the two tabs showing one run.
struct World {
    template: &'static Template,
    store: SharedStore,
    tabs: [Screen; 2],
    now: DateTime<Utc>,
    /// Changes carried out (valid or refused).
    changes: usize,
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 7, 7, 30, 0).unwrap()
}

impl World {
    fn new(template: &'static Template) -> World {
        let store = SharedStore::default();
        let now = start();
        let (mut first, _) = SaveSession::load(store.clone());
        let run = Run::start(template, RUN_ID.into(), "Model run".into(), "Ada", now);
        first.add(RUN_ID);
        first.flush(now, std::slice::from_ref(&run));
        let (mut second, _) = SaveSession::load(store.clone());
        let (shown, _) = second.open_run(RUN_ID).expect("the new run is stored");
        World {
            template,
            store,
            tabs: [
                Screen {
                    session: first,
                    run,
                },
                Screen {
                    session: second,
                    run: shown,
                },
            ],
            now,
            changes: 0,
        }
    }

    fn tab(&mut self, tab: Tab) -> &mut Screen {
        &mut self.tabs[usize::from(tab == Tab::B)]
    }

    /// Carries out `op` and checks what it promises.
    fn step(&mut self, op: &Op) -> Result<(), String> {
        match op {
            Op::Change {
                tab,
                change,
                minutes,
            } => {
                self.now += Duration::minutes(*minutes);
                self.changes += 1;
                let (now, template) = (self.now, self.template);
                let screen = self.tab(*tab);
                let before = screen.run.clone();
                let who = if *tab == Tab::A { "Ada" } else { "Bo" };
                match screen.run.apply(template, change.clone(), who, now) {
                    Ok(applied) if applied.changed => {
                        if let Some(step) = unreported(&before, &screen.run, &applied.touched) {
                            return Err(format!(
                                "the change wrote step {step} but did not report it"
                            ));
                        }
                        screen.session.mark_touched(RUN_ID, applied.touched);
                    }
                    Ok(_) if screen.run != before => {
                        return Err("a change reported as no change altered the run".into());
                    }
                    Ok(_) => {}
                    Err(_) if screen.run != before => {
                        return Err("a refused change was not undone".into());
                    }
                    Err(_) => {}
                }
            }
            Op::Flush(tab) => {
                self.now += Duration::seconds(1);
                let now = self.now;
                let screen = self.tab(*tab);
                let wrote = screen.session.is_pending(RUN_ID);
                screen.session.flush(now, std::slice::from_ref(&screen.run));
                if !screen.session.conflicts().is_empty() {
                    // The other tab saved first: this one takes the stored version.
                    if let Some(theirs) =
                        screen
                            .session
                            .take_theirs(RUN_ID, now, std::slice::from_ref(&screen.run))
                    {
                        screen.run = theirs;
                    }
                    return self.check_stored(*tab);
                }
                if screen.session.is_pending(RUN_ID) {
                    return Err("a flush left the run pending without a conflict".into());
                }
                if wrote {
                    return self.check_stored(*tab);
                }
            }
            Op::Hear(tab) => {
                let key = keys::run_key(RUN_ID);
                let screen = self.tab(*tab);
                match screen.session.other_tab_changed(&key) {
                    FromOtherTab::Replaced(run) => screen.run = run,
                    FromOtherTab::Nothing | FromOtherTab::Conflict => {}
                    other => return Err(format!("unexpected storage event outcome: {other:?}")),
                }
            }
        }
        Ok(())
    }

    /// What `tab` shows is what a reload reads, its chain holds, and its file
    /// imports as the same run with the same fingerprint.
    fn check_stored(&mut self, tab: Tab) -> Result<(), String> {
        let (template, now) = (self.template, self.now);
        let screen = &self.tabs[usize::from(tab == Tab::B)].run;
        let (mut reload, _) = SaveSession::load(self.store.clone());
        let (stored, _) = reload
            .open_run(RUN_ID)
            .ok_or("the run could not be reopened")?;
        if &stored != screen {
            return Err(format!(
                "the reopened run differs from the screen of tab {tab:?}\n{}",
                first_difference(screen, &stored)
            ));
        }
        if let Some(at) = first_broken_link(&stored.activity) {
            return Err(format!("the hash chain breaks at entry {at}"));
        }
        let export = export_run(screen, template, now);
        let text = to_pretty_json(&export);
        let incoming = parse_import(text.len(), &text)
            .map_err(|e| format!("the exported file does not import: {e:?}"))?;
        let [imported] = incoming.as_slice() else {
            return Err("the file holds one run".into());
        };
        if imported.integrity != Integrity::Intact {
            return Err(format!("the file reads as {:?}", imported.integrity));
        }
        if &imported.run != screen {
            return Err(format!(
                "export → import changed the run\n{}",
                first_difference(screen, &imported.run)
            ));
        }
        if run_fingerprint(&imported.run) != export.fingerprint {
            return Err("export → import changed the fingerprint".into());
        }
        Ok(())
    }
}

/// A step the change wrote that its report leaves out (the save would keep
/// that step as last saved).
fn unreported(before: &Run, after: &Run, touched: &Touched) -> Option<usize> {
    let Touched::Spots(spots) = touched else {
        return None;
    };
    let reported = |index: usize| {
        spots.iter().any(|spot| match spot {
            Spot::Step(step) | Spot::Row { step, .. } | Spot::ListEnd { step, .. } => {
                *step == index
            }
        })
    };
    (0..after.steps.len()).find(|&i| before.steps.get(i) != after.steps.get(i) && !reported(i))
}

/// Where two runs first differ, in words short enough to read in a failure.
fn first_difference(expected: &Run, found: &Run) -> String {
    for (i, (a, b)) in expected.steps.iter().zip(&found.steps).enumerate() {
        if a != b {
            return format!("step {i}:\n  screen: {a:?}\n  stored: {b:?}");
        }
    }
    let mut head = format!("title {:?} / {:?}; ", expected.title, found.title);
    let _ = write!(
        head,
        "assignments {:?} / {:?}; log lengths {} / {}",
        expected.assignments,
        found.assignments,
        expected.activity.len(),
        found.activity.len()
    );
    head
}

const TEXTS: &[&str] = &[
    "",
    "Keystone Bank",
    "Jonas Weber",
    "Ünïcødé — “quotes” & <tags>",
    "https://example.com/story",
    "  padded  ",
    "line one\nline two",
];

fn a_date(rng: &mut Rng) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(rng.below(900) as i64 - 300)
}

/// A value for a field of `kind`: mostly one it accepts, sometimes one of the
/// wrong kind or an unknown option (to be refused), sometimes cleared.
fn a_value(rng: &mut Rng, kind: &FieldKind, run: &Run, template: &Template) -> Option<FieldValue> {
    if rng.chance(8) {
        return None;
    }
    if rng.chance(5) {
        // The wrong kind of value for this field.
        return Some(match kind {
            FieldKind::Date => FieldValue::Text("not a date".into()),
            _ => FieldValue::Date(a_date(rng)),
        });
    }
    let value = match kind {
        FieldKind::ShortText | FieldKind::LongText | FieldKind::Person | FieldKind::Url => {
            FieldValue::Text((*rng.pick(TEXTS).unwrap()).into())
        }
        FieldKind::Date => FieldValue::Date(a_date(rng)),
        FieldKind::DateTime => FieldValue::DateTime(a_date(rng).and_hms_opt(9, 30, 0).unwrap()),
        // Mostly the small whole numbers a procedure's rules work with
        // (months, limits, counts), sometimes one a float holds awkwardly.
        FieldKind::Number { .. } if rng.chance(70) => FieldValue::Number(rng.below(37) as f64),
        FieldKind::Number { .. } => FieldValue::Number(*rng.pick(AWKWARD).unwrap()),
        FieldKind::YesNo => FieldValue::Bool(rng.chance(50)),
        FieldKind::SingleChoice { options } => match rng.pick(options) {
            Some(choice) if !rng.chance(5) => FieldValue::Choice(choice.id.clone()),
            _ => FieldValue::Choice("no-such-option".into()),
        },
        FieldKind::MultipleChoice { options } => FieldValue::Choices(
            options
                .iter()
                .filter(|_| rng.chance(40))
                .map(|c| c.id.clone())
                .collect(),
        ),
        FieldKind::List { .. } => FieldValue::Rows(Vec::new()),
        FieldKind::Pick { source, .. } => {
            let ids: Vec<u32> = template
                .step_index(&source.step)
                .and_then(|i| match run.steps[i].values.get(&source.field) {
                    Some(FieldValue::Rows(rows)) => Some(rows.iter().map(|r| r.id).collect()),
                    _ => None,
                })
                .unwrap_or_default();
            let mut chosen: Vec<u32> = ids.into_iter().filter(|_| rng.chance(50)).collect();
            if rng.chance(5) {
                chosen.push(9_999);
            }
            FieldValue::Picks(chosen)
        }
    };
    Some(value)
}

/// The list fields of a step and the record ids each holds on `run`.
fn lists<'t>(template: &'t Template, run: &Run, step: usize) -> Vec<(&'t Field, Vec<u32>)> {
    template.steps[step]
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::List { .. }))
        .map(|f| {
            let ids = match run.steps[step].values.get(&f.id) {
                Some(FieldValue::Rows(rows)) => rows.iter().map(|r| r.id).collect(),
                _ => Vec::new(),
            };
            (f, ids)
        })
        .collect()
}

/// A change of any kind to `run`, drawn from its template.
fn a_change(rng: &mut Rng, template: &Template, run: &Run) -> RunChange {
    let index = rng.below(template.steps.len());
    let step = &template.steps[index];
    let id = if rng.chance(2) {
        "no-such-step".to_owned()
    } else {
        step.id.clone()
    };
    let text = |rng: &mut Rng| (*rng.pick(TEXTS).unwrap()).to_owned();
    // What a step without the field or list drawn gets instead.
    let notes = |rng: &mut Rng, step: String| RunChange::SetNotes {
        step,
        notes: text(rng),
    };
    match rng.below(100) {
        0..=2 => RunChange::Rename(text(rng)),
        3..=6 => RunChange::Assign {
            role: rng
                .pick(&template.roles)
                .map_or("no-role".into(), |r| r.id.clone()),
            person: (*rng
                .pick(&["Jonas Weber", "Anna Schmidt", "", "Marcus Lee"])
                .unwrap())
            .into(),
        },
        7..=8 => RunChange::SetTargetDate(rng.chance(80).then(|| a_date(rng))),
        9..=14 => RunChange::SetCheck {
            step: id,
            check: rng
                .pick(&step.checks)
                .map_or("no-check".into(), |c| c.id.clone()),
            ticked: rng.chance(80),
        },
        15..=40 => match rng.pick(&step.fields) {
            Some(field) => RunChange::SetValue {
                step: id,
                field: field.id.clone(),
                value: a_value(rng, &field.kind, run, template),
            },
            None => notes(rng, id),
        },
        41..=48 => match rng.pick(&lists(template, run, index)) {
            Some((field, _)) => RunChange::AddRow {
                step: id,
                field: field.id.clone(),
            },
            None => notes(rng, id),
        },
        49..=68 => {
            let lists = lists(template, run, index);
            match rng.pick(&lists) {
                Some((field, rows)) => {
                    let FieldKind::List { fields: columns } = &field.kind else {
                        unreachable!("lists() keeps lists only")
                    };
                    let column = rng.pick(columns).expect("a list has columns");
                    RunChange::SetRowValue {
                        step: id,
                        field: field.id.clone(),
                        row: rng.pick(rows).copied().unwrap_or(7_777),
                        column: column.id.clone(),
                        value: a_value(rng, &column.kind, run, template),
                    }
                }
                None => notes(rng, id),
            }
        }
        69..=71 => match rng.pick(&lists(template, run, index)) {
            Some((field, rows)) => RunChange::RemoveRow {
                step: id,
                field: field.id.clone(),
                row: rng.pick(rows).copied().unwrap_or(7_777),
            },
            None => RunChange::Reopen { step: id },
        },
        72..=74 => notes(rng, id),
        75..=77 => RunChange::SetDue {
            step: id,
            due: rng.chance(80).then(|| a_date(rng)),
        },
        78..=87 => RunChange::Complete { step: id },
        88..=89 => RunChange::Block {
            step: id,
            reason: text(rng),
            escalated_to: text(rng),
        },
        90..=91 => RunChange::MarkNotApplicable {
            step: id,
            reason: text(rng),
        },
        92..=94 => RunChange::Reopen { step: id },
        _ => RunChange::TakeOutcome {
            step: id,
            outcome: rng
                .pick(&step.outcomes)
                .map_or("no-outcome".into(), |o| o.id.clone()),
            note: text(rng),
        },
    }
}

/// The next thing to happen in `world`.
fn an_op(rng: &mut Rng, world: &World) -> Op {
    match rng.below(100) {
        0..=79 => {
            let tab = if rng.chance(85) { Tab::A } else { Tab::B };
            let run = &world.tabs[usize::from(tab == Tab::B)].run;
            Op::Change {
                tab,
                change: a_change(rng, world.template, run),
                minutes: rng.below(600) as i64,
            }
        }
        80..=91 => Op::Flush(if rng.chance(75) { Tab::A } else { Tab::B }),
        _ => Op::Hear(if rng.chance(50) { Tab::A } else { Tab::B }),
    }
}

/// Plays `ops` on a new world; the first failure, a panic included.
fn replay(template: &'static Template, ops: &[Op]) -> Result<(), (usize, String)> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut world = World::new(template);
        for (i, op) in ops.iter().enumerate() {
            world.step(op).map_err(|e| (i, e))?;
        }
        // Whatever is still pending is saved, as when the page is hidden.
        for tab in [Tab::A, Tab::B] {
            world.step(&Op::Flush(tab)).map_err(|e| (ops.len(), e))?;
        }
        Ok(())
    }));
    outcome.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic".into());
        Err((ops.len(), format!("panicked: {message}")))
    })
}

/// A shorter sequence that still fails: chunks removed while it does.
fn shorten(template: &'static Template, mut ops: Vec<Op>) -> Vec<Op> {
    let mut chunk = ops.len() / 2;
    while chunk >= 1 {
        let mut start = 0;
        while start < ops.len() {
            let mut fewer = ops.clone();
            fewer.drain(start..(start + chunk).min(ops.len()));
            if replay(template, &fewer).is_err() {
                ops = fewer;
            } else {
                start += chunk;
            }
        }
        chunk /= 2;
    }
    ops
}

/// Drives one sequence from `seed`; on failure, the report to print.
fn drive(template: &'static Template, seed: u64) -> Result<usize, String> {
    let mut rng = Rng(seed);
    let mut world = World::new(template);
    let mut ops = Vec::new();
    while world.changes < CHANGES_PER_SEQUENCE {
        let op = an_op(&mut rng, &world);
        ops.push(op.clone());
        let failed = catch_unwind(AssertUnwindSafe(|| world.step(&op)))
            .map_or(true, |result| result.is_err());
        if failed {
            break;
        }
    }
    let changes = world.changes;
    match replay(template, &ops) {
        Ok(()) => Ok(changes),
        Err(_) => {
            // Quiet the panics of the many replays while shortening.
            let hook = std::panic::take_hook();
            std::panic::set_hook(Box::new(|_| {}));
            let short = shorten(template, ops);
            std::panic::set_hook(hook);
            let (at, why) = replay(template, &short).expect_err("the short sequence fails");
            let mut report = format!(
                "seed {seed} on {} v{}: {why}\nafter step {at} of this shortened sequence \
                 (RUNSHEET_MODEL_SEED={seed} replays it first):\n",
                template.id, template.version
            );
            for (i, op) in short.iter().enumerate() {
                let _ = writeln!(report, "  {i:>3}. {op:?}");
            }
            Err(report)
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

#[test]
fn what_every_flush_stores_is_what_the_screen_shows_on_every_built_in_template() {
    let wanted = env_number("RUNSHEET_MODEL_CHANGES", 12_000) as usize;
    let first_seed = env_number("RUNSHEET_MODEL_SEED", 1);
    let templates = catalogue::all_versions();
    assert!(!templates.is_empty());
    let mut driven = 0;
    let mut seed = first_seed;
    while driven < wanted {
        // Each seed drives one sequence on each template version in turn.
        let template = &templates[(seed - first_seed) as usize % templates.len()];
        match drive(template, seed) {
            Ok(changes) => driven += changes,
            Err(report) => panic!("{report}"),
        }
        seed += 1;
    }
    println!(
        "model: {driven} changes over {} sequences on {} template versions",
        seed - first_seed,
        templates.len()
    );
}
