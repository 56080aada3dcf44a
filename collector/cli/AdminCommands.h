// `parque-collector token|device|api-token|user|fingerprint ...`: administration of a collector's
// data directory (works while the server runs: SQLite in WAL mode takes both).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace parque::collector {

bool isAdminCommand(const std::string& word);
// arguments: everything after the program name. Returns the exit status.
int runAdminCommand(const std::vector<std::string>& arguments, std::ostream& out,
                    std::ostream& err);

}  // namespace parque::collector
