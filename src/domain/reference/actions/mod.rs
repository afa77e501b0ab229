//! What the program's pages do to runs on a person's behalf: add imported
//! candidates, references (with profile and consents) and past interactions, send
//! a request, record an approval. Each is all or nothing and
//! goes through `Run::apply`, so the program's rules hold for every way in.

pub mod add_candidates;
pub mod approve;
pub mod editor;
pub mod import_interactions;
pub mod import_references;
pub mod send;
