//! Handing a page view from one engine to another when a survey opens.
//!
//! The widget's first load is the lite build: everything up to the decision
//! to open a survey, but no survey flow and no views (the `lite` feature). When
//! it decides to open one, the host loads the build that can draw it and
//! starts that with a [`Handover`]: the page view as the first engine saw it,
//! so the second one goes on where the first stopped instead of starting a
//! new page view. The second engine opens the survey the first one chose, with
//! the same response id and trigger, without deciding again.
use crate::prelude::*;

use crate::Millis;
use exitpoll_protocol::config::Stage;
use exitpoll_protocol::json::{self, Map, ObjectWriter, Value};

/// Every trigger name an engine opens a survey with.
const TRIGGERS: [&str; 10] = [
    "exit_intent:pointer_top",
    "exit_intent:address_bar",
    "exit_intent:scroll_up",
    "exit_intent:tab_return",
    "exit_intent:idle",
    "page_view",
    "time_on_page",
    "scroll_depth",
    "idle",
    "manual",
];

/// The page view, as one engine hands it to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Handover {
    /// The survey to open, and how it was triggered.
    pub survey_id: String,
    pub trigger: &'static str,
    pub response_id: String,
    /// When this page view started, and the last input (for idle triggers).
    pub page_start: Millis,
    pub last_activity: Millis,
    /// Surveys whose one-shot trigger is spent, and those whose trigger fired.
    pub spent: Vec<String>,
    pub fired: Vec<String>,
    /// What the engine remembers (its stored state, as JSON), also when
    /// storage does not work.
    pub state: String,
    /// `setStage()`, `setContext()` and `consent()` as they stand.
    pub stage: Option<Stage>,
    pub context: Map,
    pub consent: bool,
    /// Storage failed and the shopper was told once; not again.
    pub storage_failed: bool,
}

impl Handover {
    pub fn to_json(&self) -> String {
        let ids = |list: &[String]| {
            let mut out = String::from("[");
            for (i, id) in list.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json::push_str_literal(&mut out, id);
            }
            out.push(']');
            out
        };
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.str("survey_id", &self.survey_id)
            .str("trigger", self.trigger)
            .str("response_id", &self.response_id)
            .int("page_start", self.page_start)
            .int("last_activity", self.last_activity)
            .raw("spent", &ids(&self.spent))
            .raw("fired", &ids(&self.fired))
            .str("state", &self.state)
            .value("stage", &self.stage.map_or(Value::Null, |s| Value::from_str_value(s.as_str())))
            .value("context", &Value::Object(self.context.clone()))
            .bool("consent", self.consent)
            .bool("storage_failed", self.storage_failed);
        o.finish();
        out
    }

    /// Reads what [`Handover::to_json`] wrote; `None` when it is not that.
    /// Only a build of the same widget writes it, so one message serves
    /// every problem.
    pub fn parse(text: &str) -> Option<Handover> {
        let v = json::parse(text).ok()?;
        let string = |key: &str| v.get(key)?.as_str().map(String::from);
        let ids = |key: &str| -> Option<Vec<String>> {
            v.get(key)?.as_array()?.iter().map(|x| x.as_str().map(String::from)).collect()
        };
        let trigger = v.get("trigger")?.as_str()?;
        Some(Handover {
            survey_id: string("survey_id")?,
            trigger: TRIGGERS.iter().find(|t| **t == trigger)?,
            response_id: string("response_id")?,
            page_start: v.get("page_start")?.as_i64()?,
            last_activity: v.get("last_activity")?.as_i64()?,
            spent: ids("spent")?,
            fired: ids("fired")?,
            state: string("state")?,
            stage: match v.get("stage")? {
                Value::Null => None,
                s => Some(Stage::parse(s.as_str()?)?),
            },
            context: v.get("context")?.as_object()?.clone(),
            consent: v.get("consent")?.as_bool()?,
            storage_failed: v.get("storage_failed")?.as_bool()?,
        })
    }
}
