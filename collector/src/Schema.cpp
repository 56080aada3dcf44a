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
        {2,
         {
             // Helpdesk: API tokens get a role; tickets with their categories (SLA targets and
             // calendar), pauses while pending, activity log, linked devices with the inventory
             // snapshot taken at linking time, and the ordered assignment rules.
             R"sql(ALTER TABLE api_tokens ADD COLUMN role TEXT NOT NULL DEFAULT 'admin')sql",
             R"sql(CREATE TABLE ticket_categories (id INTEGER PRIMARY KEY,
                 name TEXT NOT NULL UNIQUE, first_response_minutes INTEGER NOT NULL DEFAULT 0,
                 resolution_minutes INTEGER NOT NULL DEFAULT 0,
                 calendar TEXT NOT NULL DEFAULT '24x7',
                 work_start_minute INTEGER NOT NULL DEFAULT 540,
                 work_end_minute INTEGER NOT NULL DEFAULT 1080,
                 work_days TEXT NOT NULL DEFAULT '1,2,3,4,5',
                 inactivity_hours INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL))sql",
             R"sql(CREATE TABLE tickets (id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,
                 title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
                 category_id INTEGER REFERENCES ticket_categories(id),
                 urgency TEXT NOT NULL DEFAULT 'medium', level INTEGER NOT NULL DEFAULT 1,
                 status TEXT NOT NULL DEFAULT 'new', assigned_group TEXT, technician TEXT,
                 requester_name TEXT NOT NULL DEFAULT '',
                 requester_contact TEXT NOT NULL DEFAULT '', site TEXT NOT NULL DEFAULT '',
                 channel TEXT NOT NULL DEFAULT 'web', created_at TEXT NOT NULL,
                 updated_at TEXT NOT NULL, first_response_at TEXT, resolved_at TEXT,
                 last_activity_at TEXT NOT NULL, access_code_hash TEXT NOT NULL))sql",
             R"sql(CREATE INDEX tickets_by_status ON tickets(status, id))sql",
             R"sql(CREATE INDEX tickets_by_site ON tickets(site, id))sql",
             R"sql(CREATE TABLE ticket_pauses (id INTEGER PRIMARY KEY,
                 ticket_id INTEGER NOT NULL REFERENCES tickets(id), from_at TEXT NOT NULL,
                 to_at TEXT))sql",
             R"sql(CREATE INDEX ticket_pauses_by_ticket ON ticket_pauses(ticket_id, id))sql",
             R"sql(CREATE TABLE ticket_activity (id INTEGER PRIMARY KEY,
                 ticket_id INTEGER NOT NULL REFERENCES tickets(id), actor TEXT NOT NULL,
                 at TEXT NOT NULL, kind TEXT NOT NULL, public INTEGER NOT NULL DEFAULT 0,
                 body TEXT NOT NULL DEFAULT ''))sql",
             R"sql(CREATE INDEX ticket_activity_by_ticket ON ticket_activity(ticket_id, id))sql",
             R"sql(CREATE TABLE ticket_devices (id INTEGER PRIMARY KEY,
                 ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                 device_id TEXT NOT NULL REFERENCES devices(id), linked_at TEXT NOT NULL,
                 unlinked_at TEXT, snapshot TEXT NOT NULL,
                 events_after INTEGER NOT NULL DEFAULT 0))sql",
             R"sql(CREATE INDEX ticket_devices_by_ticket ON ticket_devices(ticket_id))sql",
             R"sql(CREATE INDEX ticket_devices_by_device ON ticket_devices(device_id))sql",
             R"sql(CREATE TABLE ticket_rules (id INTEGER PRIMARY KEY, position INTEGER NOT NULL,
                 category_id INTEGER, site TEXT, urgency TEXT, device_model TEXT,
                 peripheral_kind TEXT, assign_group TEXT, assign_technician TEXT,
                 assign_level INTEGER, created_at TEXT NOT NULL))sql",
         }},
        {3,
         {
             // Web interface: people who sign in (scrypt password hashes, lock-out state) and
             // their browser sessions (only the SHA-256 of the cookie's token is stored).
             // Usernames are unique regardless of case.
             R"sql(CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE,
                 password_hash TEXT NOT NULL, role TEXT NOT NULL,
                 language TEXT NOT NULL DEFAULT 'es-AR', created_at TEXT NOT NULL,
                 failed_signins INTEGER NOT NULL DEFAULT 0, locked_until TEXT,
                 disabled_at TEXT))sql",
             R"sql(CREATE UNIQUE INDEX users_by_name ON users(lower(username)))sql",
             R"sql(CREATE TABLE web_sessions (token_hash TEXT PRIMARY KEY,
                 user_id INTEGER NOT NULL REFERENCES users(id), csrf_token TEXT NOT NULL,
                 created_at TEXT NOT NULL, last_seen TEXT NOT NULL,
                 expires_at TEXT NOT NULL))sql",
             R"sql(CREATE INDEX web_sessions_by_user ON web_sessions(user_id))sql",
             R"sql(CREATE INDEX web_sessions_by_expiry ON web_sessions(expires_at))sql",
         }},
    };
    return all;
}

}  // namespace parque::collector
