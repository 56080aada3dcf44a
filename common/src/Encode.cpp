// Model -> JSON. One visitor writes every struct through Fields<T>; keys come out sorted because
// the field lists are alphabetical.
#include "JsonText.h"
#include "parque/inventory/Fields.h"
#include "parque/inventory/JsonCodec.h"

namespace parque::inventory {
namespace {

struct EncodeOptions {
    bool skipVolatile = false;
};

template <class T>
void appendObject(std::string& out, const T& object, EncodeOptions options);

class EncodeVisitor {
public:
    EncodeVisitor(std::string& out, EncodeOptions options) : out_(out), options_(options) {}

    void operator()(const char* name, const std::string& value, const Rule& rule) {
        if (skip(rule)) {
            return;
        }
        check(name, value, rule);
        key(name);
        json::appendString(out_, value);
    }
    void operator()(const char* name, const Text& value, const Rule& rule) {
        if (value) {
            (*this)(name, *value, rule);
        }
    }
    void operator()(const char* name, const Int& value, const Rule& rule) {
        if (value && !skip(rule)) {
            key(name);
            json::appendInt(out_, *value);
        }
    }
    void operator()(const char* name, const Flag& value, const Rule& rule) {
        if (value && !skip(rule)) {
            key(name);
            out_ += *value ? "true" : "false";
        }
    }
    template <class T>
    void operator()(const char* name, const std::optional<T>& value, const Rule& rule) {
        if (value && !skip(rule)) {
            key(name);
            appendObject(out_, *value, options_);
        }
    }
    template <class T>
    void operator()(const char* name, const std::vector<T>& values, const Rule& rule) {
        if (values.empty() || skip(rule)) {
            return;
        }
        key(name);
        out_ += '[';
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i > 0) {
                out_ += ',';
            }
            appendObject(out_, values[i], options_);
        }
        out_ += ']';
    }
    template <class T>
    void operator()(const char* name, const T& value, const Rule& /*rule*/) {
        key(name);
        appendObject(out_, value, options_);
    }

private:
    bool skip(const Rule& rule) const { return options_.skipVolatile && rule.isVolatile; }

    static void check(const char* name, const std::string& value, const Rule& rule) {
        if (rule.accepts != nullptr && !rule.accepts(value)) {
            throw EncodeError(std::string("field \"") + name + "\" holds \"" + value +
                              "\", expected " + rule.expected);
        }
    }

    void key(const char* name) {
        if (!first_) {
            out_ += ',';
        }
        first_ = false;
        json::appendString(out_, name);
        out_ += ':';
    }

    std::string& out_;
    EncodeOptions options_;
    bool first_ = true;
};

template <class T>
void appendObject(std::string& out, const T& object, EncodeOptions options) {
    out += '{';
    EncodeVisitor visitor(out, options);
    Fields<T>::visit(object, visitor);
    out += '}';
}

// Collects each present field as (name, canonical JSON value).
class FieldListVisitor {
public:
    using List = std::vector<std::pair<const char*, std::string>>;
    explicit FieldListVisitor(List& list) : list_(list) {}

    template <class V>
    void operator()(const char* name, const V& value, const Rule& rule) {
        if (rule.isVolatile) {
            return;
        }
        std::string text;
        EncodeVisitor single(text, EncodeOptions{true});
        single(name, value, rule);
        if (text.empty()) {
            return;  // absent value
        }
        // `text` is `"name":value`; keep the value.
        const std::size_t prefix = std::char_traits<char>::length(name) + 3;
        list_.emplace_back(name, text.substr(prefix));
    }

private:
    List& list_;
};

template <class T>
std::string exactJson(const T& object) {
    std::string out;
    appendObject(out, object, EncodeOptions{});
    return out;
}

}  // namespace

// Equality is "same wire form, volatile fields included", so it can never miss a new field.
bool Hardware::operator==(const Hardware& other) const {
    return exactJson(*this) == exactJson(other);
}
bool Bios::operator==(const Bios& other) const { return exactJson(*this) == exactJson(other); }
bool TimeZone::operator==(const TimeZone& other) const {
    return exactJson(*this) == exactJson(other);
}
bool OperatingSystem::operator==(const OperatingSystem& other) const {
    return exactJson(*this) == exactJson(other);
}
bool Cpu::operator==(const Cpu& other) const { return exactJson(*this) == exactJson(other); }
bool Memory::operator==(const Memory& other) const { return exactJson(*this) == exactJson(other); }
bool Storage::operator==(const Storage& other) const {
    return exactJson(*this) == exactJson(other);
}
bool Drive::operator==(const Drive& other) const { return exactJson(*this) == exactJson(other); }
bool Network::operator==(const Network& other) const {
    return exactJson(*this) == exactJson(other);
}
bool Software::operator==(const Software& other) const {
    return exactJson(*this) == exactJson(other);
}
bool UsbDevice::operator==(const UsbDevice& other) const {
    return exactJson(*this) == exactJson(other);
}
bool Monitor::operator==(const Monitor& other) const {
    return exactJson(*this) == exactJson(other);
}
bool Battery::operator==(const Battery& other) const {
    return exactJson(*this) == exactJson(other);
}
bool Controller::operator==(const Controller& other) const {
    return exactJson(*this) == exactJson(other);
}
bool Video::operator==(const Video& other) const { return exactJson(*this) == exactJson(other); }
bool Printer::operator==(const Printer& other) const {
    return exactJson(*this) == exactJson(other);
}
bool VirtualMachine::operator==(const VirtualMachine& other) const {
    return exactJson(*this) == exactJson(other);
}
bool Firmware::operator==(const Firmware& other) const {
    return exactJson(*this) == exactJson(other);
}
bool Content::operator==(const Content& other) const {
    return exactJson(*this) == exactJson(other);
}
bool Inventory::operator==(const Inventory& other) const {
    return exactJson(*this) == exactJson(other);
}

std::string encode(const Inventory& inventory) {
    std::string out;
    out.reserve(std::size_t{64} * 1024);
    appendObject(out, inventory, EncodeOptions{});
    return out;
}

template <class T>
std::string canonicalJson(const T& component) {
    std::string out;
    out.reserve(256);  // most components fit: no regrowth while appending
    appendObject(out, component, EncodeOptions{true});
    return out;
}

template <class T>
std::vector<std::pair<const char*, std::string>> canonicalFields(const T& component) {
    FieldListVisitor::List list;
    FieldListVisitor visitor(list);
    Fields<T>::visit(component, visitor);
    return list;
}

#define PARQUE_INSTANTIATE(T)                        \
    template std::string canonicalJson<T>(const T&); \
    template std::vector<std::pair<const char*, std::string>> canonicalFields<T>(const T&);
PARQUE_INSTANTIATE(Hardware)
PARQUE_INSTANTIATE(Bios)
PARQUE_INSTANTIATE(OperatingSystem)
PARQUE_INSTANTIATE(Cpu)
PARQUE_INSTANTIATE(Memory)
PARQUE_INSTANTIATE(Storage)
PARQUE_INSTANTIATE(Drive)
PARQUE_INSTANTIATE(Network)
PARQUE_INSTANTIATE(Software)
PARQUE_INSTANTIATE(UsbDevice)
PARQUE_INSTANTIATE(Monitor)
PARQUE_INSTANTIATE(Battery)
PARQUE_INSTANTIATE(Controller)
PARQUE_INSTANTIATE(Video)
PARQUE_INSTANTIATE(Printer)
PARQUE_INSTANTIATE(VirtualMachine)
PARQUE_INSTANTIATE(Firmware)
PARQUE_INSTANTIATE(Content)
PARQUE_INSTANTIATE(Inventory)
#undef PARQUE_INSTANTIATE

}  // namespace parque::inventory
