#include "Schema.h"

namespace parque::collector {

// Times are UTC text ("2026-11-23T13:45:00Z"); ids of devices are the UUIDs in their certificates.
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1,
         {
             "CREATE TABLE enrolment_tokens (id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL "
             "UNIQUE,"
             " site TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,"
             " max_uses INTEGER, uses INTEGER NOT NULL DEFAULT 0, revoked_at TEXT)",
             "CREATE TABLE api_tokens (id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,"
             " name TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT)",
             "CREATE TABLE software_sets (id INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE)",
             "CREATE TABLE devices (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '',"
             " site TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'active',"
             " identity TEXT NOT NULL, certificate_serial TEXT, agent_id TEXT,"
             " hardware_uuid TEXT, serial TEXT, manufacturer TEXT, model TEXT, os TEXT,"
             " software_set_id INTEGER REFERENCES software_sets(id),"
             " full_requested INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,"
             " last_contact TEXT, last_full_inventory TEXT, last_inventory TEXT)",
             "CREATE INDEX devices_by_uuid ON devices(hardware_uuid)",
             "CREATE INDEX devices_by_serial ON devices(serial)",
             "CREATE INDEX devices_by_agent ON devices(agent_id)",
             "CREATE INDEX devices_by_contact ON devices(last_contact)",
             "CREATE TABLE device_sections (device_id TEXT NOT NULL REFERENCES devices(id),"
             " section TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (device_id, section))",
             "CREATE TABLE components (id INTEGER PRIMARY KEY,"
             " device_id TEXT NOT NULL REFERENCES devices(id), section TEXT NOT NULL,"
             " component_key TEXT NOT NULL, kind TEXT, body TEXT NOT NULL,"
             " first_seen TEXT NOT NULL, closed_at TEXT)",
             "CREATE INDEX components_current ON components(device_id, section)"
             " WHERE closed_at IS NULL",
             "CREATE INDEX components_by_kind ON components(kind) WHERE closed_at IS NULL",
             "CREATE TABLE device_addresses (device_id TEXT NOT NULL REFERENCES devices(id),"
             " kind TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (device_id, kind, value))",
             "CREATE INDEX device_addresses_by_value ON device_addresses(value)",
             "CREATE TABLE softwares (id INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE,"
             " name TEXT NOT NULL, version TEXT, arch TEXT, publisher TEXT,"
             " component_key TEXT NOT NULL, body TEXT NOT NULL)",
             "CREATE TABLE software_set_items (set_id INTEGER NOT NULL REFERENCES "
             "software_sets(id),"
             " software_id INTEGER NOT NULL REFERENCES softwares(id),"
             " PRIMARY KEY (set_id, software_id))",
             "CREATE TABLE events (id INTEGER PRIMARY KEY, device_id TEXT NOT NULL,"
             " time TEXT NOT NULL, type TEXT NOT NULL, section TEXT NOT NULL,"
             " component TEXT NOT NULL, field TEXT, old_value TEXT, new_value TEXT)",
             "CREATE INDEX events_by_device ON events(device_id, id)",
             "CREATE INDEX events_by_type ON events(type, id)",
             "CREATE TABLE submissions (device_id TEXT NOT NULL, idempotency_key TEXT NOT NULL,"
             " received_at TEXT NOT NULL, PRIMARY KEY (device_id, idempotency_key))",
         }},
    };
    return all;
}

}  // namespace parque::collector
