"""ftwatch notifier: events become messages; messages reach Apprise channels."""

# Read by the start-up guard (scraper/guard.py): another top-level "notifier" lacks it.
FTWATCH_PACKAGE = "notifier"
