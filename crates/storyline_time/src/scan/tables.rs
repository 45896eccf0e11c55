//! Word tables of the recogniser: calendar units, month and weekday names, parts of the
//! day, seasons, written numbers and ordinals, and time-zone abbreviations.

use super::Unit;

pub(super) fn unit_of(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" => (Unit::Second, false),
        "seconds" => (Unit::Second, true),
        "minute" => (Unit::Minute, false),
        "minutes" => (Unit::Minute, true),
        "hour" => (Unit::Hour, false),
        "hours" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

pub(crate) fn month_of(w: &str) -> Option<(u32, bool)> {
    // (month, is_abbreviation)
    Some(match w {
        "january" => (1, false),
        "jan" => (1, true),
        "february" => (2, false),
        "feb" => (2, true),
        "march" => (3, false),
        "mar" => (3, true),
        "april" => (4, false),
        "apr" => (4, true),
        "may" => (5, false),
        "june" => (6, false),
        "jun" => (6, true),
        "july" => (7, false),
        "jul" => (7, true),
        "august" => (8, false),
        "aug" => (8, true),
        "september" => (9, false),
        "sept" | "sep" => (9, true),
        "october" => (10, false),
        "oct" => (10, true),
        "november" => (11, false),
        "nov" => (11, true),
        "december" => (12, false),
        "dec" => (12, true),
        _ => return None,
    })
}

pub(crate) fn weekday_of(w: &str) -> Option<u32> {
    Some(match w {
        "monday" | "mon" => 1,
        "tuesday" | "tues" | "tue" => 2,
        "wednesday" => 3,
        "thursday" | "thurs" | "thu" => 4,
        "friday" | "fri" => 5,
        "saturday" => 6,
        "sunday" => 7,
        _ => return None,
    })
}

pub(super) fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" => "NI",
        _ => return None,
    })
}

pub(super) fn season_of(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

pub(super) fn small_number(w: &str) -> Option<u64> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "dozen" => 12,
        _ => return None,
    })
}

pub(super) fn tens_number(w: &str) -> Option<u64> {
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

pub(super) fn ordinal_of(w: &str) -> Option<u32> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "twenty-first" => 21,
        _ => return None,
    })
}

pub(super) fn is_tz(w: &str) -> bool {
    matches!(
        w,
        "est"
            | "edt"
            | "et"
            | "gmt"
            | "utc"
            | "pst"
            | "pdt"
            | "cst"
            | "cdt"
            | "mst"
            | "mdt"
            | "bst"
            | "cet"
    )
}
