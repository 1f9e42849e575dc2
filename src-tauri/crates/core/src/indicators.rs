//! Progress against the programme's targets: what counts, as pure functions over facts the store reads.
//! A relative is **trained** once the parent-training sessions they attended (present) covered at least a share of
//! the curriculum's modules; the share is a parameter (75 % unless the supervisor says otherwise).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::records::MODULES;

pub const TARGET_VOUCHERS: u64 = 300;
pub const TARGET_RELATIVES_TRAINED: u64 = 600;
pub const TARGET_RELATIVES_VISITED: u64 = 300;
pub const DEFAULT_TRAINED_SHARE: u32 = 75;

/// One figure against its target (a target of 0: no target, a count only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub value: u64,
    pub target: u64,
}

/// The programme's figures, for the whole programme or one municipality or one month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicators {
    /// Participants who received at least one voucher payment.
    pub participants_paid: Figure,
    pub payments: u64,
    pub paid_usd: u64,
    /// Relatives whose attended training covered the required share of the curriculum.
    pub relatives_trained: Figure,
    /// Relatives met in at least one home visit.
    pub relatives_visited: Figure,
    /// Sessions held, by kind.
    pub sessions: BTreeMap<String, u64>,
    /// Referrals, by current status.
    pub referrals: BTreeMap<String, u64>,
    pub initiatives: u64,
    /// People who took part in initiatives: those named, or the headcount when it is larger.
    pub initiative_participants: u64,
}

/// Whether the modules a relative attended make them trained.
pub fn is_trained(modules: &BTreeSet<String>, share_percent: u32) -> bool {
    let covered = modules.iter().filter(|m| MODULES.contains(&m.as_str())).count() as u64;
    // covered / total >= share / 100, in integers.
    covered * 100 >= u64::from(share_percent) * MODULES.len() as u64 && covered > 0
}

impl Indicators {
    pub fn with_targets() -> Indicators {
        Indicators {
            participants_paid: Figure { value: 0, target: TARGET_VOUCHERS },
            relatives_trained: Figure { value: 0, target: TARGET_RELATIVES_TRAINED },
            relatives_visited: Figure { value: 0, target: TARGET_RELATIVES_VISITED },
            ..Indicators::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trained_cases() {
        let set = |n: usize| -> BTreeSet<String> { MODULES.iter().take(n).map(|m| m.to_string()).collect() };
        let cases = [
            ("nothing attended", set(0), 75, false),
            ("7 of 10 modules, 75 % asked", set(7), 75, false),
            ("8 of 10 modules, 75 % asked", set(8), 75, true),
            ("all modules", set(10), 75, true),
            ("5 of 10, 50 % asked", set(5), 50, true),
            ("unknown module names do not count", ["x".to_string(), "y".into()].into(), 10, false),
        ];
        for (name, modules, share, want) in cases {
            assert_eq!(is_trained(&modules, share), want, "{name}");
        }
    }
}
