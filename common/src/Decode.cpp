// JSON -> model. Poco's parser builds the tree (with a depth limit); one visitor walks it through
// Fields<T>, checking each value's JSON type and rule and naming the JSON path when one is wrong.
#include "parque/inventory/Fields.h"
#include "parque/inventory/JsonCodec.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <limits>

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

}  // namespace

Inventory decodeInventory(std::string_view json, const DecodeLimits& limits) {
    if (json.size() > limits.maxBytes) {
        throw DecodeError("$", "document of " + std::to_string(json.size()) +
                                   " bytes exceeds the limit of " +
                                   std::to_string(limits.maxBytes));
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
