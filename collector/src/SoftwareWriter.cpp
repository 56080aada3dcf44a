// SectionWriter's software part: packages are stored once, in shared sets of packages; a device
// links to one set, so thousands of terminals with one image share one set.
#include "SectionWriter.h"

#include "parque/collector/Registry.h"

#include <Poco/Nullable.h>

using namespace Poco::Data::Keywords;

namespace parque::collector {
namespace {

Poco::Nullable<std::string> nullable(const inventory::Text& value) {
    return value ? Poco::Nullable<std::string>(*value) : Poco::Nullable<std::string>();
}

}  // namespace

std::vector<StoredComponent> SectionWriter::currentSoftwares() {
    std::vector<std::int64_t> ids;
    std::vector<std::string> keys;
    std::vector<std::string> bodies;
    session_ << database_.sql(
        "SELECT s.id, s.component_key, s.body FROM devices d"
        " JOIN software_set_items i ON i.set_id = d.software_set_id"
        " JOIN softwares s ON s.id = i.software_id WHERE d.id = ?"),
        use(deviceId_), into(ids), into(keys), into(bodies), now;
    std::vector<StoredComponent> out(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out[i] = {ids[i], keys[i], bodies[i], {}};
    }
    return out;
}

std::int64_t SectionWriter::softwareSet(const std::vector<inventory::Software>& softwares,
                                        const std::vector<inventory::ComponentRecord>& records,
                                        const std::string& digest) {
    std::string setDigest = digest;
    Poco::Nullable<std::int64_t> existing;
    session_ << database_.sql("SELECT id FROM software_sets WHERE digest = ?"), use(setDigest),
        into(existing), now;
    if (!existing.isNull()) {
        return existing.value();
    }
    std::int64_t setId = 0;
    session_ << database_.sql("INSERT INTO software_sets (digest) VALUES (?) RETURNING id"),
        use(setDigest), into(setId), now;

    std::string packageDigest;
    Poco::Nullable<std::int64_t> packageId;
    Poco::Data::Statement find(session_);
    find << database_.sql("SELECT id FROM softwares WHERE digest = ?"), use(packageDigest),
        into(packageId);
    std::int64_t linkId = 0;
    Poco::Data::Statement link(session_);
    link << database_.sql(
        "INSERT INTO software_set_items (set_id, software_id) VALUES (?, ?)"
        " ON CONFLICT DO NOTHING"),
        use(setId), use(linkId);
    for (std::size_t i = 0; i < records.size() && i < softwares.size(); ++i) {
        packageDigest = sha256Hex(records[i].canonical);
        packageId.clear();
        find.execute();
        if (packageId.isNull()) {
            const inventory::Software& s = softwares[i];
            std::string name = s.name;
            auto version = nullable(s.version);
            auto arch = nullable(s.arch);
            auto publisher = nullable(s.publisher);
            std::string key = records[i].key;
            std::string body = records[i].canonical;
            std::int64_t id = 0;
            session_ << database_.sql(
                "INSERT INTO softwares (digest, name, version, arch,"
                " publisher, component_key, body) VALUES (?, ?, ?, ?, ?,"
                " ?, ?) RETURNING id"),
                use(packageDigest), use(name), use(version), use(arch), use(publisher), use(key),
                use(body), into(id), now;
            packageId = id;
        }
        linkId = packageId.value();
        link.execute();
    }
    return setId;
}

void SectionWriter::writeSoftwares(const std::vector<inventory::Software>& softwares,
                                   const std::vector<inventory::ComponentRecord>& records,
                                   const std::string& digest, bool firstTime) {
    if (!firstTime) {
        recordChanges("softwares", diffComponents(currentSoftwares(), records));
    }
    std::int64_t setId = softwareSet(softwares, records, digest);
    session_ << database_.sql("UPDATE devices SET software_set_id = ? WHERE id = ?"), use(setId),
        use(deviceId_), now;
}

void SectionWriter::clearSoftwares(bool firstTime) {
    if (!firstTime) {
        recordChanges("softwares", diffComponents(currentSoftwares(), {}));
    }
    session_ << database_.sql("UPDATE devices SET software_set_id = NULL WHERE id = ?"),
        use(deviceId_), now;
}

}  // namespace parque::collector
