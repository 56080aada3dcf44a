#include "Schema.h"

namespace parque::collector {

// Times are UTC text ("2026-11-23T13:45:00Z"); ids of devices are the UUIDs in their certificates.
// Declared foreign keys document the links; SQLite does not enforce them (no PRAGMA
// foreign_keys): rows are only ever closed, never deleted.
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1,
         {
             R"sql(CREATE TABLE enrolment_tokens (id INTEGER PRIMARY KEY,
                 token_hash TEXT NOT NULL UNIQUE, site TEXT NOT NULL, created_at TEXT NOT NULL,
                 expires_at TEXT NOT NULL, max_uses INTEGER, uses INTEGER NOT NULL DEFAULT 0,
                 revoked_at TEXT))sql",
             R"sql(CREATE TABLE api_tokens (id INTEGER PRIMARY KEY,
                 token_hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL, created_at TEXT NOT NULL,
                 revoked_at TEXT))sql",
             R"sql(CREATE TABLE software_sets (id INTEGER PRIMARY KEY,
                 digest TEXT NOT NULL UNIQUE))sql",
             R"sql(CREATE TABLE devices (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '',
                 site TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'active',
                 identity TEXT NOT NULL, certificate_serial TEXT, agent_id TEXT,
                 hardware_uuid TEXT, serial TEXT, manufacturer TEXT, model TEXT, os TEXT,
                 software_set_id INTEGER REFERENCES software_sets(id),
                 full_requested INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
                 last_contact TEXT, last_full_inventory TEXT, last_inventory TEXT))sql",
             R"sql(CREATE INDEX devices_by_uuid ON devices(hardware_uuid))sql",
             R"sql(CREATE INDEX devices_by_serial ON devices(serial))sql",
             R"sql(CREATE INDEX devices_by_agent ON devices(agent_id))sql",
             R"sql(CREATE INDEX devices_by_contact ON devices(last_contact))sql",
             R"sql(CREATE TABLE device_sections (device_id TEXT NOT NULL REFERENCES devices(id),
                 section TEXT NOT NULL, digest TEXT NOT NULL,
                 PRIMARY KEY (device_id, section)))sql",
             R"sql(CREATE TABLE components (id INTEGER PRIMARY KEY,
                 device_id TEXT NOT NULL REFERENCES devices(id), section TEXT NOT NULL,
                 component_key TEXT NOT NULL, kind TEXT, body TEXT NOT NULL,
                 first_seen TEXT NOT NULL, closed_at TEXT))sql",
             R"sql(CREATE INDEX components_current ON components(device_id, section)
                 WHERE closed_at IS NULL)sql",
             R"sql(CREATE INDEX components_by_kind ON components(kind)
                 WHERE closed_at IS NULL)sql",
             R"sql(CREATE TABLE device_addresses (device_id TEXT NOT NULL REFERENCES devices(id),
                 kind TEXT NOT NULL, value TEXT NOT NULL,
                 PRIMARY KEY (device_id, kind, value)))sql",
             R"sql(CREATE INDEX device_addresses_by_value ON device_addresses(value))sql",
             R"sql(CREATE TABLE softwares (id INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE,
                 name TEXT NOT NULL, version TEXT, arch TEXT, publisher TEXT,
                 component_key TEXT NOT NULL, body TEXT NOT NULL))sql",
             R"sql(CREATE TABLE software_set_items (
                 set_id INTEGER NOT NULL REFERENCES software_sets(id),
                 software_id INTEGER NOT NULL REFERENCES softwares(id),
                 PRIMARY KEY (set_id, software_id)))sql",
             R"sql(CREATE TABLE events (id INTEGER PRIMARY KEY, device_id TEXT NOT NULL,
                 time TEXT NOT NULL, type TEXT NOT NULL, section TEXT NOT NULL,
                 component TEXT NOT NULL, field TEXT, old_value TEXT, new_value TEXT))sql",
             R"sql(CREATE INDEX events_by_device ON events(device_id, id))sql",
             R"sql(CREATE INDEX events_by_type ON events(type, id))sql",
             R"sql(CREATE TABLE submissions (device_id TEXT NOT NULL,
                 idempotency_key TEXT NOT NULL, received_at TEXT NOT NULL,
                 PRIMARY KEY (device_id, idempotency_key)))sql",
         }},
    };
    return all;
}

}  // namespace parque::collector
