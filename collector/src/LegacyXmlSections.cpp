// <CONTENT> of a legacy inventory -> the GLPI "content" object. Sections and fields come from
// Fields<T> (wire name, kind, rule): an XML element maps to the field named like it in lower case,
// or through the alias table (OCS spellings). Each value is converted to the field's JSON type and
// checked against its rule; what cannot be converted is left out.
#include "LegacyXmlTree.h"
#include "parque/inventory/Fields.h"

#include <Poco/JSON/Array.h>

#include <cstring>

namespace parque::collector::legacy {
namespace {

using inventory::Rule;
using Poco::JSON::Array;
using Poco::JSON::Object;

struct Alias {
    const char* section;
    const char* xml;
    const char* key;
    bool fallback;  // used only when no other element gave the key
};

constexpr Alias aliases[] = {
    {"batteries", "DESIGNCAPACITY", "capacity", false},
    {"batteries", "DESIGNVOLTAGE", "voltage", false},
    {"batteries", "MANUFACTUREDATE", "date", false},
    {"batteries", "SERIALNUMBER", "serial", false},
    {"cpus", "CORES", "core", false},
    {"cpus", "CPUARCH", "arch", false},
    {"cpus", "CURRENT_SPEED", "speed", true},
    {"cpus", "LOGICAL_CPUS", "thread", false},
    {"cpus", "SERIALNUMBER", "serial", false},
    {"cpus", "THREADS", "thread", true},
    {"cpus", "TYPE", "name", true},
    {"networks", "MACADDR", "mac", false},
    {"softwares", "ARCHITECTURE", "arch", false},
    {"softwares", "INSTALLDATE", "install_date", false},
    {"storages", "SERIALNUMBER", "serial", false},
};

struct FieldUnits {
    const char* section;
    const char* field;
    const std::vector<Unit>* units;
};

const std::vector<Unit> mebibytes{{"mb", 1}, {"mib", 1}, {"gb", 1024}, {"gib", 1024}};
const std::vector<Unit> megabytes{{"mb", 1}};
const std::vector<Unit> megahertz{{"mhz", 1}, {"ghz", 1000}};
const std::vector<Unit> milliwattHours{{"mwh", 1}, {"wh", 1000}};
const std::vector<Unit> millivolts{{"mv", 1}, {"v", 1000}};
const std::vector<Unit> none;

const FieldUnits fieldUnits[] = {
    {"batteries", "capacity", &milliwattHours},
    {"batteries", "real_capacity", &milliwattHours},
    {"batteries", "voltage", &millivolts},
    {"cpus", "external_clock", &megahertz},
    {"cpus", "speed", &megahertz},
    {"drives", "free", &megabytes},
    {"drives", "total", &megabytes},
    {"hardware", "memory", &mebibytes},
    {"hardware", "swap", &mebibytes},
    {"memories", "capacity", &mebibytes},
    {"storages", "disksize", &megabytes},
    {"videos", "memory", &mebibytes},
    {"virtualmachines", "memory", &mebibytes},
};

struct FieldDateOrder {
    const char* section;
    const char* field;
    DateOrder order;
};

// dmidecode writes MM/DD/YYYY; FusionInventory writes software install dates DD/MM/YYYY.
constexpr FieldDateOrder dateOrders[] = {
    {"batteries", "date", DateOrder::MonthFirst},
    {"bios", "bdate", DateOrder::MonthFirst},
    {"softwares", "install_date", DateOrder::DayFirst},
};

bool is(const char* a, const char* b) { return std::strcmp(a, b) == 0; }

const Alias* findAlias(const char* section, const std::string& xml) {
    for (const Alias& a : aliases) {
        if (is(a.section, section) && xml == a.xml) {
            return &a;
        }
    }
    return nullptr;
}

const std::vector<Unit>& unitsFor(const char* section, const char* field) {
    for (const FieldUnits& f : fieldUnits) {
        if (is(f.section, section) && is(f.field, field)) {
            return *f.units;
        }
    }
    return none;
}

DateOrder dateOrderFor(const char* section, const char* field) {
    for (const FieldDateOrder& f : dateOrders) {
        if (is(f.section, section) && is(f.field, field)) {
            return f.order;
        }
    }
    return DateOrder::Unknown;
}

RawItem collect(const XmlNode& node, const char* section) {
    RawItem raw;
    for (const bool fallbackPass : {false, true}) {
        for (const XmlNode& child : node.children) {
            const Alias* alias = findAlias(section, child.name);
            if ((alias != nullptr && alias->fallback) != fallbackPass) {
                continue;
            }
            const std::string key = alias != nullptr ? alias->key : lowerAscii(child.name);
            if (!child.children.empty()) {
                raw.nested.emplace(key, &child);
            } else if (const std::string_view value = trim(child.text); !value.empty()) {
                raw.text.emplace(key, std::string(value));  // the first element wins
            }
        }
    }
    return raw;
}

template <class T>
Object::Ptr mapObject(const XmlNode& node, const char* section);

// Builds one JSON object from a RawItem, field by field through Fields<T>.
class ObjectBuilder {
public:
    ObjectBuilder(const RawItem& raw, const char* section) : raw_(raw), section_(section) {}

    Object::Ptr object() const { return object_; }
    bool complete() const { return complete_; }

    void operator()(const char* name, const std::string& /*field*/, const Rule& rule) {
        if (!putText(name, rule)) {
            complete_ = false;
        }
    }
    void operator()(const char* name, const inventory::Text& /*field*/, const Rule& rule) {
        putText(name, rule);
    }
    void operator()(const char* name, const inventory::Int& /*field*/, const Rule& /*rule*/) {
        if (const std::string* text = find(name)) {
            if (const auto value = toInteger(*text, unitsFor(section_, name))) {
                object_->set(name, static_cast<Poco::Int64>(*value));
            }
        }
    }
    void operator()(const char* name, const inventory::Flag& /*field*/, const Rule& /*rule*/) {
        if (const std::string* text = find(name)) {
            if (const auto value = toFlag(*text)) {
                object_->set(name, *value);
            }
        }
    }
    template <class T>
    void operator()(const char* name, const std::optional<T>& /*field*/, const Rule& /*rule*/) {
        const auto it = raw_.nested.find(name);
        if (it != raw_.nested.end()) {
            if (Object::Ptr nested = mapObject<T>(*it->second, name)) {
                object_->set(name, nested);
            }
        }
    }

private:
    const std::string* find(const char* name) const {
        const auto it = raw_.text.find(name);
        return it == raw_.text.end() ? nullptr : &it->second;
    }

    bool putText(const char* name, const Rule& rule) {
        const std::string* text = find(name);
        if (text == nullptr) {
            return false;
        }
        if (isDateRule(rule)) {
            if (auto date = normalizeDate(*text, rule, dateOrderFor(section_, name))) {
                object_->set(name, *date);
                return true;
            }
            return false;
        }
        if (rule.accepts != nullptr && !rule.accepts(*text)) {
            return false;
        }
        object_->set(name, *text);
        return true;
    }

    const RawItem& raw_;
    const char* section_;
    Object::Ptr object_ = new Object;
    bool complete_ = true;
};

// nullptr when the element yields nothing or lacks a required field.
template <class T>
Object::Ptr mapObject(const XmlNode& node, const char* section) {
    RawItem raw = collect(node, section);
    fixupItem(section, raw);
    ObjectBuilder builder(raw, section);
    const T model{};
    inventory::Fields<T>::visit(model, builder);
    if (!builder.complete() || builder.object()->size() == 0) {
        return nullptr;
    }
    return builder.object();
}

class ContentBuilder {
public:
    explicit ContentBuilder(const XmlNode& content) : content_(content) {}

    Object::Ptr object() const { return object_; }

    template <class T>
    void operator()(const char* name, const std::vector<T>& /*field*/, const Rule& /*rule*/) {
        const std::string xml = upperAscii(name);
        Array::Ptr items = new Array;
        for (const XmlNode& child : content_.children) {
            if (child.name == xml) {
                if (Object::Ptr item = mapObject<T>(child, name)) {
                    items->add(item);
                }
            }
        }
        if (items->size() > 0) {
            object_->set(name, items);
        }
    }
    template <class T>
    void operator()(const char* name, const std::optional<T>& /*field*/, const Rule& /*rule*/) {
        if (const XmlNode* child = content_.child(upperAscii(name))) {
            if (Object::Ptr section = mapObject<T>(*child, name)) {
                object_->set(name, section);
            }
        }
    }
    void operator()(const char* name, const inventory::Text& /*field*/, const Rule& rule) {
        if (const XmlNode* child = content_.child(upperAscii(name))) {
            const std::string value(trim(child->text));
            if (!value.empty() && (rule.accepts == nullptr || rule.accepts(value))) {
                object_->set(name, value);
            }
        }
    }

private:
    const XmlNode& content_;
    Object::Ptr object_ = new Object;
};

// OCS sends no <OPERATINGSYSTEM>; its <HARDWARE> names the system.
void addOperatingSystemFromHardware(const XmlNode& content, Object& out) {
    const XmlNode* hardware = content.child("HARDWARE");
    if (out.has("operatingsystem") || hardware == nullptr) {
        return;
    }
    Object::Ptr os = new Object;
    for (const auto& [xml, key] : {std::pair{"OSNAME", "full_name"}, {"OSVERSION", "version"}}) {
        if (const XmlNode* node = hardware->child(xml)) {
            if (const std::string_view value = trim(node->text); !value.empty()) {
                os->set(key, std::string(value));
            }
        }
    }
    if (os->size() > 0) {
        out.set("operatingsystem", os);
    }
}

}  // namespace

Poco::JSON::Object::Ptr mapContent(const XmlNode& content) {
    ContentBuilder builder(content);
    const inventory::Content model{};
    inventory::Fields<inventory::Content>::visit(model, builder);
    Object::Ptr object = builder.object();
    addOperatingSystemFromHardware(content, *object);
    if (!object->has("versionclient")) {
        object->set("versionclient", std::string(kUnknownLegacyClient));
    }
    return object;
}

}  // namespace parque::collector::legacy
