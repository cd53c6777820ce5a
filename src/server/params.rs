//! Query-string parsing for the search API: repeatable parameters (`year=2023&year=2024`
//! or `year=2023,2024`) and validation whose errors name the parameter.

use super::error::ApiError;
use crate::search::facets::ALL_FACETS;
use crate::search::parse::check_limits;
use crate::search::request::MAX_LIMIT;
use crate::search::{SearchRequest, Sort};

/// Largest `limit` with `format=csv`.
pub const MAX_CSV_LIMIT: usize = 10_000;
/// Largest `offset`: deep paging is what exports are for.
pub const MAX_OFFSET: usize = 100_000;
/// Most values of one filter parameter (`year`, `topic`, …): each is a term query.
pub const MAX_FILTER_VALUES: usize = 100;

/// Output format of a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

/// The decoded `key=value` pairs of a query string.
pub fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

fn values<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

/// The last value given for `key`, as sent (a repeated key's last value wins).
pub fn last<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn single<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    last(pairs, key).map(str::trim)
}

/// Parses an integer parameter within bounds.
pub fn int_param<T>(
    pairs: &[(String, String)],
    key: &str,
    min: T,
    max: T,
) -> Result<Option<T>, ApiError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    match single(pairs, key) {
        None | Some("") => Ok(None),
        Some(v) => match v.parse::<T>() {
            Ok(n) if n >= min && n <= max => Ok(Some(n)),
            _ => Err(ApiError::bad_request(format!(
                "parameter `{key}` must be an integer from {min} to {max}, not {v:?}"
            ))),
        },
    }
}

fn year(key: &str, v: &str) -> Result<i32, ApiError> {
    match v.parse::<i32>() {
        Ok(y) if (1900..=2100).contains(&y) => Ok(y),
        _ => Err(ApiError::bad_request(format!(
            "parameter `{key}` must be a year from 1900 to 2100, not {v:?}"
        ))),
    }
}

/// Which facets a search counts, from `facets`: absent or `all` for every facet,
/// `none` for none (a caller that only wants hits skips a pass over every match),
/// or a list of facet names (`year,topic`).
fn facet_choice(given: &[&str]) -> Result<(bool, Vec<String>), ApiError> {
    match given {
        [] | ["all"] => Ok((true, Vec::new())),
        ["none"] => Ok((false, Vec::new())),
        names => {
            for n in names {
                if !ALL_FACETS.contains(n) {
                    return Err(ApiError::bad_request(format!(
                        "parameter `facets` must be all, none or facet names among {}, not {n:?}",
                        ALL_FACETS.join(", ")
                    )));
                }
            }
            Ok((true, names.iter().map(|n| n.to_string()).collect()))
        }
    }
}

/// Builds a search request from the query string.
pub fn search_request(raw: Option<&str>) -> Result<(SearchRequest, Format), ApiError> {
    let p = pairs(raw);
    let format = match single(&p, "format") {
        None | Some("") | Some("json") => Format::Json,
        Some("csv") => Format::Csv,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "parameter `format` must be json or csv, not {other:?}"
            )));
        }
    };
    let max_limit = if format == Format::Csv {
        MAX_CSV_LIMIT
    } else {
        MAX_LIMIT
    };
    let sort = match single(&p, "sort") {
        None => Sort::Relevance,
        Some(s) => s
            .parse::<Sort>()
            .map_err(|e| ApiError::bad_request(format!("parameter `sort`: {e}")))?,
    };
    let owned = |key: &str| {
        values(&p, key)
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    for key in [
        "year", "topic", "unit", "cites", "province", "level", "issuer",
    ] {
        let n = values(&p, key).len();
        if n > MAX_FILTER_VALUES {
            return Err(ApiError::bad_request(format!(
                "parameter `{key}` has {n} values; the limit is {MAX_FILTER_VALUES}"
            )));
        }
    }
    let (facets, facet_names) = facet_choice(&values(&p, "facets"))?;
    let q = single(&p, "q").unwrap_or_default().to_string();
    check_limits(&q).map_err(|e| ApiError::bad_request(format!("parameter `q` {e}")))?;
    let req = SearchRequest {
        q,
        years: values(&p, "year")
            .into_iter()
            .map(|v| year("year", v))
            .collect::<Result<_, _>>()?,
        year_from: single(&p, "year_from")
            .filter(|v| !v.is_empty())
            .map(|v| year("year_from", v))
            .transpose()?,
        year_to: single(&p, "year_to")
            .filter(|v| !v.is_empty())
            .map(|v| year("year_to", v))
            .transpose()?,
        topics: owned("topic"),
        units: p
            .iter()
            .filter(|(k, _)| k == "unit")
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect(),
        cites: owned("cites"),
        provinces: owned("province"),
        levels: owned("level"),
        issuers: p
            .iter()
            .filter(|(k, _)| k == "issuer")
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect(),
        limit: int_param(&p, "limit", 0, max_limit)?.unwrap_or(10),
        offset: int_param(&p, "offset", 0, MAX_OFFSET)?.unwrap_or(0),
        sort,
        facets: facets && format == Format::Json,
        facet_names,
        literal: match single(&p, "literal") {
            None | Some("" | "0" | "false") => false,
            Some("1" | "true") => true,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "parameter `literal` must be true or false, not {other:?}"
                )));
            }
        },
        boost_topics: Vec::new(),
        boost_units: Vec::new(),
    };
    Ok((req, format))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        let (r, f) = search_request(Some(
            "q=c%E1%BA%A3i+c%C3%A1ch&year=2023&year=2024,2025&limit=5&sort=date_desc",
        ))
        .unwrap();
        assert_eq!(r.q, "cải cách");
        assert_eq!(r.years, [2023, 2024, 2025]);
        assert_eq!(r.limit, 5);
        assert_eq!(r.sort, Sort::DateDesc);
        assert_eq!(f, Format::Json);
        let (r, _) = search_request(Some("q=x&facets=none")).unwrap();
        assert!(!r.facets);
        let (r, _) = search_request(Some("q=x&facets=year,topic&facets=unit")).unwrap();
        assert!(r.facets);
        assert_eq!(r.facet_names, ["year", "topic", "unit"]);
        let (r, _) = search_request(Some("q=x&facets=all")).unwrap();
        assert!(r.facets && r.facet_names.is_empty());
        let bad = [
            ("facets=colour", "facets"),
            ("facets=none,year", "facets"),
            ("limit=1000", "limit"),
            ("limit=abc", "limit"),
            ("limit=-1", "limit"),
            ("year=20x", "year"),
            ("year_from=99999", "year_from"),
            ("sort=best", "sort"),
            ("format=xml", "format"),
            ("offset=999999999", "offset"),
            ("literal=yes", "literal"),
            ("offset=-1", "offset"),
        ];
        for (q, name) in bad {
            let e = search_request(Some(q)).unwrap_err();
            assert_eq!(e.status, 400);
            assert!(e.message.contains(name), "{q}: {}", e.message);
        }
        let (r, f) = search_request(Some("format=csv&limit=5000")).unwrap();
        assert_eq!((r.limit, f), (5000, Format::Csv));
    }

    #[test]
    fn refuses_oversized_queries_and_filters() {
        let long = format!("q={}", "a".repeat(1001));
        let e = search_request(Some(&long)).unwrap_err();
        assert!(
            e.message.contains("`q`") && e.message.contains("1001"),
            "{}",
            e.message
        );
        let many = format!("q={}", "ab+".repeat(101));
        let e = search_request(Some(&many)).unwrap_err();
        assert!(
            e.message.contains("`q`") && e.message.contains("101 words"),
            "{}",
            e.message
        );
        let years = format!("year={}", vec!["2024"; 101].join(","));
        let e = search_request(Some(&years)).unwrap_err();
        assert!(
            e.message.contains("`year`") && e.message.contains("101"),
            "{}",
            e.message
        );
        let topics = "topic=x&".repeat(101);
        let e = search_request(Some(&topics)).unwrap_err();
        assert!(e.message.contains("`topic`"), "{}", e.message);
        assert!(search_request(Some(&format!("q={}", "a+".repeat(100)))).is_ok());
    }
}
