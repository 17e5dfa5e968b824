//! Which model file a command uses: `--model`, `$TOPICTAG_MODEL`, or the shipped model.

use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// The shipped model's file name, looked for under `models/`.
const SHIPPED_MODEL: &str = "models/foreign-policy.model";

/// The model a command uses: `--model`; else `$TOPICTAG_MODEL` (which must exist: it is never
/// silently replaced); else the shipped model in the first place it exists: `models/` in the
/// current folder, next to the binary (`<folder of topictag>/models/`), in the repository the
/// binary was built from. The error names every place looked at.
pub(super) fn resolve_model(given: Option<&Path>) -> Result<PathBuf> {
    let env = std::env::var_os("TOPICTAG_MODEL").filter(|v| !v.is_empty());
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let mut places = vec![PathBuf::from(SHIPPED_MODEL)];
    places.extend(exe_dir.map(|d| d.join(SHIPPED_MODEL)));
    places.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(SHIPPED_MODEL));
    find_model(given, env.map(PathBuf::from), &places)
}

/// Load the model at `path`; an error reading it says it is the model that could not be
/// read ("cannot read the model x.model: No such file or directory").
pub(super) fn load_model(path: &Path) -> Result<topictag::model::TopicModel> {
    topictag::model::TopicModel::load(path).map_err(|e| match e {
        topictag::error::Error::Io { path, source } => {
            anyhow::anyhow!("cannot read the model {}: {source}", path.display())
        }
        other => other.into(),
    })
}

/// [`resolve_model`]'s order, over given places.
fn find_model(given: Option<&Path>, env: Option<PathBuf>, defaults: &[PathBuf]) -> Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = env {
        if !p.is_file() {
            bail!(
                "TOPICTAG_MODEL is set to {}, which is not a file (unset it to use the shipped model, or pass --model FILE)",
                p.display()
            );
        }
        return Ok(p);
    }
    match defaults.iter().find(|p| p.is_file()) {
        Some(p) => Ok(p.clone()),
        None => bail!(
            "no model found: pass --model FILE or set TOPICTAG_MODEL (looked for {})",
            defaults
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--model` wins, then `TOPICTAG_MODEL` (an error when it is not a file, never a silent
    /// fallback), then the first default place that exists; none: an error naming them all.
    #[test]
    fn models_are_looked_for_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.model");
        let b = dir.path().join("b.model");
        let missing = dir.path().join("missing.model");
        std::fs::write(&a, b"x").unwrap();
        std::fs::write(&b, b"x").unwrap();
        let given = Path::new("given.model");
        let defaults = [missing.clone(), b.clone(), a.clone()];
        assert_eq!(
            find_model(Some(given), Some(a.clone()), &defaults).unwrap(),
            given
        );
        assert_eq!(find_model(None, Some(a.clone()), &defaults).unwrap(), a);
        let err = find_model(None, Some(missing.clone()), &defaults)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("TOPICTAG_MODEL is set to") && err.contains("missing.model"),
            "{err}"
        );
        assert_eq!(find_model(None, None, &defaults).unwrap(), b);
        let err = find_model(None, None, &defaults[..1])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("no model found: pass --model FILE or set TOPICTAG_MODEL")
                && err.contains("missing.model"),
            "{err}"
        );
    }
}
