"""Pure-Python records, rules and calculations. Imports the standard library only."""
