#include "parque/collector/ComponentDiff.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <map>
#include <sstream>

namespace parque::collector {
namespace {

std::map<std::string, std::string> fieldsOf(const std::string& canonical) {
    std::map<std::string, std::string> fields;
    Poco::JSON::Parser parser;
    const auto object = parser.parse(canonical).extract<Poco::JSON::Object::Ptr>();
    for (const auto& [name, value] : *object) {
        std::ostringstream text;
        Poco::JSON::Stringifier::condense(value, text);
        fields[name] = text.str();
    }
    return fields;
}

struct Side {
    const std::string* key;
    const std::string* canonical;
    std::int64_t id;
};

bool byKeyThenCanonical(const Side& a, const Side& b) {
    return *a.key != *b.key ? *a.key < *b.key : *a.canonical < *b.canonical;
}

void diffGroup(const std::vector<Side>& before, std::vector<Side> after,
               std::vector<ComponentChange>& out) {
    std::vector<Side> removed;
    for (const Side& old : before) {
        const auto same = std::find_if(after.begin(), after.end(), [&](const Side& candidate) {
            return *candidate.canonical == *old.canonical;
        });
        if (same != after.end()) {
            after.erase(same);
        } else {
            removed.push_back(old);
        }
    }
    const std::size_t paired = std::min(removed.size(), after.size());
    for (std::size_t i = 0; i < paired; ++i) {
        out.push_back({ComponentChange::Kind::Modified, *after[i].key, removed[i].id,
                       *after[i].canonical,
                       diffFields(*removed[i].canonical, *after[i].canonical)});
    }
    for (std::size_t i = paired; i < removed.size(); ++i) {
        out.push_back({ComponentChange::Kind::Removed, *removed[i].key, removed[i].id, {}, {}});
    }
    for (std::size_t i = paired; i < after.size(); ++i) {
        out.push_back({ComponentChange::Kind::Added, *after[i].key, 0, *after[i].canonical, {}});
    }
}

}  // namespace

const char* toString(ComponentChange::Kind kind) {
    switch (kind) {
    case ComponentChange::Kind::Added:
        return "added";
    case ComponentChange::Kind::Removed:
        return "removed";
    case ComponentChange::Kind::Modified:
        return "modified";
    }
    return "unknown";
}

std::vector<FieldChange> diffFields(const std::string& before, const std::string& after) {
    if (before.empty() || before.front() != '{' || after.empty() || after.front() != '{') {
        return {{"", before, after}};
    }
    const auto a = fieldsOf(before);
    const auto b = fieldsOf(after);
    std::vector<FieldChange> changes;
    for (const auto& [name, value] : a) {
        const auto other = b.find(name);
        if (other == b.end()) {
            changes.push_back({name, value, std::nullopt});
        } else if (other->second != value) {
            changes.push_back({name, value, other->second});
        }
    }
    for (const auto& [name, value] : b) {
        if (a.count(name) == 0) {
            changes.push_back({name, std::nullopt, value});
        }
    }
    std::sort(changes.begin(), changes.end(),
              [](const FieldChange& x, const FieldChange& y) { return x.field < y.field; });
    return changes;
}

std::vector<ComponentChange> diffComponents(const std::vector<StoredComponent>& before,
                                            const std::vector<inventory::ComponentRecord>& after) {
    std::vector<Side> a;
    a.reserve(before.size());
    for (const StoredComponent& c : before) {
        a.push_back({&c.key, &c.canonical, c.id});
    }
    std::vector<Side> b;
    b.reserve(after.size());
    for (const inventory::ComponentRecord& c : after) {
        b.push_back({&c.key, &c.canonical, 0});
    }
    std::sort(a.begin(), a.end(), byKeyThenCanonical);
    std::sort(b.begin(), b.end(), byKeyThenCanonical);
    std::vector<ComponentChange> changes;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() || j < b.size()) {
        const bool takeA = j == b.size() || (i < a.size() && *a[i].key < *b[j].key);
        const std::string key = takeA ? *a[i].key : *b[j].key;
        std::vector<Side> groupA;
        std::vector<Side> groupB;
        for (; i < a.size() && *a[i].key == key; ++i) {
            groupA.push_back(a[i]);
        }
        for (; j < b.size() && *b[j].key == key; ++j) {
            groupB.push_back(b[j]);
        }
        diffGroup(groupA, std::move(groupB), changes);
    }
    return changes;
}

}  // namespace parque::collector
