#include "parque/inventory/Delta.h"

#include "parque/inventory/ComponentKey.h"
#include "parque/inventory/Fields.h"
#include "parque/inventory/JsonCodec.h"

#include "parque/util/Sha256.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace parque::inventory {
namespace {

using util::sha256Hex;

// One component reduced to what a comparison needs.
struct Item {
    std::string key;
    std::string canonical;
    const void* source;  // the component, for field-level comparison
};

template <class T>
Item makeItem(const T& component, std::string key) {
    return Item{std::move(key), canonicalJson(component), &component};
}

// The canonical items of one section, whatever its shape.
class ItemsVisitor {
public:
    explicit ItemsVisitor(std::map<std::string, std::vector<Item>>& sections)
        : sections_(sections) {}

    void operator()(const char* name, const Text& value, const Rule& /*rule*/) {
        if (value) {
            sections_[name].push_back(Item{name, *value, &*value});
        }
    }
    template <class T>
    void operator()(const char* name, const std::optional<T>& value, const Rule& /*rule*/) {
        if (value) {
            sections_[name].push_back(makeItem(*value, name));
        }
    }
    template <class T>
    void operator()(const char* name, const std::vector<T>& values, const Rule& /*rule*/) {
        auto& items = sections_[name];
        items.reserve(values.size());
        for (const T& component : values) {
            items.push_back(makeItem(component, componentKey(component)));
        }
        if (items.empty()) {
            sections_.erase(name);
        }
    }

private:
    std::map<std::string, std::vector<Item>>& sections_;
};

std::map<std::string, std::vector<Item>> itemsBySection(const Content& content) {
    std::map<std::string, std::vector<Item>> sections;
    ItemsVisitor visitor(sections);
    Fields<Content>::visit(content, visitor);
    return sections;
}

// Field-level comparison of two components of the same type.
using FieldDiffer = std::vector<std::string> (*)(const void*, const void*);

template <class T>
std::vector<std::string> changedFields(const void* before, const void* after) {
    const auto a = canonicalFields(*static_cast<const T*>(before));
    const auto b = canonicalFields(*static_cast<const T*>(after));
    std::map<std::string, std::pair<std::string, std::string>> merged;
    for (const auto& [name, value] : a) {
        merged[name].first = value;
    }
    for (const auto& [name, value] : b) {
        merged[name].second = value;
    }
    std::vector<std::string> changed;
    for (const auto& [name, values] : merged) {
        if (values.first != values.second) {
            changed.push_back(name);
        }
    }
    return changed;
}

std::vector<std::string> changedText(const void* /*before*/, const void* /*after*/) { return {}; }

class DifferVisitor {
public:
    explicit DifferVisitor(std::map<std::string, FieldDiffer>& differs) : differs_(differs) {}
    void operator()(const char* name, const Text& /*value*/, const Rule& /*rule*/) {
        differs_[name] = &changedText;
    }
    template <class T>
    void operator()(const char* name, const std::optional<T>& /*value*/, const Rule& /*rule*/) {
        differs_[name] = &changedFields<T>;
    }
    template <class T>
    void operator()(const char* name, const std::vector<T>& /*value*/, const Rule& /*rule*/) {
        differs_[name] = &changedFields<T>;
    }

private:
    std::map<std::string, FieldDiffer>& differs_;
};

const std::map<std::string, FieldDiffer>& differs() {
    static const std::map<std::string, FieldDiffer> table = [] {
        std::map<std::string, FieldDiffer> t;
        DifferVisitor visitor(t);
        const Content empty{};
        Fields<Content>::visit(empty, visitor);
        return t;
    }();
    return table;
}

bool byKeyThenCanonical(const Item* a, const Item* b) {
    return a->key != b->key ? a->key < b->key : a->canonical < b->canonical;
}

// Changes between the items of one key group (usually one item on each side).
void diffGroup(const std::vector<const Item*>& before, const std::vector<const Item*>& after,
               FieldDiffer differ, std::vector<ComponentChange>& changes) {
    std::vector<const Item*> removed;
    std::vector<const Item*> added(after.begin(), after.end());
    for (const Item* old : before) {
        const auto same = std::find_if(added.begin(), added.end(), [&](const Item* candidate) {
            return candidate->canonical == old->canonical;
        });
        if (same != added.end()) {
            added.erase(same);
        } else {
            removed.push_back(old);
        }
    }
    const std::size_t paired = std::min(removed.size(), added.size());
    for (std::size_t i = 0; i < paired; ++i) {
        changes.push_back(
            {ChangeKind::Modified, added[i]->key, differ(removed[i]->source, added[i]->source)});
    }
    for (std::size_t i = paired; i < removed.size(); ++i) {
        changes.push_back({ChangeKind::Removed, removed[i]->key, {}});
    }
    for (std::size_t i = paired; i < added.size(); ++i) {
        changes.push_back({ChangeKind::Added, added[i]->key, {}});
    }
}

std::vector<const Item*> sortedPointers(const std::vector<Item>& items) {
    std::vector<const Item*> out;
    out.reserve(items.size());
    for (const Item& item : items) {
        out.push_back(&item);
    }
    std::sort(out.begin(), out.end(), byKeyThenCanonical);
    return out;
}

std::vector<ComponentChange> diffSection(const std::vector<Item>& before,
                                         const std::vector<Item>& after, FieldDiffer differ) {
    const auto a = sortedPointers(before);
    const auto b = sortedPointers(after);
    std::vector<ComponentChange> changes;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() || j < b.size()) {
        const std::string& key =
            (j == b.size() || (i < a.size() && a[i]->key < b[j]->key)) ? a[i]->key : b[j]->key;
        std::vector<const Item*> groupBefore;
        std::vector<const Item*> groupAfter;
        for (; i < a.size() && a[i]->key == key; ++i) {
            groupBefore.push_back(a[i]);
        }
        for (; j < b.size() && b[j]->key == key; ++j) {
            groupAfter.push_back(b[j]);
        }
        diffGroup(groupBefore, groupAfter, differ, changes);
    }
    return changes;
}

}  // namespace

const char* toString(ChangeKind kind) {
    switch (kind) {
    case ChangeKind::Added:
        return "added";
    case ChangeKind::Removed:
        return "removed";
    case ChangeKind::Modified:
        return "modified";
    }
    return "unknown";
}

std::string sectionDigest(const std::vector<ComponentRecord>& components) {
    std::vector<const std::string*> canonical;
    canonical.reserve(components.size());
    std::size_t size = 0;
    for (const ComponentRecord& component : components) {
        canonical.push_back(&component.canonical);
        size += component.canonical.size() + 1;
    }
    std::sort(canonical.begin(), canonical.end(),
              [](const std::string* a, const std::string* b) { return *a < *b; });
    std::string text;
    text.reserve(size);
    for (const std::string* line : canonical) {
        text += *line;
        text += '\n';
    }
    return sha256Hex(text);
}

std::map<std::string, std::vector<ComponentRecord>> componentRecords(const Content& content) {
    std::map<std::string, std::vector<ComponentRecord>> records;
    for (auto& [section, items] : itemsBySection(content)) {
        auto& out = records[section];
        out.reserve(items.size());
        for (Item& item : items) {
            out.push_back({std::move(item.key), std::move(item.canonical)});
        }
    }
    return records;
}

std::map<std::string, std::string> sectionDigests(const Content& content) {
    std::map<std::string, std::string> digests;
    for (const auto& [section, components] : componentRecords(content)) {
        digests[section] = sectionDigest(components);
    }
    return digests;
}

const SectionDelta* Delta::section(std::string_view name) const {
    const auto it = std::find_if(sections.begin(), sections.end(),
                                 [&](const SectionDelta& s) { return s.section == name; });
    return it == sections.end() ? nullptr : &*it;
}

Delta computeDelta(const Content& previous, const Content& current) {
    const auto before = itemsBySection(previous);
    const auto after = itemsBySection(current);
    std::map<std::string, int> names;
    for (const auto& entry : before) {
        names[entry.first] = 0;
    }
    for (const auto& entry : after) {
        names[entry.first] = 0;
    }
    static const std::vector<Item> none;
    Delta delta;
    for (const auto& entry : names) {
        const std::string& name = entry.first;
        const auto b = before.find(name);
        const auto a = after.find(name);
        auto changes = diffSection(b == before.end() ? none : b->second,
                                   a == after.end() ? none : a->second, differs().at(name));
        if (!changes.empty()) {
            delta.sections.push_back({name, std::move(changes)});
        }
    }
    return delta;
}

}  // namespace parque::inventory
