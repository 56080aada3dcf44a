// The one exception a pure parser throws when its input cannot be read at all (truncated,
// bad checksum, wrong magic). What is merely odd or partial is returned next to the data.
#pragma once

#include <stdexcept>
#include <string>

namespace parque::agent {

class ParseError : public std::runtime_error {
public:
    explicit ParseError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace parque::agent
