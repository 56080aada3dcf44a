#include "parque/agent/Collector.h"

#include "parque/inventory/Fields.h"

#include <algorithm>
#include <exception>

namespace parque::agent {
namespace {

// Clears the sections of `content` that were not asked for.
class SectionFilter {
public:
    explicit SectionFilter(const std::set<std::string>& keep) : keep_(keep) {}
    template <class V>
    void operator()(const char* name, V& value, const inventory::Rule& /*rule*/) {
        if (keep_.count(name) == 0) {
            value = V{};
        }
    }

private:
    const std::set<std::string>& keep_;
};

bool wanted(const Collector& collector, const std::set<std::string>& categories) {
    return categories.empty() ||
           std::any_of(collector.sections.begin(), collector.sections.end(),
                       [&](const std::string& s) { return categories.count(s) > 0; });
}

}  // namespace

std::set<std::string> knownSections(const std::vector<Collector>& collectors) {
    std::set<std::string> sections;
    for (const auto& collector : collectors) {
        sections.insert(collector.sections.begin(), collector.sections.end());
    }
    return sections;
}

inventory::Content runCollectors(const std::vector<Collector>& collectors,
                                 const std::set<std::string>& categories, Report& report) {
    inventory::Content content;
    for (const auto& collector : collectors) {
        if (!wanted(collector, categories)) {
            continue;
        }
        try {
            collector.collect(content, report);
        } catch (const std::exception& e) {
            report.add(collector.name, "collector", ProblemKind::Failed, e.what());
        }
    }
    if (!categories.empty()) {
        SectionFilter filter(categories);
        inventory::Fields<inventory::Content>::visit(content, filter);
    }
    return content;
}

}  // namespace parque::agent
