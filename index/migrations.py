"""Schema of the local directory, as sqlite-utils migrations.

Every migration runs in its own transaction (sqlite-utils ``Migrations``), so a crash or a failed
step leaves the previous schema intact. Append new migrations at the end; never edit an applied one:
databases in the field have already recorded it by name.

Two layers share the ``service`` table, told apart by ``layer``:

* the **feed layer** (``layer = 'feed'``) is written only by sync and replaced by it;
* the **local layer** (``layer = 'local'``) holds the office's own resources.

Notes, favourites, settings and the referral log are local tables keyed by service id with **no
foreign key** to ``service``: a note must outlive its service leaving the feed (it is then shown as
orphaned), and ``ON DELETE CASCADE`` through a REPLACE-style insert once silently deleted notes.

Child tables (phones, schedules, …) do cascade from ``service``: they are derived from the
record's original JSON, which ``service.raw_json`` keeps verbatim.

Triggers journal every change to ``service`` into ``index_dirty`` inside the same transaction, so
the Whoosh index (derived data) can catch up after a crash by replaying that journal.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("tsunagi")


def run_script(db: Database, script: str) -> None:
    """Run several SQL statements inside the caller's transaction.

    ``sqlite3.executescript`` would COMMIT first and break the migration's transaction, so the
    script is split into complete statements (triggers included) and executed one by one.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            if statement.strip():
                db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement.strip()[:80]}")


@migrations(name="m001_core")
def m001_core(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE service (
            id TEXT PRIMARY KEY,
            layer TEXT NOT NULL CHECK (layer IN ('feed', 'local')),
            feed TEXT,
            name TEXT NOT NULL,
            alternate_name TEXT,
            description TEXT,
            organization_id TEXT,
            organization_name TEXT,
            url TEXT,
            email TEXT,
            status TEXT NOT NULL,
            application_process TEXT,
            fees_description TEXT,
            eligibility_description TEXT,
            interpretation_services TEXT,
            alert TEXT,
            minimum_age REAL,
            maximum_age REAL,
            free INTEGER NOT NULL DEFAULT 0,
            anonymous INTEGER NOT NULL DEFAULT 0,
            open_24h INTEGER NOT NULL DEFAULT 0,
            demo INTEGER NOT NULL DEFAULT 0,
            channels TEXT NOT NULL DEFAULT '[]',
            audience TEXT NOT NULL DEFAULT '[]',
            languages TEXT NOT NULL DEFAULT '[]',
            worries TEXT NOT NULL DEFAULT '[]',
            source TEXT NOT NULL,
            feed_version INTEGER,
            last_modified TEXT,
            assured_date TEXT,
            raw_json TEXT NOT NULL,
            raw_sha256 TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX service_layer ON service (layer, feed);

        CREATE TABLE phone (
            service_id TEXT NOT NULL REFERENCES service (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            number TEXT NOT NULL,
            digits TEXT NOT NULL,
            extension TEXT,
            type TEXT,
            description TEXT,
            PRIMARY KEY (service_id, seq)
        );
        CREATE INDEX phone_digits ON phone (digits);

        CREATE TABLE schedule (
            service_id TEXT NOT NULL REFERENCES service (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            freq TEXT,
            interval INTEGER,
            byday TEXT,
            bymonthday TEXT,
            opens_at TEXT,
            closes_at TEXT,
            valid_from TEXT,
            valid_to TEXT,
            dtstart TEXT,
            until TEXT,
            timezone REAL,
            description TEXT,
            notes TEXT,
            PRIMARY KEY (service_id, seq)
        );

        CREATE TABLE location (
            service_id TEXT NOT NULL REFERENCES service (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            location_id TEXT,
            location_type TEXT,
            name TEXT,
            latitude REAL,
            longitude REAL,
            PRIMARY KEY (service_id, seq)
        );

        CREATE TABLE address (
            service_id TEXT NOT NULL REFERENCES service (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            location_id TEXT,
            address_type TEXT,
            address_1 TEXT,
            address_2 TEXT,
            city TEXT,
            region TEXT,
            state_province TEXT,
            postal_code TEXT,
            country TEXT,
            PRIMARY KEY (service_id, seq)
        );

        CREATE TABLE service_area (
            service_id TEXT NOT NULL REFERENCES service (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            name TEXT,
            extent TEXT,
            extent_type TEXT,
            PRIMARY KEY (service_id, seq)
        );

        -- Regions a service serves, resolved to 全国地方公共団体コード ('000000' = nationwide).
        CREATE TABLE service_region (
            service_id TEXT NOT NULL REFERENCES service (id) ON DELETE CASCADE,
            lgcode TEXT NOT NULL,
            how TEXT NOT NULL,
            PRIMARY KEY (service_id, lgcode)
        );
        CREATE INDEX service_region_code ON service_region (lgcode);

        CREATE TABLE attribute (
            service_id TEXT NOT NULL REFERENCES service (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            taxonomy TEXT,
            code TEXT,
            name TEXT,
            value TEXT,
            link_type TEXT,
            PRIMARY KEY (service_id, seq)
        );
        CREATE INDEX attribute_code ON attribute (taxonomy, code);

        CREATE TABLE language (
            service_id TEXT NOT NULL REFERENCES service (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            code TEXT,
            name TEXT,
            note TEXT,
            PRIMARY KEY (service_id, seq)
        );

        CREATE TABLE cost_option (
            service_id TEXT NOT NULL REFERENCES service (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            option TEXT,
            amount REAL,
            currency TEXT,
            amount_description TEXT,
            PRIMARY KEY (service_id, seq)
        );

        -- Records whose region could not be resolved (listed in import reports).
        CREATE TABLE unresolved_region (
            service_id TEXT PRIMARY KEY REFERENCES service (id) ON DELETE CASCADE,
            reason TEXT NOT NULL
        );

        -- Local layer: never touched by sync, no foreign keys to service on purpose.
        CREATE TABLE note (
            service_id TEXT PRIMARY KEY,
            body TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE favourite (
            service_id TEXT PRIMARY KEY,
            added_at TEXT NOT NULL
        );
        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        -- Anonymous referral statistics: date, services, their worries, the client's region.
        -- Never a name, never free text.
        CREATE TABLE referral_log (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            service_ids TEXT NOT NULL,
            worries TEXT NOT NULL,
            region TEXT
        );

        -- Feeds this office follows (sync/ writes them).
        CREATE TABLE feed (
            name TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            pubkey TEXT NOT NULL,
            feed_id TEXT,
            version INTEGER NOT NULL DEFAULT 0,
            manifest TEXT,
            expires TEXT,
            etag TEXT,
            content_digest TEXT,
            last_attempt TEXT,
            last_success TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL
        );

        -- Derived-data bookkeeping for the Whoosh index: SQLite is the single point of truth.
        CREATE TABLE index_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE index_dirty (
            service_id TEXT PRIMARY KEY
        );
        CREATE TRIGGER service_ai AFTER INSERT ON service BEGIN
            INSERT INTO index_dirty (service_id) VALUES (new.id) ON CONFLICT DO NOTHING;
        END;
        CREATE TRIGGER service_au AFTER UPDATE OF raw_sha256, layer, feed, status ON service BEGIN
            INSERT INTO index_dirty (service_id) VALUES (new.id) ON CONFLICT DO NOTHING;
        END;
        CREATE TRIGGER service_ad AFTER DELETE ON service BEGIN
            INSERT INTO index_dirty (service_id) VALUES (old.id) ON CONFLICT DO NOTHING;
        END;
        """,
    )


@migrations(name="m002_note_created_at")
def m002_note_created_at(db: Database) -> None:
    """Remember when a note was first written, not only when it last changed.

    Counsellors asked "how old is this note?" when a service's details had since changed; the
    first-written date answers it. Existing notes get their last-changed date as a best guess.
    """
    db.execute("ALTER TABLE note ADD COLUMN created_at TEXT")
    db.execute("UPDATE note SET created_at = updated_at WHERE created_at IS NULL")


@migrations(name="m003_feed_worries")
def m003_feed_worries(db: Database) -> None:
    """The worry dictionary a feed ships (``worries`` in its manifest), stored with its data.

    Admins extend how clients' words map to worries by publishing a file with the feed, so
    every office gets it with the next sync and nobody copies files into data folders. It is
    kept in SQLite, written in the same transaction as the feed's services, so the words and
    the records they point to never disagree; removing the feed removes it.
    """
    run_script(
        db,
        """
        CREATE TABLE feed_worries (
            feed TEXT PRIMARY KEY REFERENCES feed(name) ON DELETE CASCADE,
            sha256 TEXT NOT NULL,
            body TEXT NOT NULL
        );
        """,
    )
