-- Schema 12: the progress figures ("Avance", `report indicators`) kept up to date with the records they count, so
-- showing them reads a few hundred counters whatever the size of the programme (store/src/indicators/aggregates.rs).
--
-- A source is a person (their payments, training, first visit and referrals, placed in their municipality), a
-- session or a community initiative. `indicator_parts` holds each source's share of the figures; `indicator_counts`
-- the sums by figure, municipality and month. Both are written in the transaction that changes a record they count,
-- rebuilt with the projections, and compared with a fresh count by `verify`.
CREATE TABLE indicator_parts (
    source       TEXT NOT NULL,
    figure       TEXT NOT NULL,
    municipality TEXT NOT NULL,
    month        TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    PRIMARY KEY (source, figure, municipality, month)
) STRICT, WITHOUT ROWID;

CREATE TABLE indicator_counts (
    figure       TEXT NOT NULL,
    municipality TEXT NOT NULL,
    month        TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    PRIMARY KEY (figure, municipality, month)
) STRICT, WITHOUT ROWID;

-- A store from before this schema has records and no counters yet: they are counted once, at the next open.
INSERT OR REPLACE INTO meta (key, value) VALUES ('indicator_aggregates', 'pending');
