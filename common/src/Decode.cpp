// JSON -> model. Poco's parser builds the tree (with a depth limit); one visitor walks it through
// Fields<T>, checking each value's JSON type and rule and naming the JSON path when one is wrong.
// Text is first tried by a direct decoder (no tree) that handles the valid documents agents send;
// whatever it does not accept goes the tree's way.
#include "JsonScanner.h"
#include "parque/inventory/Fields.h"
#include "parque/inventory/JsonCodec.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace parque::inventory {

DecodeError::DecodeError(std::string path, const std::string& problem)
    : std::runtime_error(path + ": " + problem), path_(std::move(path)) {}

namespace {

using Poco::Dynamic::Var;
using ObjectPtr = Poco::JSON::Object::Ptr;
using ArrayPtr = Poco::JSON::Array::Ptr;

std::string describe(const Var& value) {
    if (value.isEmpty()) {
        return "null";
    }
    if (value.type() == typeid(ObjectPtr)) {
        return "an object";
    }
    if (value.type() == typeid(ArrayPtr)) {
        return "an array";
    }
    if (value.isString()) {
        return "a string";
    }
    if (value.type() == typeid(bool)) {
        return "a boolean";
    }
    if (value.isInteger()) {
        return "an integer";
    }
    return "a number";
}

template <class T>
void decodeObject(const Var& value, const std::string& path, T& out);

class DecodeVisitor {
public:
    DecodeVisitor(const Poco::JSON::Object& object, const std::string& path)
        : object_(object), path_(path) {}

    void operator()(const char* name, std::string& out, const Rule& rule) {
        const Var* value = find(name);
        if (value == nullptr) {
            throw DecodeError(childPath(name), "required field is missing");
        }
        out = asString(*value, childPath(name), rule);
    }
    void operator()(const char* name, Text& out, const Rule& rule) {
        if (const Var* value = find(name)) {
            out = asString(*value, childPath(name), rule);
        }
    }
    void operator()(const char* name, Int& out, const Rule& /*rule*/) {
        if (const Var* value = find(name)) {
            out = asInteger(*value, childPath(name));
        }
    }
    void operator()(const char* name, Flag& out, const Rule& /*rule*/) {
        if (const Var* value = find(name)) {
            if (value->type() != typeid(bool)) {
                throw DecodeError(childPath(name), "expected a boolean, got " + describe(*value));
            }
            out = value->extract<bool>();
        }
    }
    template <class T>
    void operator()(const char* name, std::optional<T>& out, const Rule& /*rule*/) {
        if (const Var* value = find(name)) {
            out.emplace();
            decodeObject(*value, childPath(name), *out);
        }
    }
    template <class T>
    void operator()(const char* name, std::vector<T>& out, const Rule& /*rule*/) {
        const Var* value = find(name);
        if (value == nullptr) {
            return;
        }
        const std::string path = childPath(name);
        if (value->type() != typeid(ArrayPtr)) {
            throw DecodeError(path, "expected an array, got " + describe(*value));
        }
        const auto& array = *value->extract<ArrayPtr>();
        out.resize(array.size());
        for (std::size_t i = 0; i < array.size(); ++i) {
            decodeObject(array.get(static_cast<unsigned>(i)), path + "[" + std::to_string(i) + "]",
                         out[i]);
        }
    }
    template <class T>
    void operator()(const char* name, T& out, const Rule& /*rule*/) {
        const Var* value = find(name);
        if (value == nullptr) {
            throw DecodeError(childPath(name), "required object is missing");
        }
        decodeObject(*value, childPath(name), out);
    }

private:
    // The value of `name`, or nullptr when the key is absent. JSON null counts as a wrong type.
    const Var* find(const char* name) {
        if (!object_.has(name)) {
            return nullptr;
        }
        current_ = object_.get(name);
        return &current_;
    }

    std::string childPath(const char* name) const { return path_ + "." + name; }

    static std::string asString(const Var& value, const std::string& path, const Rule& rule) {
        if (!value.isString()) {
            throw DecodeError(path, "expected a string, got " + describe(value));
        }
        std::string text = value.extract<std::string>();
        if (rule.accepts != nullptr && !rule.accepts(text)) {
            throw DecodeError(path, "\"" + text + "\" is not " + rule.expected);
        }
        return text;
    }

    static std::int64_t asInteger(const Var& value, const std::string& path) {
        if (value.type() == typeid(Poco::Int64)) {
            return value.extract<Poco::Int64>();
        }
        if (value.type() == typeid(Poco::UInt64)) {
            const auto unsignedValue = value.extract<Poco::UInt64>();
            if (unsignedValue >
                static_cast<Poco::UInt64>(std::numeric_limits<std::int64_t>::max())) {
                throw DecodeError(path, "integer out of range");
            }
            return static_cast<std::int64_t>(unsignedValue);
        }
        if (value.isInteger() && value.type() != typeid(bool)) {
            return value.convert<Poco::Int64>();
        }
        throw DecodeError(path, "expected an integer, got " + describe(value));
    }

    const Poco::JSON::Object& object_;
    const std::string& path_;
    Var current_;
};

template <class T>
void decodeObject(const Var& value, const std::string& path, T& out) {
    if (value.type() != typeid(ObjectPtr)) {
        throw DecodeError(path, "expected an object, got " + describe(value));
    }
    const auto& object = *value.extract<ObjectPtr>();
    DecodeVisitor visitor(object, path);
    Fields<T>::visit(out, visitor);
}

// ---- the direct decoder: text -> model in one pass, no tree ----------------------------------
// It reads what it can read exactly as the tree decoder would, and gives up (json::Unsupported)
// on anything else - every error included - so that the tree decoder produces the result or the
// error with its JSON path, as before.
namespace direct {

using json::Scanner;
using json::Unsupported;

// The wire names of T's fields in visiting order, collected once.
class NameVisitor {
public:
    explicit NameVisitor(std::vector<std::string_view>& names) : names_(names) {}
    template <class M>
    void operator()(const char* name, const M& /*member*/, const Rule& /*rule*/) {
        names_.emplace_back(name);
    }

private:
    std::vector<std::string_view>& names_;
};

template <class T>
class FieldTable {
public:
    static const FieldTable& get() {
        static const FieldTable table;
        return table;
    }
    // The index of the field named `key`, or -1. Keys usually come in field order (encoders
    // sort them), so the search starts after the previous match (`hint`).
    int find(std::string_view key, std::size_t& hint) const {
        for (std::size_t n = 0; n < names_.size(); ++n) {
            const std::size_t i = (hint + n) % names_.size();
            if (names_[i] == key) {
                hint = i + 1;
                return static_cast<int>(i);
            }
        }
        return -1;
    }

private:
    FieldTable() {
        const T empty{};
        NameVisitor visitor(names_);
        Fields<T>::visit(empty, visitor);
        if (names_.size() > 64) {
            throw std::logic_error("more fields than the decoder's bit set holds");
        }
    }
    std::vector<std::string_view> names_;
};

template <class T>
void decodeObject(Scanner& in, T& out);

// Reads a value into the field with the given index.
class MemberVisitor {
public:
    MemberVisitor(Scanner& in, unsigned target) : in_(in), target_(target) {}

    template <class M>
    void operator()(const char* /*name*/, M& member, const Rule& rule) {
        if (index_++ == target_) {
            read(member, rule);
        }
    }

private:
    void read(std::string& out, const Rule& rule) {
        in_.string(out);
        check(out, rule);
    }
    void read(Text& out, const Rule& rule) {
        out.emplace();
        in_.string(*out);
        check(*out, rule);
    }
    void read(Int& out, const Rule& /*rule*/) { out = in_.integer(); }
    void read(Flag& out, const Rule& /*rule*/) { out = in_.boolean(); }
    template <class T>
    void read(std::optional<T>& out, const Rule& /*rule*/) {
        out.emplace();
        decodeObject(in_, *out);
    }
    template <class T>
    void read(std::vector<T>& out, const Rule& /*rule*/) {
        out.clear();
        in_.beginArray();
        for (bool first = true; in_.element(first); first = false) {
            decodeObject(in_, out.emplace_back());
        }
    }
    template <class T>
    void read(T& out, const Rule& /*rule*/) {
        decodeObject(in_, out);
    }
    static void check(const std::string& text, const Rule& rule) {
        if (rule.accepts != nullptr && !rule.accepts(text)) {
            throw Unsupported{};
        }
    }

    Scanner& in_;
    unsigned target_;
    unsigned index_ = 0;
};

// After an object: its required fields (strings and objects that are not optional) were there.
class RequiredVisitor {
public:
    explicit RequiredVisitor(std::uint64_t seen) : seen_(seen) {}
    template <class M>
    void operator()(const char* /*name*/, M& member, const Rule& /*rule*/) {
        check(member);
        ++index_;
    }

private:
    void check(std::string& /*member*/) { need(); }
    template <class T>
    void check(std::optional<T>& /*member*/) {}
    template <class T>
    void check(std::vector<T>& /*member*/) {}
    template <class T>
    void check(T& /*member*/) {
        need();
    }
    void need() const {
        if ((seen_ & (std::uint64_t{1} << index_)) == 0) {
            throw Unsupported{};
        }
    }

    std::uint64_t seen_;
    unsigned index_ = 0;
};

template <class T>
void decodeObject(Scanner& in, T& out) {
    const FieldTable<T>& fields = FieldTable<T>::get();
    in.beginObject();
    std::uint64_t seen = 0;
    std::size_t hint = 0;
    std::string_view key;
    for (bool first = true; in.member(first, key); first = false) {
        const int index = fields.find(key, hint);
        if (index < 0) {
            in.skipValue();  // unknown keys are ignored
            continue;
        }
        const std::uint64_t bit = std::uint64_t{1} << static_cast<unsigned>(index);
        if ((seen & bit) != 0) {  // a repeated key: Poco keeps the last value unchecked
            throw Unsupported{};
        }
        seen |= bit;
        MemberVisitor visitor(in, static_cast<unsigned>(index));
        Fields<T>::visit(out, visitor);
    }
    RequiredVisitor required(seen);
    Fields<T>::visit(out, required);
}

std::optional<Inventory> decode(std::string_view json, std::size_t maxDepth) {
    try {
        Scanner in(json, maxDepth);
        Inventory inventory;
        decodeObject(in, inventory);
        in.finish();
        return inventory;
    } catch (const Unsupported&) {
        return std::nullopt;
    }
}

}  // namespace direct

}  // namespace

Inventory decodeInventory(std::string_view json, const DecodeLimits& limits) {
    if (json.size() > limits.maxBytes) {
        throw DecodeError("$", "document of " + std::to_string(json.size()) +
                                   " bytes exceeds the limit of " +
                                   std::to_string(limits.maxBytes));
    }
    if (auto inventory = direct::decode(json, limits.maxDepth)) {
        return std::move(*inventory);
    }
    Var root;
    try {
        Poco::JSON::Parser parser;
        parser.setDepth(limits.maxDepth);
        root = parser.parse(std::string(json));
    } catch (const Poco::Exception& e) {
        throw DecodeError("$", "malformed JSON: " + e.message());
    }
    return decodeInventoryTree(root);
}

Inventory decodeInventoryTree(const Var& root) {
    Inventory inventory;
    decodeObject(root, "$", inventory);
    return inventory;
}

}  // namespace parque::inventory
