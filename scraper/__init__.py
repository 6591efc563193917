"""ftwatch engine: fetch, store, registry, matching, events and the command line."""
