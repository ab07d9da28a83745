//! `mcp-auth-reports`: the result model of a conformance run, and everything that reads it.
//!
//! The runner records results; reporters only read them (hurl's parse/run/report split,
//! nextest's event-driven reporters). The pieces:
//!
//! - [`model`]: [`CheckResult`], [`ScenarioResult`], [`RunReport`], and [`Outcome`] — where
//!   `fail` (a conformance violation), `error` (the harness could not judge) and `skip`
//!   (not applicable) stay distinct all the way to the exit code.
//! - [`event`], [`reporter`], [`recorder`]: the runner tells a [`Recorder`] what happened; it
//!   emits [`Event`]s to any number of [`Reporter`]s through a [`FanOut`] and builds the
//!   report.
//! - Writers: [`console`] (progress and summary), [`junit`] (via `quick-junit`), [`json`]
//!   (versioned, with a committed JSON Schema).
//! - [`baseline`]: the official suite's expected-failures file; [`exit`]: the exit code.
//!
//! ```
//! use mcp_auth_proto::{Level, SpecVersion, requirements::RS_PRM_RESOURCE};
//! use mcp_auth_reports::console::{ConsoleOptions, ConsoleReporter};
//! use mcp_auth_reports::{CheckResult, FanOut, Outcome, Recorder, Role, RunInfo, ScenarioInfo};
//!
//! let mut console = ConsoleReporter::new(Vec::new(), ConsoleOptions::default());
//! let mut json = mcp_auth_reports::json::JsonReporter::new(Vec::new());
//! let run = RunInfo {
//!     tool_version: "0.1.0".into(),
//!     role: Role::Server,
//!     spec_version: SpecVersion::V2025_11_25,
//!     target: "http://127.0.0.1:8080/mcp".into(),
//! };
//! let mut recorder = Recorder::start(run, 1, FanOut::new().with(&mut console).with(&mut json))?;
//! recorder.start_scenario(ScenarioInfo {
//!     id: "rs/prm-resource".into(),
//!     title: "PRM names this server".into(),
//!     role: Role::Server,
//!     spec_version: SpecVersion::V2025_11_25,
//!     official_name: None,
//! })?;
//! recorder.record(CheckResult::new(
//!     "rs/prm-resource", "resource-matches", RS_PRM_RESOURCE, Level::Must, Outcome::Pass, "ok",
//! ))?;
//! recorder.finish_scenario(None)?;
//! let (report, _) = recorder.finish()?;
//! assert_eq!(mcp_auth_reports::exit::exit_code(&report, None), mcp_auth_reports::exit::OK);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod baseline;
pub mod console;
pub mod event;
pub mod exit;
pub mod json;
pub mod junit;
pub mod model;
pub mod outcome;
pub mod recorder;
pub mod reporter;
pub mod summary;
pub mod text;

pub use baseline::{Baseline, Evaluation};
pub use event::Event;
pub use model::{CheckResult, Role, RunInfo, RunReport, ScenarioInfo, ScenarioResult};
pub use outcome::Outcome;
pub use recorder::{RecordError, Recorder};
pub use reporter::{FanOut, Reporter};
pub use summary::{Counts, Summary};
