-- Schema 6: what we last sent each device (the top of our log, and how much of its log we had acknowledged), so a
-- folder sync writes a new bundle only when there is something new to send or to acknowledge.
ALTER TABLE devices ADD COLUMN exported_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN exported_received INTEGER NOT NULL DEFAULT 0;
