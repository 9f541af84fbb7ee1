// chrono_dates.js: the chrono-node peer for dates. Reads JSON Lines
// {"id","text","date"} on stdin, parses each text with chrono's Chinese parser
// against its reference date, and prints date records in zhx's shape
// ({"doc","type":"date","text","value"}) so that the same scorer reads both.
// --hans uses the Simplified Chinese parser (chrono.zh.hans), as bench.py does.
"use strict";
const chrono = require("chrono-node");
const parser = process.argv.includes("--hans") ? chrono.zh.hans : chrono.zh;
const readline = require("readline");

function iso(res, ref) {
  const k = res.start.knownValues;
  const d = res.start.date();
  const year = k.year !== undefined ? k.year : d.getFullYear();
  const pad = (n) => String(n).padStart(2, "0");
  if (k.day !== undefined) return `${year}-${pad(k.month ?? d.getMonth() + 1)}-${pad(k.day)}`;
  if (k.month !== undefined) return `${year}-${pad(k.month)}`;
  if (k.year !== undefined) return `${year}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const rl = readline.createInterface({ input: process.stdin });
const out = [];
rl.on("line", (line) => {
  if (!line.trim()) return;
  const doc = JSON.parse(line);
  const ref = doc.date ? new Date(doc.date.length === 4 ? `${doc.date}-07-01` : doc.date.length === 7 ? `${doc.date}-15` : doc.date) : new Date();
  for (const r of parser.parse(doc.text, ref)) {
    out.push(JSON.stringify({ doc: doc.id, type: "date", text: r.text, value: iso(r, ref) }));
  }
});
rl.on("close", () => process.stdout.write(out.join("\n") + (out.length ? "\n" : "")));
