use super::*;
#[allow(unused_imports)]
use crate::prelude::*;
use exitpoll_protocol::response::{ResponseStatus, decode_batch};

fn snap(id: u32, revision: u32, text_len: usize) -> Snapshot {
    let mut answers = Vec::new();
    if text_len > 0 {
        answers.push(("t".to_owned(), exitpoll_protocol::response::Answer::Text("x".repeat(text_len))));
    }
    Snapshot {
        response_id: format!("0193a1e2-7c5d-7b1e-9f00-{id:012x}"),
        revision,
        survey_id: "s".into(),
        status: ResponseStatus::Partial,
        answers,
        shown_at: 1_795_305_600_000,
        updated_at: 1_795_305_600_000,
        visitor_id: "v".into(),
        session_id: "s".into(),
        trigger: "manual".into(),
        stage: None,
        device: None,
        locale: "en".into(),
        page_url: String::new(),
        context: Default::default(),
    }
}

#[test]
fn only_the_latest_revision_is_kept() {
    let mut o = Outbox::default();
    o.put(&snap(1, 2, 0), 0);
    o.put(&snap(1, 1, 0), 0);
    o.put(&snap(1, 3, 0), 0);
    assert_eq!(o.len(), 1);
    assert_eq!(o.entries()[0].snapshot.revision, 3);
}

#[test]
fn batches_stay_under_fifty_responses_and_64_kib() {
    let mut o = Outbox::default();
    for i in 0..120 {
        o.put(&snap(i, 1, if i % 3 == 0 { 4000 } else { 10 }), i64::from(i));
    }
    let mut rng = Rng::new(1);
    let mut seen = 0;
    while let Some(b) = o.take_batch(1000) {
        assert!(b.body.len() <= MAX_BODY_BYTES, "{} bytes", b.body.len());
        assert!(b.responses <= MAX_RESPONSES_PER_REQUEST);
        assert_eq!(decode_batch(&b.body).unwrap().len(), b.responses, "each body is a valid request");
        seen += b.responses;
        o.finish(b.id, 1000, SendOutcome::Acked, &mut rng);
    }
    assert_eq!(seen, 120);
    assert!(o.is_empty());
}

#[test]
fn one_request_in_flight_and_newer_revisions_survive_an_ack() {
    let mut o = Outbox::default();
    let mut rng = Rng::new(1);
    o.put(&snap(1, 1, 0), 0);
    let b = o.take_batch(0).unwrap();
    assert!(o.take_batch(0).is_none(), "one request at a time");
    o.put(&snap(1, 2, 0), 10);
    o.finish(b.id, 20, SendOutcome::Acked, &mut rng);
    assert_eq!(o.len(), 1, "revision 2 was not in the acknowledged request");
    let b2 = o.take_batch(20).unwrap();
    assert!(b2.body.contains("\"revision\":2"));
    o.finish(b2.id, 30, SendOutcome::Acked, &mut rng);
    assert!(o.is_empty());
    // An answer for a request that is not in flight is ignored.
    assert!(o.finish(99, 40, SendOutcome::Rejected, &mut rng).is_empty());
}

#[test]
fn failures_back_off_and_respect_retry_after() {
    let mut o = Outbox::default();
    let mut rng = Rng::new(9);
    o.put(&snap(1, 1, 0), 0);
    let mut now = 0;
    let mut waits = Vec::new();
    for _ in 0..16 {
        let b = o.take_batch(now).unwrap();
        o.finish(b.id, now, SendOutcome::Retry { retry_after_ms: None }, &mut rng);
        let next = o.next_wakeup().unwrap();
        waits.push(next - now);
        now = next;
    }
    assert!(waits[0] >= MIN_BACKOFF_MS && waits[0] <= 1000, "first retry after 1 s: {}", waits[0]);
    assert!(waits.iter().all(|w| *w <= MAX_BACKOFF_MS));
    assert!(waits[15] >= MAX_BACKOFF_MS / 2, "capped near an hour: {waits:?}");
    let b = o.take_batch(now).unwrap();
    o.finish(b.id, now, SendOutcome::Retry { retry_after_ms: Some(7_200_000) }, &mut rng);
    assert_eq!(o.next_wakeup(), Some(now + 7_200_000), "Retry-After wins when longer");
    // A new page view makes it due at once.
    o.new_page_view(now + 5);
    assert_eq!(o.next_wakeup(), Some(now + 5));
}

#[test]
fn a_rejected_batch_is_split_and_the_bad_snapshot_dropped_alone() {
    let mut o = Outbox::default();
    let mut rng = Rng::new(1);
    for i in 0..3 {
        o.put(&snap(i, 1, 0), 0);
    }
    let b = o.take_batch(0).unwrap();
    assert_eq!(b.responses, 3);
    assert!(
        o.finish(b.id, 1, SendOutcome::Rejected, &mut rng).is_empty(),
        "nothing dropped while others rode along"
    );
    let mut dropped = Vec::new();
    let mut sent_alone = 0;
    while let Some(b) = o.take_batch(2) {
        assert_eq!(b.responses, 1, "now sent one by one");
        sent_alone += 1;
        let bad = b.body.contains("000000000001");
        let outcome = if bad { SendOutcome::Rejected } else { SendOutcome::Acked };
        dropped.extend(o.finish(b.id, 2, outcome, &mut rng));
    }
    assert_eq!(sent_alone, 3);
    assert_eq!(dropped.len(), 1);
    assert!(o.is_empty());
}

#[test]
fn in_flight_requests_time_out() {
    let mut o = Outbox::default();
    let mut rng = Rng::new(1);
    o.put(&snap(1, 1, 0), 0);
    o.take_batch(0).unwrap();
    assert_eq!(o.next_wakeup(), Some(IN_FLIGHT_TIMEOUT_MS));
    o.check_timeout(IN_FLIGHT_TIMEOUT_MS, &mut rng);
    assert!(o.take_batch(IN_FLIGHT_TIMEOUT_MS + MAX_BACKOFF_MS).is_some(), "retried after the timeout");
}

#[test]
fn beacons_carry_everything_within_limits() {
    let mut o = Outbox::default();
    for i in 0..70 {
        o.put(&snap(i, 1, 2000), 0);
    }
    let bodies = o.beacon_bodies();
    let total: usize = bodies.iter().map(|b| decode_batch(b).unwrap().len()).sum();
    assert_eq!(total, 70);
    assert!(bodies.iter().all(|b| b.len() <= MAX_BODY_BYTES));
    assert_eq!(o.len(), 70, "beacons are not acknowledgements");
}

#[test]
fn the_oldest_responses_go_first_and_ties_keep_their_order() {
    let entry = |id, queued_at| Entry {
        snapshot: Queued::of(&snap(id, 1, 0)),
        attempts: 0,
        next_at: 0,
        queued_at,
        solo: false,
    };
    let mut o =
        Outbox::from_entries(vec![entry(1, 30), entry(2, 10), entry(3, 20), entry(4, 10), entry(5, 5)]);
    let b = o.take_batch(100).unwrap();
    let order: Vec<String> = decode_batch(&b.body).unwrap().into_iter().map(|s| s.response_id).collect();
    let want: Vec<String> = [5, 2, 4, 3, 1].iter().map(|&i| snap(i, 1, 0).response_id).collect();
    assert_eq!(order, want);
}
