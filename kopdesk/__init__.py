"""KopDesk: offline books, SHU, RAT and Dinas coaching for Indonesian cooperatives."""

__version__ = "0.1.0"
