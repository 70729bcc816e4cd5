"""The scenario language: YAML loaded safely, checked against a JSON Schema, built into frozen models."""
