// The one message catalogue of the web pages (collector/resources/messages.json, compiled in):
// every text a person reads, in English ("en") and Spanish of Argentina ("es-AR").
#pragma once

#include <map>
#include <string>
#include <vector>

namespace parque::collector::web {

inline const char* const kDefaultLanguage = "es-AR";

// "en" or "es-AR" when `text` names one of them (also "es", "en-US" style tags), else "".
std::string supportedLanguage(const std::string& text);

class Messages {
public:
    // The compiled-in catalogue; throws std::runtime_error when a key lacks a language.
    static const Messages& catalogue();
    static Messages parse(const std::string& json);

    // The text of `key` in `language`; std::out_of_range naming the key when it is unknown.
    const std::string& text(const std::string& key, const std::string& language) const;
    // The text with each "{name}" replaced by values[name] (values are not escaped here).
    std::string format(const std::string& key, const std::string& language,
                       const std::map<std::string, std::string>& values) const;
    std::vector<std::string> keys() const;

private:
    std::map<std::string, std::map<std::string, std::string>> texts_;  // key → language → text
};

}  // namespace parque::collector::web
