//! The scan rules on single cells, each with planted errors and the near misses beside them.

use super::*;
use crate::vocab::ScanRule::*;

const ALL: [ScanRule; 9] = [S1, S2, S3, S4, S5, S6, S7, S8, S9];

fn office(csv: &str) -> Terms {
    Terms {
        entries: terms::entries(csv, "terms.csv").unwrap(),
        file: None,
    }
}

fn scan(s: &Scanner, field: ScanField, text: &str) -> Vec<(ScanRule, u32, u32, String)> {
    let mut out = Vec::new();
    s.scan(field, text, &mut out);
    out.into_iter()
        .map(|f| (f.rule, f.start, f.length, f.matched))
        .collect()
}

fn builtin() -> Scanner {
    Scanner::new(&Terms::default(), &ALL, 10)
}

#[test]
fn s2_finds_builtin_typos_leftmost_longest_with_exceptions() {
    let s = builtin();
    assert_eq!(
        scan(&s, ScanField::Title, "请按装空调"),
        [(S2, 2, 2, "按装".into())]
    );
    assert!(scan(&s, ScanField::Title, "按装修面积计算").is_empty());
    // Positions count original scalars; a zero-width character inside counts in the length.
    assert_eq!(
        scan(&s, ScanField::Text, "ＡＢ再接\u{200B}再励"),
        [(S2, 3, 5, "再接\u{200B}再励".into())]
    );
    assert_eq!(
        scan(&s, ScanField::Title, "登陆ＡＰＰ查询"),
        [(S2, 1, 5, "登陆ＡＰＰ".into())]
    );
    // The url cell is not matched against terms.
    assert!(scan(&s, ScanField::Url, "按装").iter().all(|h| h.0 != S2));
}

#[test]
fn s1_uses_the_office_list_and_replaces_builtin_entries() {
    let terms = office(
        "term,kind,category,suggestion\n按装,term,serious_misstatement,安装\n截止目前,except,,\n某某公司,term,commercial_ad,\n",
    );
    let s = Scanner::new(&terms, &ALL, 10);
    let mut out = Vec::new();
    s.scan(ScanField::Title, "按装截止目前某某公司", &mut out);
    let got: Vec<_> = out.iter().map(|f| (f.rule, f.start, f.category)).collect();
    assert_eq!(
        got,
        [
            (S1, 1, ViolationCategory::SeriousMisstatement),
            (S1, 7, ViolationCategory::CommercialAd)
        ]
    );
    assert_eq!(out[0].suggestion, "安装");
    assert_eq!(out[0].context, "【按装】截止目前某某公司");
}

#[test]
fn s3_s4_s5_on_titles() {
    let s = builtin();
    assert_eq!(
        scan(&s, ScanField::Title, "定于2月30日召开"),
        [(S3, 3, 5, "2月30日".into())]
    );
    assert_eq!(
        scan(&s, ScanField::Title, "学习《条例"),
        [(S4, 3, 1, "《".into())]
    );
    assert_eq!(
        scan(&s, ScanField::Title, "做好工作工作"),
        [(S5, 3, 4, "工作工作".into())]
    );
    for fine in [
        "2024年2月29日发布",
        "学习《条例》",
        "标题《被截断...",
        "干干净净",
        "一个一个",
        "13个月",
    ] {
        assert!(scan(&s, ScanField::Title, fine).is_empty(), "{fine}");
    }
}

#[test]
fn links_are_judged_by_the_first_rule_that_applies() {
    let terms = office("term,kind,category\ncasino.example,host,illegal_link\n");
    let s = Scanner::new(&terms, &ALL, 10);
    let rule = |text: &str| scan(&s, ScanField::Text, text).first().map(|h| h.0);
    assert_eq!(rule("见 http://oa/x"), Some(S6));
    assert_eq!(rule("见 http://192.168.1.1/x"), Some(S6));
    assert_eq!(rule("见 https://x.gov.cn:99999/"), Some(S6));
    assert_eq!(rule("见https://m.casino.example/a，"), Some(S7));
    assert_eq!(rule("见 https://www.gov.cn@casino.example/"), Some(S7));
    assert_eq!(rule("见 http://8.8.8.8/"), Some(S8));
    // Not trusted mode: an unlisted host gives nothing; notcasino.example is not covered.
    assert_eq!(rule("见 https://notcasino.example/"), None);
    assert_eq!(rule("见 https://www.gov.cn/x"), None);
    let url = scan(&s, ScanField::Url, "www.x.gov.cn/a");
    assert_eq!(url, [(S6, 1, 14, "www.x.gov.cn/a".into())]);
}

#[test]
fn trusted_mode_flags_hosts_outside_every_trusted_entry() {
    let terms = office("term,kind\nzhoushan.gov.cn,trusted\n");
    let s = Scanner::new(&terms, &ALL, 10);
    let rule = |text: &str| scan(&s, ScanField::Url, text).first().map(|h| h.0);
    assert_eq!(rule("https://shop.example.com/x"), Some(S9));
    assert_eq!(rule("https://www.zhoushan.gov.cn/x"), None);
    // The built-in trusted hosts apply in trusted mode.
    assert_eq!(rule("https://mp.weixin.qq.com/s/abc"), None);
    assert!(terms.trusted_mode());
}

#[test]
fn a_rule_not_applied_gives_nothing_and_does_not_fall_through() {
    let s = Scanner::new(&Terms::default(), &[S8, S2], 10);
    // A broken link is S6's, which is off: nothing, not S8.
    assert!(scan(&s, ScanField::Url, "http://10.0.0.1/").is_empty());
    assert_eq!(scan(&s, ScanField::Url, "http://8.8.8.8/")[0].0, S8);
    assert!(!Scanner::new(&Terms::default(), &[], 10).any());
}

#[test]
fn hostile_cells_give_candidates_or_nothing() {
    let s = builtin();
    let long_link = format!("https://a.cn/{}", "x".repeat(10_000));
    assert!(scan(&s, ScanField::Url, &long_link).is_empty());
    let body = "按装 ".repeat(300_000);
    assert_eq!(scan(&s, ScanField::Text, &body).len(), 300_000);
    assert!(scan(&s, ScanField::Title, "\u{200B}\u{200B}\u{FEFF}").is_empty());
    // Context: control characters and line breaks written as spaces.
    let mut out = Vec::new();
    s.scan(ScanField::Text, "第一行\n按装\t空调", &mut out);
    assert_eq!(out[0].context, "第一行 【按装】 空调");
}
