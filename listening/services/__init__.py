"""The only code that queries or commits. Views, jobs and the CLI call these."""
