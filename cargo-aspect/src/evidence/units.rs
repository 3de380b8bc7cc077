//! Durations (`ns us µs ms s m h`) and sizes (`B KiB MiB GiB`) as aspects write them.
//!
//! Budgets are read by people, so they are written with units; a value with a
//! missing or unknown unit is an error naming the value, never a guess.

use std::time::Duration;

/// Parse `5us`, `1.5 ms`, `30s`, `250ns`; `5 parsecs` is an error.
///
/// # Errors
/// A message naming the value when the number or the unit is not understood.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let (number, unit) = split(text)?;
    let scale = match unit {
        "ns" => 1e-9,
        "us" | "µs" | "μs" => 1e-6,
        "ms" => 1e-3,
        "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        "" => {
            return Err(format!(
            "`{text}` has no unit; write it as e.g. `5us`, `20ms` or `30s` (units: ns, us, ms, s, m, h)"
        ))
        }
        other => {
            return Err(format!(
                "`{text}`: unknown duration unit `{other}` (units: ns, us, ms, s, m, h)"
            ))
        }
    };
    Duration::try_from_secs_f64(number * scale).map_err(|_| format!("`{text}` is not a duration"))
}

/// Parse `64MiB`, `512 KiB`, `1GiB`, `100B`; `64MB` is an error (say `MiB`).
///
/// # Errors
/// A message naming the value when the number or the unit is not understood.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let (number, unit) = split(text)?;
    let scale: f64 = match unit {
        "B" => 1.0,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        "" => {
            return Err(format!(
                "`{text}` has no unit; write it as e.g. `64MiB` (units: B, KiB, MiB, GiB)"
            ))
        }
        other => {
            return Err(format!(
                "`{text}`: unknown size unit `{other}` (units: B, KiB, MiB, GiB)"
            ))
        }
    };
    let bytes = number * scale;
    if !(0.0..=u64::MAX as f64).contains(&bytes) {
        return Err(format!("`{text}` is not a size"));
    }
    Ok(bytes.round() as u64)
}

/// A duration as people read it: `812 ns`, `4.21 µs`, `13.0 ms`, `2.50 s`.
pub fn format_duration(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

/// A size as people read it: `512 B`, `3.2 KiB`, `64.0 MiB`.
pub fn format_size(bytes: u64) -> String {
    let b = bytes as f64;
    if b < 1024.0 {
        format!("{bytes} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    } else {
        format!("{:.2} GiB", b / (1024.0 * 1024.0 * 1024.0))
    }
}

fn split(text: &str) -> Result<(f64, &str), String> {
    let trimmed = text.trim();
    let end = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(end);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` does not start with a number"))?;
    Ok((number, unit.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ns"), Ok(Duration::from_nanos(250)));
        assert_eq!(parse_duration("20 ms"), Ok(Duration::from_millis(20)));
        assert_eq!(parse_duration("2µs"), Ok(Duration::from_micros(2)));
        assert_eq!(parse_duration("20m"), Ok(Duration::from_secs(1200)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("1.5 s"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("5 parsecs").is_err());
        assert!(parse_duration("5").unwrap_err().contains("no unit"));
        assert!(parse_duration("5mins")
            .unwrap_err()
            .contains("unknown duration unit `mins`"));
        assert!(parse_duration("fast")
            .unwrap_err()
            .contains("does not start with a number"));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100B"), Ok(100));
        assert_eq!(parse_size("1.5 KiB"), Ok(1536));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert!(parse_size("64MB")
            .unwrap_err()
            .contains("unknown size unit `MB`"));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_duration(Duration::from_nanos(812)), "812 ns");
        assert_eq!(format_duration(Duration::from_nanos(4_210)), "4.21 µs");
        assert_eq!(format_size(64 << 20), "64.0 MiB");
        assert_eq!(format_size(12), "12 B");
    }
}
