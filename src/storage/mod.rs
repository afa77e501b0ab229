//! Where runs are kept. The repository logic is plain Rust over a small
//! key-value trait, so it is tested natively against [`MemoryStore`]; the
//! browser's localStorage implements the same trait (see `browser::local_store`).
//! [`SaveSession`] is one tab's save schedule over the repository, also plain Rust.

pub mod codec;
pub mod keys;
pub mod kv;
pub mod memory;
pub mod migrate;
pub mod outcome;
pub mod pack;
pub mod record;
pub mod repository;
pub mod schema;
pub mod session;
pub mod settings;
pub mod summary;
pub mod usage;

pub use kv::{KeyValueStore, StoreError};
pub use memory::MemoryStore;
pub use outcome::{Conflict, SaveStatus, StorageMode};
pub use repository::{LoadReport, RunRepository, Unreadable};
pub use session::{LiveRuns, SaveSession};
