"""Checks: each takes what a run observed and returns a verdict with evidence a user can act on."""
