//! The site config (the site config reference (the protocol crate's README)): what the widget receives and what the
//! collector serves.
//!
//! The types here are the single model of a config. They are read from JSON by
//! [`SiteConfig::decode`] (see `config/decode.rs`), which checks every rule and
//! reports every problem with its path. With the `serde` feature they also
//! implement `Serialize`, `Deserialize` (through the same decoder) and
//! `JsonSchema`, which generates the committed `site-config.schema.json`.
use crate::prelude::*;

use crate::json::Value;
use crate::text::Text;

mod decode;
#[cfg(feature = "serde")]
mod serde_support;
#[cfg(test)]
mod tests;

pub use decode::{Decoded, is_hex_color, is_safe_url};
#[cfg(feature = "serde")]
pub use serde_support::site_config_schema;

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", schemars(title = "exitpoll site config", deny_unknown_fields))]
pub struct SiteConfig {
    /// The site id, as in the script tag's `data-site`.
    pub site: String,
    #[cfg_attr(feature = "serde", serde(default))]
    pub throttle: Throttle,
    #[cfg_attr(feature = "serde", serde(default))]
    pub privacy: Privacy,
    #[cfg_attr(feature = "serde", serde(default))]
    pub theme: Theme,
    /// Path globs that decide the page stage before the built-in URL patterns.
    #[cfg_attr(feature = "serde", serde(default))]
    pub stages: StageGlobs,
    /// Overrides of the widget's built-in UI strings, per locale: `{"de": {"next": "Weiter"}}`.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    #[cfg_attr(
        feature = "serde",
        schemars(with = "std::collections::BTreeMap<String, std::collections::BTreeMap<UiString, String>>")
    )]
    #[cfg_attr(feature = "serde", serde(serialize_with = "serde_support::locale_strings"))]
    pub strings: Vec<(String, Vec<(UiString, String)>)>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub surveys: Vec<Survey>,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(default))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct Throttle {
    /// Hours after any survey was shown before another one may show.
    #[cfg_attr(feature = "serde", schemars(range(min = 0, max = 8760)))]
    pub cooldown_hours: u32,
    /// Most surveys shown in one browser session (30 minutes without activity end a session).
    #[cfg_attr(feature = "serde", schemars(range(min = 1, max = 100)))]
    pub max_per_session: u32,
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle { cooldown_hours: 24, max_per_session: 1 }
    }
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(default))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct Privacy {
    /// Show nothing and store nothing when the browser sends Global Privacy Control.
    pub respect_gpc: bool,
    /// Show nothing and store nothing when the browser sends Do Not Track.
    pub respect_dnt: bool,
    /// Store and show nothing until the page calls `exitpoll.consent(true)`.
    pub require_consent: bool,
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy { respect_gpc: true, respect_dnt: true, require_consent: false }
    }
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(default))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct Theme {
    /// Accent colour, `#rgb` or `#rrggbb`.
    pub accent: String,
    pub position: Position,
    /// CSS font-family for the survey; `inherit` takes the page's font.
    pub font: String,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { accent: "#1f6feb".into(), position: Position::BottomRight, font: "inherit".into() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Position {
    BottomRight,
    BottomLeft,
    Center,
}

impl Position {
    pub const NAMES: [&'static str; 3] = ["bottom-right", "bottom-left", "center"];
    pub const ALL: [Position; 3] = [Position::BottomRight, Position::BottomLeft, Position::Center];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// The page stage (the npm package's README says how it is detected).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Stage {
    Product,
    Cart,
    Checkout,
    ThankYou,
    Other,
}

impl Stage {
    pub const NAMES: [&'static str; 5] = ["product", "cart", "checkout", "thank_you", "other"];
    pub const ALL: [Stage; 5] = [Stage::Product, Stage::Cart, Stage::Checkout, Stage::ThankYou, Stage::Other];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Self::NAMES.iter().position(|n| *n == s).map(|i| Self::ALL[i])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Device {
    Desktop,
    Mobile,
    Tablet,
}

impl Device {
    pub const NAMES: [&'static str; 3] = ["desktop", "mobile", "tablet"];
    pub const ALL: [Device; 3] = [Device::Desktop, Device::Mobile, Device::Tablet];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<Device> {
        Self::NAMES.iter().position(|n| *n == s).map(|i| Self::ALL[i])
    }
}

/// Globs on the URL path per stage, tried before the built-in patterns.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct StageGlobs {
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub product: Vec<String>,
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub cart: Vec<String>,
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub checkout: Vec<String>,
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub thank_you: Vec<String>,
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub other: Vec<String>,
}

impl StageGlobs {
    /// Globs in the order they are tried, most specific stage first.
    pub fn in_order(&self) -> [(Stage, &[String]); 5] {
        [
            (Stage::ThankYou, &self.thank_you),
            (Stage::Checkout, &self.checkout),
            (Stage::Cart, &self.cart),
            (Stage::Product, &self.product),
            (Stage::Other, &self.other),
        ]
    }
}

/// The built-in UI strings a config may override per locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum UiString {
    Next,
    Submit,
    Close,
    Required,
    InvalidEmail,
    TooLong,
    TooMany,
    Other,
    OtherPlaceholder,
    Copy,
    Copied,
    ThankYou,
    Progress,
    NpsLow,
    NpsHigh,
    TextPlaceholder,
    EmailPlaceholder,
    // The hint under a multiple choice with `max_selections`: "Choose up to {max}."
    // (A plain comment: a doc comment would change the variant's JSON Schema.)
    ChooseUpTo,
}

impl UiString {
    pub const NAMES: [&'static str; 18] = [
        "next",
        "submit",
        "close",
        "required",
        "invalid_email",
        "too_long",
        "too_many",
        "other",
        "other_placeholder",
        "copy",
        "copied",
        "thank_you",
        "progress",
        "nps_low",
        "nps_high",
        "text_placeholder",
        "email_placeholder",
        "choose_up_to",
    ];
    pub const ALL: [UiString; 18] = [
        UiString::Next,
        UiString::Submit,
        UiString::Close,
        UiString::Required,
        UiString::InvalidEmail,
        UiString::TooLong,
        UiString::TooMany,
        UiString::Other,
        UiString::OtherPlaceholder,
        UiString::Copy,
        UiString::Copied,
        UiString::ThankYou,
        UiString::Progress,
        UiString::NpsLow,
        UiString::NpsHigh,
        UiString::TextPlaceholder,
        UiString::EmailPlaceholder,
        UiString::ChooseUpTo,
    ];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct Survey {
    /// Unique within the site: 1–64 letters, digits, `_` or `-`.
    pub id: String,
    /// A name for the dashboard; never shown to shoppers.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub name: Option<String>,
    #[cfg_attr(feature = "serde", serde(default = "SurveyStatus::default_active"))]
    pub status: SurveyStatus,
    /// Among eligible surveys the highest priority wins; ties go to the smaller id.
    #[cfg_attr(feature = "serde", serde(default))]
    pub priority: i32,
    pub trigger: Trigger,
    #[cfg_attr(feature = "serde", serde(default))]
    pub audience: Audience,
    #[cfg_attr(feature = "serde", serde(default))]
    pub frequency: Frequency,
    pub questions: Vec<Question>,
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub logic: Vec<Rule>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub thank_you: ThankYou,
}

impl Survey {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum SurveyStatus {
    /// Shown when its trigger fires and the rules allow it.
    Active,
    /// Kept, but never shown by a trigger; `show()` still previews it.
    Paused,
    /// Being written; never shown by a trigger; `show()` still previews it.
    Draft,
}

impl SurveyStatus {
    /// The default, for the JSON Schema.
    #[cfg(feature = "serde")]
    fn default_active() -> SurveyStatus {
        SurveyStatus::Active
    }

    pub const NAMES: [&'static str; 3] = ["active", "paused", "draft"];
    pub const ALL: [SurveyStatus; 3] = [SurveyStatus::Active, SurveyStatus::Paused, SurveyStatus::Draft];
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct Trigger {
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub kind: TriggerKind,
    /// Stages where the survey may show; empty means every stage.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub stages: Vec<Stage>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub urls: UrlRules,
    /// Devices where the survey may show; empty means every device.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub devices: Vec<Device>,
    /// The trigger is armed only after the shopper has been on the page this long.
    #[cfg_attr(feature = "serde", serde(default))]
    pub min_seconds_on_page: u32,
    /// Grace period after a trigger fires: the survey opens only if the shopper
    /// has not come back (for exit intent: re-entered the page) within it.
    #[cfg_attr(feature = "serde", serde(default))]
    pub delay_ms: u32,
    /// Which exit-intent signals count. Defaults to every signal but `idle`.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub signals: Vec<ExitSignal>,
    /// How close to the top edge, in CSS pixels, the pointer must leave for desktop exit intent.
    #[cfg_attr(
        feature = "serde",
        serde(
            default = "Trigger::default_sensitivity",
            skip_serializing_if = "Trigger::is_default_sensitivity"
        )
    )]
    pub sensitivity: u32,
    /// Seconds without input before the `idle` signal (or the `idle` trigger) fires.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub idle_seconds: Option<u32>,
}

impl Trigger {
    pub const DEFAULT_SENSITIVITY: u32 = 20;
    pub const DEFAULT_IDLE_SECONDS: u32 = 30;
    pub const DEFAULT_SIGNALS: [ExitSignal; 4] =
        [ExitSignal::PointerTop, ExitSignal::AddressBar, ExitSignal::ScrollUp, ExitSignal::TabReturn];

    pub fn new(kind: TriggerKind) -> Trigger {
        Trigger {
            kind,
            stages: Vec::new(),
            urls: UrlRules::default(),
            devices: Vec::new(),
            min_seconds_on_page: 0,
            delay_ms: 0,
            signals: Vec::new(),
            sensitivity: Self::DEFAULT_SENSITIVITY,
            idle_seconds: None,
        }
    }

    #[cfg(feature = "serde")]
    fn is_default_sensitivity(s: &u32) -> bool {
        *s == Self::DEFAULT_SENSITIVITY
    }

    #[cfg(feature = "serde")]
    fn default_sensitivity() -> u32 {
        Self::DEFAULT_SENSITIVITY
    }

    /// Whether this exit-intent signal counts for this survey.
    pub fn signal_enabled(&self, signal: ExitSignal) -> bool {
        if self.signals.is_empty() {
            Self::DEFAULT_SIGNALS.contains(&signal)
        } else {
            self.signals.contains(&signal)
        }
    }

    pub fn idle_ms(&self) -> u64 {
        let seconds = match self.kind {
            TriggerKind::Idle { seconds } => seconds,
            _ => self.idle_seconds.unwrap_or(Self::DEFAULT_IDLE_SECONDS),
        };
        u64::from(seconds) * 1000
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
pub enum TriggerKind {
    /// The shopper is about to leave: see `ExitSignal`.
    ExitIntent,
    /// As soon as the page is viewed (after `min_seconds_on_page` and `delay_ms`).
    PageView,
    TimeOnPage {
        seconds: u32,
    },
    /// When the shopper has scrolled this far down the page.
    ScrollDepth {
        percent: u32,
    },
    /// When the shopper has done nothing for this long.
    Idle {
        seconds: u32,
    },
    /// Only through `exitpoll.show(id)`.
    Manual,
}

impl TriggerKind {
    pub const NAMES: [&'static str; 6] =
        ["exit_intent", "page_view", "time_on_page", "scroll_depth", "idle", "manual"];

    pub fn as_str(&self) -> &'static str {
        Self::NAMES[match self {
            TriggerKind::ExitIntent => 0,
            TriggerKind::PageView => 1,
            TriggerKind::TimeOnPage { .. } => 2,
            TriggerKind::ScrollDepth { .. } => 3,
            TriggerKind::Idle { .. } => 4,
            TriggerKind::Manual => 5,
        }]
    }
}

/// The signals that count as exit intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ExitSignal {
    /// Desktop: the pointer leaves the page through the top edge, moving up.
    PointerTop,
    /// Desktop: Ctrl+L or Cmd+L, the shortcut to the address bar.
    AddressBar,
    /// Touch: a fast scroll back up after reading down the page.
    ScrollUp,
    /// Any device: coming back after the page was hidden (another tab or app).
    TabReturn,
    /// Any device, opt-in: no input for `idle_seconds`.
    Idle,
}

impl ExitSignal {
    pub const NAMES: [&'static str; 5] = ["pointer_top", "address_bar", "scroll_up", "tab_return", "idle"];
    pub const ALL: [ExitSignal; 5] = [
        ExitSignal::PointerTop,
        ExitSignal::AddressBar,
        ExitSignal::ScrollUp,
        ExitSignal::TabReturn,
        ExitSignal::Idle,
    ];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(default))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct UrlRules {
    /// Globs on the URL path (`*` is any run of characters); one must match.
    pub include: Vec<String>,
    /// Globs on the URL path; none may match.
    pub exclude: Vec<String>,
}

impl Default for UrlRules {
    fn default() -> Self {
        UrlRules { include: vec!["*".into()], exclude: Vec::new() }
    }
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(default))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct Audience {
    /// Share of visitors who may see the survey, 0–100. Sticky per visitor.
    pub sample_percent: f64,
}

impl Default for Audience {
    fn default() -> Self {
        Audience { sample_percent: 100.0 }
    }
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(default))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct Frequency {
    pub show: ShowRule,
    /// Days before a survey may show again to the same visitor (`until_answered`, `always`).
    pub recontact_days: u32,
    /// Show even within the site's cooldown after another survey.
    pub ignore_cooldown: bool,
}

impl Default for Frequency {
    fn default() -> Self {
        Frequency { show: ShowRule::UntilAnswered, recontact_days: 30, ignore_cooldown: false }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ShowRule {
    /// Never again once shown.
    Once,
    /// Again after `recontact_days`, until the visitor completes it.
    UntilAnswered,
    /// Again after `recontact_days`, forever.
    Always,
}

impl ShowRule {
    pub const NAMES: [&'static str; 3] = ["once", "until_answered", "always"];
    pub const ALL: [ShowRule; 3] = [ShowRule::Once, ShowRule::UntilAnswered, ShowRule::Always];
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct Question {
    pub id: String,
    pub prompt: Text,
    /// An optional line under the prompt.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub description: Option<Text>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub required: bool,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub kind: QuestionKind,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
pub enum QuestionKind {
    /// Net Promoter Score, 0–10.
    Nps {
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        low_label: Option<Text>,
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        high_label: Option<Text>,
    },
    /// 1 to `scale`.
    Rating {
        #[cfg_attr(feature = "serde", schemars(range(min = 3, max = 10)))]
        #[cfg_attr(feature = "serde", serde(default = "QuestionKind::default_scale"))]
        scale: u32,
        #[cfg_attr(feature = "serde", serde(default = "QuestionKind::default_style"))]
        style: RatingStyle,
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        low_label: Option<Text>,
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        high_label: Option<Text>,
    },
    SingleChoice {
        choices: Vec<Choice>,
        /// Adds an "Other" choice with a text box; answered as `{"other": "text"}`.
        #[cfg_attr(feature = "serde", serde(default))]
        allow_other: bool,
        /// Shuffle the choices, stably for each response.
        #[cfg_attr(feature = "serde", serde(default))]
        randomize: bool,
    },
    MultipleChoice {
        choices: Vec<Choice>,
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        max_selections: Option<u32>,
        #[cfg_attr(feature = "serde", serde(default))]
        randomize: bool,
    },
    Text {
        #[cfg_attr(feature = "serde", serde(default))]
        multiline: bool,
        #[cfg_attr(feature = "serde", schemars(range(min = 1, max = 5000)))]
        #[cfg_attr(feature = "serde", serde(default = "QuestionKind::default_max_length"))]
        max_length: u32,
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        placeholder: Option<Text>,
    },
    Email {
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        placeholder: Option<Text>,
    },
    /// A call to action: a button, with a code to copy and/or a link to follow.
    Cta {
        button: Text,
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        code: Option<String>,
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        url: Option<String>,
    },
}

impl QuestionKind {
    // The decoder's defaults, for the JSON Schema (`config/decode.rs` holds the same).
    #[cfg(feature = "serde")]
    fn default_scale() -> u32 {
        5
    }
    #[cfg(feature = "serde")]
    fn default_style() -> RatingStyle {
        RatingStyle::Stars
    }
    #[cfg(feature = "serde")]
    fn default_max_length() -> u32 {
        MAX_TEXT_CHARS
    }

    pub const NAMES: [&'static str; 7] =
        ["nps", "rating", "single_choice", "multiple_choice", "text", "email", "cta"];

    pub fn as_str(&self) -> &'static str {
        Self::NAMES[match self {
            QuestionKind::Nps { .. } => 0,
            QuestionKind::Rating { .. } => 1,
            QuestionKind::SingleChoice { .. } => 2,
            QuestionKind::MultipleChoice { .. } => 3,
            QuestionKind::Text { .. } => 4,
            QuestionKind::Email { .. } => 5,
            QuestionKind::Cta { .. } => 6,
        }]
    }

    pub fn choices(&self) -> &[Choice] {
        match self {
            QuestionKind::SingleChoice { choices, .. } | QuestionKind::MultipleChoice { choices, .. } => {
                choices
            }
            _ => &[],
        }
    }
}

/// The longest text answer anywhere, in characters (the HTTP API (README.md)).
pub const MAX_TEXT_CHARS: u32 = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RatingStyle {
    Stars,
    Numbers,
    Emoji,
}

impl RatingStyle {
    pub const NAMES: [&'static str; 3] = ["stars", "numbers", "emoji"];
    pub const ALL: [RatingStyle; 3] = [RatingStyle::Stars, RatingStyle::Numbers, RatingStyle::Emoji];
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct Choice {
    pub id: String,
    pub label: Text,
}

/// A branching rule: after the question in `if` is answered (or skipped),
/// the first rule that matches decides where to go.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct Rule {
    #[cfg_attr(feature = "serde", serde(rename = "if"))]
    pub condition: Condition,
    #[cfg_attr(feature = "serde", serde(rename = "then"))]
    #[cfg_attr(feature = "serde", schemars(with = "serde_support::ActionRepr"))]
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
pub struct Condition {
    pub question: String,
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub test: Test,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Test {
    /// The answer is exactly this value (a choice id, a number, a string).
    Equals(#[cfg_attr(feature = "serde", schemars(with = "serde_json::Value"))] Value),
    /// The answer is one of these values; for multiple choice, any selected one is.
    In(#[cfg_attr(feature = "serde", schemars(with = "Vec<serde_json::Value>"))] Vec<Value>),
    Lt(f64),
    Lte(f64),
    Gt(f64),
    Gte(f64),
    /// Whether the question was answered (`false` matches a skipped question).
    Answered(bool),
}

impl Test {
    pub const NAMES: [&'static str; 7] = ["equals", "in", "lt", "lte", "gt", "gte", "answered"];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Continue at this question, which must come later in the survey.
    Goto(String),
    /// End the survey: the thank-you screen follows.
    End,
}

#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(default))]
#[cfg_attr(feature = "serde", schemars(deny_unknown_fields))]
pub struct ThankYou {
    /// Defaults to the built-in "Thank you!" in the shopper's language.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub title: Option<Text>,
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub body: Option<Text>,
}

impl SiteConfig {
    /// A config with no surveys, for a site that has none yet.
    pub fn empty(site: &str) -> SiteConfig {
        SiteConfig {
            site: site.to_owned(),
            throttle: Throttle::default(),
            privacy: Privacy::default(),
            theme: Theme::default(),
            stages: StageGlobs::default(),
            strings: Vec::new(),
            surveys: Vec::new(),
        }
    }

    pub fn survey(&self, id: &str) -> Option<&Survey> {
        self.surveys.iter().find(|s| s.id == id)
    }

    /// The config's override of a UI string for `locale`, if any.
    pub fn ui_string(&self, locale: &str, key: UiString) -> Option<&str> {
        let table = crate::text::pick_locale(&self.strings, locale)?;
        table.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }
}
