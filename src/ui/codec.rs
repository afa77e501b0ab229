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

/// The codec's chunk could not be fetched (the network dropped before the
/// service worker had cached it, say): nothing was written, and trying again
/// fetches it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecUnavailable;

impl From<leptos::wasm_split::SplitLoaderError> for CodecUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        CodecUnavailable
    }
}

impl std::fmt::Display for CodecUnavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "The part of Runsheet that saves runs could not be loaded. Check the connection and try again; nothing was changed.",
        )
    }
}

/// Loads the codec's chunk and installs it. `fallible`: a failed fetch is
/// an error to show, not a panic that would stop the whole app.
#[leptos::wasm_split::wasm_split(runsheet_codec, wasm_split_path = ::leptos::wasm_split, fallible)]
fn load() -> Result<(), CodecUnavailable> {
    install();
    Ok(())
}

/// Resolves once the codec is installed, loading it if need be.
pub async fn ready() -> Result<(), CodecUnavailable> {
    if codec::installed().is_none() {
        load().await?;
    }
    Ok(())
}

/// Whether runs can be read and written yet.
pub fn is_ready() -> bool {
    codec::installed().is_some()
}
