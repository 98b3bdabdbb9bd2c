"""Staff accounts: log-in by a user name spelt any way that means the same, and failed log-ins
counted in the database, so the admin log-in and its lock keep working when the cache is down."""
