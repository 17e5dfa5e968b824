//! `topictag` command line: parses arguments, runs one command, maps the outcome to an exit code.
//!
//! Exit codes: 0 all good, 1 some items or files failed (the run went on) or nothing was named to
//! read, 2 usage or fatal error, 130 stopped by Ctrl+C or SIGTERM.

mod cli;

use clap::Parser;
use std::process::ExitCode;

/// Exit code of a run stopped by Ctrl+C or SIGTERM (128 + SIGINT's number, as shells report).
const INTERRUPTED: i32 = 130;

fn main() -> ExitCode {
    // Stopped by Ctrl+C or SIGTERM, an `--out` file being written is left as it was: its
    // temporary file goes (no destructor runs on the way out).
    let _ = ctrlc::set_handler(|| {
        topictag::fsutil::remove_temporary_files();
        std::process::exit(INTERRUPTED);
    });
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(cli::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(cli::Outcome::SomeFailed) => ExitCode::from(1),
        Err(e) => {
            if cli::is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            // The library's errors already name their cause; `{e:#}` would repeat it.
            cli::diag_line(format_args!("topictag: error: {e}"));
            ExitCode::from(2)
        }
    }
}
