#include "SectionWriter.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Nullable.h>

using namespace Poco::Data::Keywords;

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

Poco::Nullable<std::string> nullable(const std::optional<std::string>& value) {
    return value ? Poco::Nullable<std::string>(*value) : Poco::Nullable<std::string>();
}

std::string lookupKind(const std::map<std::string, std::string>& kinds, const std::string& key) {
    const auto it = kinds.find(key);
    return it == kinds.end() ? std::string() : it->second;
}

}  // namespace

std::map<std::string, std::string> SectionWriter::storedDigests() {
    std::vector<std::string> sections;
    std::vector<std::string> digests;
    session_ << database_.sql("SELECT section, digest FROM device_sections WHERE device_id = ?"),
        use(deviceId_), into(sections), into(digests), now;
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i < sections.size(); ++i) {
        out[sections[i]] = digests[i];
    }
    return out;
}

void SectionWriter::setDigest(const std::string& section,
                              const std::optional<std::string>& digest) {
    std::string name = section;
    if (!digest) {
        session_ << database_.sql(
            "DELETE FROM device_sections WHERE device_id = ? AND section = ?"),
            use(deviceId_), use(name), now;
        return;
    }
    std::string value = *digest;
    session_ << database_.sql(
        "INSERT INTO device_sections (device_id, section, digest)"
        " VALUES (?, ?, ?) ON CONFLICT (device_id, section)"
        " DO UPDATE SET digest = excluded.digest"),
        use(deviceId_), use(name), use(value), now;
}

std::vector<StoredComponent> SectionWriter::currentComponents(const std::string& section) {
    std::string name = section;
    std::vector<std::int64_t> ids;
    std::vector<std::string> keys;
    std::vector<std::string> bodies;
    std::vector<Poco::Nullable<std::string>> kinds;
    session_ << database_.sql(
        "SELECT id, component_key, body, kind FROM components"
        " WHERE device_id = ? AND section = ? AND closed_at IS NULL"),
        use(deviceId_), use(name), into(ids), into(keys), into(bodies), into(kinds), now;
    std::vector<StoredComponent> out(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out[i] = {ids[i], keys[i], bodies[i], kinds[i].isNull() ? "" : kinds[i].value()};
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
    std::string name = section;
    for (const ComponentChange& change : changes) {
        if (change.kind != ComponentChange::Kind::Added) {
            std::int64_t id = change.storedId;
            session_ << database_.sql("UPDATE components SET closed_at = ? WHERE id = ?"), use(at_),
                use(id), now;
        }
        if (change.kind != ComponentChange::Kind::Removed) {
            std::string key = change.key;
            std::string body = change.canonical;
            Poco::Nullable<std::string> kind;
            if (const std::string k = lookupKind(kinds, key); !k.empty()) {
                kind = k;
            }
            session_ << database_.sql(
                "INSERT INTO components (device_id, section, component_key,"
                " kind, body, first_seen) VALUES (?, ?, ?, ?, ?, ?)"),
                use(deviceId_), use(name), use(key), use(kind), use(body), use(at_), now;
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
    std::string t = type;
    std::string s = section;
    std::string c = component;
    auto f = nullable(field);
    auto b = nullable(before);
    auto a = nullable(after);
    session_ << database_.sql(
        "INSERT INTO events (device_id, time, type, section, component,"
        " field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        use(deviceId_), use(at_), use(t), use(s), use(c), use(f), use(b), use(a), now;
    ++events_;
}

}  // namespace parque::collector
