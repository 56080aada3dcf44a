// What went wrong while collecting, kept next to the data: a source that is missing, unreadable or
// malformed is an expected outcome, recorded here, and the other collectors go on.
#pragma once

#include <string>
#include <vector>

namespace parque::agent {

enum class ProblemKind { Missing, PermissionDenied, Malformed, Failed };
const char* toString(ProblemKind kind);

struct Problem {
    std::string collector;  // "usbdevices", "smbios", ...
    std::string source;     // the file or library call, e.g. "sys/firmware/dmi/tables/DMI"
    ProblemKind kind;
    std::string detail;
};

class Report {
public:
    void add(std::string collector, std::string source, ProblemKind kind, std::string detail);
    const std::vector<Problem>& problems() const { return problems_; }

private:
    std::vector<Problem> problems_;
};

}  // namespace parque::agent
