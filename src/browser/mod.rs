//! The thin edge between the app and the browser: storage, clock, randomness,
//! page lifecycle and downloads. Everything here is small and untested logic-free glue.

pub mod base_path;
pub mod boot;
pub mod clipboard;
pub mod clock;
pub mod download;
pub mod file_read;
pub mod focus;
pub mod lifecycle;
pub mod local_store;
pub mod persistence;
pub mod random;
pub mod service_worker;
pub mod tabs;
