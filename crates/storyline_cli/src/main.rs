//! The `storyline` command. Glue only: parsing flags, reading inputs, calling the
//! library crates, printing text for people and JSON for programs.

mod args;
mod commands;
mod corpus;
mod svg;
mod train_merge;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: annotation allocates many small strings and vectors per token.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`storyline ... | head`) is not an error.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("storyline: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// mimalloc's `purge_delay` option (`mi_option_purge_delay` in `mimalloc.h`, v2 and v3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc never to hand freed memory back to the kernel. It otherwise does so after a
/// delay, and on a machine with transparent huge pages every reuse then faults in and clears a
/// fresh 2 MiB page: a sixth of the annotation time went to that.
#[allow(unsafe_code)]
fn keep_freed_memory() {
    // SAFETY: sets one integer option of the allocator; valid at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}
