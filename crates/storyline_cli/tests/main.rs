//! Integration tests of the `storyline` command over real articles (the bundled seeds)
//! and hand-made bad inputs.

mod cli;
mod export;
mod seeds;
mod story;
