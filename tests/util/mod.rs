//! Helpers shared by the integration tests: run the real binary, read what it printed.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The topictag command with `args`, to run in the repository root with no
/// `TOPICTAG_MODEL` of the caller's.
pub fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_topictag"));
    c.args(args)
        .current_dir(root())
        .env_remove("TOPICTAG_MODEL");
    c
}

/// Run topictag with `args` in the repository root.
pub fn topictag(args: &[&str]) -> Output {
    command(args).output().expect("run topictag")
}

/// Run topictag with `args` in the repository root, `input` written to its stdin.
pub fn topictag_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run topictag");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("wait for topictag");
    writer.join().expect("writer").expect("write stdin");
    out
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Assert the exit code, and that nothing panicked; `case` names the case in the message.
pub fn assert_exit_case(o: &Output, code: i32, case: &str) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{case}: expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
    assert!(
        !stderr(o).contains("panicked"),
        "{case}: panic\n{}",
        stderr(o)
    );
}

/// [`assert_exit_case`] for a test with one case.
pub fn assert_exit(o: &Output, code: i32) {
    assert_exit_case(o, code, "command")
}

/// Parse stdout as JSON Lines.
pub fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}
