//! Customers: each company and contact entered once, then picked by id.
//!
//! A customer is entered once, as a candidate (step 2), typed or imported.
//! Every later record about it (consent, invitation, profile, briefing,
//! request, interaction, usage review, approval, escalation) holds the
//! customer's [`CustomerId`] instead of a typed name, so a renamed company or
//! contact reads the new way everywhere at once, and a typo can no longer let
//! a customer escape its usage limit.
//!
//! Resolution is always within the run holding the record: a record picks
//! from its own run's customers. A record whose customer was removed from the
//! run resolves to [`Resolved::Removed`], never to another customer with a
//! similar name.
//!
//! Runs recorded before customers were picked hold typed names only. Those
//! still resolve, by the name rules of [`super::join`], but only to a customer
//! the name names unambiguously; anything else is [`Resolved::Unlinked`]. A
//! profile of such a run whose customer was never entered as a candidate
//! stands as a customer of its own (see [`CustomerBook::new`]).

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use super::candidate_import::ImportedRow;
pub use super::customer_id::CustomerId;
use super::ids::candidates as cand;
use super::join::{display_name, normalize};
use super::model::{Candidate, RecordKey, Reference};
use crate::domain::value::FieldValue;

/// A customer as entered: the company and the contact person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    /// Its identity.
    pub id: CustomerId,
    /// Where it is recorded: the candidate row (or, for a customer known only
    /// from an older profile, the profile row).
    pub key: RecordKey,
    /// Company name.
    pub company: String,
    /// Contact person.
    pub contact: String,
    /// Known only from a profile recorded before customers were entered once.
    pub legacy_profile: bool,
}

impl Customer {
    /// The name to show: "Contact (Company)", or whichever is filled in.
    pub fn display_name(&self) -> String {
        display_name(&self.contact, &self.company)
    }

    fn named(&self, wanted: &str) -> bool {
        !wanted.is_empty()
            && (normalize(&self.contact) == wanted
                || normalize(&self.company) == wanted
                || normalize(&self.display_name()) == wanted)
    }
}

/// What a record's customer turns out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved<'b> {
    /// The customer, as it is now recorded.
    Customer(&'b Customer),
    /// The record picked a customer no longer in its run.
    Removed(&'b CustomerId),
    /// An older record's typed name names no customer, or more than one.
    Unlinked(&'b str),
    /// No customer picked and no name typed.
    NotChosen,
}

impl Resolved<'_> {
    /// The customer, when there is one.
    pub fn customer(&self) -> Option<&Customer> {
        match self {
            Resolved::Customer(c) => Some(c),
            _ => None,
        }
    }

    /// How the record's customer reads wherever it is shown.
    pub fn label(&self) -> String {
        match self {
            Resolved::Customer(c) => c.display_name(),
            Resolved::Removed(_) => "Removed customer".to_owned(),
            Resolved::Unlinked(typed) => format!("{typed} (not linked to a customer)"),
            Resolved::NotChosen => String::new(),
        }
    }
}

impl fmt::Display for Resolved<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// Every customer of the program, found by run and id.
#[derive(Debug, Clone, Default)]
pub struct CustomerBook {
    customers: Vec<Customer>,
    by_id: HashMap<(String, CustomerId), usize>,
    /// Customer id of each profile, by where the profile is recorded.
    profiles: HashMap<RecordKey, CustomerId>,
}

impl CustomerBook {
    /// The customers of the program: every candidate, and every profile of an
    /// older run that neither picks a customer nor names a candidate of its
    /// run by the same company and contact. A candidate entered twice in one
    /// run under one id (a hand-edited file) counts once, the first.
    pub fn new(candidates: &[Candidate], references: &[Reference]) -> CustomerBook {
        let mut book = CustomerBook::default();
        for candidate in candidates {
            book.push(customer_of(candidate));
        }
        for profile in references {
            let run = profile.key.run_id.as_str();
            let id = match &profile.customer {
                Some(id) => id.clone(),
                None => match book.same_customer(run, &profile.company, &profile.name) {
                    Some(found) => found.id.clone(),
                    None => {
                        let id = CustomerId::of_legacy_profile(run, profile.key.row_id);
                        book.push(Customer {
                            id: id.clone(),
                            key: profile.key.clone(),
                            company: profile.company.clone(),
                            contact: profile.name.clone(),
                            legacy_profile: true,
                        });
                        id
                    }
                },
            };
            book.profiles.insert(profile.key.clone(), id);
        }
        book
    }

    fn push(&mut self, customer: Customer) {
        let slot = (customer.key.run_id.clone(), customer.id.clone());
        if let std::collections::hash_map::Entry::Vacant(e) = self.by_id.entry(slot) {
            e.insert(self.customers.len());
            self.customers.push(customer);
        }
    }

    /// Every customer, in run order, then row order.
    pub fn customers(&self) -> &[Customer] {
        &self.customers
    }

    /// The customers of one run, the list its records pick from.
    pub fn in_run<'b, 's>(
        &'b self,
        run_id: &'s str,
    ) -> impl Iterator<Item = &'b Customer> + use<'b, 's> {
        self.customers
            .iter()
            .filter(move |c| c.key.run_id == run_id)
    }

    /// The customer `id` of run `run_id`, if it is (still) there.
    pub fn get(&self, run_id: &str, id: &CustomerId) -> Option<&Customer> {
        let at = self.by_id.get(&(run_id.to_owned(), id.clone()))?;
        self.customers.get(*at)
    }

    /// What the customer of a record of run `run_id` is: the one it picked by
    /// `id`, or, for an older record with no id, the one its `typed` name
    /// names unambiguously within the run.
    pub fn resolve<'b>(
        &'b self,
        run_id: &str,
        id: Option<&'b CustomerId>,
        typed: &'b str,
    ) -> Resolved<'b> {
        match id {
            Some(id) => self
                .get(run_id, id)
                .map_or(Resolved::Removed(id), Resolved::Customer),
            None if typed.trim().is_empty() => Resolved::NotChosen,
            None => self
                .named(run_id, typed)
                .map_or(Resolved::Unlinked(typed), Resolved::Customer),
        }
    }

    /// The one customer of run `run_id` that `typed` names (contact, company,
    /// or both as [`Customer::display_name`] writes them); `None` when none or
    /// several do, so an older record never links to a customer by guesswork.
    pub fn named(&self, run_id: &str, typed: &str) -> Option<&Customer> {
        let wanted = normalize(typed);
        let mut found = self.in_run(run_id).filter(|c| c.named(&wanted));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The customer of run `run_id` with this company and contact, compared as
    /// [`normalize`] does (an empty contact matches only an empty contact):
    /// how an import finds a customer it should update rather than duplicate.
    pub fn same_customer(&self, run_id: &str, company: &str, contact: &str) -> Option<&Customer> {
        let (company, contact) = (normalize(company), normalize(contact));
        self.in_run(run_id)
            .find(|c| normalize(&c.company) == company && normalize(&c.contact) == contact)
    }

    /// The customer a profile is of: the reference's identity for usage,
    /// consent and requests, in this run and in the runs it is carried into.
    pub fn reference_id(&self, profile: &Reference) -> Option<&CustomerId> {
        self.profiles.get(&profile.key)
    }

    /// The customers of run `run_id` that have a profile there: the references.
    pub fn with_profile(&self, run_id: &str) -> BTreeSet<&CustomerId> {
        self.profiles
            .iter()
            .filter(|(key, _)| key.run_id == run_id)
            .map(|(_, id)| id)
            .collect()
    }
}

fn customer_of(candidate: &Candidate) -> Customer {
    Customer {
        id: candidate.customer.clone(),
        key: candidate.key.clone(),
        company: candidate.company.clone(),
        contact: candidate.contact.clone(),
        legacy_profile: false,
    }
}

/// Which step a customer is being picked in; each offers a different list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    /// A consent line (step 3): any customer of the run.
    Consent,
    /// An invitation (step 4): any customer of the run.
    Invitation,
    /// A new profile (step 5): a customer with no profile yet.
    Profile,
    /// A briefing (step 6): a reference (a customer with a profile).
    Briefing,
    /// The reference chosen for a request (step 7): a reference.
    Request,
    /// An interaction (step 8): a reference.
    Interaction,
    /// A usage review (step 9): a reference.
    UsageReview,
    /// An approval (step 10): a reference.
    Approval,
    /// An escalation (step 11): any customer of the run.
    Escalation,
}

impl PickFor {
    /// Whether only customers with a profile may be picked: the steps that
    /// deal with a reference, not with a customer still being recruited.
    pub fn needs_profile(self) -> bool {
        matches!(
            self,
            PickFor::Briefing
                | PickFor::Request
                | PickFor::Interaction
                | PickFor::UsageReview
                | PickFor::Approval
        )
    }
}

/// One customer a step offers to pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickOption<'b> {
    /// The customer.
    pub customer: &'b Customer,
    /// How it reads in the list.
    pub label: String,
}

/// Why a customer cannot be picked in a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickError {
    /// No such customer in the run (removed, or of another run).
    NotInRun(CustomerId),
    /// The step deals with references, and this customer has no profile.
    NoProfile(String),
    /// The customer has a profile already; a second would split its history.
    HasProfile(String),
}

impl fmt::Display for PickError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PickError::NotInRun(_) => write!(f, "This customer is not in this program run."),
            PickError::NoProfile(name) => write!(f, "{name} has no reference profile yet."),
            PickError::HasProfile(name) => write!(f, "{name} has a reference profile already."),
        }
    }
}

impl std::error::Error for PickError {}

impl CustomerBook {
    /// The customers a record of run `run_id` may pick in step `purpose`,
    /// sorted by how they read (then by id, so equal names keep one order).
    pub fn choices(&self, run_id: &str, purpose: PickFor) -> Vec<PickOption<'_>> {
        let profiled = self.with_profile(run_id);
        let mut options: Vec<PickOption<'_>> = self
            .in_run(run_id)
            .filter(|c| match purpose {
                PickFor::Profile => !profiled.contains(&c.id),
                p if p.needs_profile() => profiled.contains(&c.id),
                _ => true,
            })
            .map(|customer| PickOption {
                customer,
                label: customer.display_name(),
            })
            .collect();
        options.sort_by_cached_key(|o| (normalize(&o.label), o.customer.id.clone()));
        options
    }

    /// Whether a record of run `run_id` may pick customer `id` in step
    /// `purpose`; the same rules as [`CustomerBook::choices`], for checking a
    /// change before it is made.
    pub fn check_pick(
        &self,
        run_id: &str,
        purpose: PickFor,
        id: &CustomerId,
    ) -> Result<(), PickError> {
        let customer = self
            .get(run_id, id)
            .ok_or_else(|| PickError::NotInRun(id.clone()))?;
        let profiled = self.with_profile(run_id).contains(id);
        match purpose {
            PickFor::Profile if profiled => Err(PickError::HasProfile(customer.display_name())),
            p if p.needs_profile() && !profiled => {
                Err(PickError::NoProfile(customer.display_name()))
            }
            _ => Ok(()),
        }
    }
}

/// What one imported row becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportTarget {
    /// A new customer.
    New,
    /// An update of this customer of the run: same company and contact.
    Update(CustomerId),
    /// The same company and contact as an earlier row of the file (its
    /// line): merged into it, not added twice.
    SameAsLine(usize),
}

/// What each of `rows`, to be imported into run `run_id`, becomes: a row
/// naming a customer the run has (same company and contact) updates it; a row
/// repeating an earlier row of the file is merged into that one; any other row
/// adds a customer. One entry per row, in order.
pub fn import_targets(
    book: &CustomerBook,
    run_id: &str,
    rows: &[ImportedRow],
) -> Vec<ImportTarget> {
    let cell = |row: &ImportedRow, column: &str| match row.values.get(column) {
        Some(FieldValue::Text(text)) => normalize(text),
        _ => String::new(),
    };
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    rows.iter()
        .map(|row| {
            let (company, contact) = (cell(row, cand::COMPANY), cell(row, cand::CONTACT));
            if let Some(existing) = book.same_customer(run_id, &company, &contact) {
                return ImportTarget::Update(existing.id.clone());
            }
            match seen.entry((company, contact)) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    ImportTarget::SameAsLine(*e.get())
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(row.line);
                    ImportTarget::New
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::reference::directory_fixture::{candidate, reference};

    fn profile(
        run: &str,
        row: u32,
        customer: Option<CustomerId>,
        name: &str,
        company: &str,
    ) -> Reference {
        Reference {
            customer,
            ..reference(run, row, name, company, &[])
        }
    }

    /// Candidates and profiles, as a directory holds them.
    struct Directory {
        candidates: Vec<Candidate>,
        references: Vec<Reference>,
    }

    fn directory(candidates: Vec<Candidate>, references: Vec<Reference>) -> Directory {
        Directory {
            candidates,
            references,
        }
    }

    impl Directory {
        fn book(&self) -> CustomerBook {
            CustomerBook::new(&self.candidates, &self.references)
        }
    }

    // The issue: a company renamed in one place kept its old name in the
    // seven other steps that had typed it. Records hold the id, so the name
    // they show is always the candidate's as it is now.
    #[test]
    fn a_rename_reads_everywhere_the_customer_is_picked() {
        let id = CustomerId::first_entered("r", 1);
        let mut d = directory(vec![candidate("r", 1, "Acme", "Ada")], vec![]);
        let before = d.book();
        assert_eq!(before.resolve("r", Some(&id), "").label(), "Ada (Acme)");
        d.candidates[0].company = "Acme Industries".into();
        d.candidates[0].contact = "Ada Lovelace".into();
        let after = d.book();
        assert_eq!(
            after.resolve("r", Some(&id), "Ada (Acme)").label(),
            "Ada Lovelace (Acme Industries)",
            "the id wins over an older typed name"
        );
    }

    // A record whose customer was removed must say so, not fall through to a
    // customer with the name it once had.
    #[test]
    fn a_removed_customer_resolves_to_removed_never_to_another() {
        let gone = CustomerId::first_entered("r", 1);
        let d = directory(vec![candidate("r", 2, "Acme", "Ada")], vec![]);
        let book = d.book();
        let resolved = book.resolve("r", Some(&gone), "Ada (Acme)");
        assert_eq!(resolved, Resolved::Removed(&gone));
        assert_eq!(resolved.label(), "Removed customer");
        assert_eq!(resolved.customer(), None);
    }

    #[test]
    fn a_record_picks_only_from_its_own_run() {
        let id = CustomerId::first_entered("old", 1);
        let d = directory(vec![candidate("old", 1, "Acme", "Ada")], vec![]);
        let book = d.book();
        assert!(matches!(
            book.resolve("old", Some(&id), ""),
            Resolved::Customer(_)
        ));
        assert_eq!(book.resolve("new", Some(&id), ""), Resolved::Removed(&id));
        assert_eq!(
            book.check_pick("new", PickFor::Consent, &id),
            Err(PickError::NotInRun(id))
        );
    }

    #[test]
    fn older_records_link_by_an_unambiguous_typed_name_only() {
        let d = directory(
            vec![
                candidate("r", 1, "Acme", "Ada"),
                candidate("r", 2, "Acme", "Grace"),
                candidate("r", 3, "Initech", "Bob"),
            ],
            vec![],
        );
        let book = d.book();
        assert_eq!(book.resolve("r", None, "initech").label(), "Bob (Initech)");
        assert_eq!(
            book.resolve("r", None, "Grace (ACME)").label(),
            "Grace (Acme)"
        );
        assert_eq!(
            book.resolve("r", None, "Acme"),
            Resolved::Unlinked("Acme"),
            "two Acme contacts: no guess"
        );
        assert_eq!(
            book.resolve("r", None, "Acmee"),
            Resolved::Unlinked("Acmee")
        );
        assert_eq!(book.resolve("r", None, "  "), Resolved::NotChosen);
    }

    #[test]
    fn profiles_are_of_their_picked_or_named_customer_or_stand_alone() {
        let ada = CustomerId::first_entered("r", 1);
        let d = directory(
            vec![
                candidate("r", 1, "Acme", "Ada"),
                candidate("r", 2, "Initech", "Bob"),
            ],
            vec![
                profile("r", 1, Some(ada.clone()), "", ""),
                profile("r", 2, None, "bob", "INITECH"),
                profile("r", 3, None, "Carol", "Globex"),
            ],
        );
        let book = d.book();
        assert_eq!(book.reference_id(&d.references[0]), Some(&ada));
        assert_eq!(
            book.reference_id(&d.references[1]),
            Some(&CustomerId::first_entered("r", 2))
        );
        let carol = CustomerId::of_legacy_profile("r", 3);
        assert_eq!(book.reference_id(&d.references[2]), Some(&carol));
        let legacy = book.get("r", &carol).expect("a customer of its own");
        assert!(legacy.legacy_profile);
        assert_eq!(legacy.display_name(), "Carol (Globex)");
    }

    #[test]
    fn each_step_offers_the_customers_its_rules_allow() {
        let d = directory(
            vec![
                candidate("r", 1, "Zeta", "Ada"),
                candidate("r", 2, "Acme", "Bob"),
                candidate("other", 1, "Globex", "Eve"),
            ],
            vec![profile(
                "r",
                1,
                Some(CustomerId::first_entered("r", 1)),
                "",
                "",
            )],
        );
        let book = d.book();
        let labels =
            |p| -> Vec<String> { book.choices("r", p).into_iter().map(|o| o.label).collect() };
        assert_eq!(labels(PickFor::Consent), ["Ada (Zeta)", "Bob (Acme)"]);
        assert_eq!(labels(PickFor::Profile), ["Bob (Acme)"]);
        assert_eq!(labels(PickFor::Interaction), ["Ada (Zeta)"]);
        let bob = CustomerId::first_entered("r", 2);
        assert_eq!(
            book.check_pick("r", PickFor::Approval, &bob),
            Err(PickError::NoProfile("Bob (Acme)".into()))
        );
        assert_eq!(book.check_pick("r", PickFor::Escalation, &bob), Ok(()));
        assert_eq!(
            book.check_pick("r", PickFor::Profile, &CustomerId::first_entered("r", 1)),
            Err(PickError::HasProfile("Ada (Zeta)".into()))
        );
    }

    fn imported(line: usize, company: &str, contact: &str) -> ImportedRow {
        let mut values = BTreeMap::new();
        values.insert(cand::COMPANY.to_owned(), FieldValue::Text(company.into()));
        if !contact.is_empty() {
            values.insert(cand::CONTACT.to_owned(), FieldValue::Text(contact.into()));
        }
        ImportedRow { line, values }
    }

    // The issue: importing a reference that exists already must update it,
    // not add a second customer whose history is counted apart.
    #[test]
    fn an_import_updates_the_same_company_and_contact_instead_of_duplicating() {
        let d = directory(
            vec![candidate("r", 1, "Acme, Inc.", "Ada Lovelace")],
            vec![],
        );
        let book = d.book();
        let rows = [
            imported(2, "ACME inc", "ada lovelace"),
            imported(3, "Acme, Inc.", "Grace Hopper"),
            imported(4, "Initech", ""),
            imported(5, "initech", ""),
            imported(6, "Acme Inc", "Grace  Hopper"),
        ];
        assert_eq!(
            import_targets(&book, "r", &rows),
            [
                ImportTarget::Update(CustomerId::first_entered("r", 1)),
                ImportTarget::New,
                ImportTarget::New,
                ImportTarget::SameAsLine(4),
                ImportTarget::SameAsLine(3),
            ]
        );
        assert_eq!(
            import_targets(&book, "another-run", &rows[..1]),
            [ImportTarget::New],
            "another run has its own customers"
        );
    }
}
