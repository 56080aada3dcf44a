// SectionWriter's software part: packages are stored once, in shared sets of packages; a device
// links to one set, so thousands of terminals with one image share one set.
#include "SectionWriter.h"

#include "parque/collector/Registry.h"

namespace parque::collector {

std::vector<StoredComponent> SectionWriter::currentSoftwares() {
    SqlStatement select =
        database_.prepare(session_,
                          "SELECT s.id, s.component_key, s.body FROM devices d"
                          " JOIN software_set_items i ON i.set_id = d.software_set_id"
                          " JOIN softwares s ON s.id = i.software_id WHERE d.id = ?");
    select.bind(1, deviceId_);
    std::vector<StoredComponent> out;
    while (select.step()) {
        out.push_back({select.integer(0), select.text(1), select.text(2), {}});
    }
    return out;
}

// A new set: its package rows were looked up before the writers' lock (the plan); here only the
// missing ones are looked up again and added, and the set's ~1,000 links go in one statement.
std::int64_t SectionWriter::softwareSet(const std::vector<inventory::Software>& softwares,
                                        const std::vector<inventory::ComponentRecord>& records,
                                        const std::string& digest, const PackagePlan& plan) {
    {
        SqlStatement findSet =
            database_.prepare(session_, "SELECT id FROM software_sets WHERE digest = ?");
        if (findSet.bind(1, digest).step()) {
            return findSet.integer(0);
        }
    }
    SqlStatement addSet =
        database_.prepare(session_, "INSERT INTO software_sets (digest) VALUES (?) RETURNING id");
    addSet.bind(1, digest).step();
    const std::int64_t setId = addSet.integer(0);
    addSet.run();
    const bool planned = plan.digests.size() == records.size() && plan.ids.size() == records.size();
    std::string ids = "[";
    for (std::size_t i = 0; i < records.size() && i < softwares.size(); ++i) {
        std::int64_t id = planned ? plan.ids[i] : 0;
        if (id == 0) {
            id = packageRow(softwares[i], records[i],
                            planned ? plan.digests[i] : sha256Hex(records[i].canonical));
        }
        ids += (ids.size() > 1 ? "," : "") + std::to_string(id);
    }
    ids += "]";
    database_
        .prepare(session_,
                 "INSERT INTO software_set_items (set_id, software_id)"
                 " SELECT ?, value FROM json_each(?) WHERE true ON CONFLICT DO NOTHING")
        .bind(1, setId)
        .bind(2, ids)
        .run();
    return setId;
}

// The row of one package, added if it is new.
std::int64_t SectionWriter::packageRow(const inventory::Software& software,
                                       const inventory::ComponentRecord& record,
                                       const std::string& packageDigest) {
    {
        SqlStatement find =
            database_.prepare(session_, "SELECT id FROM softwares WHERE digest = ?");
        if (find.bind(1, packageDigest).step()) {
            return find.integer(0);
        }
    }
    SqlStatement add =
        database_.prepare(session_,
                          "INSERT INTO softwares (digest, name, version, arch, publisher,"
                          " component_key, body) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    add.bind(1, packageDigest)
        .bind(2, software.name)
        .bind(3, software.version)
        .bind(4, software.arch)
        .bind(5, software.publisher)
        .bind(6, record.key)
        .bind(7, record.canonical)
        .step();
    const std::int64_t id = add.integer(0);
    add.run();
    return id;
}

void SectionWriter::writeSoftwares(const std::vector<inventory::Software>& softwares,
                                   const std::vector<inventory::ComponentRecord>& records,
                                   const std::string& digest, const PackagePlan& plan,
                                   bool firstTime) {
    if (!firstTime) {
        recordChanges("softwares", diffComponents(currentSoftwares(), records));
    }
    const std::int64_t setId = softwareSet(softwares, records, digest, plan);
    database_.prepare(session_, "UPDATE devices SET software_set_id = ? WHERE id = ?")
        .bind(1, setId)
        .bind(2, deviceId_)
        .run();
}

void SectionWriter::clearSoftwares(bool firstTime) {
    if (!firstTime) {
        recordChanges("softwares", diffComponents(currentSoftwares(), {}));
    }
    database_.prepare(session_, "UPDATE devices SET software_set_id = NULL WHERE id = ?")
        .bind(1, deviceId_)
        .run();
}

}  // namespace parque::collector
