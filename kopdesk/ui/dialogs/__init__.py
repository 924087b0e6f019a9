"""Dialogs for single actions (a cash receipt, a journal, a reversal) and the start-up dialogs."""
