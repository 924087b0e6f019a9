"""The headless ``kopdesk`` subcommands: demo, check, backup, reports, calculators."""
