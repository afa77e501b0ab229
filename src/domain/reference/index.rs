//! The prepared side of matching: every profile's text normalised once, and
//! every consent line, escalation, interaction and approval joined to the
//! profiles it names.
//!
//! Built for thousands of profiles and tens of thousands of records inside a
//! frame budget, so it avoids small allocations: all normalised text lives in
//! one string, uses (activities, bookings, approvals) in one array grouped by profile, and each
//! distinct name typed in a record is joined once and then remembered.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::consent::ConsentLedger;
use super::customer_id::CustomerId;
use super::join::{QuickHasher, normalize_into};
use super::model::{History, Reference, ReferenceType};
use super::tolerance::{Use, UseKind};

type QuickMap<K, V> = HashMap<K, V, BuildHasherDefault<QuickHasher>>;

/// A piece of [`Texts`]: byte offsets of one normalised text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Span {
    start: u32,
    end: u32,
}

/// A run of spans in [`Texts`]: the items of a comma-separated list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct SpanList {
    start: u32,
    end: u32,
}

/// All normalised profile text in one buffer.
#[derive(Debug, Clone, Default)]
pub(super) struct Texts {
    text: String,
    lists: Vec<(Span, Span)>,
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Texts {
    fn push(&mut self, raw: &str) -> Span {
        let start = offset(self.text.len());
        normalize_into(raw, &mut self.text);
        Span {
            start,
            end: offset(self.text.len()),
        }
    }

    /// Pushes each item, remembering both the raw item (as offsets into
    /// `source`'s base string `whole`) and its normalised form.
    fn push_list<'r>(&mut self, whole: &'r str, items: impl Iterator<Item = &'r str>) -> SpanList {
        let start = offset(self.lists.len());
        for item in items {
            // Items are sub-slices of `whole`; their offset gives the raw span back.
            let raw_start = (item.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
            let raw = Span {
                start: offset(raw_start),
                end: offset(raw_start + item.len()),
            };
            let normal = self.push(item);
            self.lists.push((raw, normal));
        }
        SpanList {
            start,
            end: offset(self.lists.len()),
        }
    }

    /// The normalised text of `span`.
    pub(super) fn get(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
    }

    /// The items of `list`: (raw item within `whole`, normalised item).
    pub(super) fn items<'s, 'r>(
        &'s self,
        whole: &'r str,
        list: SpanList,
    ) -> impl Iterator<Item = (&'r str, &'s str)> {
        self.lists
            .get(list.start as usize..list.end as usize)
            .unwrap_or_default()
            .iter()
            .map(move |(raw, normal)| {
                (
                    whole
                        .get(raw.start as usize..raw.end as usize)
                        .unwrap_or_default(),
                    self.get(*normal),
                )
            })
    }
}

/// One profile's normalised text, as spans into [`Texts`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Profile {
    pub(super) name: Span,
    pub(super) company: Span,
    pub(super) industry: Span,
    pub(super) products: SpanList,
    pub(super) topics: SpanList,
    pub(super) region: Span,
    pub(super) time_zone: Span,
    pub(super) time_zone_area: Span,
    pub(super) time_zone_city: Span,
}

/// Profiles joined to their history.
#[derive(Debug, Clone, Default)]
pub(super) struct Prepared {
    pub(super) texts: Texts,
    pub(super) profiles: Vec<Profile>,
    pub(super) ledgers: Vec<ConsentLedger>,
    /// What counts toward the tolerance, grouped by profile: that of profile
    /// `p` is `uses[starts[p]..starts[p + 1]]`.
    uses: Vec<Use>,
    starts: Vec<u32>,
}

impl Prepared {
    /// What counts toward the tolerance of the profile at `position`.
    pub(super) fn uses(&self, position: usize) -> &[Use] {
        let (Some(&a), Some(&b)) = (self.starts.get(position), self.starts.get(position + 1))
        else {
            return &[];
        };
        self.uses.get(a as usize..b as usize).unwrap_or_default()
    }
}

/// Finds the profiles a typed name refers to.
struct Joiner<'a, 'h> {
    references: &'a [Reference],
    texts: &'a Texts,
    profiles: &'a [Profile],
    /// Hash of (run, normalised name) -> first node of its chain.
    heads: QuickMap<u64, u32>,
    /// Chain nodes: (profile position, next node or `u32::MAX`).
    nodes: Vec<(u32, u32)>,
    /// Answers already worked out, by (run, text as typed): a span of `found`.
    seen: QuickMap<(&'h str, &'h str), (u32, u32)>,
    found: Vec<u32>,
    scratch: String,
    /// Profiles that pick a customer, by (run, customer id): a record that
    /// picks a customer joins by id, never by a name two customers may share.
    by_customer: HashMap<(&'a str, &'a CustomerId), Vec<u32>>,
}

fn key_hash(run_id: &str, normalized: &str) -> u64 {
    let mut h = QuickHasher::default();
    h.write(run_id.as_bytes());
    h.write_u8(0xff);
    h.write(normalized.as_bytes());
    h.finish()
}

impl<'a, 'h> Joiner<'a, 'h> {
    fn new(references: &'a [Reference], texts: &'a Texts, profiles: &'a [Profile]) -> Self {
        let mut joiner = Joiner {
            references,
            texts,
            profiles,
            heads: QuickMap::with_capacity_and_hasher(profiles.len() * 2, Default::default()),
            nodes: Vec::with_capacity(profiles.len() * 2),
            seen: QuickMap::with_capacity_and_hasher(profiles.len() * 2, Default::default()),
            found: Vec::with_capacity(profiles.len() * 2),
            scratch: String::new(),
            by_customer: HashMap::new(),
        };
        for (position, reference) in references.iter().enumerate() {
            if let Some(customer) = &reference.customer {
                joiner
                    .by_customer
                    .entry((reference.key.run_id.as_str(), customer))
                    .or_default()
                    .push(offset(position));
            }
        }
        for (position, (reference, profile)) in references.iter().zip(profiles).enumerate() {
            let name = texts.get(profile.name);
            let company = texts.get(profile.company);
            // A company named like its contact is one key, not two.
            let keys = if name == company {
                [name, ""]
            } else {
                [name, company]
            };
            for key in keys {
                if key.is_empty() {
                    continue;
                }
                let hash = key_hash(&reference.key.run_id, key);
                let next = joiner.heads.get(&hash).copied().unwrap_or(u32::MAX);
                joiner.heads.insert(hash, offset(joiner.nodes.len()));
                joiner.nodes.push((offset(position), next));
            }
        }
        joiner
    }

    /// Positions of the profiles a record of run `run_id` is about: those
    /// picking the same customer when the record picks one (a customer picked
    /// but no longer profiled, or removed, joins nobody), else those whose
    /// contact or company name normalises like `text`.
    fn joined(
        &mut self,
        run_id: &'h str,
        customer: Option<&'h CustomerId>,
        text: &'h str,
    ) -> &[u32] {
        match customer {
            Some(id) => self
                .by_customer
                .get(&(run_id, id))
                .map_or(&[][..], Vec::as_slice),
            None => self.positions(run_id, text),
        }
    }

    /// Positions of the profiles in run `run_id` whose contact or company name
    /// normalises like `text`.
    fn positions(&mut self, run_id: &'h str, text: &'h str) -> &[u32] {
        let (start, end) = match self.seen.get(&(run_id, text)) {
            Some(span) => *span,
            None => {
                let start = offset(self.found.len());
                self.scratch.clear();
                normalize_into(text, &mut self.scratch);
                let mut node = if self.scratch.is_empty() {
                    u32::MAX
                } else {
                    self.heads
                        .get(&key_hash(run_id, &self.scratch))
                        .copied()
                        .unwrap_or(u32::MAX)
                };
                while let Some(&(position, next)) = self.nodes.get(node as usize) {
                    let p = position as usize;
                    let profile = &self.profiles[p];
                    let answers = self.references[p].key.run_id == run_id
                        && (self.texts.get(profile.name) == self.scratch
                            || self.texts.get(profile.company) == self.scratch);
                    if answers && !self.found[start as usize..].contains(&position) {
                        self.found.push(position);
                    }
                    node = next;
                }
                let span = (start, offset(self.found.len()));
                self.seen.insert((run_id, text), span);
                span
            }
        };
        self.found
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }
}

/// Normalises every profile and joins `history` to them.
pub(super) fn prepare(references: &[Reference], history: History<'_>) -> Prepared {
    // One allocation for all normalised text: it is never longer than the raw text.
    let raw_len: usize = references
        .iter()
        .map(|r| {
            r.name.len()
                + r.company.len()
                + r.industry.len()
                + r.product.len()
                + r.preferred_topics.len()
                + r.region.len()
                + 2 * r.time_zone.len()
        })
        .sum();
    let mut texts = Texts {
        text: String::with_capacity(raw_len),
        lists: Vec::with_capacity(references.len() * 4),
    };
    let profiles: Vec<Profile> = references
        .iter()
        .map(|r| {
            let mut zone = r.time_zone.split('/');
            let area = zone.next().unwrap_or_default();
            let city = zone.next_back().unwrap_or_default();
            Profile {
                name: texts.push(&r.name),
                company: texts.push(&r.company),
                industry: texts.push(&r.industry),
                products: texts.push_list(&r.product, r.products()),
                topics: texts.push_list(&r.preferred_topics, r.topics()),
                region: texts.push(&r.region),
                time_zone: texts.push(&r.time_zone),
                time_zone_area: texts.push(area),
                time_zone_city: texts.push(city),
            }
        })
        .collect();
    let mut ledgers = vec![ConsentLedger::new(); references.len()];
    // (profile position, use) for every activity, booking and approval joined.
    let mut joined: Vec<(u32, Use)> = Vec::new();
    {
        let mut joiner = Joiner::new(references, &texts, &profiles);
        for consent in history.consents {
            for &p in joiner.joined(
                &consent.key.run_id,
                consent.customer.as_ref(),
                &consent.reference,
            ) {
                ledgers[p as usize].record(consent);
            }
        }
        for escalation in history.escalations {
            for &p in joiner.joined(
                &escalation.key.run_id,
                escalation.customer.as_ref(),
                &escalation.reference,
            ) {
                ledgers[p as usize].record_escalation(escalation);
            }
        }
        for interaction in history.interactions {
            let Some(used) = Use::of_interaction(interaction) else {
                continue;
            };
            for &p in joiner.joined(
                &interaction.key.run_id,
                interaction.customer.as_ref(),
                &interaction.reference,
            ) {
                joined.push((p, used));
            }
        }
        for approval in history.approvals.iter().filter(|a| a.is_approved()) {
            let used = Use {
                kind: approval.kind,
                what: UseKind::Approved,
                on: approval.decided_on,
            };
            for &p in joiner.joined(
                &approval.key.run_id,
                approval.customer.as_ref(),
                &approval.reference,
            ) {
                joined.push((p, used));
            }
        }
    }
    // Group by profile with a counting sort: two passes, no per-profile vectors.
    let mut starts = vec![0u32; references.len() + 1];
    for (p, _) in &joined {
        starts[*p as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let blank = Use {
        kind: ReferenceType::Logo,
        what: UseKind::Completed,
        on: None,
    };
    let mut uses = vec![blank; joined.len()];
    for (p, used) in joined {
        let slot = &mut next[p as usize];
        uses[*slot as usize] = used;
        *slot += 1;
    }
    Prepared {
        texts,
        profiles,
        ledgers,
        uses,
        starts,
    }
}
