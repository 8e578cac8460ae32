//! Links (SPEC §16.6): where they are in a title or text, how one is parsed (scheme, authority,
//! userinfo, IPv6 literals, ports, labels) and what it is: a host name or an IP literal, public or
//! not. Nothing is fetched; a link is judged by its text.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The links of an original title or text: `(start, end)` in bytes.
pub(crate) fn find(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&bytes[from..], b"://").map(|i| i + from) {
        // The scheme before "://": http or https, any case, not preceded by a letter or digit.
        let start = [5usize, 4].into_iter().find_map(|n| {
            let s = at.checked_sub(n)?;
            let scheme = &bytes[s..at];
            let named =
                scheme.eq_ignore_ascii_case(b"https") || scheme.eq_ignore_ascii_case(b"http");
            let free = s == 0 || !bytes[s - 1].is_ascii_alphanumeric();
            (named && free).then_some(s)
        });
        let Some(start) = start else {
            from = at + 3;
            continue;
        };
        let mut end = start;
        while end < bytes.len() && in_link(bytes[end]) {
            end += 1;
        }
        while end > at + 3
            && matches!(
                bytes[end - 1],
                b'.' | b',' | b':' | b';' | b'!' | b'?' | b'\'' | b')'
            )
        {
            end -= 1;
        }
        if end > at + 3 {
            out.push((start, end));
        }
        from = end.max(at + 3);
    }
    out
}

/// A byte that may be part of a link in text: ASCII `!` to `~` except `"<>\^`{|}`.
fn in_link(b: u8) -> bool {
    (b'!'..=b'~').contains(&b)
        && !matches!(
            b,
            b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
        )
}

/// What a parsed link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Host {
    /// A host name (folded), of one label or more.
    Name(String),
    /// An IPv4 literal.
    V4(Ipv4Addr),
    /// An IPv6 literal.
    V6(Ipv6Addr),
}

/// Parses a folded link (SPEC §16.6 steps 1–8); `None` when it breaks a rule (S6).
pub(crate) fn parse(link: &str) -> Option<Host> {
    let rest = link
        .strip_prefix("http://")
        .or_else(|| link.strip_prefix("https://"))?;
    if link.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let hostport = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = if let Some(inner) = hostport.strip_prefix('[') {
        let (literal, after) = inner.split_once(']')?;
        let port = match after {
            "" => "",
            p => p.strip_prefix(':')?,
        };
        (Host::V6(ipv6(literal)?), port)
    } else {
        let (host, port) = hostport.split_once(':').unwrap_or((hostport, ""));
        (name(host)?, port)
    };
    port_ok(port).then_some(host)
}

/// A port: empty, or 1–5 ASCII digits of at most 65535.
fn port_ok(port: &str) -> bool {
    port.is_empty()
        || (port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| p <= 65_535))
}

/// A host of labels (steps 7 and 8): a name, or an IPv4 literal when the last label is digits.
fn name(host: &str) -> Option<Host> {
    let labels: Vec<&str> = host.split('.').collect();
    if !labels.iter().all(|l| label_ok(l)) {
        return None;
    }
    let last = labels.last()?;
    if last.bytes().all(|b| b.is_ascii_digit()) {
        return ipv4(&labels).map(Host::V4);
    }
    Some(Host::Name(host.to_string()))
}

/// A label: 1–63 scalars of a–z, 0–9, `-`, `_` or any scalar ≥ U+0080, not starting or ending
/// with `-`.
pub(crate) fn label_ok(label: &str) -> bool {
    let n = label.chars().count();
    (1..=63).contains(&n)
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c >= '\u{80}'
        })
}

/// Four labels, each 0–255 without a leading zero.
fn ipv4(labels: &[&str]) -> Option<Ipv4Addr> {
    if labels.len() != 4 {
        return None;
    }
    let mut octets = [0u8; 4];
    for (o, l) in octets.iter_mut().zip(labels) {
        if !l.bytes().all(|b| b.is_ascii_digit())
            || (l.len() > 1 && l.starts_with('0'))
            || l.len() > 3
        {
            return None;
        }
        *o = l.parse().ok()?;
    }
    Some(Ipv4Addr::from(octets))
}

/// An IPv6 literal in a text form of RFC 4291 §2.2 (no zone id), with a dotted IPv4 tail
/// written as step 8 says.
fn ipv6(literal: &str) -> Option<Ipv6Addr> {
    if literal.contains('%') || literal.matches("::").count() > 1 {
        return None;
    }
    if let Some((_, tail)) = literal.rsplit_once(':')
        && tail.contains('.')
    {
        let labels: Vec<&str> = tail.split('.').collect();
        ipv4(&labels)?;
    }
    let groups_ok = literal
        .split(':')
        .filter(|g| !g.is_empty() && !g.contains('.'))
        .all(|g| g.len() <= 4 && g.bytes().all(|b| b.is_ascii_hexdigit()));
    if !groups_ok {
        return None;
    }
    literal.parse().ok()
}

/// Not reachable by the public: private, loopback, link-local, shared, multicast and reserved
/// ranges (SPEC §16.6, S6).
pub(crate) fn non_public(host: &Host) -> bool {
    match host {
        Host::Name(_) => false,
        Host::V4(ip) => v4_non_public(*ip),
        Host::V6(ip) => {
            if let Some(v4) = ip.to_ipv4_mapped() {
                return v4_non_public(v4);
            }
            let s = ip.segments();
            ip.is_unspecified()
                || ip.is_loopback()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] & 0xff00) == 0xff00
        }
    }
}

fn v4_non_public(ip: Ipv4Addr) -> bool {
    let [a, b, _, _] = ip.octets();
    a == 0
        || a == 10
        || (a == 100 && (64..128).contains(&b))
        || a == 127
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || a >= 224
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn links_end_at_chinese_and_trailing_punctuation() {
        assert_eq!(
            links("详见https://a.gov.cn/x，谢谢"),
            ["https://a.gov.cn/x"]
        );
        assert_eq!(links("见 http://a.cn/p). 完"), ["http://a.cn/p"]);
        assert_eq!(
            links("https://a.cn/x,https://b.cn"),
            ["https://a.cn/x,https://b.cn"]
        );
        assert_eq!(links("xhttp://a.cn 与 HTTPS://B.CN"), ["HTTPS://B.CN"]);
        assert!(links("ｈｔｔｐ：／／a.cn 或 https:// 空").is_empty());
    }

    #[test]
    fn parsing_follows_the_eight_steps() {
        let name = |s: &str| Host::Name(s.to_string());
        assert_eq!(
            parse("https://www.gov.cn@casino.example/"),
            Some(name("casino.example"))
        );
        assert_eq!(parse("https://x.gov.cn:8080/a"), Some(name("x.gov.cn")));
        assert_eq!(parse("https://x.gov.cn:99999/"), None);
        assert_eq!(parse("http://999.1.1.1/"), None);
        assert_eq!(parse("http://01.1.1.1/"), None);
        assert_eq!(parse("htps://a.cn"), None);
        assert_eq!(parse("https://"), None);
        assert_eq!(parse("https://a b.cn"), None);
        assert_eq!(parse("https://-a.cn"), None);
        assert_eq!(
            parse("http://[::1]:80/"),
            Some(Host::V6(Ipv6Addr::LOCALHOST))
        );
        assert_eq!(parse("http://[fe80::1%eth0]/"), None);
        assert_eq!(parse("http://[1:2:3:4:5:6:7:8:9]/"), None);
        assert_eq!(
            parse("http://8.8.8.8/"),
            Some(Host::V4(Ipv4Addr::new(8, 8, 8, 8)))
        );
    }

    #[test]
    fn private_ranges_are_not_public() {
        for ip in [
            "10.1.2.3",
            "100.64.0.1",
            "127.0.0.1",
            "169.254.1.1",
            "172.31.0.1",
            "192.168.1.1",
            "224.0.0.1",
            "0.1.2.3",
        ] {
            assert!(non_public(&Host::V4(ip.parse().unwrap())), "{ip}");
        }
        for ip in ["8.8.8.8", "100.128.0.1", "172.32.0.1", "223.255.255.255"] {
            assert!(!non_public(&Host::V4(ip.parse().unwrap())), "{ip}");
        }
        for ip in [
            "::",
            "::1",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "ff02::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(non_public(&Host::V6(ip.parse().unwrap())), "{ip}");
        }
        for ip in ["2001:db8::1", "::ffff:8.8.8.8"] {
            assert!(!non_public(&Host::V6(ip.parse().unwrap())), "{ip}");
        }
    }
}
