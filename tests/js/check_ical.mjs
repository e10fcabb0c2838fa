// Reads .ics files with Mozilla's ical.js (the parser Thunderbird uses) and prints, as JSON,
// what it understood: the calendar's properties and every VEVENT.
//
//   node tests/js/check_ical.mjs a.ics [b.ics ...]
//
// Exits with status 1 (and the reason on stderr) if ical.js cannot parse a file.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function value(component, name) {
  const prop = component.getFirstProperty(name);
  if (!prop) return null;
  const v = prop.getFirstValue();
  return v !== null && typeof v === "object" && "toString" in v ? v.toString() : v;
}

function time(t) {
  return t ? { value: t.toString(), isDate: t.isDate } : null;
}

function readEvent(vevent) {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    dtstart: time(event.startDate),
    dtend: time(event.endDate),
    dtstamp: value(vevent, "dtstamp"),
    created: value(vevent, "created"),
    lastModified: value(vevent, "last-modified"),
    sequence: event.sequence,
    status: value(vevent, "status"),
    transp: value(vevent, "transp"),
    url: value(vevent, "url"),
    geo: vevent.getFirstPropertyValue("geo"),
    categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues()),
    edtf: value(vevent, "x-spacedip-edtf"),
    entryId: value(vevent, "x-spacedip-entry-id"),
    precision: value(vevent, "x-spacedip-precision"),
    properties: vevent.getAllProperties().map((p) => p.name),
  };
}

function readFile(path) {
  const text = readFileSync(path, "utf8");
  const root = new ICAL.Component(ICAL.parse(text));
  if (root.name !== "vcalendar") throw new Error(`top component is ${root.name}, not vcalendar`);
  return {
    path,
    calendar: {
      prodid: value(root, "prodid"),
      version: value(root, "version"),
      method: value(root, "method"),
      name: value(root, "name"),
      calname: value(root, "x-wr-calname"),
      description: value(root, "description"),
      caldesc: value(root, "x-wr-caldesc"),
      omitted: value(root, "x-spacedip-omitted"),
    },
    components: root.getAllSubcomponents().map((c) => c.name),
    events: root.getAllSubcomponents("vevent").map(readEvent),
  };
}

const results = [];
for (const path of process.argv.slice(2)) {
  try {
    results.push(readFile(path));
  } catch (error) {
    process.stderr.write(`ical.js could not read ${path}: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(results));
