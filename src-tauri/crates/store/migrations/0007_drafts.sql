-- Schema 7: drafts of forms with unsaved input, kept in the encrypted store (never in the webview's storage) so that
-- what a person typed survives a crash. Local to this device: not records, never in the change log or a bundle.
CREATE TABLE drafts (
    key       TEXT PRIMARY KEY,
    data      TEXT NOT NULL,
    saved_ms  INTEGER NOT NULL
) STRICT;
