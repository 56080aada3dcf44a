// The installed RPM packages from rpm's SQLite database (rpm 4.16+, /var/lib/rpm/rpmdb.sqlite).
#pragma once

#include "parque/inventory/Inventory.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace parque::agent {

// Calls visit(hnum, blob) for each row of the Packages table, in hnum order (the order of
// `rpm -qa`). The database is opened read-only and immutable (URI "file:<path>?immutable=1"):
// SQLite then takes no lock and creates no -wal or -shm file, so the machine's database is
// never written or locked; pages in an unmerged rpmdb.sqlite-wal, if any, are not seen. Returns
// false, with a message in `problems`, when the database cannot be opened or read to the end
// (the rows already visited stay visited). An exception from `visit` propagates.
bool forEachRpmHeader(const std::string& sqlitePath,
                      const std::function<void(std::int64_t, std::string_view)>& visit,
                      std::vector<std::string>& problems);

// parseRpmHeader() of every row. A row whose header is malformed is left out with a message in
// `problems`; the others go on. An unreadable database gives what was read and a message.
std::vector<inventory::Software> readRpmDatabase(const std::string& sqlitePath,
                                                 std::vector<std::string>& problems);

}  // namespace parque::agent
