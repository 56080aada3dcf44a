#include "Messages.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

namespace parque::collector::web {

extern const char* const kMessageCatalogue;  // generated from resources/messages.json

namespace {

const char* const kLanguages[] = {"en", "es-AR"};

}  // namespace

std::string supportedLanguage(const std::string& text) {
    if (text == "en" || text.rfind("en-", 0) == 0) {
        return "en";
    }
    if (text == "es" || text.rfind("es-", 0) == 0) {
        return "es-AR";
    }
    return "";
}

Messages Messages::parse(const std::string& json) {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    Messages messages;
    for (const auto& [key, value] : *root) {
        const auto entry = value.extract<Poco::JSON::Object::Ptr>();
        for (const char* language : kLanguages) {
            if (!entry->has(language) || entry->getValue<std::string>(language).empty()) {
                throw std::runtime_error("message '" + key + "' has no '" + language + "' text");
            }
            messages.texts_[key][language] = entry->getValue<std::string>(language);
        }
    }
    return messages;
}

const Messages& Messages::catalogue() {
    static const Messages messages = parse(kMessageCatalogue);
    return messages;
}

const std::string& Messages::text(const std::string& key, const std::string& language) const {
    const auto entry = texts_.find(key);
    if (entry == texts_.end()) {
        throw std::out_of_range("no message '" + key + "' in the catalogue");
    }
    const auto text = entry->second.find(language);
    return text != entry->second.end() ? text->second : entry->second.at(kDefaultLanguage);
}

std::string Messages::format(const std::string& key, const std::string& language,
                             const std::map<std::string, std::string>& values) const {
    const std::string& pattern = text(key, language);
    std::string out;
    std::size_t at = 0;
    while (at < pattern.size()) {
        const std::size_t open = pattern.find('{', at);
        const std::size_t close =
            open == std::string::npos ? std::string::npos : pattern.find('}', open);
        if (close == std::string::npos) {
            out += pattern.substr(at);
            break;
        }
        out += pattern.substr(at, open - at);
        const auto value = values.find(pattern.substr(open + 1, close - open - 1));
        out += value != values.end() ? value->second : pattern.substr(open, close - open + 1);
        at = close + 1;
    }
    return out;
}

std::vector<std::string> Messages::keys() const {
    std::vector<std::string> out;
    for (const auto& entry : texts_) {
        out.push_back(entry.first);
    }
    return out;
}

}  // namespace parque::collector::web
