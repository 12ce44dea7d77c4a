//! The pass through one open survey: which question comes next, whether an
//! answer is acceptable, and the response snapshot it builds up.
use crate::prelude::*;

use crate::Millis;
use crate::rng::{Rng, stable_hash};
use exitpoll_protocol::config::{Action, Question, QuestionKind, Survey, Test};
use exitpoll_protocol::json::Value;
use exitpoll_protocol::problem::{Path, Problems};
use exitpoll_protocol::response::{Answer, ResponseStatus, Snapshot, is_email};

/// Why an answer was not accepted, in terms the widget can show in the
/// shopper's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    Required,
    InvalidEmail,
    TooLong {
        max: u32,
    },
    TooMany {
        max: u32,
    },
    /// Anything else; the widget's controls should make this impossible.
    Other(String),
}

/// Where the flow goes after an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Question(usize),
    Done,
}

/// One open survey and its response so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// Index of the survey in the config.
    pub survey: usize,
    pub response: Snapshot,
    /// The question on screen; `None` once completed (the thank-you screen).
    pub current: Option<usize>,
    /// Questions shown so far, in order.
    pub visited: Vec<usize>,
}

impl Flow {
    pub fn new(survey: usize, response: Snapshot) -> Flow {
        Flow { survey, response, current: Some(0), visited: vec![0] }
    }

    /// Takes the shopper's answer to the current question (`None`: skipped
    /// or left empty) and moves on. The snapshot is updated; the caller
    /// queues it.
    pub fn submit(&mut self, survey: &Survey, answer: Option<Answer>, now: Millis) -> Result<Step, Invalid> {
        let Some(index) = self.current else {
            return Err(Invalid::Other("the survey is already complete".into()));
        };
        let question = &survey.questions[index];
        check_answer(question, answer.as_ref())?;
        let step = next_step(survey, index, answer.as_ref());
        let answers = &mut self.response.answers;
        answers.retain(|(q, _)| *q != question.id);
        if let Some(a) = answer {
            answers.push((question.id.clone(), a));
        }
        self.response.revision += 1;
        self.response.updated_at = now;
        match step {
            Step::Question(next) => {
                self.response.status = ResponseStatus::Partial;
                self.current = Some(next);
                self.visited.push(next);
            }
            Step::Done => {
                self.response.status = ResponseStatus::Completed;
                self.current = None;
            }
        }
        Ok(step)
    }

    /// Closes the survey unfinished. Returns false when there is nothing to
    /// record (it was already completed or dismissed).
    pub fn dismiss(&mut self, now: Millis) -> bool {
        if self.response.status.is_final() {
            return false;
        }
        self.response.status = ResponseStatus::Dismissed;
        self.response.revision += 1;
        self.response.updated_at = now;
        true
    }

    /// "Question n of m" for the progress indicator: the position among
    /// questions visited, and the most that could still come.
    pub fn progress(&self, survey: &Survey) -> (usize, usize) {
        let shown = self.visited.len();
        let remaining = self.current.map_or(0, |c| survey.questions.len() - c - 1);
        (shown, shown + remaining)
    }
}

/// Checks an answer before it is recorded: required, and valid for the question.
pub fn check_answer(question: &Question, answer: Option<&Answer>) -> Result<(), Invalid> {
    let Some(answer) = answer else {
        return if question.required { Err(Invalid::Required) } else { Ok(()) };
    };
    match (&question.kind, answer) {
        (QuestionKind::Email { .. }, Answer::Text(s)) if !is_email(s) => return Err(Invalid::InvalidEmail),
        (QuestionKind::Text { max_length, .. }, Answer::Text(s))
            if exitpoll_protocol::text::char_count(s) > *max_length as usize =>
        {
            return Err(Invalid::TooLong { max: *max_length });
        }
        (QuestionKind::MultipleChoice { max_selections: Some(max), .. }, Answer::Choices(ids))
            if ids.len() > *max as usize =>
        {
            return Err(Invalid::TooMany { max: *max });
        }
        (QuestionKind::MultipleChoice { .. }, Answer::Choices(ids))
            if ids.is_empty() && question.required =>
        {
            return Err(Invalid::Required);
        }
        _ => {}
    }
    let mut problems = Problems::default();
    answer.check(&question.kind, &Path::ROOT, &mut problems);
    match problems.into_vec().into_iter().next() {
        None => Ok(()),
        Some(p) => Err(Invalid::Other(p.message)),
    }
}

/// The step after question `from`: the first logic rule about it that
/// matches, else the next question, else the end.
pub fn next_step(survey: &Survey, from: usize, answer: Option<&Answer>) -> Step {
    let id = &survey.questions[from].id;
    for rule in survey.logic.iter().filter(|r| r.condition.question == *id) {
        if test_matches(&rule.condition.test, answer) {
            return match &rule.action {
                Action::End => Step::Done,
                // Validation guarantees the target exists and comes later.
                Action::Goto(target) => match survey.question_index(target) {
                    Some(i) if i > from => Step::Question(i),
                    _ => Step::Done,
                },
            };
        }
    }
    if from + 1 < survey.questions.len() { Step::Question(from + 1) } else { Step::Done }
}

/// Whether a logic test holds for an answer (`None`: not answered).
pub fn test_matches(test: &Test, answer: Option<&Answer>) -> bool {
    match (test, answer) {
        (Test::Answered(want), a) => a.is_some() == *want,
        (_, None) => false,
        (Test::Equals(v), Some(a)) => answer_equals(a, v),
        (Test::In(vs), Some(a)) => vs.iter().any(|v| answer_equals(a, v)),
        (Test::Lt(n), Some(Answer::Number(x))) => (*x as f64) < *n,
        (Test::Lte(n), Some(Answer::Number(x))) => (*x as f64) <= *n,
        (Test::Gt(n), Some(Answer::Number(x))) => (*x as f64) > *n,
        (Test::Gte(n), Some(Answer::Number(x))) => (*x as f64) >= *n,
        _ => false,
    }
}

fn answer_equals(answer: &Answer, v: &Value) -> bool {
    match answer {
        Answer::Number(n) => v.as_i64() == Some(*n),
        Answer::Text(s) => v.as_str() == Some(s),
        Answer::Other(_) => v.as_str() == Some("other"),
        // For multiple choice, "equals x" means x is among the selections.
        Answer::Choices(ids) => v.as_str().is_some_and(|x| ids.iter().any(|id| id == x)),
    }
}

/// The order to show a question's choices in: as configured, or, with
/// `randomize`, shuffled by the response id so a re-render (or a reload of
/// the same response) never reorders them under the shopper's finger.
pub fn choice_order(response_id: &str, question: &Question) -> Vec<usize> {
    let (choices, randomize) = match &question.kind {
        QuestionKind::SingleChoice { choices, randomize, .. } => (choices.len(), *randomize),
        QuestionKind::MultipleChoice { choices, randomize, .. } => (choices.len(), *randomize),
        _ => (0, false),
    };
    let mut order: Vec<usize> = (0..choices).collect();
    if randomize {
        let mut rng = Rng::new(stable_hash(&[response_id, &question.id]));
        for i in (1..order.len()).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
    }
    order
}

#[cfg(test)]
mod tests;
