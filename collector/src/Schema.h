// The versioned schema migrations. A migration is never edited once released: add a new one.
#pragma once

#include <string>
#include <vector>

namespace parque::collector {

struct Migration {
    int version;
    std::vector<std::string> statements;
};

const std::vector<Migration>& migrations();

}  // namespace parque::collector
