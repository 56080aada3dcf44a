#include "parque/agent/runtime/Partial.h"

#include "parque/inventory/Fields.h"

#include <set>

namespace parque::agent {
namespace {

// Copies the named sections of one Content into another, whatever their shape.
class SectionCopier {
public:
    SectionCopier(const inventory::Content& from, const std::set<std::string>& keep)
        : from_(from), keep_(keep) {}

    template <class T>
    void operator()(const char* name, T& member, const inventory::Rule& /*rule*/) {
        if (keep_.count(name) > 0) {
            member = fieldOf<T>(name);
        }
    }

private:
    template <class T>
    T fieldOf(const char* wanted) {
        T found{};
        auto visitor = [&](const char* name, const auto& member, const inventory::Rule&) {
            if constexpr (std::is_same_v<std::decay_t<decltype(member)>, T>) {
                if (std::string(name) == wanted) {
                    found = member;
                }
            }
        };
        inventory::Fields<inventory::Content>::visit(from_, visitor);
        return found;
    }

    const inventory::Content& from_;
    const std::set<std::string>& keep_;
};

}  // namespace

PartialDecision decidePartial(const std::map<std::string, std::string>& digests,
                              const std::map<std::string, std::string>& baseline,
                              const PartialPolicy& policy) {
    if (baseline.empty()) {
        return {true, "no acknowledged inventory yet"};
    }
    if (policy.collectorAskedFull) {
        return {true, "the collector asked for a full inventory"};
    }
    if (policy.runsSinceFull + 1 >= policy.fullEvery) {
        return {true, "a full inventory every " + std::to_string(policy.fullEvery) + " runs"};
    }
    for (const auto& [section, digest] : baseline) {
        if (digests.count(section) == 0) {
            return {true, "section " + section + " disappeared"};
        }
    }
    std::string changed;
    for (const auto& [section, digest] : digests) {
        const auto old = baseline.find(section);
        if (old == baseline.end() || old->second != digest) {
            changed += (changed.empty() ? "" : ", ") + section;
        }
    }
    return {false, changed.empty() ? "unchanged" : "changed: " + changed};
}

inventory::Inventory partialInventory(const inventory::Inventory& full,
                                      const std::map<std::string, std::string>& digests,
                                      const std::map<std::string, std::string>& baseline) {
    std::set<std::string> keep = {"bios", "hardware", "versionclient"};
    for (const auto& [section, digest] : digests) {
        const auto old = baseline.find(section);
        if (old == baseline.end() || old->second != digest) {
            keep.insert(section);
        }
    }
    if (keep.count("softwares") > 0) {
        keep.insert("operatingsystem");
    }
    inventory::Inventory out = full;
    out.content = inventory::Content{};
    SectionCopier copier(full.content, keep);
    inventory::Fields<inventory::Content>::visit(out.content, copier);
    out.partial = true;
    return out;
}

}  // namespace parque::agent
