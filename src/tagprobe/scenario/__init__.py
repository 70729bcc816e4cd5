"""The scenario language: YAML files loaded safely, validated against a JSON Schema, built into frozen models."""
