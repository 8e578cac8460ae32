//! Which accounts a task binds and which post completes it, on a registry small enough to check
//! by hand.

use chrono::NaiveDate;

use super::*;
use crate::model::{Account, AccountStatus, Posts, TaskHit, TaskPosts, Unit, UnitType};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn unit(id: &str, unit_type: UnitType) -> Unit {
    Unit {
        unit_id: id.into(),
        unit_name: id.into(),
        unit_type,
        parent_id: None,
        must_open: true,
        exempt: None,
    }
}

fn account(id: &str, unit: &str, platform: Platform) -> Account {
    Account {
        account_id: id.into(),
        unit_id: unit.into(),
        platform,
        account_name: id.into(),
        status: AccountStatus::Active,
        opened_on: None,
        closed_on: None,
        verified: None,
        verified_name: None,
        interaction_enabled: true,
        function: None,
        followers: None,
    }
}

fn task(id: &str) -> Task {
    Task {
        task_id: id.into(),
        issued_on: day(7, 1),
        due_on: day(7, 10),
        title: None,
        url: None,
        units: vec![],
        unit_types: vec![],
        platforms: vec![],
        exclude_units: vec![],
        source: None,
    }
}

/// U0 a department, U1 a township, U2 a subdistrict; accounts a0 (U0 WeChat), a1 (U1 WeChat),
/// a2 (U1 mini-program), a3 (U2 Weibo, opened 5 July), a4 (U2 WeChat, suspended).
fn dataset() -> Dataset {
    let mut late = account("a3", "U2", Platform::Weibo);
    late.opened_on = Some(day(7, 5));
    let mut suspended = account("a4", "U2", Platform::Wechat);
    suspended.status = AccountStatus::Suspended;
    Dataset {
        units: vec![
            unit("U0", UnitType::Department),
            unit("U1", UnitType::Township),
            unit("U2", UnitType::Subdistrict),
        ],
        accounts: vec![
            account("a0", "U0", Platform::Wechat),
            account("a1", "U1", Platform::Wechat),
            account("a2", "U1", Platform::Miniprogram),
            late,
            suspended,
        ],
        ..Dataset::default()
    }
}

const DEFAULT: [Platform; 2] = [Platform::Wechat, Platform::Weibo];

#[test]
fn a_task_binds_assessed_accounts_of_targeted_units_on_its_platforms_opened_by_issue() {
    let d = dataset();
    let b = Binding::new(&d, &DEFAULT, day(9, 30));
    // Both cells empty: every unit; not the mini-program (default platforms), not a3 (opened
    // after issue), not a4 (suspended).
    assert_eq!(b.bound(&task("T")), [0, 1]);
    let typed = Task {
        unit_types: vec![UnitType::Township, UnitType::Subdistrict],
        ..task("T")
    };
    assert_eq!(b.bound(&typed), [1]);
    let named_and_excluded = Task {
        units: vec![0, 1],
        exclude_units: vec![1],
        platforms: vec![Platform::Wechat, Platform::Miniprogram],
        ..task("T")
    };
    assert_eq!(b.bound(&named_and_excluded), [0]);
    let later = Task {
        issued_on: day(7, 6),
        ..task("T")
    };
    assert_eq!(b.bound(&later), [0, 1, 3]);
}

#[test]
fn the_first_completing_post_decides_done_late_or_missed() {
    let mut d = dataset();
    let mut posts = Posts::default();
    let at = |m, dd, h| day(m, dd).and_hms_opt(h, 0, 0).unwrap();
    for (id, account, when) in [
        ("p3", 0, at(7, 12, 9)),  // late, but …
        ("p2", 0, at(7, 10, 23)), // … this one is first: done on the due day
        ("p1", 1, at(6, 30, 9)),  // before issue: ignored
        ("p0", 1, at(7, 11, 9)),  // late
        ("p9", 1, at(7, 11, 9)),  // same time, larger id
    ] {
        posts.post_id.push(id);
        posts.account.push(account);
        posts.published_at.push(when);
    }
    d.posts = posts;
    d.tasks = Some(vec![
        task("T1"),
        Task {
            due_on: day(10, 9),
            ..task("T2")
        },
    ]);
    let hit = |post, by| TaskHit { post, task: 0, by };
    d.task_posts = TaskPosts {
        hits: vec![
            hit(0, MatchedBy::Title),
            hit(1, MatchedBy::TaskId),
            hit(2, MatchedBy::TaskId),
            hit(4, MatchedBy::Url),
            hit(3, MatchedBy::Url),
        ],
        unknown: vec![],
    };
    let window = Window {
        start: day(7, 1),
        as_of: day(9, 30),
    };
    let run = assess(&d, window, &DEFAULT).unwrap();
    assert_eq!(
        (run.counted.clone(), run.pending, run.earlier),
        (vec![0], 1, 0)
    );
    let got: Vec<(u32, TaskStatus, Option<u32>, Option<MatchedBy>)> = (run.pairs.iter())
        .map(|p| (p.account, p.status, p.post, p.by))
        .collect();
    assert_eq!(
        got,
        [
            (0, TaskStatus::Done, Some(1), Some(MatchedBy::TaskId)),
            (1, TaskStatus::Late, Some(3), Some(MatchedBy::Url)),
        ]
    );
    let per = run.per_account(d.accounts.len());
    assert_eq!(per[1].counts.late, 1);
    assert_eq!(per[1].unfinished, [0]);
    assert_eq!(run.total().rate(), Some(0.5));
}
