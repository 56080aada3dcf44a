// Internals of the legacy XML intake (see parque/collector/LegacyXml.h): the element tree the SAX
// pass builds, the section mapper, and the value converters it uses.
#pragma once

#include "parque/collector/LegacyXml.h"
#include "parque/inventory/Rules.h"

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parque::collector::legacy {

struct XmlNode {
    std::string name;
    std::string text;  // character data directly inside this element, untrimmed
    std::size_t line = 0;
    std::vector<XmlNode> children;

    const XmlNode* child(std::string_view childName) const;
};

// The root element of a document, built under `limits`. Throws LegacyXmlError.
XmlNode parseXmlTree(std::string_view xml, const LegacyXmlLimits& limits);

// One item of a section (one <NETWORKS>, the <BIOS>, ...), keys renamed to wire names.
struct RawItem {
    std::map<std::string, std::string> text;       // leaf elements, trimmed, non-empty
    std::map<std::string, const XmlNode*> nested;  // elements with children
};

// Section-specific repairs of a RawItem (section = wire name, e.g. "networks"): values that have a
// clear equivalent in the GLPI vocabulary are rewritten (LegacyXmlFixups.cpp).
void fixupItem(const char* section, RawItem& raw);

// <CONTENT> -> the GLPI "content" object. Values that break a field's rule are converted when
// there is a clear equivalent, otherwise left out.
Poco::JSON::Object::Ptr mapContent(const XmlNode& content);

// --- value converters (LegacyXmlValues.cpp) ---

std::string_view trim(std::string_view s);
std::string lowerAscii(std::string_view s);
std::string upperAscii(std::string_view s);

// Invalid UTF-8 sequences, C0 controls other than tab/CR/LF, U+FFFE and U+FFFF become U+FFFD.
std::string sanitizeUtf8(std::string_view s);

struct Unit {
    const char* suffix;  // lower case, matched case-insensitively after the number
    std::int64_t factor;
};
// "123", "-1", "274877.906944" (truncated), "4400 mWh" when the unit is in `units`.
std::optional<std::int64_t> toInteger(std::string_view s, const std::vector<Unit>& units = {});
// 1/0, true/false, yes/no, on/off (any case).
std::optional<bool> toFlag(std::string_view s);

enum class DateOrder { Unknown, DayFirst, MonthFirst };  // for AA/BB/YYYY
// A date or date and time in the shape `rule` wants (rule::date, dateTime, dateOrDateTime), from
// YYYY-MM-DD, YYYY/MM/DD, AA/BB/YYYY (by `order`), each with an optional HH:MM[:SS].
std::optional<std::string> normalizeDate(std::string_view s, const inventory::Rule& rule,
                                         DateOrder order);
bool isDateRule(const inventory::Rule& rule);

}  // namespace parque::collector::legacy
