//! Where runs are kept. The repository logic is plain Rust over a small
//! key-value trait, so it is tested natively against [`MemoryStore`]; the
//! browser's localStorage implements the same trait (see `browser::local_store`).

pub mod keys;
pub mod kv;
pub mod memory;
pub mod migrate;
pub mod record;
pub mod repository;
pub mod settings;
pub mod usage;

pub use kv::{KeyValueStore, StoreError};
pub use memory::MemoryStore;
pub use repository::{LoadReport, RunRepository, Unreadable};
