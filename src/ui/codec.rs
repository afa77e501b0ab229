//! Installs the code that reads and writes runs' records (`storage::codec`)
//! from the pages that need it, so that code is part of their on-demand
//! chunks and not of the first module: the catalogue lists SOPs and the app
//! lists run ids without it.
//!
//! Every lazy route's view calls [`install`] before it renders (its chunk
//! is loaded by then); what starts a run from the first module awaits
//! [`ready`], which loads the same code on its own.

use crate::storage::codec::{self, Pack};

/// Installs the codec. Named only from on-demand code.
pub fn install() {
    codec::install(&Pack);
}

/// Loads the codec's chunk and installs it.
#[leptos::lazy]
fn load() {
    install();
}

/// Resolves once the codec is installed, loading it if need be.
pub async fn ready() {
    if codec::installed().is_none() {
        load().await;
    }
}

/// Whether runs can be read and written yet.
pub fn is_ready() -> bool {
    codec::installed().is_some()
}
