"""Writing results for people and machines: HTML, results.json, JUnit properties, raw uploads."""
