"use strict";
// Reads one JSON-encoded payload string per line on stdin and writes one result object per line on stdout.
const { decode } = require(process.argv[2]);
const readline = require("readline");

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  let result;
  try {
    result = { ok: true, decoded: decode(JSON.parse(line)) };
  } catch (error) {
    result = { ok: false, error: String((error && error.message) || error) };
  }
  process.stdout.write(JSON.stringify(result) + "\n");
});
