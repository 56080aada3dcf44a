#include "parque/agent/parsers/CpuInfo.h"

#include <limits>
#include <utility>

namespace parque::agent {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view text) {
    std::size_t first = 0;
    std::size_t last = text.size();
    while (first < last && isBlank(text[first])) {
        ++first;
    }
    while (last > first && isBlank(text[last - 1])) {
        --last;
    }
    return text.substr(first, last - first);
}

bool hasWord(std::string_view words, std::string_view wanted) {
    std::size_t pos = 0;
    while (pos < words.size()) {
        while (pos < words.size() && isBlank(words[pos])) {
            ++pos;
        }
        const std::size_t start = pos;
        while (pos < words.size() && !isBlank(words[pos])) {
            ++pos;
        }
        if (words.substr(start, pos - start) == wanted) {
            return true;
        }
    }
    return false;
}

void keepFirst(std::optional<std::string>& field, std::string_view value) {
    if (!field && !value.empty()) {
        field = std::string(value);
    }
}

}  // namespace

CpuInfo parseCpuInfo(std::string_view text) {
    CpuInfo info;
    std::optional<std::string> armProcessor;
    bool flagsSeen = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view key = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (key == "processor") {
            if (info.processors < std::numeric_limits<int>::max()) {
                ++info.processors;
            }
        } else if (key == "vendor_id") {
            keepFirst(info.vendorId, value);
        } else if (key == "model name") {
            keepFirst(info.modelName, value);
        } else if (key == "Processor") {
            keepFirst(armProcessor, value);
        } else if (key == "flags" && !flagsSeen) {
            flagsSeen = true;
            info.hypervisor = hasWord(value, "hypervisor");
        }
    }
    if (!info.modelName) {
        info.modelName = std::move(armProcessor);
    }
    return info;
}

}  // namespace parque::agent
