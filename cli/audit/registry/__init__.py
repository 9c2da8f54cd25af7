"""The registry on disk: find, decode, parse, validate, cache; round-trip writes, locks and backups."""
