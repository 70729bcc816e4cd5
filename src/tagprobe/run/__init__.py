"""Driving one scenario in a fresh browser context while everything the tag sends is captured."""
