import GRDB

/// The ledger's schema, as an append-only list of migrations: later versions
/// of dudao open older files and bring them up to date; never edit a
/// registered migration, append a new one.
enum Migrations {
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1") { db in
      try db.create(table: "inspections") { t in
        t.primaryKey("id", .text)
        t.column("as_of", .text).notNull()
        t.column("pack_name", .text).notNull()
        t.column("pack_version", .text).notNull()
        t.column("pack_digest", .text).notNull()
        t.column("inspector", .text)
        t.column("report_digest", .text).notNull()
        t.column("recorded_at", .text).notNull()
      }
      try db.create(table: "findings") { t in
        t.primaryKey("key", .text)
        t.column("school_id", .text).notNull()
        t.column("school_name", .text).notNull()
        t.column("rule_id", .text).notNull()
        t.column("subject_kind", .text).notNull()
        t.column("subject_id", .text).notNull()
        t.column("severity", .text).notNull()
        t.column("status", .text).notNull()  // open | closed | waived
        t.column("passing_awaiting_close", .boolean).notNull().defaults(to: false)
        t.column("first_seen", .text).notNull()
        t.column("last_seen", .text).notNull()
        t.column("deadline", .text)
        t.column("responsible", .text)
        t.column("message", .text)
        t.column("reopen_count", .integer).notNull().defaults(to: 0)
        t.column("closed_on", .text)
        t.column("closed_by", .text)
        t.column("evidence", .text)
        t.column("waived_until", .text)
      }
      try db.create(index: "findings_school", on: "findings", columns: ["school_id"])
      try db.create(index: "findings_rule", on: "findings", columns: ["rule_id"])
      try db.create(table: "events") { t in
        t.primaryKey("seq", .integer)
        t.column("key", .text).notNull()
        t.column("inspection", .text)
        t.column("kind", .text).notNull()
        t.column("day", .text).notNull()
        t.column("payload", .text).notNull()
        t.column("prev_hash", .text).notNull()
        t.column("hash", .text).notNull()
      }
      try db.create(index: "events_key", on: "events", columns: ["key"])
      try db.create(table: "waivers") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("finding_key", .text)
        t.column("rule_id", .text)
        t.column("school_id", .text)
        t.column("reason", .text).notNull()
        t.column("approved_by", .text).notNull()
        t.column("until", .text).notNull()
        t.column("granted_on", .text).notNull()
      }
      try db.create(table: "attachments") { t in
        t.primaryKey("hash", .text)  // sha256 hex of data
        t.column("name", .text).notNull()
        t.column("size", .integer).notNull()
        t.column("data", .blob).notNull()
      }
      // The chain head, written with every event: deleting the last events
      // behind the tool's back no longer matches it.
      try db.create(table: "chain_head") { t in
        t.primaryKey("id", .integer)
        t.column("count", .integer).notNull()
        t.column("hash", .text).notNull()
      }
      try db.execute(sql: "INSERT INTO chain_head (id, count, hash) VALUES (1, 0, ?)", arguments: [LedgerEvent.genesis])
    }
    // v2: which schools each inspection checked (every school of the report,
    // passing or failing), for `sample --exclude-inspected-since`. Older
    // inspections are filled in from their events (the schools with findings).
    m.registerMigration("v2-inspection-schools") { db in
      try db.create(table: "inspection_schools") { t in
        t.column("inspection", .text).notNull().references("inspections")
        t.column("school_id", .text).notNull()
        t.primaryKey(["inspection", "school_id"])
      }
      try db.execute(sql: """
        INSERT OR IGNORE INTO inspection_schools (inspection, school_id)
        SELECT DISTINCT e.inspection, f.school_id FROM events e JOIN findings f ON f.key = e.key
        WHERE e.inspection IS NOT NULL AND f.school_id <> ''
        """)
    }
    return m
  }
}
