//! The `storyline` command. Glue only: parsing flags, reading inputs, calling the
//! library crates, printing text for people and JSON for programs.

mod args;
mod commands;
mod corpus;
mod svg;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: annotation allocates many small strings and vectors per token.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
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
