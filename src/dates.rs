//! Dates: the values that date rules find, and the inference of a year the
//! article leaves out ("27. Februar", "Chiều 10/2") from its publication date,
//! a dated path such as an image upload folder, or the dated events it reports.

use std::fmt;

/// A date as precise as the text makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateValue {
    Day {
        year: i32,
        month: u32,
        day: u32,
    },
    Month {
        year: i32,
        month: u32,
    },
    Year {
        year: i32,
    },
    /// Day and month without a year that could be inferred.
    MonthDay {
        month: u32,
        day: u32,
    },
}

impl DateValue {
    /// A checked value from the parts a rule found.
    pub fn from_parts(year: Option<i32>, month: u32, day: Option<u32>) -> Option<DateValue> {
        if !(1..=12).contains(&month) {
            return None;
        }
        if let Some(y) = year {
            if !(1000..=2999).contains(&y) {
                return None;
            }
        }
        match (year, day) {
            (Some(year), Some(day)) if day >= 1 && day <= days_in_month(year, month) => {
                Some(DateValue::Day { year, month, day })
            }
            (None, Some(day)) if day >= 1 && day <= days_in_month(2000, month) => {
                Some(DateValue::MonthDay { month, day })
            }
            (Some(year), None) => Some(DateValue::Month { year, month }),
            _ => None,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<DateValue> {
        let parts: Vec<&str> = text.split('-').collect();
        let num = |s: &str| s.parse::<i64>().ok();
        match parts.as_slice() {
            [y] => Some(DateValue::Year { year: num(y)? as i32 }),
            [y, m] => DateValue::from_parts(Some(num(y)? as i32), num(m)? as u32, None),
            [y, m, d] => DateValue::from_parts(Some(num(y)? as i32), num(m)? as u32, Some(num(d)? as u32)),
            _ => None,
        }
    }

    pub fn year(&self) -> Option<i32> {
        match *self {
            DateValue::Day { year, .. } | DateValue::Month { year, .. } | DateValue::Year { year } => Some(year),
            DateValue::MonthDay { .. } => None,
        }
    }

    /// The XSD datatype local name of the value.
    pub const fn xsd_type(&self) -> &'static str {
        match self {
            DateValue::Day { .. } => "date",
            DateValue::Month { .. } => "gYearMonth",
            DateValue::Year { .. } => "gYear",
            DateValue::MonthDay { .. } => "gMonthDay",
        }
    }

    /// Months since year 0 (for comparing dated references).
    fn month_index(&self) -> Option<i64> {
        match *self {
            DateValue::Day { year, month, .. } | DateValue::Month { year, month } => {
                Some(year as i64 * 12 + month as i64 - 1)
            }
            _ => None,
        }
    }

    /// Whether this value is more precise than `other`.
    pub fn precision(&self) -> u8 {
        match self {
            DateValue::Day { .. } => 3,
            DateValue::Month { .. } => 2,
            DateValue::Year { .. } => 1,
            DateValue::MonthDay { .. } => 0,
        }
    }
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DateValue::Day { year, month, day } => write!(f, "{year:04}-{month:02}-{day:02}"),
            DateValue::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            DateValue::Year { year } => write!(f, "{year:04}"),
            DateValue::MonthDay { month, day } => write!(f, "--{month:02}-{day:02}"),
        }
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// The ISO weekday of a day: 1 Monday … 7 Sunday.
pub fn weekday(year: i32, month: u32, day: u32) -> u32 {
    // 1970-01-01 was a Thursday.
    ((days_from_civil(year, month, day) + 3).rem_euclid(7) + 1) as u32
}

/// The day named by a weekday ("on Thursday") in an article published on
/// `published`: the latest such day on or before it, or with `ahead` (a
/// sentence about the future) the first one after it. `None` unless the
/// publication day is known to the day.
pub fn day_of_weekday(published: DateValue, iso_weekday: u32, ahead: bool) -> Option<DateValue> {
    let DateValue::Day { year, month, day } = published else { return None };
    if !(1..=7).contains(&iso_weekday) {
        return None;
    }
    let base = days_from_civil(year, month, day);
    let today = i64::from(weekday(year, month, day));
    let target = i64::from(iso_weekday);
    let offset = if ahead { (target - today - 1).rem_euclid(7) + 1 } else { -(today - target).rem_euclid(7) };
    let (year, month, day) = civil_from_days(base + offset);
    Some(DateValue::Day { year, month, day })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// How the year of a date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateBasis {
    /// Written next to the date.
    Stated,
    /// From the article's publication date.
    Publication,
    /// From a dated path (an upload folder `202502`) in the article.
    Reference,
    /// After the latest dated past event and before the dated future ones.
    DatedReferences,
    /// "The same day" as another dated meeting.
    SameDay,
}

impl DateBasis {
    pub const fn as_str(self) -> &'static str {
        match self {
            DateBasis::Stated => "stated",
            DateBasis::Publication => "publication-date",
            DateBasis::Reference => "reference-date",
            DateBasis::DatedReferences => "dated-references",
            DateBasis::SameDay => "same-day",
        }
    }

    pub const fn is_inferred(self) -> bool {
        !matches!(self, DateBasis::Stated)
    }
}

/// What an article says about time, for inferring missing years.
#[derive(Debug, Clone, Default)]
pub struct DateContext {
    pub published: Option<DateValue>,
    /// Year and month of a dated path (`upload/image/202502/`).
    pub reference: Option<DateValue>,
    /// Dated references in sentences about the past.
    pub past: Vec<DateValue>,
    /// Dated references in sentences about the future.
    pub future: Vec<DateValue>,
}

impl DateContext {
    /// Gives a day and month without year the year the article implies.
    pub fn complete(&self, value: DateValue) -> (DateValue, DateBasis) {
        let DateValue::MonthDay { month, day } = value else {
            return (value, DateBasis::Stated);
        };
        let at = |year: i32| DateValue::from_parts(Some(year), month, Some(day));
        // The latest occurrence not after the anchor's month (news reports what happened).
        let before_anchor = |anchor: &DateValue| {
            let year = anchor.year()?;
            let anchor_month = match *anchor {
                DateValue::Day { month, .. } | DateValue::Month { month, .. } => month,
                _ => 12,
            };
            let year = if month > anchor_month { year - 1 } else { year };
            at(year)
        };
        if let Some(d) = self.published.as_ref().and_then(before_anchor) {
            return (d, DateBasis::Publication);
        }
        if let Some(d) = self.reference.as_ref().and_then(before_anchor) {
            return (d, DateBasis::Reference);
        }
        // The first occurrence after the latest past reference.
        if let Some(latest) = self.past.iter().filter_map(DateValue::month_index).max() {
            let (year, ref_month) = ((latest / 12) as i32, (latest % 12) as u32 + 1);
            let year = if month > ref_month { year } else { year + 1 };
            if let Some(d) = at(year) {
                let ahead = self.future.iter().filter_map(DateValue::month_index).min();
                if ahead.is_none_or(|a| d.month_index().is_some_and(|m| m <= a)) {
                    return (d, DateBasis::DatedReferences);
                }
            }
        }
        (value, DateBasis::Stated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_and_the_days_they_name() {
        assert_eq!(weekday(1970, 1, 1), 4);
        assert_eq!(weekday(2025, 6, 12), 4, "a Thursday");
        assert_eq!(weekday(2024, 2, 29), 4);
        assert_eq!(weekday(2000, 1, 1), 6);
        for days in [-800_000, -1, 0, 59, 11_016, 20_000, 400_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        let published = DateValue::Day { year: 2025, month: 6, day: 12 };
        let day = |d| Some(DateValue::Day { year: 2025, month: 6, day: d });
        assert_eq!(day_of_weekday(published, 4, false), day(12), "on Thursday, said on a Thursday");
        assert_eq!(day_of_weekday(published, 1, false), day(9));
        assert_eq!(day_of_weekday(published, 5, false), day(6));
        assert_eq!(day_of_weekday(published, 5, true), day(13));
        assert_eq!(day_of_weekday(published, 4, true), day(19));
        let new_year = DateValue::Day { year: 2026, month: 1, day: 1 };
        assert_eq!(day_of_weekday(new_year, 1, false), Some(DateValue::Day { year: 2025, month: 12, day: 29 }));
        assert_eq!(day_of_weekday(DateValue::Month { year: 2025, month: 6 }, 4, false), None);
    }

    fn md(month: u32, day: u32) -> DateValue {
        DateValue::MonthDay { month, day }
    }

    #[test]
    fn year_from_publication_date() {
        let ctx = DateContext { published: DateValue::parse("2025-12-04"), ..Default::default() };
        assert_eq!(ctx.complete(md(12, 4)).0.to_string(), "2025-12-04");
        assert_eq!(ctx.complete(md(12, 30)).0.to_string(), "2025-12-30");
        let ctx = DateContext { published: DateValue::parse("2025-01-04"), ..Default::default() };
        assert_eq!(ctx.complete(md(12, 30)).0.to_string(), "2024-12-30");
    }

    #[test]
    fn year_from_upload_folder() {
        let ctx = DateContext { reference: DateValue::parse("2025-02"), ..Default::default() };
        let (d, basis) = ctx.complete(md(2, 10));
        assert_eq!((d.to_string(), basis), ("2025-02-10".to_string(), DateBasis::Reference));
    }

    #[test]
    fn year_between_past_and_future_references() {
        let ctx = DateContext {
            past: vec![
                DateValue::parse("2023-11").unwrap(),
                DateValue::parse("2024-01").unwrap(),
                DateValue::parse("2018-04").unwrap(),
            ],
            future: vec![DateValue::parse("2024-12").unwrap()],
            ..Default::default()
        };
        assert_eq!(ctx.complete(md(2, 27)).0.to_string(), "2024-02-27");
    }

    #[test]
    fn no_year_without_evidence() {
        let (d, _) = DateContext::default().complete(md(2, 27));
        assert_eq!(d.to_string(), "--02-27");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(DateValue::from_parts(Some(2023), 2, Some(29)).is_none());
        assert!(DateValue::from_parts(Some(2024), 2, Some(29)).is_some());
        assert!(DateValue::from_parts(Some(2024), 13, None).is_none());
    }
}
