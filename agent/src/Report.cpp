#include "parque/agent/Report.h"

namespace parque::agent {

const char* toString(ProblemKind kind) {
    switch (kind) {
    case ProblemKind::Missing:
        return "missing";
    case ProblemKind::PermissionDenied:
        return "permission denied";
    case ProblemKind::Malformed:
        return "malformed";
    case ProblemKind::Failed:
        return "failed";
    }
    return "unknown";
}

void Report::add(std::string collector, std::string source, ProblemKind kind, std::string detail) {
    problems_.push_back({std::move(collector), std::move(source), kind, std::move(detail)});
}

}  // namespace parque::agent
