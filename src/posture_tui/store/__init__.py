"""Persistence: client records in TinyDB, safe under several processes."""
