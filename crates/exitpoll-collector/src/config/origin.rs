//! A site's `origins`: how an entry of the collector config is read, and how
//! a request's `Origin` header is matched against it.
//!
//! An entry is stored in the form browsers send (the serialisation of RFC
//! 6454): scheme and host in lowercase, no default port, no trailing slash.
//! Whatever else a URL can carry (a path, a query, a fragment, a user name)
//! never appears in an `Origin` header, so an entry with one could match no
//! request; it is refused when the config is read instead of refusing every
//! answer later with `origin_not_allowed`.

/// Reads one entry: `*`, `null`, `scheme://host[:port]`, or
/// `scheme://*.host[:port]` for every subdomain of `host`. The error says
/// what is wrong with `entry`, which it quotes.
pub fn normalize(entry: &str) -> Result<String, String> {
    if entry == "*" || entry == "null" {
        return Ok(entry.to_owned());
    }
    let not_an_origin =
        || format!("\"{entry}\" is not an origin such as https://shop.example (or \"*\", or \"null\")");
    let (scheme, rest) = entry.split_once("://").ok_or_else(not_an_origin)?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => return Err(not_an_origin()),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let (path, after) = tail.split_at(path_end);
    let shape = "an origin is scheme://host or scheme://host:port, such as https://shop.example";
    if !(path.is_empty() || path == "/") {
        return Err(format!("\"{entry}\" has a path (\"{path}\"): {shape}"));
    }
    if after.starts_with('?') {
        let query = after.split('#').next().unwrap_or(after);
        return Err(format!("\"{entry}\" has a query (\"{query}\"): {shape}"));
    }
    if after.starts_with('#') {
        return Err(format!("\"{entry}\" has a fragment (\"{after}\"): {shape}"));
    }
    if let Some(at) = authority.rfind('@') {
        let user = &authority[..=at];
        return Err(format!("\"{entry}\" has a user name (\"{user}\"): {shape}"));
    }
    let (host, port) = split_port(authority);
    let port = match port {
        None | Some("") => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => return Err(format!("\"{entry}\": port \"{p}\" is not a port number (1 to 65535)")),
        },
    };
    let host = host.to_ascii_lowercase();
    let (wildcard, name) = match host.strip_prefix("*.") {
        Some(name) => ("*.", name),
        None => ("", host.as_str()),
    };
    if name.is_empty() {
        return Err(format!("\"{entry}\" has no host: {shape}"));
    }
    if name.contains('*') {
        return Err(format!(
            "\"{entry}\": a wildcard is only allowed as the leftmost label, as in https://*.shop.example"
        ));
    }
    if !name.is_ascii() {
        return Err(format!(
            "\"{entry}\": write the host in ASCII (punycode, xn--...), as browsers send it in Origin"
        ));
    }
    let bracketed = name.starts_with('[') && name.ends_with(']');
    let labels_ok = name
        .split('.')
        .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    if !(bracketed || labels_ok) || (bracketed && !wildcard.is_empty()) {
        return Err(format!("\"{entry}\": \"{name}\" is not a host name: {shape}"));
    }
    let port = match port {
        Some(p) if p != default_port => format!(":{p}"),
        _ => String::new(),
    };
    Ok(format!("{scheme}://{wildcard}{name}{port}"))
}

/// `host:port` into the host and the port, if any; an IPv6 host keeps its brackets.
fn split_port(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(close) => {
                let (host, rest) = authority.split_at(close + 1);
                (host, rest.strip_prefix(':').or(if rest.is_empty() { None } else { Some(rest) }))
            }
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

/// Whether the request's `origin` (as normalized by [`normalize`]) is the
/// stored entry `allowed`, or one of its subdomains when `allowed` is a
/// wildcard. Neither `*` nor `null` is handled here.
pub fn matches(allowed: &str, origin: &str) -> bool {
    if allowed == origin {
        return true;
    }
    let Some((scheme, suffix)) = allowed.split_once("://*.") else { return false };
    origin
        .strip_prefix(scheme)
        .and_then(|rest| rest.strip_prefix("://"))
        .and_then(|host| host.strip_suffix(suffix))
        .and_then(|sub| sub.strip_suffix('.'))
        .is_some_and(|sub| !sub.is_empty() && !sub.contains(['*', ':', '/', '@']))
}
