#include "SectionWriter.h"

namespace parque::collector {
namespace {

std::string modelPart(const std::string& key) {
    const auto bar = key.rfind('|');
    return bar == std::string::npos ? key : key.substr(0, bar);
}

// Kinds whose members are interchangeable: one removed and one added in a single inventory is a
// replacement even when the models differ. Storage sticks and hubs come and go; they are not.
bool replaceableKind(const std::string& kind) {
    return kind == "pin-pad" || kind == "receipt-printer" || kind == "barcode-scanner" ||
           kind == "hid" || kind == "monitor";
}

std::string lookupKind(const std::map<std::string, std::string>& kinds, const std::string& key) {
    const auto it = kinds.find(key);
    return it == kinds.end() ? std::string() : it->second;
}

}  // namespace

std::map<std::string, std::string> SectionWriter::storedDigests() {
    SqlStatement select = database_.prepare(
        session_, "SELECT section, digest FROM device_sections WHERE device_id = ?");
    select.bind(1, deviceId_);
    std::map<std::string, std::string> out;
    while (select.step()) {
        out.emplace(select.text(0), select.text(1));
    }
    return out;
}

std::map<std::string, std::string> SectionWriter::storedDigests(
    const std::vector<std::string>& sections) {
    std::map<std::string, std::string> out;
    for (const std::string& section : sections) {
        SqlStatement select = database_.prepare(
            session_, "SELECT digest FROM device_sections WHERE device_id = ? AND section = ?");
        if (select.bind(1, deviceId_).bind(2, section).step()) {
            out.emplace(section, select.text(0));
        }
    }
    return out;
}

void SectionWriter::setDigest(const std::string& section,
                              const std::optional<std::string>& digest) {
    if (!digest) {
        database_
            .prepare(session_, "DELETE FROM device_sections WHERE device_id = ? AND section = ?")
            .bind(1, deviceId_)
            .bind(2, section)
            .run();
        return;
    }
    database_
        .prepare(session_,
                 "INSERT INTO device_sections (device_id, section, digest)"
                 " VALUES (?, ?, ?) ON CONFLICT (device_id, section)"
                 " DO UPDATE SET digest = excluded.digest")
        .bind(1, deviceId_)
        .bind(2, section)
        .bind(3, *digest)
        .run();
}

std::vector<StoredComponent> SectionWriter::currentComponents(const std::string& section) {
    SqlStatement select =
        database_.prepare(session_,
                          "SELECT id, component_key, body, kind FROM components"
                          " WHERE device_id = ? AND section = ? AND closed_at IS NULL");
    select.bind(1, deviceId_).bind(2, section);
    std::vector<StoredComponent> out;
    while (select.step()) {
        out.push_back({select.integer(0), select.text(1), select.text(2), select.text(3)});
    }
    return out;
}

void SectionWriter::writeComponents(const std::string& section,
                                    const std::vector<inventory::ComponentRecord>& records,
                                    const std::map<std::string, std::string>& kinds,
                                    bool firstTime) {
    const auto before = currentComponents(section);
    const auto changes = diffComponents(before, records);
    std::map<std::string, std::string> oldKinds;
    for (const StoredComponent& c : before) {
        oldKinds[c.key] = c.kind;
    }
    for (const ComponentChange& change : changes) {
        if (change.kind != ComponentChange::Kind::Added) {
            database_.prepare(session_, "UPDATE components SET closed_at = ? WHERE id = ?")
                .bind(1, at_)
                .bind(2, change.storedId)
                .run();
        }
        if (change.kind != ComponentChange::Kind::Removed) {
            const std::string kind = lookupKind(kinds, change.key);
            database_
                .prepare(session_,
                         "INSERT INTO components (device_id, section, component_key,"
                         " kind, body, first_seen) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(1, deviceId_)
                .bind(2, section)
                .bind(3, change.key)
                .bind(4, kind.empty() ? std::nullopt : std::optional<std::string>(kind))
                .bind(5, change.canonical)
                .bind(6, at_)
                .run();
        }
    }
    if (!firstTime) {
        recordChanges(section, changes);
        recordReplacements(section, changes, oldKinds, kinds);
    }
}

void SectionWriter::recordChanges(const std::string& section,
                                  const std::vector<ComponentChange>& changes) {
    for (const ComponentChange& change : changes) {
        const std::string type = toString(change.kind);
        if (change.kind != ComponentChange::Kind::Modified) {
            event(type, section, change.key, std::nullopt, std::nullopt, std::nullopt);
            continue;
        }
        for (const FieldChange& field : change.fields) {
            event(type, section, change.key,
                  field.field.empty() ? std::nullopt : std::optional<std::string>(field.field),
                  field.before, field.after);
        }
    }
}

void SectionWriter::recordReplacements(const std::string& section,
                                       const std::vector<ComponentChange>& changes,
                                       const std::map<std::string, std::string>& oldKinds,
                                       const std::map<std::string, std::string>& newKinds) {
    std::vector<const ComponentChange*> removed;
    std::vector<const ComponentChange*> added;
    for (const ComponentChange& change : changes) {
        if (change.kind == ComponentChange::Kind::Removed) {
            removed.push_back(&change);
        } else if (change.kind == ComponentChange::Kind::Added) {
            added.push_back(&change);
        }
    }
    for (const ComponentChange* old : removed) {
        const std::string oldKind = lookupKind(oldKinds, old->key);
        for (auto it = added.begin(); it != added.end(); ++it) {
            const std::string newKind = lookupKind(newKinds, (*it)->key);
            const bool sameModel = modelPart(old->key) == modelPart((*it)->key);
            const bool sameKind =
                !oldKind.empty() && oldKind == newKind && replaceableKind(oldKind);
            if (sameModel || sameKind) {
                replaced_.push_back(
                    {section, newKind.empty() ? oldKind : newKind, old->key, (*it)->key});
                event("peripheral_replaced", section, (*it)->key, std::nullopt, old->key,
                      (*it)->key);
                added.erase(it);
                break;
            }
        }
    }
}

void SectionWriter::event(const std::string& type, const std::string& section,
                          const std::string& component, const std::optional<std::string>& field,
                          const std::optional<std::string>& before,
                          const std::optional<std::string>& after) {
    database_
        .prepare(session_,
                 "INSERT INTO events (device_id, time, type, section, component,"
                 " field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, deviceId_)
        .bind(2, at_)
        .bind(3, type)
        .bind(4, section)
        .bind(5, component)
        .bind(6, field)
        .bind(7, before)
        .bind(8, after)
        .run();
    ++events_;
}

}  // namespace parque::collector
