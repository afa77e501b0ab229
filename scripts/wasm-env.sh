# Sourced by scripts/serve, scripts/test and scripts/bench (and the Pages workflow
# sets the same): the compiler flags of every wasm32 build of Runsheet.
#
#   --cfg erase_components      Leptos erases component and view types at the
#                               boundaries (one `AnyView` instead of a distinct type
#                               per component tree): about 11 % less wasm, same flows.
#   -Clink-args=--emit-relocs   keeps the linker's relocations in the module, which
#                               wasm-split needs to cut the lazy routes out of it
#                               (scripts/post-build/split.mjs; the build fails without).
#
# Only the wasm32 target gets them, so native `cargo test` keeps its own build cache.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Clink-args=--emit-relocs"
