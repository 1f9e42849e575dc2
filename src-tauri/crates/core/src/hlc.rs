//! Hybrid logical clock: wall-clock milliseconds in the high bits, a counter in the low 16, so that every change a
//! store writes sorts after every change it has seen, even when the laptop's clock goes backwards.

pub const COUNTER_BITS: u32 = 16;
const COUNTER_MASK: i64 = (1 << COUNTER_BITS) - 1;

/// A packed HLC value; ordering the integers orders the clocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc(pub i64);

impl Hlc {
    pub fn new(wall_ms: i64, counter: i64) -> Self {
        Hlc((wall_ms << COUNTER_BITS) | (counter & COUNTER_MASK))
    }
    pub fn wall_ms(self) -> i64 {
        self.0 >> COUNTER_BITS
    }
    pub fn counter(self) -> i64 {
        self.0 & COUNTER_MASK
    }

    /// The clock for a new local event after `self`, given the wall clock now.
    pub fn tick(self, wall_ms: i64) -> Hlc {
        if wall_ms > self.wall_ms() { Hlc::new(wall_ms, 0) } else { self.bump() }
    }

    /// The clock after seeing `remote` (on import), given the wall clock now.
    pub fn observe(self, remote: Hlc, wall_ms: i64) -> Hlc {
        let top = self.max(remote);
        if wall_ms > top.wall_ms() { Hlc::new(wall_ms, 0) } else { top.bump() }
    }

    fn bump(self) -> Hlc {
        if self.counter() == COUNTER_MASK {
            // Counter exhausted within one millisecond: borrow the next millisecond.
            Hlc::new(self.wall_ms() + 1, 0)
        } else {
            Hlc(self.0 + 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_cases() {
        let cases = [
            ("wall ahead", Hlc::new(100, 5), 200, Hlc::new(200, 0)),
            ("same millisecond", Hlc::new(100, 5), 100, Hlc::new(100, 6)),
            ("clock went back", Hlc::new(100, 5), 50, Hlc::new(100, 6)),
            ("counter full", Hlc::new(100, COUNTER_MASK), 100, Hlc::new(101, 0)),
        ];
        for (name, last, wall, want) in cases {
            let got = last.tick(wall);
            assert_eq!(got, want, "{name}");
            assert!(got > last, "{name}: monotonic");
        }
    }

    #[test]
    fn observe_moves_past_remote() {
        let local = Hlc::new(100, 0);
        let remote = Hlc::new(500, 3);
        assert_eq!(local.observe(remote, 200), Hlc::new(500, 4));
        assert_eq!(local.observe(remote, 900), Hlc::new(900, 0));
    }
}
