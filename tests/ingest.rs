//! Ingest tests: encodings, headers, value forms, rejects and fatal errors (SPEC §2).
